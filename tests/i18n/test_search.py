"""Search per language: /de/search/ searches German pages with PostgreSQL's German text
search configuration (articles/search_backend.py), /search/ the English ones."""

import pytest
from django.db import connection

from .conftest import translate

pytestmark = pytest.mark.django_db

GERMAN_STANDFIRST = "Warum die Gewichte eines Modells beim Prompting unverändert bleiben."


@pytest.fixture
def german_with_text(german_section, article):
    return translate(
        article,
        title="Was ist ein Foundation Model?",
        slug="was-ist-ein-foundation-model",
        standfirst=GERMAN_STANDFIRST,
    )


def result_titles(response):
    return [result.title for result in response.context["results"].object_list]


def test_german_search_finds_german_pages_only(client, german_with_text, article):
    german = client.get("/de/search/", {"q": "Gewichte"})
    assert german.status_code == 200
    assert result_titles(german) == ["Was ist ein Foundation Model?"]
    assert "1 Treffer für „Gewichte“" in german.text
    english = client.get("/search/", {"q": "Gewichte"})
    assert english.context["results"].paginator.count == 0
    # The English page is found in English, never under /de/.
    assert result_titles(client.get("/search/", {"q": "Foundation"})) == [
        "What Is a Foundation Model?"
    ]
    assert result_titles(client.get("/de/search/", {"q": "Foundation"})) == [
        "Was ist ein Foundation Model?"
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="word forms come from PostgreSQL's German configuration; SQLite's FTS5 index "
    "has one tokenizer and finds German words as typed",
)
def test_german_search_finds_another_form_of_the_word_on_postgresql(client, german_with_text):
    # "Gewichten" (dative plural) and "Modell" stem to what the page's "Gewichte" and
    # "Modells" stem to in the German configuration; the English one keeps them apart.
    for query in ("Gewichten", "Modell"):
        response = client.get("/de/search/", {"q": query})
        assert result_titles(response) == ["Was ist ein Foundation Model?"], query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search only")
def test_the_index_holds_german_pages_under_the_german_configuration(german_with_text):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body::text FROM wagtailsearch_indexentry WHERE object_id = %s",
            [str(german_with_text.pk)],
        )
        (body,) = cursor.fetchone()
    # German stemming: "Gewichte" → "gewicht", "unverändert" → "unverand".
    assert "'gewicht'" in body
    assert "'gewichte'" not in body
