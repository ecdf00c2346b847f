"""The pages API through the page cache: stored like pages, ETag and 304, purged when a page
it shows is published, search never stored; CORS only for the configured origins."""

import pytest
from wagtail.models import PageViewRestriction

from tests.table_factories import publish

pytestmark = pytest.mark.usefixtures("page_cache_on")
URL = "/api/v2/pages/"


@pytest.fixture
def page_cache_on(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {
        "pagecache": {"BACKEND": "pagecache.backends.PageCacheBackend"},
    }


def test_listing_is_stored_and_served_with_etag_and_304(client, site_content):
    first = client.get(URL)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert "public" in first["Cache-Control"] and "s-maxage=3600" in first["Cache-Control"]
    again = client.get(URL)
    assert again["X-Cache"] == "HIT"
    assert again.content == first.content
    etag = again["ETag"]
    revalidated = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert revalidated.status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_publishing_a_page_purges_the_listing_and_its_detail(
    client, site_content, django_capture_on_commit_callbacks
):
    article = site_content["tables"]
    detail = f"{URL}{article.pk}/"
    filtered = f"{URL}?tag=edge-ai"
    for url in (URL, detail, filtered):
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
    article.title = "Tables, explained again"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    for url in (URL, detail, filtered):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert b"Tables, explained again" in response.content


def test_unpublishing_takes_the_page_out_of_the_cached_listing(
    client, site_content, django_capture_on_commit_callbacks
):
    assert client.get(URL)["X-Cache"] == "MISS"
    assert client.get(URL)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        site_content["other"].unpublish()
    response = client.get(URL)
    assert response["X-Cache"] == "MISS"
    assert "Prompting" not in [item["title"] for item in response.json()["items"]]


def test_search_and_unknown_parameters_are_never_stored(client, site_content):
    for _ in range(2):
        assert client.get(URL, {"search": "tables"})["X-Cache"] == "BYPASS"
    assert client.get(URL, {"junk": "1"}).status_code == 400


def test_errors_are_not_stored(client, site_content):
    for _ in range(2):
        response = client.get(URL, {"limit": "-1"})
        assert response.status_code == 400
        assert response["X-Cache"] == "BYPASS"


def test_cors_only_for_configured_origins(client, site_content, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    allowed = client.get(URL, HTTP_ORIGIN="https://app.example.org")
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "origin" in allowed["Vary"].lower()
    # The same cached entry, served to another origin, carries no grant.
    other = client.get(URL, HTTP_ORIGIN="https://evil.example.net")
    assert other["X-Cache"] == "HIT"
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        URL,
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_no_cors_outside_the_api(client, site_content, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    response = client.get("/", HTTP_ORIGIN="https://app.example.org")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_making_a_page_private_purges_the_cached_listing_and_detail(
    client, site_content, django_capture_on_commit_callbacks
):
    other = site_content["other"]
    detail = f"{URL}{other.pk}/"
    for url in (URL, detail):
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    listing = client.get(URL)
    assert listing["X-Cache"] == "MISS"
    assert "Prompting" not in [item["title"] for item in listing.json()["items"]]
    assert client.get(detail).status_code == 404
