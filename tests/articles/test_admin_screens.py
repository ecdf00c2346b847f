"""Editors' admin screens for the reading site, and the friendly 500 page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import path
from taggit.models import Tag

from articles.models import Author, SiteSettings


@pytest.fixture
def editor_client(client, home):
    user = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(user)
    return client


def test_author_snippet_can_be_created_and_listed(editor_client):
    response = editor_client.post(
        "/admin/snippets/articles/author/add/",
        {"name": "AsterMind Team", "slug": "astermind-team", "role": "", "bio": "", "url": ""},
    )
    assert response.status_code == 302
    assert Author.objects.filter(slug="astermind-team").exists()
    listing = editor_client.get("/admin/snippets/articles/author/", {"q": "AsterMind"})
    assert "AsterMind Team" in listing.content.decode()


def test_tags_are_managed_as_snippets(editor_client):
    Tag.objects.create(name="fundamentals", slug="fundamentals")
    Tag.objects.create(name="edge-ai", slug="edge-ai")
    listing = editor_client.get("/admin/snippets/taggit/tag/")
    assert listing.status_code == 200
    assert "fundamentals" in listing.content.decode()
    found = editor_client.get("/admin/snippets/taggit/tag/", {"q": "fund"}).content.decode()
    assert "fundamentals" in found and "edge-ai" not in found
    # A stray quote is full-text syntax for the search index; the ORM search takes it as text.
    assert editor_client.get("/admin/snippets/articles/author/", {"q": '"'}).status_code == 200


def test_site_settings_edit_changes_the_footer(editor_client, home):
    site = home.get_site()
    url = f"/admin/settings/articles/sitesettings/{site.pk}/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url,
        {
            "site_name": "AsterMind Learn",
            "tagline": "AI, explained plainly.",
            "default_social_image": "",
            "footer_text": '{"blocks":[{"key":"a","text":"Written in Europe.","type":"unstyled",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        },
    )
    assert response.status_code == 302
    assert "Written in Europe." in SiteSettings.for_site(site).footer_text
    assert "Written in Europe." in editor_client.get("/").content.decode()


def _boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("boom/", _boom)]


def test_server_error_shows_friendly_page(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
