"""Editors' admin screens for the reading site, and the friendly 500 page."""

from django.urls import path
from taggit.models import Tag

from articles.models import Author, SiteSettings


def test_author_snippet_can_be_created_and_listed(admin_client, home):
    response = admin_client.post(
        "/admin/snippets/articles/author/add/",
        {
            "name": "AsterMind Team",
            "slug": "astermind-team",
            "kind": "Organization",
            "role": "",
            "bio": "",
            "url": "",
        },
    )
    assert response.status_code == 302
    assert Author.objects.filter(slug="astermind-team").exists()
    listing = admin_client.get("/admin/snippets/articles/author/", {"q": "AsterMind"})
    assert "AsterMind Team" in listing.content.decode()


def test_tags_are_managed_as_snippets(admin_client, home):
    Tag.objects.create(name="fundamentals", slug="fundamentals")
    Tag.objects.create(name="edge-ai", slug="edge-ai")
    listing = admin_client.get("/admin/snippets/taggit/tag/")
    assert listing.status_code == 200
    assert "Fundamentals" in listing.content.decode()
    found = admin_client.get("/admin/snippets/taggit/tag/", {"q": "fund"}).content.decode()
    assert "Fundamentals" in found and "Edge-ai" not in found
    # A stray quote is full-text syntax for the search index; the ORM search takes it as text.
    assert admin_client.get("/admin/snippets/articles/author/", {"q": '"'}).status_code == 200


def test_site_settings_edit_changes_the_footer(admin_client, home):
    site = home.get_site()
    url = f"/admin/settings/articles/sitesettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
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
    assert "Written in Europe." in admin_client.get("/").content.decode()


def _boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("boom/", _boom)]


def test_server_error_shows_friendly_page(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
