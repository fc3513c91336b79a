"""In production, pages link hashed copies of the static files, which the web
process serves compressed and cacheable for a year (WhiteNoise)."""

import re

import pytest
from django.core.management import call_command

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--no-input", verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_hashed_files_served_compressed_for_a_year(client, collected):
    page = client.get("/en/").content.decode()
    href = re.search(r'href="(/static/core/site\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip")
    response.close()  # a file response: its file stays open until closed
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
