"""Uploaded images and their renditions are served by the app (astermind_site/views/media.py)."""

import pytest
from wagtail_factories import ImageFactory


@pytest.fixture
def image(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return ImageFactory(title="Square", file__width=64, file__height=64)


def test_an_original_and_a_rendition_are_served_with_a_days_caching(client, image):
    for url in (image.file.url, image.get_rendition("width-32").url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
        assert response["Cache-Control"] == "public, max-age=86400"
        assert b"".join(response.streaming_content)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_a_copy_the_browser_has_is_answered_with_304(client, image):
    first = client.get(image.file.url)
    again = client.get(image.file.url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/original_images/",  # no directory listings
        "/media/nothing-here.png",
        "/media/../astermind_site/settings/base.py",
        "/media/%2e%2e/manage.py",
        "/media/original_images/%00.png",
    ],
)
def test_nothing_outside_or_missing_is_served(client, image, path):
    # 404 for what is not there; 400 for a path that tries to leave MEDIA_ROOT.
    assert client.get(path).status_code in (400, 404)


def test_only_get_and_head(client, image):
    assert client.head(image.file.url).status_code == 200
    assert client.post(image.file.url).status_code == 405
