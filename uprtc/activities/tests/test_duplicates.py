"""Likely duplicates across languages, with the real multilingual embedder."""

import numpy as np
import pytest

from uprtc.activities.duplicates import likely_duplicates, rank_similar, store_embedding
from uprtc.activities.tests import builders


def test_ranking_is_a_pure_function():
    target = np.array([1.0, 0.0], dtype=np.float32)
    candidates = [
        (1, np.array([0.0, 1.0])),
        (2, np.array([0.9, 0.1])),
        (3, np.array([1.0, 0.0])),
    ]
    assert rank_similar(target, candidates, 0.5, 5) == [
        (3, 1.0),
        (2, pytest.approx(0.9)),
    ]
    assert rank_similar(target, [], 0.5, 5) == []


@pytest.mark.django_db
def test_the_same_activity_in_french_is_a_likely_duplicate(personas):
    english = builders.submitted(
        personas, title="Training of judges on the prevention of torture"
    )
    french = builders.draft(
        personas, title="Formation des juges à la prévention de la torture"
    )
    other = builders.draft(personas, title="Construction of rural water wells")
    elsewhere = builders.draft(
        personas,
        states=("FRA",),
        title="Training of judges on the prevention of torture",
    )
    for activity in (english, french, other, elsewhere):
        store_embedding(activity.pk)
        activity.refresh_from_db()
    found = [a.pk for a, _score in likely_duplicates(french)]
    assert english.pk in found
    assert other.pk not in found
    assert elsewhere.pk not in found  # another State: not the same activity
