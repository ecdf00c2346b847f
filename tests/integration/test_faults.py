"""Parts failing under the real servers: PostgreSQL stopped, Redis stopped.

Each test stops a service of the suite's own (never the machine's) and starts it again in a
`finally`, then checks that the app servers recover without being restarted."""

import secrets
import time

import pytest

from astermind_site.cache import RETRY_SECONDS

from .admin import change_banner_text
from .client import Visitor
from .services import wait_until

pytestmark = pytest.mark.integration

ARTICLE = "/core-concepts/what-is-a-foundation-model/"
EVERY_KIND_OF_PAGE = (
    "/",
    "/core-concepts/",
    ARTICLE,
    "/tags/fundamentals/",
    "/search/?q=model",
    "/feed.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/cookies/",
    "/api/v2/foundation-models/",
)


def count_records(sql):
    return sql("SELECT count(*) FROM consent_consentrecord")[0][0]


def sets_consent_cookie(response):
    return any("am_consent=" in line for line in response.headers.get_all("Set-Cookie") or [])


def masters(stack):
    return [app.pid for app in stack.apps]


def redis_back(stack):
    """Start Redis again and wait until every worker uses it: after a failure each worker
    leaves Redis alone for a few seconds (astermind_site/cache.py), and later tests need
    the shared cache on all of them."""
    stack.redis.start()
    time.sleep(RETRY_SECONDS + 1)

    def all_healthy():
        probes = [Visitor(app.port).get("/healthz").status for app in stack.apps * 4]
        return probes == [200] * len(probes)

    wait_until(all_healthy, 30, "every worker back on Redis")


def test_database_outage_serves_cached_pages_and_a_friendly_503(stack, sql):
    a, b = (app.port for app in stack.apps)
    for port in (a, b, stack.varnish.port):  # fill the page cache and Varnish
        Visitor(port).get(ARTICLE)
    cached_by_app = Visitor(a).get(ARTICLE)
    assert Visitor(stack.varnish.port).get(ARTICLE).header("X-Cache") == "HIT"
    records_before, pids = count_records(sql), masters(stack)

    stack.pg.stop()
    try:
        from_app_cache = Visitor(b).get(ARTICLE)
        assert from_app_cache.status == 200, "the app's page cache did not answer"
        assert from_app_cache.body == cached_by_app.body
        from_varnish = Visitor(stack.varnish.port).get(ARTICLE)
        assert from_varnish.status == 200 and from_varnish.body == cached_by_app.body

        page = Visitor(a).get("/search/?q=foundation")  # never cached: needs the database
        assert page.status == 503, page.status
        assert int(page.header("Retry-After")) > 0
        assert "text/html" in page.header("Content-Type")
        assert "<h1" in page.text and "Server Error" not in page.text

        visitor = Visitor(b, forwarded_for="198.51.100.21")
        as_json = visitor.choose("accept")
        assert as_json.status == 503, as_json.text[:300]
        assert as_json.header("Content-Type").startswith("application/json")
        assert as_json.json()["error"]  # what the banner script shows (static/js/consent.js)
        assert not sets_consent_cookie(as_json), "a choice that was not recorded was confirmed"
        as_form = visitor.choose("decline", as_json=False)
        assert as_form.status == 503
        assert "text/html" in as_form.header("Content-Type") and "<h1" in as_form.text
        assert not sets_consent_cookie(as_form)

        health = Visitor(a).get("/healthz")
        assert health.status == 503
        assert "database" in health.text.lower()
        assert masters(stack) == pids
    finally:
        stack.pg.start()

    def recovered():
        return all(Visitor(p).get("/search/?q=foundation").status == 200 for p in (a, b))

    wait_until(recovered, 30, "both servers after PostgreSQL came back")
    assert masters(stack) == pids, "a server was restarted"
    assert all(Visitor(p).get("/healthz").status == 200 for p in (a, b))
    assert count_records(sql) == records_before, "something was written during the outage"
    after = Visitor(a, forwarded_for="198.51.100.22").choose("accept")
    assert after.status == 200 and after.json()["stored"] is True
    assert count_records(sql) == records_before + 1


def test_redis_outage_serves_every_page_uncached_and_still_records_consent(stack, sql):
    a, b = (app.port for app in stack.apps)
    records_before = count_records(sql)
    stack.redis.stop()
    try:
        for port in (a, b):
            for path in EVERY_KIND_OF_PAGE:
                response = Visitor(port).get(path)
                assert response.status == 200, f"{path} on :{port} answered {response.status}"
        health = Visitor(a).get("/healthz")
        assert health.status == 503
        assert "cache" in health.text.lower()
        for turn, port in enumerate((a, b)):
            visitor = Visitor(port, forwarded_for=f"198.51.100.{30 + turn}")
            choice = visitor.choose("accept")
            assert choice.status == 200, choice.text[:300]
            assert choice.json()["stored"] is True
            assert Visitor(port).choose("decline", as_json=False).status == 303
    finally:
        redis_back(stack)
    assert count_records(sql) == records_before + 4


def test_policy_changed_during_a_redis_outage_is_recorded_against_at_once(stack, editor, sql):
    """Without the shared cache each server falls back to its own memory; a policy change
    made through A must still be what B records against, not B's remembered version."""
    b = stack.apps[1].port
    visitor = Visitor(b, forwarded_for="198.51.100.51")
    stack.redis.stop()
    try:
        before = visitor.choose("accept").json()["version"]
        wording = f"Asked again while the cache is away ({secrets.token_hex(4)})."
        change_banner_text(editor, wording)
        after = visitor.choose("decline")
        assert after.status == 200, after.text[:300]
    finally:
        redis_back(stack)
    version = after.json()["version"]
    assert version != before, "server B recorded against the version it remembered"
    (text,) = sql("SELECT text FROM consent_consentpolicyversion WHERE id = %s", version)[0]
    assert wording in text
