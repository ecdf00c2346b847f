"""Where the banner is (and is not), the provider's cookies on /cookies/, and the visitor's
own signed receipt."""

import json
import uuid

import pytest
from django.utils import timezone

from consent import state
from consent.analytics import groups_for_provider
from consent.audit.receipt_check import verify_receipt
from consent.conf import settings
from consent.log import make_checkpoint
from consent.models import (
    AnalyticsProvider,
    ConsentMethod,
    ConsentPolicyVersion,
    ConsentRecord,
)
from consent.policy import consent_config
from tests.analytics import configure_analytics


def body(html):
    return html[html.index("<body") :]


def test_banner_comes_first_in_the_body_with_its_confirmation(client, home):
    html = body(client.get("/").content.decode())
    banner = html.index('id="consent-banner"')
    assert banner < html.index('class="skip-link"') < html.index("<header")
    # The confirmation is in every page, hidden until consent.js fills it after a choice.
    confirmation = html[html.index('id="consent-confirmation"') :]
    assert confirmation.split(">")[0].count(" hidden") == 1
    assert 'id="consent-hide"' in confirmation
    # Manage preferences works without JavaScript: a link to the policy page's form.
    assert 'id="consent-manage" href="/cookies/#consent-preferences"' in html
    # The dialog is still in the page, at the end.
    assert html.index('id="consent-dialog"') > html.index("</footer>")


def test_no_banner_on_the_cookie_page_but_the_dialog_and_config_remain(client, home):
    html = client.get("/cookies/").content.decode()
    assert 'id="consent-banner"' not in html
    assert 'id="consent-confirmation"' not in html
    assert 'id="consent-config"' in html and 'id="consent-dialog"' in html


def test_no_banner_in_the_wagtail_preview(home):
    response = home.specific.make_preview_request()
    html = response.render().content.decode() if hasattr(response, "render") else ""
    html = html or response.content.decode()
    assert "<header" in html
    assert 'id="consent-banner"' not in html


def test_page_html_is_the_same_with_and_without_a_choice(client, home):
    anonymous = client.get("/").content.decode()
    decided = state.ConsentState(
        status=state.VALID,
        consent_id=uuid.uuid4(),
        policy_version=consent_config()["version"],
        decided_at=timezone.now(),
        method=ConsentMethod.REJECT_ALL,
    )
    client.cookies[settings.CONSENT_COOKIE_NAME] = state.encode(decided)
    assert client.get("/").content.decode() == anonymous


# --- the cookie list follows the configured analytics provider ----------------------------


def analytics_cookies(client):
    html = client.get("/cookies/").content.decode()
    section = html[
        html.index('id="cookies-analytics"') : html.index('id="cookies-personalisation"')
    ]
    return {
        name
        for name in ("_am_analytics", "_ga", "_ga_*", "_pk_id*", "_pk_ses*")
        if f"<code>{name}</code>" in section
    }


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"enabled": False}, set()),
        (
            {
                "enabled": True,
                "provider": AnalyticsProvider.PLAUSIBLE,
                "plausible_domain": "example.org",
            },
            set(),
        ),
        (
            {
                "enabled": True,
                "provider": AnalyticsProvider.GA4,
                "ga4_measurement_id": "G-ABC1234567",
            },
            {"_ga", "_ga_*"},
        ),
        (
            {
                "enabled": True,
                "provider": AnalyticsProvider.MATOMO,
                "matomo_url": "https://stats.example.org/",
                "matomo_site_id": 3,
            },
            {"_pk_id*", "_pk_ses*"},
        ),
        (
            {
                "enabled": True,
                "provider": AnalyticsProvider.CUSTOM,
                "custom_script_url": "/static/js/demo-analytics.js",
            },
            {"_am_analytics"},
        ),
    ],
    ids=["none", "plausible", "ga4", "matomo", "custom"],
)
def test_cookie_page_lists_only_the_configured_providers_cookies(client, home, fields, expected):
    configure_analytics(**fields)
    assert analytics_cookies(client) == expected


def test_other_groups_are_untouched_by_the_provider_filter(db):
    groups = consent_config()["groups"]
    narrowed = groups_for_provider(groups, None)
    for before, after in zip(groups, narrowed, strict=True):
        if before["varname"] != "analytics":
            assert after == before
    assert next(g for g in narrowed if g["varname"] == "analytics")["cookies"] == []


# --- the visitor's receipt ---------------------------------------------------------------


def record(consent_id, method=ConsentMethod.ACCEPT_ALL):
    version = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
    return ConsentRecord.objects.create(
        consent_id=consent_id,
        method=method,
        decisions={"analytics": method == ConsentMethod.ACCEPT_ALL, "personalisation": False},
        policy_version=version,
        created_at=timezone.now(),
        path="/",
        user_agent="Mozilla/5.0",
        ip_hash="a" * 64,
    )


def signed_cookie(consent_id):
    return state.encode(
        state.ConsentState(
            status=state.VALID,
            consent_id=consent_id,
            policy_version=consent_config()["version"],
            decided_at=timezone.now(),
            method=ConsentMethod.ACCEPT_ALL,
            accepted=frozenset({"analytics"}),
        )
    )


def test_visitor_downloads_their_own_signed_receipt(client, home):
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    record(mine)
    record(mine, ConsentMethod.WITHDRAWAL)
    record(theirs)
    client.cookies[settings.CONSENT_COOKIE_NAME] = signed_cookie(mine)
    make_checkpoint(force=True)

    page = client.get("/cookies/").content.decode()
    assert 'id="consent-receipt-link"' in page and "/cookies/receipt/" in page

    response = client.get("/cookies/receipt/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    receipt = json.loads(response.content)
    assert receipt["piiPrincipalId"] == str(mine)
    assert [r["method"] for r in receipt["records"]] == ["accept_all", "withdrawal"]
    assert verify_receipt(receipt)
    receipt["records"][0]["decisions"]["analytics"] = False
    assert not verify_receipt(receipt), "an edited receipt must fail its signature"


@pytest.mark.parametrize("cookie", [None, "1.forged", "x" * 900])
def test_no_receipt_without_a_valid_signed_cookie(client, home, cookie):
    if cookie:
        client.cookies[settings.CONSENT_COOKIE_NAME] = cookie
    response = client.get("/cookies/receipt/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_receipt_refuses_post(client, home):
    assert client.post("/cookies/receipt/").status_code == 405
