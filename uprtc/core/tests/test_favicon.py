"""/favicon.ico, asked for by browsers and feed readers whatever a page links,
leads to the site's icon instead of a 404."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("core/icon.svg")
    icon = client.get(response["Location"])
    body = b"".join(icon.streaming_content)
    icon.close()  # a file response: its file stays open until closed
    assert icon.status_code == 200 and b"<svg" in body
