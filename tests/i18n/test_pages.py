"""German pages render in German, English pages stay as they were, and each names the other."""

import re

import pytest

from tests.factories import ArticlePageFactory
from tests.sitemaps import sitemap_addresses

from .conftest import translate

pytestmark = pytest.mark.django_db


def test_german_article_in_german(client, german_article):
    response = client.get(german_article.url)
    html = response.text
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert '<h1 id="article-title">Was ist ein Foundation Model?</h1>' in html
    assert "Veröffentlicht am" in html
    assert "Minute Lesezeit" in html
    assert "Zum Inhalt springen" in html
    assert '<nav aria-label="Hauptnavigation">' in html
    assert "Skip to content" not in html
    assert " min read" not in html


def test_english_article_unchanged(client, german_article, article):
    html = client.get(article.url).text
    assert '<html lang="en-GB">' in html
    assert "Skip to content" in html
    assert " min read" in html
    assert "Lesezeit" not in html


def hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_hreflang_pairs_both_ways(client, german_article, article):
    english = hreflangs(client.get(article.url).text)
    german = hreflangs(client.get(german_article.url).text)
    expected = {
        "en-GB": "http://localhost/core-concepts/what-is-a-foundation-model/",
        "de": "http://localhost/de/grundbegriffe/was-ist-ein-foundation-model/",
        "x-default": "http://localhost/core-concepts/what-is-a-foundation-model/",
    }
    assert english == expected
    assert german == expected


def test_switcher_links_to_the_other_language(client, german_article, article):
    english = client.get(article.url).text
    assert (
        '<a href="/de/grundbegriffe/was-ist-ein-foundation-model/" '
        'hreflang="de" lang="de">Deutsch</a>'
    ) in english
    german = client.get(german_article.url).text
    assert (
        '<a href="/core-concepts/what-is-a-foundation-model/" '
        'hreflang="en-GB" lang="en-GB">English</a>'
    ) in german


def test_untranslated_page_says_so(client, german_section, section):
    untranslated = ArticlePageFactory(parent=section, title="Only in English", slug="only")
    html = client.get(untranslated.url).text
    assert '<span lang="de">Deutsch</span>: not translated yet' in html
    assert 'hreflang="de"' not in html
    assert hreflangs(html) == {
        "en-GB": "http://localhost/core-concepts/only/",
        "x-default": "http://localhost/core-concepts/only/",
    }


def test_draft_translation_is_not_offered(client, german_section, article):
    translate(article, slug="entwurf")
    german = article.get_translation(german_section.locale)
    german.unpublish()
    html = client.get(article.url).text
    assert "/de/grundbegriffe/entwurf/" not in html
    assert client.get("/de/grundbegriffe/entwurf/").status_code == 404


def test_routes_outside_the_page_tree_switch_by_prefix(client, german_home):
    html = client.get("/de/models/").text
    assert '<html lang="de">' in html
    assert "<h1>Verzeichnis der Foundation Models</h1>" in html
    assert '<a href="/models/" hreflang="en-GB" lang="en-GB">English</a>' in html
    assert hreflangs(client.get("/models/").text)["de"] == "http://localhost/de/models/"


def test_german_navigation_lists_german_sections(client, german_section, section):
    html = client.get("/de/").text
    assert '<a href="/de/grundbegriffe/">Grundbegriffe</a>' in html
    assert "Core Concepts" not in html
    english = client.get("/").text
    assert '<a href="/core-concepts/">Core Concepts</a>' in english
    assert "Grundbegriffe" not in english


def test_feeds_per_language(client, german_article, article):
    english = client.get("/feed.xml").text
    german = client.get("/de/feed.xml").text
    assert "What Is a Foundation Model?" in english
    assert "Was ist ein Foundation Model?" not in english
    assert "Was ist ein Foundation Model?" in german
    assert "What Is a Foundation Model?" not in german
    assert "http://localhost/de/grundbegriffe/was-ist-ein-foundation-model/" in german


def test_section_feed_in_german(client, german_article):
    response = client.get("/de/feeds/sections/grundbegriffe.xml")
    assert response.status_code == 200
    assert "Was ist ein Foundation Model?" in response.text
    assert client.get("/feeds/sections/grundbegriffe.xml").status_code == 404


def test_sitemap_lists_both_languages_with_alternates(client, german_article, article):
    assert "http://localhost/sitemap-pages.xml" in sitemap_addresses(client)
    xml = client.get("/sitemap-pages.xml").text
    english = "http://localhost/core-concepts/what-is-a-foundation-model/"
    german = "http://localhost/de/grundbegriffe/was-ist-ein-foundation-model/"
    assert f"<loc>{english}</loc>" in xml
    assert f"<loc>{german}</loc>" in xml
    for url in (english, german):
        entry = xml[xml.index(f"<loc>{url}</loc>") :].split("</url>")[0]
        assert f'<xhtml:link rel="alternate" hreflang="de" href="{german}"/>' in entry
        assert f'<xhtml:link rel="alternate" hreflang="en-GB" href="{english}"/>' in entry
