"""The Embedded media groups: one optional group per video provider, which "Always allow
YouTube" (static/js/embeds.js through consent.js's amConsent.allow) records as an ordinary
preferences choice: in the log, on the receipt, and withdrawn on /cookies/ like any other."""

import json
import re

from consent.audit.receipt import receipt_json, visitor_history
from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config
from consent.state import decode


def test_each_provider_has_an_optional_embedded_media_group(db):
    groups = {g["varname"]: g for g in consent_config()["groups"]}
    for varname, name in (
        ("embeds_youtube", "Embedded media: YouTube"),
        ("embeds_vimeo", "Embedded media: Vimeo"),
    ):
        assert groups[varname]["name"] == name
        assert groups[varname]["is_required"] is False
        assert groups[varname]["cookies"], "the provider's cookies are listed"
    assert {"embeds_youtube", "embeds_vimeo"} <= set(consent_config()["optional"])


def test_the_policy_text_names_the_groups(db):
    text = ConsentPolicyVersion.objects.get(pk=consent_config()["version"]).text
    assert "## Embedded media: YouTube [embeds_youtube] (optional)" in text


def always_allow(browser, groups, policy_version):
    """What amConsent.allow sends: the groups already accepted plus the provider's."""
    return browser.choose(
        "/cookies/preferences/",
        {"cookie_groups": groups, "policy_version": policy_version, "next": "/"},
        json=True,
    )


def test_always_allow_youtube_is_logged_and_on_the_receipt(browser, home, consent_version):
    response = always_allow(browser, ["embeds_youtube"], consent_version)
    assert response.status_code == 200
    assert response.json()["accepted"] == ["embeds_youtube"]
    record = ConsentRecord.objects.get()
    assert record.decisions["embeds_youtube"] is True
    assert record.decisions["embeds_vimeo"] is False
    assert record.decisions["analytics"] is False
    cookie = decode(browser.cookies["am_consent"].value)
    assert cookie.accepted == frozenset({"embeds_youtube"})
    receipt = json.loads(receipt_json(record.consent_id, list(visitor_history(record.consent_id))))
    purposes = {p["purpose"]: p["consented"] for p in receipt["services"][0]["purposes"]}
    assert purposes["Embedded media: YouTube cookies"] is True
    assert purposes["Embedded media: Vimeo cookies"] is False


def test_withdrawing_embedded_media_is_a_new_record_and_the_state_forgets_it(
    browser, home, consent_version
):
    always_allow(browser, ["analytics", "embeds_youtube"], consent_version)
    # On /cookies/ the visitor unticks Embedded media: YouTube and keeps analytics.
    response = browser.choose(
        "/cookies/preferences/",
        {"cookie_groups": ["analytics"], "policy_version": consent_version},
        json=True,
    )
    assert response.status_code == 200
    first, second = ConsentRecord.objects.order_by("pk")
    assert first.decisions["embeds_youtube"] is True
    assert second.decisions["embeds_youtube"] is False
    state = browser.get("/cookies/state.json").json()
    assert state["accepted"] == ["analytics"]


def test_the_cookie_page_offers_each_provider_as_a_choice(client, home):
    html = client.get("/cookies/").content.decode()
    assert re.search(r'<input[^>]*value="embeds_youtube"', html)
    assert "Embedded media: YouTube" in html


def test_the_page_config_tells_the_script_where_preferences_go(client, home):
    html = client.get("/").content.decode()
    config = json.loads(re.search(r'id="consent-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["preferencesUrl"] == "/cookies/preferences/"
    assert config["names"]["embeds_youtube"] == "Embedded media: YouTube"
