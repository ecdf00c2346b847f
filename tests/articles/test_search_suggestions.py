"""A search with a small typo ("transfomer") offers the near query that finds something."""

import re

import pytest
from django.core.cache import cache

from articles.suggest import build_vocabulary, corrected, did_you_mean
from tests.factories import ArticlePageFactory

VOCABULARY = ["model", "transformer", "training", "attention", "chat"]


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("transfomer", "transformer"),
        ("Transfomer models", "transformer models"),
        ("attension trainng", "attention training"),
        ("transformer", None),  # known: nothing to correct
        ("cat", None),  # too short to guess at
        ("zebra", None),  # nothing near enough
        ("tr4nsformer", None),  # not a word
        ("transfomer atension trainin modl chatt", None),  # five unknown words: no guess
    ],
)
def test_unknown_words_become_their_nearest_known_word(query, suggestion):
    assert corrected(query, VOCABULARY) == suggestion


@pytest.fixture
def transformer_article(section):
    cache.clear()
    article = ArticlePageFactory(
        parent=section,
        title="Attention explained",
        slug="attention",
        body=[
            {"type": "heading", "value": {"heading": "Why it works", "level": "h2", "anchor": ""}},
            {"type": "paragraph", "value": "<p>The <b>transformer</b> weighs every word.</p>"},
        ],
    )
    article.tags.add("Architectures")
    article.save_revision().publish()
    return article


def suggestion_link(html):
    found = re.search(r'Did you mean <a class="search-suggestion" href="([^"]+)">([^<]+)</a>', html)
    return found.groups() if found else None


@pytest.mark.django_db
def test_the_vocabulary_holds_titles_tags_headings_and_body_words(transformer_article):
    vocabulary = build_vocabulary()
    for word in ("attention", "explained", "architectures", "works", "transformer", "weighs"):
        assert word in vocabulary
    assert "why" not in vocabulary  # shorter than a word worth correcting to


@pytest.mark.django_db
def test_a_typo_gets_a_link_to_the_search_that_finds_the_article(client, transformer_article):
    response = client.get("/search/", {"q": "transfomer"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing matched “transfomer”." in html
    assert suggestion_link(html) == ("/search/?q=transformer", "transformer")
    followed = client.get("/search/?q=transformer").content.decode()
    assert 'href="/core-concepts/attention/"' in followed
    assert suggestion_link(followed) is None


@pytest.mark.django_db
def test_no_suggestion_that_would_find_nothing_either(client, section):
    cache.clear()
    draft = ArticlePageFactory(parent=section, slug="draft", title="Quantisation", live=False)
    draft.save_revision()
    html = client.get("/search/", {"q": "quantisaton"}).content.decode()
    assert "Nothing matched" in html and suggestion_link(html) is None
    assert "Try fewer or simpler words." in html


@pytest.mark.django_db
def test_a_newly_published_word_is_suggested_at_once(client, section):
    cache.clear()
    assert did_you_mean("quantisaton") is None
    article = ArticlePageFactory(parent=section, slug="small", title="Quantisation in practice")
    article.save_revision().publish()
    assert did_you_mean("quantisaton") == "quantisation"


@pytest.mark.django_db
def test_odd_queries_are_answered_not_failed(client, transformer_article):
    for query in ("ééééé", "a" * 300, '"transfomer" OR', "tränsformer"):
        assert client.get("/search/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_a_suggestion_is_checked_with_one_count_not_a_page_of_results(
    transformer_article, django_assert_num_queries
):
    """The view restrictions, the language and a count: no page of results, no sections and
    no snippets (it took 5 queries when it ran the whole search)."""
    assert did_you_mean("transfomer") == "transformer"  # the vocabulary is kept from here on
    with django_assert_num_queries(3) as captured:
        assert did_you_mean("transfomer") == "transformer"
    assert captured.captured_queries[-1]["sql"].startswith("SELECT COUNT(*)")
