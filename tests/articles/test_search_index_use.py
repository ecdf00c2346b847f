"""The PostgreSQL search's match written for the GIN indexes (articles/search_backend.py)
finds exactly what the stock ``title || body`` test finds: words split between title and
body, AND and OR, pages of results in rank order; phrases keep the stock test."""

import pytest
from django.db import connection
from wagtail.search.query import Not, Phrase, PlainText

from articles.models import ArticlePage
from articles.search_backend import indexed_condition
from tests.factories import ArticlePageFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN-index match is PostgreSQL's"
)


def test_words_become_a_condition_and_phrases_and_negations_do_not():
    assert indexed_condition(PlainText("attention latency"), "english") is not None
    assert indexed_condition(PlainText("attention", operator="or"), "english") is not None
    assert indexed_condition(Phrase("attention latency"), "english") is None
    assert indexed_condition(Not(PlainText("attention")), "english") is None
    assert indexed_condition(PlainText("  "), "english") is None


@pytest.fixture
def split_words(section):
    """Words in the title only, in the body only, and in both, across five articles."""
    made = {}
    for slug, title, text in [
        ("both", "Attention explained", "Attention costs latency."),
        ("title", "Attention in brief", "Nothing else here."),
        ("body", "Costs", "Latency and attention, in turn."),
        ("neither", "Gardening", "Roses and soil."),
        ("latency", "Latency budgets", "Milliseconds add up."),
    ]:
        body = [("paragraph", f"<p>{text}</p>")]
        page = ArticlePageFactory(parent=section, title=title, slug=slug, body=body)
        page.save_revision().publish()
        made[slug] = page
    return made


def found(query, **kwargs):
    results = ArticlePage.objects.live().search(query, **kwargs)
    return {page.slug for page in results}


@postgres_only
@pytest.mark.django_db
def test_the_indexed_match_finds_what_the_concatenation_finds(split_words):
    # "attention" in the title and "latency" in the body still match together (AND).
    assert found("attention latency") == {"both", "body"}
    assert found("attention") == {"both", "title", "body"}
    assert found("attention roses", operator="or") == {"both", "title", "body", "neither"}
    assert found("attention roses") == set()
    assert found(Phrase("attention costs")) == {"both"}


@postgres_only
@pytest.mark.django_db
def test_a_page_of_results_is_the_slice_of_the_ranked_whole(split_words):
    everything = [page.slug for page in ArticlePage.objects.live().search("latency")]
    assert len(everything) == 3
    pages = [page.slug for page in ArticlePage.objects.live().search("latency")[1:3]]
    assert pages == everything[1:3]
    assert everything[0] == "latency"  # the word in the title ranks first
