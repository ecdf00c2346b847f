"""German and English pages through Varnish and two gunicorn servers (issue 20): the URL
prefix alone picks the language, so a browser's Accept-Language never splits or poisons a
shared copy, and the consent pages pass in every language."""

import pytest

from .client import Visitor

pytestmark = pytest.mark.integration

ENGLISH = "/core-concepts/what-is-a-foundation-model/"
GERMAN = "/de/grundbegriffe/was-ist-ein-foundation-model/"


def test_english_and_german_are_never_served_for_each_other(stack):
    varnish = stack.varnish.port
    # Each page is first fetched by a browser that prefers the other language.
    first_de = Visitor(varnish).get(GERMAN, headers={"Accept-Language": "en-GB,en;q=0.9"})
    first_en = Visitor(varnish).get(ENGLISH, headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert first_de.status == 200 and first_en.status == 200
    assert '<html lang="de">' in first_de.text
    assert '<h1 id="article-title">Was ist ein Foundation Model?</h1>' in first_de.text
    assert '<html lang="en-GB">' in first_en.text
    for response in (first_de, first_en):
        assert "accept-language" not in (response.header("Vary") or "").lower()
    for path, lang in ((GERMAN, "de"), (ENGLISH, "en-GB")):
        for accept in ("de", "en-GB", "fr-FR,fr;q=0.9", None):
            headers = {"Accept-Language": accept} if accept else {}
            response = Visitor(varnish).get(path, headers=headers)
            assert response.status == 200
            assert response.header("X-Cache") == "HIT", (path, accept)
            assert f'<html lang="{lang}">' in response.text, (path, accept)


def test_the_home_pages_and_feeds_stay_apart(stack):
    varnish = stack.varnish.port
    german_home = Visitor(varnish).get("/de/", headers={"Accept-Language": "en"})
    english_home = Visitor(varnish).get("/", headers={"Accept-Language": "de"})
    assert '<html lang="de">' in german_home.text and "Grundbegriffe" in german_home.text
    assert '<html lang="en-GB">' in english_home.text and "Grundbegriffe" not in english_home.text
    german_feed = Visitor(varnish).get("/de/feed.xml").text
    english_feed = Visitor(varnish).get("/feed.xml").text
    assert "Was ist ein Foundation Model?" in german_feed
    assert "Was ist ein Foundation Model?" not in english_feed


def test_unknown_language_prefix_is_a_404_through_varnish(stack):
    response = Visitor(stack.varnish.port).get("/fr/core-concepts/")
    assert response.status == 404


def test_consent_pages_pass_in_every_language(stack):
    varnish = stack.varnish.port
    for path in ("/cookies/", "/de/cookies/"):
        Visitor(varnish).get(path)
        again = Visitor(varnish).get(path)
        assert again.status == 200, path
        assert again.header("X-Cache") != "HIT", path
