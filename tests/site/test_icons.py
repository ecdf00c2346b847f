"""The site's mark as browsers fetch it: /favicon.ico at the root and the web manifest."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.django_db
def test_favicon_is_served_at_the_root_and_cacheable(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    # Shared caches may keep it; the page cache shortens the browser's max-age to its own.
    directives = dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
    )
    assert "public" in directives and int(directives["max-age"]) > 0
    assert not {"no-store", "no-cache", "private"} & set(directives)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == (STATIC / "favicon.ico").read_bytes()


@pytest.mark.django_db
def test_favicon_answers_head_and_refuses_post(client):
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405


def test_favicon_holds_the_small_sizes_tabs_use():
    with Image.open(STATIC / "favicon.ico") as icon:
        assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])


def test_manifest_icons_exist_at_their_declared_sizes():
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())
    assert manifest["name"] == "AsterMind Learn" and manifest["start_url"] == "/"
    pngs = [icon for icon in manifest["icons"] if icon["type"] == "image/png"]
    assert {icon["sizes"] for icon in pngs} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        # Icon paths are relative to the manifest, which is served from the static root.
        path = STATIC / icon["src"]
        assert path.is_file(), icon["src"]
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert "x".join(map(str, image.size)) == icon["sizes"]


def test_apple_touch_icon_and_publisher_logo_sizes():
    with Image.open(STATIC / "img" / "apple-touch-icon.png") as image:
        assert image.size == (180, 180)
    with Image.open(STATIC / "img" / "logo-512.png") as image:
        assert image.size == (512, 512)
