"""What a person fills in the request and offer forms, valid as it stands:
tests change one field at a time."""

REQUEST = {
    "need": "Training for judges on preventing torture",
    "language": "en",
    "languages": ["en"],
    "visibility": "public",
    "budget_situation": "unfunded",
}
OFFER = {
    "expertise": "Training of judges",
    "language": "en",
    "languages": ["en"],
    "visibility": "public",
    "capacity": "2",
}
