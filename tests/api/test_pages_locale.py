"""Pages of both languages in the pages API, and ``?locale=`` (articles/api_pages.py)."""

import pytest

from articles.openapi import description
from tests.factories import ArticlePageFactory
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db

URL = "/api/v2/pages/"


@pytest.fixture
def both_languages(section):
    """The home page, a section and an article in English, each translated into German."""
    home = section.get_parent().specific
    article = ArticlePageFactory(parent=section, title="Scaling laws", slug="scaling")
    translate(home, title="Startseite")
    translate(section, title="Grundbegriffe", slug="grundbegriffe")
    translate(article, title="Skalierungsgesetze", slug="skalierungsgesetze")


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [(item["title"], item["meta"]["locale"]) for item in response.json()["items"]]


ENGLISH = [("AsterMind Learn", "en-gb"), ("Core Concepts", "en-gb"), ("Scaling laws", "en-gb")]
GERMAN = [("Startseite", "de"), ("Grundbegriffe", "de"), ("Skalierungsgesetze", "de")]


def test_the_listing_has_both_languages_and_locale_picks_one(client, both_languages):
    assert sorted(listed(client)) == sorted(ENGLISH + GERMAN)
    assert listed(client, locale="de") == GERMAN
    assert listed(client, locale="en-gb") == ENGLISH


def test_locale_combines_with_the_other_filters(client, both_languages):
    assert listed(client, locale="de", type="articles.ArticlePage") == [GERMAN[2]]
    assert listed(client, locale="de", section="grundbegriffe") == [GERMAN[2]]
    assert listed(client, locale="en-gb", section="grundbegriffe") == []


@pytest.mark.parametrize("code", ["xx", "en", "DE", "", "de-de"])
def test_a_locale_that_is_not_one_of_the_sites_languages_is_a_400(client, both_languages, code):
    response = client.get(URL, {"locale": code})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "locale must be one of: en-gb, de"}


def test_a_language_without_pages_is_an_empty_listing(client, section):
    assert listed(client, locale="de") == []


def test_the_openapi_description_declares_the_locale_filter():
    parameters = description()["paths"][URL]["get"]["parameters"]
    [locale] = [p for p in parameters if p["name"] == "locale"]
    assert locale["in"] == "query" and locale["required"] is False
    assert locale["schema"] == {"enum": ["en-gb", "de"]}
    assert "400" in locale["description"]
