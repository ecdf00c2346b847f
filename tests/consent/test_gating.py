"""Analytics is delivered inert, per provider, and only consent.js can start it."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from consent import policy
from consent.models import (
    AnalyticsProvider,
    AnalyticsSettings,
    ConsentTextSettings,
    validate_script_url,
)
from tests.analytics import configure_analytics
from tests.page_text import assert_shows

TEMPLATE = re.compile(r'<template id="consent-analytics"[^>]*>(.*?)</template>', re.S)


def split(html):
    match = TEMPLATE.search(html)
    outside = TEMPLATE.sub("", html)
    return (match.group(1) if match else None), outside


def test_disabled_analytics_renders_nothing(client, home):
    configure_analytics(enabled=False, custom_script_url="/static/js/demo-analytics.js")
    inert, outside = split(client.get("/").content.decode())
    assert inert is None
    assert "demo-analytics" not in outside


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "provider": AnalyticsProvider.CUSTOM,
                "custom_script_url": "/static/js/demo-analytics.js",
            },
            '<script defer src="/static/js/demo-analytics.js">',
        ),
        (
            {"provider": AnalyticsProvider.GA4, "ga4_measurement_id": "G-ABC123XYZ"},
            "googletagmanager.com/gtag/js?id=G-ABC123XYZ",
        ),
        (
            {
                "provider": AnalyticsProvider.PLAUSIBLE,
                "plausible_domain": "learn.example.com",
                "plausible_script_url": "https://plausible.io/js/script.js",
            },
            'data-domain="learn.example.com" src="https://plausible.io/js/script.js"',
        ),
        (
            {
                "provider": AnalyticsProvider.MATOMO,
                "matomo_url": "https://stats.example.com",
                "matomo_site_id": 7,
            },
            'data-matomo-base="https://stats.example.com/" data-site-id="7"',
        ),
    ],
)
def test_each_provider_snippet_sits_inert_in_a_template(client, home, fields, expected):
    configure_analytics(enabled=True, **fields)
    inert, outside = split(client.get("/").content.decode())
    assert expected in inert
    # Nothing of the provider exists outside the inert <template>.
    for marker in ("demo-analytics", "googletagmanager", "plausible.io", "_paq", "matomo"):
        assert marker not in outside
    assert 'data-consent-group="analytics"' in client.get("/").content.decode()


def test_enabled_provider_needs_its_fields(home):
    with pytest.raises(ValidationError) as error:
        configure_analytics(enabled=True, provider=AnalyticsProvider.GA4, ga4_measurement_id="")
    assert "ga4_measurement_id" in error.value.message_dict


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "//evil.example/x.js", "http://insecure.example/x.js", 'x" onload="'],
)
def test_unsafe_script_urls_are_rejected(url):
    with pytest.raises(ValidationError):
        validate_script_url(url)


@pytest.mark.parametrize("url", ["/static/js/demo-analytics.js", "https://cdn.example/a.js"])
def test_safe_script_urls_are_accepted(url):
    validate_script_url(url)


def test_settings_change_reaches_the_page_without_waiting_for_the_cache(client, home):
    configure_analytics(enabled=True, custom_script_url="/static/js/demo-analytics.js")
    assert split(client.get("/").content.decode())[0] is not None
    configure_analytics(enabled=False)
    assert split(client.get("/").content.decode())[0] is None


def test_demo_setup_command_enables_the_demo_script(home, capsys):
    from django.core.management import call_command

    call_command("consent_demo_setup")
    assert "demo-analytics.js" in capsys.readouterr().out
    settings_obj = AnalyticsSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings_obj.is_active and settings_obj.provider == AnalyticsProvider.CUSTOM


def test_stable_hooks_for_browser_tests(client, home):
    configure_analytics(enabled=True, custom_script_url="/static/js/demo-analytics.js")
    html = client.get("/").content.decode()
    assert_shows(
        html,
        'id="consent-banner"',
        'id="consent-accept-all"',
        'id="consent-reject-all"',
        'id="consent-manage"',
        'id="consent-dialog"',
        'id="consent-save"',
        'id="consent-close"',
        'id="consent-status"',
        'id="consent-settings-link"',
        'id="consent-switch-analytics"',
        'id="consent-config"',
        'id="consent-analytics"',
        "data-consent-open",
        'role="status"',
        'aria-labelledby="consent-dialog-title"',
    )
    assert 'href="/cookies/#consent-preferences"' in html  # works without JavaScript


@pytest.mark.parametrize(("shared", "shown_after_change"), [(False, True), (True, False)])
def test_a_change_made_by_another_process_shows_at_once_without_a_shared_cache(
    client, home, settings, shared, shown_after_change
):
    """Another process (a second worker, `manage.py shell`) saves the setting: this process
    gets no signal. With no shared cache the next render must read it (issue 17: the analytics
    provider switched from a shell stayed stale for an hour); with Redis the saver's own
    signal clears the shared key, which an `update()` here does not send."""
    settings.SHARED_CACHE = shared
    configure_analytics(enabled=True, custom_script_url="/static/js/demo-analytics.js")
    assert split(client.get("/").content.decode())[0] is not None
    AnalyticsSettings.objects.update(custom_script_url="/static/js/other-analytics.js")
    inert = split(client.get("/").content.decode())[0]
    assert ("other-analytics.js" in inert) is shown_after_change


@pytest.mark.parametrize(("shared", "banner_follows"), [(False, True), (True, False)])
def test_wording_changed_by_another_process_reaches_the_banner_at_once_without_redis(
    client, home, settings, shared, banner_follows
):
    """Another process saves new banner wording and writes the policy version for it (what its
    signal does); this process gets no signal. Without a shared cache each render checks the
    newest policy version, so the banner follows at once; with Redis the saver's signal clears
    the shared copy, which is not sent here, so the old copy is what this process shows."""
    settings.SHARED_CACHE = shared
    assert "Cookie preferences" in client.get("/").content.decode()
    ConsentTextSettings.objects.update(banner_title="Your cookie choices")
    newer = policy.build_configs()["en"]["version"]  # the other process's work, not this cache's
    html = client.get("/").content.decode()
    assert (f'name="policy_version" value="{newer}"' in html) is banner_follows
    # The banner's title, not the script's "Your cookie choices have been saved." sentence.
    assert ('class="consent-title">Your cookie choices</h2>' in html) is banner_follows
