"""A page of search results (articles/search.py ``page_of_results``, and on PostgreSQL the
ranking query that counts beside it, articles/search_backend.py): the same articles, order,
count and page number as Django's paginator over the whole ranked result, in one pass over
the index; restricted and unpublished articles neither shown nor counted."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage
from articles.search import page_of_results, search_articles
from tests.factories import ArticlePageFactory

COUNT = 23


@pytest.fixture
def notes(section):
    """23 articles on gradients; every fourth says so in its title, every third adds momentum."""
    made = []
    for i in range(COUNT):
        title = f"Gradient notes {i}" if i % 4 == 0 else f"Notes {i}"
        extra = " with momentum" if i % 3 == 0 else ""
        body = [("paragraph", f"<p>On gradient descent{extra}, part {i}.</p>")]
        page = ArticlePageFactory(parent=section, title=title, slug=f"notes-{i}", body=body)
        page.save_revision().publish()
        made.append(page)
    return made


def matches(terms):
    return ArticlePage.objects.live().public().search(terms)


NUMBERS = [None, "1", "2", "3", " 2", "abc", "1.5", "0", "-1", "4", "99", "9" * 20]


@pytest.mark.django_db
@pytest.mark.parametrize("terms", ["gradient", "gradient momentum", "notes momentum"])
def test_a_page_is_the_paginators_page_of_the_whole_ranking(notes, terms):
    whole = list(matches(terms))  # unsliced: the stock ranking, every match in order
    assert whole
    for number in NUMBERS:
        expected = Paginator(whole, 10).get_page(number)
        page = page_of_results(matches(terms), number)
        assert page.number == expected.number, number
        assert page.paginator.count == len(whole)
        assert page.paginator.num_pages == expected.paginator.num_pages
        assert [a.pk for a in page] == [a.pk for a in expected], number


@pytest.mark.django_db
def test_nothing_found_is_an_empty_first_page(notes):
    for number in (None, "1", "2"):
        page = page_of_results(matches("zebra"), number)
        assert (page.number, page.paginator.count, list(page)) == (1, 0, [])


@pytest.mark.django_db
def test_restricted_and_unpublished_articles_are_neither_shown_nor_counted(client, notes):
    PageViewRestriction.objects.create(page=notes[0], restriction_type="password", password="x")
    notes[4].unpublish()
    shown = []
    for number in ("1", "2", "3"):
        results = search_articles("gradient", number)
        assert results.paginator.count == COUNT - 2
        shown += [a.pk for a in results]
    assert len(shown) == len(set(shown)) == COUNT - 2
    assert notes[0].pk not in shown and notes[4].pk not in shown
    html = client.get("/search/", {"q": "gradient"}).text
    assert f"{COUNT - 2} results for" in html
    assert "Gradient notes 0<" not in html and "Gradient notes 4<" not in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the counting ranking is PostgreSQL's"
)
@pytest.mark.django_db
def test_the_search_page_reads_the_index_once_and_counts_nothing_apart(client, notes):
    client.get("/search/", {"q": "gradient", "page": "2"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/search/", {"q": "gradient", "page": "2"})
    assert response.status_code == 200
    assert f"{COUNT} results for" in response.text
    index_reads = [q["sql"] for q in ctx.captured_queries if "wagtailsearch_indexentry" in q["sql"]]
    assert len(index_reads) == 1
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
