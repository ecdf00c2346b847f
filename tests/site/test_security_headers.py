"""Content-Security-Policy and Permissions-Policy on every public response."""

import re

import pytest
from django.template import loader

from astermind_site.csp import sha256_source
from consent.models import AnalyticsProvider
from tests.analytics import configure_analytics
from tests.factories import ArticlePageFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def public_paths(section):
    article = ArticlePageFactory(parent=section, title="Shielded", slug="shielded")
    article.tags.add("fundamentals")
    article.save_revision().publish()
    return ["/", section.url, article.url, "/tags/fundamentals/", "/search/?q=model", "/cookies/"]


def test_every_public_page_has_a_strict_policy_that_covers_its_inline_blocks(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        csp = directives(response)
        for forbidden in ("'unsafe-inline'", "'unsafe-eval'"):
            assert forbidden not in csp["script-src"], path
            assert forbidden not in csp["style-src"], path
        assert not any(source.startswith("'nonce-") for source in csp["script-src"])
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["report-uri"] == ["/csp-report/"]
        assert csp["report-to"] == ["csp"]
        assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'

        html = response.content.decode()
        run = [
            body
            for attributes, body in INLINE_SCRIPT.findall(html)
            if not any(kind in attributes for kind in DATA_TYPES)  # data blocks never run
        ]
        assert run, path  # the consent boot script, at least
        for body in run:
            assert sha256_source(body) in csp["script-src"], (path, body[:60])
        for body in INLINE_STYLE.findall(html):
            assert sha256_source(body) in csp["style-src"], path
        # Inline handlers and style attributes cannot be allowed by hashes without
        # 'unsafe-hashes': there must be none.
        assert not re.search(r"\son[a-z]+=", html), path
        assert not re.search(r"\sstyle=", html), path


def test_the_policy_is_the_same_for_every_visitor(client, public_paths):
    article = public_paths[2]
    first = client.get(article)
    client.cookies.clear()
    second = client.get(article, HTTP_USER_AGENT="another browser")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def test_error_pages_inline_styles_are_allowed_by_hash(client, db):
    csp = directives(client.get("/no-such-page/"))
    for page in ("500.html", "503.html"):
        style = INLINE_STYLE.search(loader.render_to_string(page)).group(1)
        assert sha256_source(style) in csp["style-src"], page


THIRD_PARTY = re.compile(r"https://\S+")


def third_party_sources(response):
    return {
        name: sorted(s for s in sources if THIRD_PARTY.fullmatch(s))
        for name, sources in directives(response).items()
        # frame-src names the video providers' players (tests/site/test_embed_csp.py)
        if name not in ("report-uri", "frame-src")
        and any(THIRD_PARTY.fullmatch(s) for s in sources)
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"enabled": False, "custom_script_url": "https://cdn.example.net/a.js"}, {}),
        ({"provider": AnalyticsProvider.CUSTOM, "custom_script_url": "/static/js/x.js"}, {}),
        (
            {
                "provider": AnalyticsProvider.CUSTOM,
                "custom_script_url": "https://cdn.example.net/a.js",
            },
            {
                "script-src": ["https://cdn.example.net"],
                "connect-src": ["https://cdn.example.net"],
            },
        ),
        (
            {
                "provider": AnalyticsProvider.PLAUSIBLE,
                "plausible_domain": "learn.example.com",
                "plausible_script_url": "https://plausible.io/js/script.js",
            },
            {"script-src": ["https://plausible.io"], "connect-src": ["https://plausible.io"]},
        ),
        (
            {
                "provider": AnalyticsProvider.MATOMO,
                "matomo_url": "https://stats.example.com/",
                "matomo_site_id": 7,
            },
            {
                "script-src": ["https://stats.example.com"],
                "connect-src": ["https://stats.example.com"],
                "img-src": ["https://stats.example.com"],
            },
        ),
        (
            {"provider": AnalyticsProvider.GA4, "ga4_measurement_id": "G-ABC123XYZ"},
            {
                "script-src": ["https://www.googletagmanager.com"],
                "connect-src": sorted(
                    [
                        "https://*.google-analytics.com",
                        "https://*.analytics.google.com",
                        "https://*.googletagmanager.com",
                    ]
                ),
                "img-src": sorted(
                    ["https://*.google-analytics.com", "https://*.googletagmanager.com"]
                ),
            },
        ),
    ],
)
def test_exactly_the_enabled_analytics_providers_origins_are_allowed(
    client, home, fields, expected
):
    configure_analytics(**{"enabled": True, **fields})
    assert third_party_sources(client.get("/")) == expected


def test_analytics_snippets_are_external_files_configured_by_data_attributes(client, home):
    # The Matomo base is given without its trailing slash: the snippet's data adds it.
    configure_analytics(
        enabled=True,
        provider=AnalyticsProvider.MATOMO,
        matomo_url="https://stats.example.com",
        matomo_site_id=3,
    )
    html = client.get("/").content.decode()
    inert = re.search(r'<template id="consent-analytics"[^>]*>(.*?)</template>', html, re.S)
    assert INLINE_SCRIPT.search(inert.group(1)) is None
    assert 'data-matomo-base="https://stats.example.com/" data-site-id="3"' in inert.group(1)


def test_the_admin_keeps_its_own_looser_policy(admin_client, home):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["frame-ancestors"] == ["'self'"]  # page previews frame the site in the admin
    assert csp["object-src"] == ["'none'"]


def test_a_page_preview_may_be_framed_by_the_admin(section, rf):
    article = ArticlePageFactory(parent=section, title="Previewed", slug="previewed")
    # Wagtail renders previews through the whole middleware chain with a dummy request
    # for the page's public path; the admin's preview panel frames the result.
    response = article.make_preview_request(rf.get(f"/admin/pages/{article.pk}/edit/preview/"))
    assert response.status_code == 200
    assert b"Previewed" in response.content
    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_permissions_policy_switches_device_features_off(client, home):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "browsing-topics=()"):
        assert feature in policy
