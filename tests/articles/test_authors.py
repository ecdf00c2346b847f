"""Author pages: who wrote what, linked from each byline and listed in the sitemap."""

import re
from datetime import date, timedelta

import pytest

from tests.factories import ArticlePageFactory, AuthorFactory
from tests.sitemaps import sitemap_locations


@pytest.fixture
def ada(section):
    author = AuthorFactory(
        name="Ada Lovelace",
        slug="ada-lovelace",
        role="Analyst & editor",
        bio="Writes about engines <of> all kinds.",
        url="https://example.org/ada",
    )
    for i in range(12):
        page = ArticlePageFactory(
            parent=section,
            title=f"Note {i}",
            slug=f"note-{i}",
            author=author,
            first_published=date(2025, 1, 1) + timedelta(days=i),
        )
        page.save_revision().publish()
    ArticlePageFactory(parent=section, title="Someone else's", author=AuthorFactory())
    ArticlePageFactory(parent=section, title="Unpublished note", author=author, live=False)
    return author


def card_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_author_page_shows_role_bio_link_and_their_articles_newest_first(client, ada):
    response = client.get("/authors/ada-lovelace/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ada Lovelace</h1>" in html
    assert "Analyst &amp; editor" in html
    assert "Writes about engines &lt;of&gt; all kinds." in html
    assert 'href="https://example.org/ada"' in html
    assert card_titles(html) == [f"Note {i}" for i in range(11, 1, -1)]
    assert "Someone else" not in html and "Unpublished note" not in html
    assert '<link rel="canonical" href="http://localhost/authors/ada-lovelace/">' in html


def test_author_page_is_paginated(client, ada):
    html = client.get("/authors/ada-lovelace/", {"page": 2}).content.decode()
    assert card_titles(html) == ["Note 1", "Note 0"]
    assert "Page 2 of 2" in html


def test_bylines_link_to_the_author_page(client, ada):
    html = client.get("/core-concepts/note-3/").content.decode()
    assert '<a class="author" rel="author" href="/authors/ada-lovelace/">Ada Lovelace</a>' in html


def test_an_author_without_published_articles_still_has_a_page(client, section):
    AuthorFactory(name="New Writer", slug="new-writer")
    response = client.get("/authors/new-writer/")
    assert response.status_code == 200
    assert "No published articles by New Writer yet." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/authors/nobody/", "/authors/" + "z" * 5000 + "/", "/authors/%00/", "/authors/a%00b/"]
)
def test_unknown_authors_are_404(client, ada, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "page, status",
    [("abc", 200), ("-1", 200), ("0", 200), ("9" * 5000, 200), ("2.5", 200), ("\x00", 400)],
)
def test_bad_page_numbers_never_fail(client, ada, page, status):
    """A page number that is not one shows a page of the list; a NUL byte is refused."""
    assert client.get("/authors/ada-lovelace/", {"page": page}).status_code == status


def test_sitemap_lists_authors_with_published_articles_only(client, ada, section):
    AuthorFactory(name="New Writer", slug="new-writer")
    locs = sitemap_locations(client)
    assert "http://localhost/authors/ada-lovelace/" in locs
    assert "http://localhost/authors/new-writer/" not in locs
    # Ada and the author of "Someone else's"; each listed once.
    assert len([loc for loc in locs if "/authors/" in loc]) == 2


def test_author_page_takes_a_bounded_number_of_queries(client, ada, django_assert_max_num_queries):
    client.get("/authors/ada-lovelace/")
    with django_assert_max_num_queries(8):
        assert client.get("/authors/ada-lovelace/").status_code == 200
