"""A listing's length (section, tag, author) is kept per site version (articles/models/pages.py
``page_of_listing``): a warm listing reads only its page's rows, and every publish,
unpublish or restriction shows in the length on the next request; so are its cards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, AuthorFactory
from tests.table_factories import publish


@pytest.fixture
def author(db):
    return AuthorFactory(name="Ada Writer", slug="ada-writer")


def tagged_article(section, author, slug):
    page = ArticlePageFactory(parent=section, slug=slug, author=author)
    page.tags.add("fundamentals")
    return publish(page)


@pytest.fixture
def listings(section, author):
    for n in range(3):
        tagged_article(section, author, f"first-{n}")
    return [
        section.url,
        reverse("tag", args=["fundamentals"]),
        reverse("author", args=[author.slug]),
    ]


def length_and_counts(client, path):
    """How many articles the listing says it has, and the COUNT queries it made to know."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    return response.context["articles"].paginator.count, len(counts)


def test_a_warm_listing_reads_its_length_from_the_site_version(client, listings):
    for path in listings:
        assert length_and_counts(client, path) == (3, 1)
        assert length_and_counts(client, path) == (3, 0)


def test_a_publish_shows_in_every_listing_length_at_once(client, listings, section, author):
    for path in listings:
        length_and_counts(client, path)
    tagged_article(section, author, "new-one")
    for path in listings:
        assert length_and_counts(client, path) == (4, 1)


def test_an_unpublish_shows_in_every_listing_length_at_once(client, listings, section):
    for path in listings:
        length_and_counts(client, path)
    section.get_children().live().first().specific.unpublish()
    for path in listings:
        assert length_and_counts(client, path)[0] == 2


def test_a_restricted_article_leaves_every_listing_length_at_once(client, listings, section):
    for path in listings:
        length_and_counts(client, path)
    article = section.get_children().first()
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    for path in listings:
        assert length_and_counts(client, path)[0] == 2


def test_a_tag_filter_in_the_query_string_is_kept_only_for_the_sections_own_tags(
    client, listings, section
):
    own = f"{section.url}?tag=fundamentals"
    assert length_and_counts(client, own) == (3, 1)
    assert length_and_counts(client, own) == (3, 0)
    # Anything else a visitor types makes no entry: it is counted afresh each time.
    stranger = f"{section.url}?tag=not-a-tag-here"
    assert length_and_counts(client, stranger) == (0, 1)
    assert length_and_counts(client, stranger) == (0, 1)


def test_a_card_shows_an_edit_on_every_listing_at_once(client, listings, section):
    """Cards are kept per site version too (includes/article_card.html)."""
    for path in listings:
        assert "What this article explains" in client.get(path).content.decode()
    article = section.get_children().first().specific
    article.standfirst = "A sentence written after the listings were kept."
    publish(article)
    for path in listings:
        assert "written after the listings were kept" in client.get(path).content.decode()
