"""What the page cache serves, to whom, and with which headers."""

import gzip

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date
from wagtail.models import PageViewRestriction

from consent.models import AnalyticsProvider
from tests.analytics import configure_analytics
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.usefixtures("page_cache")


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_second_anonymous_visit_is_a_hit(client, article):
    first = client.get(article.url)
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    assert directives(first) == {"public", "max-age=60", "s-maxage=3600"}
    assert first["ETag"].startswith('"') and parse_http_date(first["Last-Modified"])
    # A hit costs one query, the path's purge token (pagecache/tokens.py): the policy (which
    # reads the site's analytics settings) was stored with the page.
    with CaptureQueriesContext(connection) as hit:
        second = client.get(article.url)
    assert len(hit.captured_queries) == 1
    assert "pagecache_purgetoken" in hit.captured_queries[0]["sql"]
    assert second["X-Cache"] == "HIT"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Reporting-Endpoints"] == first["Reporting-Endpoints"]
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert directives(second) == {"public", "max-age=60", "s-maxage=3600"}
    assert second["Content-Type"] == first["Content-Type"]
    assert "Age" not in second


def test_a_hit_never_keeps_an_analytics_policy_the_settings_no_longer_allow(
    client, article, django_capture_on_commit_callbacks
):
    """The stored policy is only as old as the settings: saving them purges every page."""
    assert "plausible.io" not in client.get(article.url)["Content-Security-Policy"]
    assert client.get(article.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        configure_analytics(
            enabled=True,
            provider=AnalyticsProvider.PLAUSIBLE,
            plausible_domain="learn.example.com",
            plausible_script_url="https://plausible.io/js/script.js",
        )
    after = client.get(article.url)
    assert after["X-Cache"] == "MISS"
    assert "https://plausible.io" in after["Content-Security-Policy"]
    assert client.get(article.url)["Content-Security-Policy"] == after["Content-Security-Policy"]


def test_pages_are_kept_as_sent_compressed_or_not(client, article):
    """A visitor who takes gzip gets the stored compressed bytes; one who does not, the page."""
    gzip_first = client.get(article.url, headers={"Accept-Encoding": "gzip, br"})
    assert gzip_first["X-Cache"] == "MISS" and gzip_first["Content-Encoding"] == "gzip"
    plain = client.get(article.url)
    assert plain["X-Cache"] == "MISS" and not plain.has_header("Content-Encoding")
    gzip_hit = client.get(article.url, headers={"Accept-Encoding": "gzip"})
    assert gzip_hit["X-Cache"] == "HIT" and gzip_hit["Content-Encoding"] == "gzip"
    assert gzip_hit.content == gzip_first.content
    assert gzip.decompress(gzip_hit.content) == plain.content
    assert "Accept-Encoding" in gzip_hit["Vary"]
    plain_hit = client.get(article.url)
    assert plain_hit["X-Cache"] == "HIT" and plain_hit.content == plain.content
    assert not plain_hit.has_header("Content-Encoding")


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused: the database server is down")


def test_a_hit_serves_while_the_database_is_unreachable(client, article):
    client.get(article.url)
    with connection.execute_wrapper(database_down):
        response = client.get(article.url)
    assert response.status_code == 200 and response["X-Cache"] == "HIT"
    assert b"What Is a Foundation Model?" in response.content


def test_query_string_variants_are_kept_apart(client, section, article):
    for i in range(12):
        ArticlePageFactory(parent=section, slug=f"extra-{i}")
    first_page = client.get(section.url)
    second_page = client.get(section.url, {"page": 2})
    assert first_page["X-Cache"] == second_page["X-Cache"] == "MISS"
    assert client.get(section.url, {"page": 2}).content == second_page.content
    assert client.get(section.url)["X-Cache"] == "HIT"
    assert first_page.content != second_page.content


@pytest.mark.parametrize("when", ["miss", "hit"])
def test_revalidation_with_a_current_etag_or_date_answers_304(client, article, when):
    fetched = client.get(article.url)
    if when == "miss":
        caches["default"].clear()
    by_etag = client.get(article.url, HTTP_IF_NONE_MATCH=fetched["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == fetched["ETag"]
    assert by_etag["X-Cache"] == ("MISS" if when == "miss" else "HIT")
    # A miss stores a fresh copy dated when it was rendered (maybe a second after `fetched`),
    # so revalidate by the date of the copy now in the cache.
    stored = client.get(article.url)
    assert stored["X-Cache"] == "HIT"
    by_date = client.get(article.url, HTTP_IF_MODIFIED_SINCE=stored["Last-Modified"])
    assert by_date.status_code == 304


def test_revalidation_with_an_old_etag_gets_the_page(client, article):
    client.get(article.url)
    response = client.get(article.url, HTTP_IF_NONE_MATCH='"not-the-current-one"')
    assert response.status_code == 200 and response["X-Cache"] == "HIT"
    old_date = http_date(parse_http_date(response["Last-Modified"]) - 60)
    assert client.get(article.url, HTTP_IF_MODIFIED_SINCE=old_date).status_code == 200


def test_head_is_answered_from_the_cached_get(client, article):
    body = client.get(article.url).content
    response = client.head(article.url)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_a_signed_in_editor_is_never_served_or_stored(client, admin_client, article):
    for _ in range(2):
        edited = admin_client.get(article.url)
        assert edited["X-Cache"] == "BYPASS" and "private" in directives(edited)
    assert b"wagtail-userbar" in edited.content
    anonymous = client.get(article.url)
    assert anonymous["X-Cache"] == "MISS"
    assert b"wagtail-userbar" not in anonymous.content


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("post", "/core-concepts/foundation-models/", 200),
        ("get", "/search/?q=foundation", 200),
        ("get", "/cookies/", 200),
        ("get", "/admin/login/", 200),
        ("get", "/no-such-page/", 404),
    ],
)
def test_never_cached(client, article, method, path, status):
    for _ in range(2):
        response = getattr(client, method)(path)
        assert response.status_code == status
        assert response["X-Cache"] == "BYPASS"
        assert "private" in directives(response) and "public" not in directives(response)


def test_an_empty_search_is_a_cacheable_page(client, article):
    assert client.get("/search/")["X-Cache"] == "MISS"
    assert client.get("/search/", {"q": " "})["X-Cache"] == "MISS"
    assert client.get("/search/")["X-Cache"] == "HIT"


def test_a_page_whose_form_uses_csrf_is_not_stored(client, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    for _ in range(2):
        response = client.get(article.url)
        assert response["X-Cache"] == "BYPASS"
        assert "Cookie" in response["Vary"] and "private" in directives(response)


def test_a_response_that_expires_a_cookie_is_not_stored_and_never_leaks(client, article):
    # An analytics cookie nobody consented to: consent housekeeping expires it.
    client.cookies["_ga"] = "GA1.1.123.456"
    tainted = client.get(article.url)
    assert tainted.cookies["_ga"]["max-age"] == 0
    assert tainted["X-Cache"] == "BYPASS" and "private" in directives(tainted)

    del client.cookies["_ga"]
    clean = client.get(article.url)
    assert clean["X-Cache"] == "MISS" and not clean.cookies  # the tainted one was not kept
    assert client.get(article.url)["X-Cache"] == "HIT"

    client.cookies["_ga"] = "GA1.1.123.456"
    hit = client.get(article.url)
    assert hit["X-Cache"] == "HIT" and hit.cookies["_ga"]["max-age"] == 0
    assert "private" in directives(hit) and "public" not in directives(hit)

    del client.cookies["_ga"]
    after = client.get(article.url)
    assert after["X-Cache"] == "HIT" and not after.cookies
    assert "public" in directives(after)


def test_switched_off_every_visit_renders_but_headers_stay(client, article, settings):
    settings.PAGE_CACHE_ENABLED = False
    first = client.get(article.url)
    second = client.get(article.url)
    assert first["X-Cache"] == second["X-Cache"] == "MISS"
    assert "public" in directives(second) and second["ETag"] == first["ETag"]
    third = client.get(article.url)
    assert "articles/article_page.html" in [t.name for t in third.templates]  # rendered anew


def test_pages_serve_uncached_while_the_cache_server_is_down(client, article, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 200 and response["X-Cache"] == "MISS"
    assert "Page cache unavailable" in caplog.text
