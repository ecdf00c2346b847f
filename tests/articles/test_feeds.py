"""Atom feeds (site, section, tag), read with a real feed parser, and the pages that name them."""

import re
from datetime import UTC, date, datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, AuthorFactory, SectionPageFactory

ROOT = "http://localhost"


@pytest.fixture
def newsroom(home, section):
    """Two sections, three articles with editorial dates unlike their database times."""
    techniques = SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    ada = AuthorFactory(name="Ada Lovelace", slug="ada-lovelace")

    def article(parent, slug, first, tags, reviewed=None):
        page = ArticlePageFactory(
            parent=parent,
            title=slug.replace("-", " ").title(),
            slug=slug,
            author=ada,
            first_published=first,
            last_reviewed=reviewed,
        )
        page.tags.add(*tags)
        page.save_revision().publish()
        return page

    return {
        "seed": article(section, "foundation-models", date(2024, 3, 5), ["Edge AI", "LLMs"]),
        "reviewed": article(
            section, "tokens", date(2024, 6, 1), ["LLMs"], reviewed=date(2025, 1, 15)
        ),
        "rag": article(techniques, "rag", date(2025, 2, 1), ["Retrieval"]),
        "techniques": techniques,
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_titles(feed):
    return [entry.title for entry in feed.entries]


def test_site_feed_dates_entries_by_editorial_dates(client, newsroom):
    feed = parse(client, "/feed.xml")
    assert entry_titles(feed) == ["Rag", "Tokens", "Foundation Models"]
    seed = feed.entries[2]
    # First-published is the editorial date, not when the row was written (today).
    assert seed.published_parsed[:3] == (2024, 3, 5)
    # Never reviewed: updated is its last publish.
    assert datetime(*seed.updated_parsed[:6], tzinfo=UTC).date() == date.today()
    reviewed = feed.entries[1]
    assert reviewed.published_parsed[:3] == (2024, 6, 1)
    assert reviewed.updated_parsed[:3] == (2025, 1, 15)
    assert seed.link == f"{ROOT}/core-concepts/foundation-models/"
    assert seed.author_detail.name == "Ada Lovelace"
    assert seed.author_detail.href == f"{ROOT}/authors/ada-lovelace/"
    # Tags as editors typed them.
    assert sorted(tag.term for tag in seed.tags) == ["Edge AI", "LLMs"]
    assert feed.feed.title == "AsterMind Learn: latest articles"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{ROOT}/", "self": f"{ROOT}/feed.xml"}


def test_a_review_date_before_the_first_publication_does_not_make_updated_precede_it(
    client, section
):
    page = ArticlePageFactory(
        parent=section, first_published=date(2025, 5, 1), last_reviewed=date(2025, 4, 1)
    )
    page.save_revision().publish()
    entry = parse(client, "/feed.xml").entries[0]
    assert entry.updated_parsed[:3] == entry.published_parsed[:3] == (2025, 5, 1)


def test_section_feed_holds_only_that_sections_articles(client, newsroom):
    feed = parse(client, "/feeds/sections/core-concepts.xml")
    assert entry_titles(feed) == ["Tokens", "Foundation Models"]
    assert feed.feed.title == "AsterMind Learn: Core Concepts"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "alternate": f"{ROOT}/core-concepts/",
        "self": f"{ROOT}/feeds/sections/core-concepts.xml",
    }
    assert entry_titles(parse(client, "/feeds/sections/techniques.xml")) == ["Rag"]


def test_tag_feed_holds_only_that_tags_articles_and_names_it_as_typed(client, newsroom):
    feed = parse(client, "/tags/llms/feed.xml")
    assert entry_titles(feed) == ["Tokens", "Foundation Models"]
    assert feed.feed.title == "AsterMind Learn: articles tagged “LLMs”"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["alternate"] == f"{ROOT}/tags/llms/"
    assert links["self"] == f"{ROOT}/tags/llms/feed.xml"


def test_feeds_leave_out_drafts_and_unpublished_articles(client, newsroom, section):
    ArticlePageFactory(parent=section, title="Draft only", live=False)
    newsroom["reviewed"].unpublish()
    for url in ("/feed.xml", "/feeds/sections/core-concepts.xml", "/tags/llms/feed.xml"):
        titles = entry_titles(parse(client, url))
        assert "Tokens" not in titles and "Draft only" not in titles, url
        assert "Foundation Models" in titles, url


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/no-such-section.xml",
        "/feeds/sections/foundation-models.xml",  # an article, not a section
        "/feeds/sections/" + "x" * 5000 + ".xml",
        "/feeds/sections/%00.xml",
        "/tags/no-such-tag/feed.xml",
        "/tags/" + "y" * 5000 + "/feed.xml",
        "/tags/%00/feed.xml",
    ],
)
def test_unknown_feeds_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def alternate_feed(html):
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
    assert len(links) == 1, links
    return re.search(r'href="([^"]+)"', links[0]).group(1)


def test_pages_announce_their_own_feed(client, newsroom):
    assert alternate_feed(client.get("/").content.decode()) == "/feed.xml"
    section = client.get("/core-concepts/").content.decode()
    assert alternate_feed(section) == "/feeds/sections/core-concepts.xml"
    tag = client.get("/tags/llms/").content.decode()
    assert alternate_feed(tag) == "/tags/llms/feed.xml"
    # Every announced feed answers.
    for html in (section, tag):
        assert client.get(alternate_feed(html)).status_code == 200


def test_feeds_are_cached_like_pages(client, newsroom, settings):
    settings.PAGE_CACHE_ENABLED = True
    for url in ("/feed.xml", "/feeds/sections/techniques.xml", "/tags/llms/feed.xml"):
        first = client.get(url)
        assert "public" in first["Cache-Control"], url
        assert client.get(url)["X-Cache"] == "HIT", url


def count_queries(client, url):
    client.get(url)  # process-wide caches (site root paths, content types) warm up once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


FEED_URLS = ("/feed.xml", "/feeds/sections/core-concepts.xml", "/tags/llms/feed.xml")


def test_feed_queries_are_few_and_do_not_grow_with_the_articles(client, newsroom, section):
    before = {url: count_queries(client, url) for url in FEED_URLS}
    for i in range(10):
        page = ArticlePageFactory(parent=section, slug=f"more-{i}", author=AuthorFactory())
        page.tags.add("LLMs", f"topic-{i}")
        page.save_revision().publish()
    after = {url: count_queries(client, url) for url in FEED_URLS}
    assert after == before
    # The site feed keeps issue 9's bound; a section or tag feed adds the lookup of what it
    # names (a section also its own privacy check).
    assert after["/feed.xml"] <= 4
    assert after["/tags/llms/feed.xml"] <= 5
    assert after["/feeds/sections/core-concepts.xml"] <= 6


def test_a_private_sections_feed_is_404_and_its_articles_leave_the_site_feed(client, newsroom):
    section = newsroom["seed"].get_parent()
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    assert client.get("/feeds/sections/core-concepts.xml").status_code == 404
    assert entry_titles(parse(client, "/feed.xml")) == ["Rag"]
