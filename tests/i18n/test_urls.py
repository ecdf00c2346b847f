"""Which language a URL is in: its prefix, and nothing the visitor sends."""

import pytest

pytestmark = pytest.mark.django_db


def test_accept_language_german_on_root_is_the_english_page(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response.status_code == 200
    assert '<html lang="en-GB">' in response.text
    assert response["Content-Language"] == "en-gb"
    assert "accept-language" not in response.get("Vary", "").lower()


def test_language_cookie_does_not_pick_the_language(client, home):
    client.cookies["django_language"] = "de"
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="en-GB">' in response.text


def test_german_prefix_serves_the_german_home(client, german_home):
    response = client.get("/de/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert response["Content-Language"] == "de"
    assert "accept-language" not in response.get("Vary", "").lower()
    assert "<title>Startseite" in response.text


def test_english_urls_stay_where_they_were(client, german_article):
    assert client.get("/").status_code == 200
    assert client.get("/core-concepts/").status_code == 200
    assert client.get("/core-concepts/what-is-a-foundation-model/").status_code == 200
    assert client.get("/search/").status_code == 200
    assert client.get("/feed.xml").status_code == 200
    assert client.get("/models/").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200


def test_german_urls_under_de(client, german_article):
    assert german_article.url == "/de/grundbegriffe/was-ist-ein-foundation-model/"
    response = client.get(german_article.url)
    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert client.get("/de/grundbegriffe/").status_code == 200
    assert client.get("/de/search/").status_code == 200
    assert client.get("/de/models/").status_code == 200


@pytest.mark.parametrize("path", ["/fr/", "/fr/core-concepts/", "/xx/", "/de-at/", "/en/"])
def test_unknown_language_prefix_is_404(client, german_article, path):
    response = client.get(path)
    assert response.status_code == 404


def test_no_redirect_to_a_prefixed_url(client, german_home):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert "Location" not in response


def test_english_page_under_german_prefix_is_404(client, article, german_home):
    # The section and article exist only in English: no English copy under /de/.
    assert client.get("/de/core-concepts/").status_code == 404
    assert client.get("/de/core-concepts/what-is-a-foundation-model/").status_code == 404


def test_german_prefix_without_german_home_is_404(client, home):
    assert client.get("/de/").status_code == 404


def test_sitemap_and_robots_exist_once(client, home):
    assert client.get("/de/sitemap.xml").status_code == 404
    assert client.get("/de/robots.txt").status_code == 404
