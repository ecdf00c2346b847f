"""A consent cookie the server did not sign switches nothing on, even where the server never
sees it to expire it.

Behind Varnish (deploy/varnish/default.vcl) a cacheable page request reaches the app without
cookies, so a cookie planted from a sibling subdomain is never expired by the app's middleware
on the page itself; the browser script could read it. Here each page (document) request is
answered the way Varnish answers it: with the HTML the app serves to a cookie-less request and
no Set-Cookie. Everything else (the script's own calls to /cookies/...) goes to the app with
the browser's cookies, as Varnish passes them.
"""

import time
import urllib.request
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from consent import state
from consent.models import ConsentMethod
from consent.policy import consent_config

from .helpers import NAVIGATION_TIMEOUT_MS

pytestmark = pytest.mark.e2e

ANALYTICS = ("/static/js/demo-analytics.js", "/analytics/collect/")


@pytest.fixture
def consent_site(content):
    call_command("consent_demo_setup", verbosity=0)
    for cache in caches.all():
        cache.clear()
    return content


def serve_pages_as_varnish_does(visitor):
    """Answer page navigations with the cookie-less HTML, as a shared cache would."""

    def answer(route):
        request = route.request
        if request.resource_type != "document" or "/cookies/" in request.url:
            return route.continue_()
        with urllib.request.urlopen(request.url, timeout=20) as upstream:  # noqa: S310 - live server
            body = upstream.read()
            headers = {
                name: value
                for name, value in upstream.headers.items()
                if name.lower() not in ("set-cookie", "content-length", "content-encoding")
            }
            route.fulfill(status=upstream.status, headers=headers, body=body)

    visitor.context.route(lambda url: url.startswith(visitor.origin + "/"), answer)


def plant(visitor, value):
    visitor.context.add_cookies([{"name": "am_consent", "value": value, "url": visitor.origin}])


def forged_value(signature):
    version = consent_config()["version"]
    payload = f"1.{uuid.uuid4().hex}.{version}.{int(time.time())}.a.analytics~personalisation"
    return payload + signature


def analytics_requests(visitor):
    return [url for url in visitor.requests if any(part in url for part in ANALYTICS)]


def wait_for_confirmation(page, seconds=15):
    """Until consent.js has the server's answer (polled from here: the page's CSP forbids the
    eval that Playwright's wait_for_function needs)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("!!(window.amConsent && window.amConsent.confirmed)"):
        assert time.monotonic() < deadline, "consent.js never had the server's answer"
        page.wait_for_timeout(50)


@pytest.mark.parametrize("signature", ["", ":forged-signature-AAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_a_planted_cookie_claiming_analytics_loads_no_analytics(visitor, consent_site, signature):
    serve_pages_as_varnish_does(visitor)
    plant(visitor, forged_value(signature))
    page = visitor.page
    visitor.goto(consent_site.article.url)
    wait_for_confirmation(page)
    page.wait_for_timeout(600)  # time enough for a started analytics script to ping

    assert analytics_requests(visitor) == []
    assert page.evaluate("window.amConsent.state") is None
    # The banner the boot script hid (it believed the cookie) is back: the visitor chooses.
    expect(page.locator("#consent-banner")).to_be_visible()
    # The confirmation endpoint, which sees the cookie, expired it.
    assert "am_consent" not in visitor.cookie_names()

    # A later page in the same visit: still nothing.
    visitor.goto(consent_site.home.url)
    wait_for_confirmation(page)
    page.wait_for_timeout(300)
    assert analytics_requests(visitor) == []


def test_a_cookie_the_server_signed_still_starts_analytics(visitor, consent_site):
    """The control: the same set-up with a genuine cookie does load analytics, so the test
    above can see analytics when it runs."""
    serve_pages_as_varnish_does(visitor)
    genuine = state.encode(
        state.ConsentState(
            status=state.VALID,
            consent_id=uuid.uuid4(),
            policy_version=consent_config()["version"],
            decided_at=timezone.now(),
            method=ConsentMethod.ACCEPT_ALL,
            accepted=frozenset({"analytics", "personalisation"}),
        )
    )
    plant(visitor, genuine)
    page = visitor.page
    with page.expect_request(lambda r: ANALYTICS[1] in r.url, timeout=NAVIGATION_TIMEOUT_MS):
        visitor.goto(consent_site.article.url)
    assert page.evaluate("window.amConsent.state.a") == ["analytics", "personalisation"]
    expect(page.locator("#consent-banner")).to_be_hidden()
