"""Only image renditions are served from /media/ (astermind_site/views/media.py)."""

import pytest
from wagtail_factories import ImageFactory

from astermind_site.views.media import is_rendition_path


@pytest.fixture
def image(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return ImageFactory(title="Square", file__width=64, file__height=64)


@pytest.fixture
def rendition(image):
    return image.get_rendition("width-32")


def test_a_rendition_is_served_with_a_days_caching(client, rendition):
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_the_original_upload_is_not_served(client, image):
    assert image.file.name.startswith("original_images/")
    with open(image.file.path, "rb") as on_disk:  # the file is there, only not served
        assert on_disk.read(4) in (b"\x89PNG", b"\xff\xd8\xff\xe0")
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 404
    assert client.get(f"/media/images/../{image.file.name}").status_code == 404


def test_a_copy_the_browser_has_is_answered_with_304(client, rendition):
    first = client.get(rendition.url)
    again = client.get(rendition.url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/images/",  # no directory listings
        "/media/original_images/",
        "/media/nothing-here.png",
        "/media/images/nothing-here.png",
        "/media/../astermind_site/settings/base.py",
        "/media/%2e%2e/manage.py",
        "/media/images/%2e%2e/%2e%2e/manage.py",
        "/media/images/%00.png",
    ],
)
def test_nothing_outside_or_missing_is_served(client, image, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("images/a.width-32.png", True),
        ("images/sub/a.png", True),
        ("/images/a.png", True),
        ("images", False),
        ("images/", False),
        ("original_images/a.png", False),
        ("documents/a.pdf", False),
        ("images/../documents/a.pdf", False),
        ("images/../../etc/passwd", False),
        ("imagesx/a.png", False),
        ("health_check_storage_test/test.txt", False),
    ],
)
def test_rendition_paths(path, served):
    assert is_rendition_path(path) is served


def test_only_get_and_head(client, rendition):
    assert client.head(rendition.url).status_code == 200
    assert client.post(rendition.url).status_code == 405
