"""Values kept once per site version (pagecache/versioned.py): every purge renews the version,
so what the header, footer, home page and pictures show changes on the next request, in every
process, with each process's own memory (the test settings) or a shared Redis."""

from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from articles.models import SiteSettings
from pagecache import tokens, versioned
from pagecache.batch import send_now
from tests.factories import ArticlePageFactory, SectionPageFactory

from .test_shared_tokens import shared_redis  # noqa: F401 - the private Redis fixture

pytestmark = pytest.mark.django_db


def request_for(path="/"):
    return RequestFactory().get(path)


def counted(values):
    def compute():
        values.append(len(values))
        return f"computed {len(values)}"

    return compute


def test_every_purge_renews_the_site_version_once_per_change(home, section):
    before = tokens.current(tokens.SITE_VERSION)
    article = ArticlePageFactory(parent=section, title="First", slug="first")
    after_first = tokens.current(tokens.SITE_VERSION)
    assert after_first != before
    # A second change in the same (never committed) transaction renews it again: a value
    # read between the two must not outlive the second.
    article.title = "Renamed"
    article.save_revision().publish()
    assert tokens.current(tokens.SITE_VERSION) != after_first
    # A purge sent on its own (a commit callback, Wagtail's redirects) renews it too.
    outside = tokens.current(tokens.SITE_VERSION)
    send_now({"http://localhost/core-concepts/first/"})
    assert tokens.current(tokens.SITE_VERSION) != outside


def test_a_value_is_computed_once_per_version_and_again_after_a_purge(home):
    calls = []
    first = versioned.cached(request_for(), "example", counted(calls))
    assert versioned.cached(request_for(), "example", counted(calls)) == first == "computed 1"
    send_now({"http://localhost/anything/"})
    assert versioned.cached(request_for(), "example", counted(calls)) == "computed 2"
    assert calls == [0, 1]


def test_a_purge_by_another_process_counts_though_this_memory_never_heard_of_it(home):
    """Another worker with its own memory only changes the database's token."""
    calls = []
    versioned.cached(request_for(), "example", counted(calls))
    tokens.rotate({tokens.SITE_VERSION})  # all another process's purge leaves here
    assert versioned.cached(request_for(), "example", counted(calls)) == "computed 2"


def test_nothing_is_kept_for_previews_or_without_a_request(home):
    calls = []
    preview = request_for()
    preview.is_preview = True
    versioned.cached(preview, "example", counted(calls))
    versioned.cached(preview, "example", counted(calls))
    versioned.cached(None, "example", counted(calls))
    assert calls == [0, 1, 2]


def test_a_new_deploy_does_not_read_what_the_old_code_kept(home, monkeypatch):
    calls = []
    versioned.cached(request_for(), "example", counted(calls))
    monkeypatch.setattr(versioned, "code_version", lambda: "another-build")
    assert versioned.cached(request_for(), "example", counted(calls)) == "computed 2"


def nav(client, url):
    html = client.get(url).content.decode()
    return html.split('<ul class="nav-list">')[1].split("</ul>")[0]


def test_the_navigation_follows_publish_unpublish_and_restrictions(client, home, section):
    article = ArticlePageFactory(parent=section, title="An Article", slug="an-article")
    assert "Core Concepts" in nav(client, article.url)
    assert "Core Concepts" in nav(client, article.url)  # now from the site version
    extra = SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    assert "Techniques" in nav(client, article.url)
    extra.unpublish()
    assert "Techniques" not in nav(client, article.url)
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert "Core Concepts" not in nav(client, "/")


def test_site_settings_show_on_the_next_request(client, home, section):
    client.get("/")
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.site_name = "Renamed Learn"
    site_settings.footer_text = "<p>A brand new footer</p>"
    site_settings.save()
    html = client.get("/").content.decode()
    assert "Renamed Learn" in html and "A brand new footer" in html


def test_the_home_page_listing_follows_publish_unpublish_and_restrictions(client, home, section):
    article = ArticlePageFactory(
        parent=section, title="Freshly Published", slug="fresh", first_published=date(2026, 1, 2)
    )
    assert "Freshly Published" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        assert "Freshly Published" in client.get("/").content.decode()
    assert not any("articles_articlepage" in q["sql"] for q in ctx.captured_queries)
    article.title = "Retitled"
    article.save_revision().publish()
    assert "Retitled" in client.get("/").content.decode()
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert "Retitled" not in client.get("/").content.decode()
    PageViewRestriction.objects.filter(page=article).delete()
    assert "Retitled" in client.get("/").content.decode()
    article.unpublish()
    assert "Retitled" not in client.get("/").content.decode()


def kept_names(values):
    """The names stored, with those inside a page's bundle (versioned.open_page)."""
    for name, value in values.items():
        yield name
        if name.startswith("kept:page:"):
            yield from value


def test_a_query_string_never_makes_an_entry_of_its_own(client, home, section, monkeypatch):
    stored = []
    original = versioned.SiteVersion.set_many

    def recording(self, values):
        stored.extend(kept_names(values))
        return original(self, values)

    monkeypatch.setattr(versioned.SiteVersion, "set_many", recording)
    client.get("/")
    assert any(name.startswith("kept:home:") for name in stored)
    stored.clear()
    client.get("/?utm_source=a")
    client.get("/?utm_source=b")
    assert [name for name in stored if name.startswith("kept:")] == []


def test_with_a_shared_redis_a_change_made_while_it_was_down_is_seen_after(
    client,
    home,
    section,
    shared_redis,  # noqa: F811
):
    article = ArticlePageFactory(parent=section, title="An Article", slug="an-article")
    assert "Techniques" not in nav(client, article.url)
    assert "Techniques" not in nav(client, article.url)
    shared_redis.snapshot_and_stop()
    SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    shared_redis.start()  # from the snapshot: the old navigation is back in Redis
    assert "Techniques" in nav(client, article.url)


def test_routing_follows_publish_slug_changes_restrictions_and_unpublish(client, home, section):
    article = ArticlePageFactory(parent=section, title="Routed", slug="routed")
    assert client.get("/core-concepts/routed/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/core-concepts/routed/").status_code == 200
    assert not any("articles_articlepage" in q["sql"] for q in ctx.captured_queries)
    article.title = "Routed Anew"
    article.slug = "renamed"
    article.save_revision().publish()
    assert client.get("/core-concepts/routed/").status_code == 404
    assert "Routed Anew" in client.get("/core-concepts/renamed/").content.decode()
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert client.get("/core-concepts/renamed/").status_code == 302  # to the login page
    PageViewRestriction.objects.filter(page=article).delete()
    assert client.get("/core-concepts/renamed/").status_code == 200
    article.unpublish()
    assert client.get("/core-concepts/renamed/").status_code == 404


def test_a_slug_that_finds_nothing_makes_no_entry(client, home, section, monkeypatch):
    stored = []
    original = versioned.SiteVersion.set_many
    monkeypatch.setattr(
        versioned.SiteVersion,
        "set_many",
        lambda self, values: stored.extend(values) or original(self, values),
    )
    assert client.get("/core-concepts/no-such-article/").status_code == 404
    assert f"child:{section.url_path}" in stored  # the section was found and kept
    assert f"child:{section.url_path}no-such-article/" not in stored
