"""German and English pages are never served for each other, from the page cache or after a
purge: the language is in the path, which keys the cache, and nothing varies on a header."""

import pytest

from tests.i18n.conftest import translate

from .conftest import commit_what_came_before

pytestmark = pytest.mark.usefixtures("page_cache")

ROOT = "http://localhost"


@pytest.fixture
def pair(home, article):
    """The page cache's article (English) and its German translation, both published."""
    german_home = translate(home, title="Startseite", slug="startseite")
    section = article.get_parent().specific
    german_section = translate(section, title="Grundbegriffe", slug="grundbegriffe")
    german = translate(article, title="Was ist ein Foundation Model?", slug="foundation-models")
    return {"en": article, "de": german, "de_home": german_home, "de_section": german_section}


def test_each_language_is_its_own_entry_whatever_the_browser_asks(client, pair):
    english_url, german_url = pair["en"].url, pair["de"].url
    assert german_url == "/de/grundbegriffe/foundation-models/"
    first_de = client.get(german_url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert first_de["X-Cache"] == "MISS"
    assert '<html lang="de">' in first_de.text
    # An English page asked for by a German browser is the English page, from the cache's
    # English entry, and no response says it varies on the browser's language.
    first_en = client.get(english_url, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert first_en["X-Cache"] == "MISS"
    assert '<html lang="en-GB">' in first_en.text
    for url, lang, accept in (
        (german_url, "de", "en-GB"),
        (english_url, "en-GB", "de"),
        (german_url, "de", "de"),
        (english_url, "en-GB", "en"),
    ):
        hit = client.get(url, HTTP_ACCEPT_LANGUAGE=accept)
        assert hit["X-Cache"] == "HIT", (url, accept)
        assert f'<html lang="{lang}">' in hit.text
        assert "accept-language" not in hit.get("Vary", "").lower()
    assert client.get(german_url)["Content-Language"] == "de"
    assert client.get(english_url)["Content-Language"] == "en-gb"


def test_feeds_and_listings_are_cached_per_language(client, pair):
    english, german = client.get("/feed.xml"), client.get("/de/feed.xml")
    assert "Was ist ein Foundation Model?" in german.text
    assert "Was ist ein Foundation Model?" not in english.text
    assert client.get("/feed.xml")["X-Cache"] == "HIT"
    again = client.get("/de/feed.xml")
    assert again["X-Cache"] == "HIT"
    assert "Was ist ein Foundation Model?" in again.text


def test_publishing_the_german_page_purges_its_german_listings_only(client, pair, changed):
    german = pair["de"]
    commit_what_came_before()  # the fixtures' own purges land before the cache is warmed
    for url in ("/de/feed.xml", "/feed.xml", "/de/grundbegriffe/", "/core-concepts/"):
        client.get(url)
    german.title = "Foundation Models kurz erklärt"
    with changed() as change:
        german.save_revision().publish()
    assert f"{ROOT}/de/grundbegriffe/foundation-models/" in change.urls
    assert f"{ROOT}/de/feed.xml" in change.urls
    assert f"{ROOT}/de/grundbegriffe/" in change.urls
    assert f"{ROOT}/de/feeds/sections/grundbegriffe.xml" in change.urls
    assert f"{ROOT}/de/tags/fundamentals/" in change.urls
    assert f"{ROOT}/feed.xml" not in change.urls
    assert f"{ROOT}/core-concepts/" not in change.urls
    assert client.get("/feed.xml")["X-Cache"] == "HIT"
    fresh = client.get("/de/feed.xml")
    assert fresh["X-Cache"] == "MISS"
    assert "Foundation Models kurz erklärt" in fresh.text


def test_consent_paths_are_never_stored_in_any_language(client, pair):
    for path in ("/de/cookies/", "/cookies/"):
        client.get(path)
        response = client.get(path)
        assert response.get("X-Cache") != "HIT", path
