"""The Content-Security-Policy values, pinned source by source, for a public page with each
analytics provider, a non-HTML response and the admin. The consent app supplies its part
through the documented hook (astermind_site/csp.py: ``csp_sources`` on an AppConfig); these
values were the same before that hook existed.

django-csp writes the directives in an order that varies between processes (it iterates a
set), so each directive's value is compared, not the header's order."""

import base64
import hashlib
import re

import pytest
from django.template import loader

from consent.models import AnalyticsProvider
from tests.analytics import configure_analytics

STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def sha256(text):
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def boot_script():
    return sha256(loader.render_to_string("consent/boot.js"))


def error_page_styles():
    """The 500 and 503 pages share one style block: one hash (django-csp drops repeats)."""
    hashes = [
        sha256(block)
        for name in ("500.html", "503.html")
        for block in STYLE.findall(loader.render_to_string(name))
    ]
    assert len(hashes) == 2 and hashes[0] == hashes[1]
    return hashes[0]


def policy(response):
    """{directive: its value, exactly as sent}"""
    header = response["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in header.split(";")]
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def public_policy(script_src="", connect_src="", img_src=""):
    return {
        "default-src": "'self'",
        "script-src": f"'self' {boot_script()}{script_src}",
        "style-src": f"'self' {error_page_styles()}",
        "img-src": f"'self' data:{img_src}",
        "font-src": "'self'",
        "connect-src": f"'self'{connect_src}",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "report-to": "csp",
        "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com",
        "report-uri": "/csp-report/",
    }


GA4 = {"provider": AnalyticsProvider.GA4, "ga4_measurement_id": "G-ABC123XYZ"}
MATOMO = {
    "provider": AnalyticsProvider.MATOMO,
    "matomo_url": "https://stats.example.com/",
    "matomo_site_id": 7,
}
PLAUSIBLE = {
    "provider": AnalyticsProvider.PLAUSIBLE,
    "plausible_domain": "learn.example.com",
    "plausible_script_url": "https://plausible.io/js/script.js",
}


@pytest.mark.parametrize(
    ("analytics", "extra"),
    [
        (None, {}),
        (
            GA4,
            {
                "script_src": " https://www.googletagmanager.com",
                "connect_src": " https://*.google-analytics.com https://*.analytics.google.com"
                " https://*.googletagmanager.com",
                "img_src": " https://*.google-analytics.com https://*.googletagmanager.com",
            },
        ),
        (
            MATOMO,
            {
                "script_src": " https://stats.example.com",
                "connect_src": " https://stats.example.com",
                "img_src": " https://stats.example.com",
            },
        ),
        (
            PLAUSIBLE,
            {"script_src": " https://plausible.io", "connect_src": " https://plausible.io"},
        ),
    ],
)
def test_a_public_page_policy(client, home, analytics, extra):
    if analytics:
        configure_analytics(enabled=True, **analytics)
    response = client.get("/")
    assert response.status_code == 200
    assert policy(response) == public_policy(**extra)


def test_a_response_that_is_not_html_gets_the_hashes_but_no_third_party(client, home):
    configure_analytics(enabled=True, **GA4)
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    expected = public_policy()
    del expected["frame-src"]
    assert policy(response) == expected


def test_the_admin_policy(admin_client, home):
    assert policy(admin_client.get("/admin/")) == {
        "default-src": "'self'",
        "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob: https:",
        "font-src": "'self' data:",
        "connect-src": "'self' https://releases.wagtail.org",
        "frame-src": "'self' https:",
        "frame-ancestors": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "report-uri": "/csp-report/",
    }
