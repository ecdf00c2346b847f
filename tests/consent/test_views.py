"""The visitor-facing flow end to end: no-JS forms, JSON, re-consent, expiry, GPC, dedupe,
rate limits and bad input."""

import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from consent import state
from consent.models import ConsentMethod, ConsentRecord, ConsentTextSettings
from consent.policy import consent_config, invalidate_config

COOKIE = "am_consent"
# The Embedded media groups (consent/migrations/0008_embedded_media_groups.py), refused.
NO_EMBEDS = {"embeds_youtube": False, "embeds_vimeo": False}


def records():
    return list(ConsentRecord.objects.order_by("created_at", "pk"))


def current_state(client):
    return state.decode(client.cookies[COOKIE].value)


def state_css(client):
    return client.get("/cookies/state.css").content.decode()


# --- the no-JavaScript flow -------------------------------------------------------------


def test_banner_is_a_plain_form_with_equal_choices_and_nothing_pre_ticked(browser, home):
    html = browser.get("/").content.decode()
    banner = html[
        html.index('id="consent-banner"') : html.index(
            "</section>", html.index('id="consent-banner"')
        )
    ]
    assert 'method="post"' in banner
    for label in ("Accept all", "Reject all", "Manage preferences"):
        assert label in banner
    # All three first-layer choices share one class: same size and prominence.
    assert banner.count('class="consent-btn"') == 3
    assert 'href="/cookies/"' in banner  # Learn more
    assert " checked" not in html
    assert 'name="next" value="/"' in banner


def test_no_js_accept_records_sets_cookies_and_redirects_back(browser, home):
    response = browser.choose(
        "/cookies/accept/",
        {"next": "/some/page/?q=private"},
        HTTP_USER_AGENT="U" * 300,
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 303
    assert response["Location"] == "/some/page/?q=private"
    [record] = records()
    assert record.method == ConsentMethod.ACCEPT_ALL
    assert record.decisions == {
        "analytics": True,
        "personalisation": True,
        "embeds_youtube": True,
        "embeds_vimeo": True,
    }
    assert record.path == "/some/page/"
    assert len(record.user_agent) == 200
    assert record.policy_version_id == consent_config()["version"]
    assert "198.51.100" not in record.ip_hash and len(record.ip_hash) == 64
    consent = current_state(browser)
    assert consent.consent_id == record.consent_id
    assert consent.accepted == {"analytics", "personalisation", "embeds_youtube", "embeds_vimeo"}
    assert "analytics=" in browser.cookies["cookie_consent"].value  # the library's cookie too
    assert browser.cookies[COOKIE]["httponly"] == ""  # the page script must read it
    assert "display:none" in state_css(browser)


def test_no_js_reject_and_preferences(browser, home):
    browser.choose("/cookies/decline/")
    browser.choose("/cookies/preferences/", {"cookie_groups": ["analytics"]})
    first, second = records()
    assert first.method == ConsentMethod.REJECT_ALL
    assert first.decisions == {"analytics": False, "personalisation": False, **NO_EMBEDS}
    assert second.method == ConsentMethod.PREFERENCES
    assert second.decisions == {"analytics": True, "personalisation": False, **NO_EMBEDS}
    assert first.consent_id == second.consent_id


def test_withdrawal_is_recorded_and_expires_analytics_cookies(browser, home):
    browser.choose("/cookies/accept/")
    browser.cookies["_am_analytics"] = "abc"
    browser.cookies["_ga_XYZ"] = "1"
    response = browser.choose("/cookies/decline/")
    assert records()[-1].method == ConsentMethod.WITHDRAWAL
    assert response.cookies["_am_analytics"]["max-age"] == 0
    assert response.cookies["_ga_XYZ"]["max-age"] == 0


def test_redirect_never_leaves_the_site(browser, home):
    response = browser.choose("/cookies/accept/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_policy_page_shows_the_visitors_consent_id_date_and_choices(browser, home):
    browser.choose("/cookies/preferences/", {"cookie_groups": ["personalisation"]})
    record = records()[-1]
    html = browser.get("/cookies/").content.decode()
    assert str(record.consent_id) in html
    assert 'data-consent-choice="analytics">Refused' in html
    assert 'data-consent-choice="personalisation">Accepted' in html
    assert re.search(r'id="consent-page-personalisation"[^>]*checked', html)
    assert not re.search(r'id="consent-page-analytics"[^>]*checked', html)


def test_policy_page_form_works_with_a_real_csrf_token_and_no_origin(browser, home):
    browser.get("/cookies/")
    token = browser.cookies["csrftoken"].value
    response = browser.choose(
        "/cookies/accept/", {"csrfmiddlewaretoken": token, "next": "/cookies/"}, origin=None
    )
    assert response.status_code == 303
    assert len(records()) == 1


# --- page HTML is the same whatever the visitor chose -------------------------------------


def test_page_html_is_identical_for_every_choice(browser, client, home):
    undecided = client.get("/").content
    browser.choose("/cookies/accept/")
    accepted = browser.get("/").content
    browser.choose("/cookies/decline/")
    declined = browser.get("/").content
    assert undecided == accepted == declined


def test_consent_mode_defaults_come_before_any_other_script(client, home):
    html = client.get("/").content.decode()
    first_script = html.index("<script")
    assert html[first_script:].startswith('<script id="consent-boot"')
    boot = html[first_script : html.index("</script>", first_script)]
    for key in ("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage"):
        assert f'{key}:"denied"' in boot


# --- re-consent and expiry ----------------------------------------------------------------


def test_new_policy_version_asks_again_and_keeps_the_consent_id(browser, home):
    browser.choose("/cookies/accept/")
    old_version = consent_config()["version"]
    assert "display:none" in state_css(browser)

    texts = ConsentTextSettings.load()
    texts.banner_text = "We changed what we ask."
    texts.save()
    invalidate_config()
    new_version = consent_config()["version"]
    assert new_version != old_version

    assert "display:none" not in state_css(browser)
    html = browser.get("/").content.decode()
    assert f'data-version="{new_version}"' in html
    assert "policy has changed" in browser.get("/cookies/").content.decode()

    browser.choose("/cookies/decline/", {"policy_version": str(new_version)})
    first, second = records()
    assert second.policy_version_id == new_version
    assert first.consent_id == second.consent_id
    # The accept was made under a policy no longer in force, so this is not a withdrawal.
    assert second.method == ConsentMethod.REJECT_ALL


@override_settings(CONSENT_CHOICE_MAX_AGE_DAYS=30)
def test_choice_expires_after_the_configured_period(browser, home):
    version = consent_config()["version"]
    cid = uuid.uuid4()

    def accepted_days_ago(days):
        return state.encode(
            state.ConsentState(
                state.VALID,
                cid,
                version,
                timezone.now() - timedelta(days=days),
                ConsentMethod.ACCEPT_ALL,
                frozenset(["analytics"]),
            )
        )

    browser.cookies[COOKIE] = accepted_days_ago(31)
    assert "display:none" not in state_css(browser)
    assert "expired" in browser.get("/cookies/").content.decode()
    browser.cookies[COOKIE] = accepted_days_ago(29)
    assert "display:none" in state_css(browser)
    response = browser.choose("/cookies/accept/")
    assert response.cookies[COOKIE]["max-age"] == 30 * 24 * 3600


# --- JSON (fetch) flow ----------------------------------------------------------------------


def test_fetch_flow_answers_json_without_redirect(browser, home):
    response = browser.choose("/cookies/preferences/", {"cookie_groups": "analytics"}, json=True)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["stored"]
    assert body["accepted"] == ["analytics"]
    assert body["record"] == records()[0].pk
    assert body["version"] == consent_config()["version"]


# --- GPC ----------------------------------------------------------------------------------


def test_gpc_is_recorded_as_a_refusal(browser, home):
    response = browser.choose("/cookies/gpc/", json=True, HTTP_SEC_GPC="1")
    assert response.status_code == 200
    [record] = records()
    assert record.method == ConsentMethod.GPC
    assert record.decisions == {"analytics": False, "personalisation": False, **NO_EMBEDS}
    assert current_state(browser).accepted == frozenset()


def test_gpc_endpoint_needs_the_signal(browser, home):
    response = browser.choose("/cookies/gpc/", json=True)
    assert response.status_code == 400
    assert "Global Privacy Control" in response.json()["error"]
    assert records() == []


def test_gpc_does_not_override_an_explicit_choice_and_visitor_can_opt_in(browser, home):
    browser.choose("/cookies/gpc/", HTTP_SEC_GPC="1")
    browser.choose("/cookies/accept/", HTTP_SEC_GPC="1")  # explicit opt-in wins
    response = browser.choose("/cookies/gpc/", json=True, HTTP_SEC_GPC="1")
    assert response.json()["stored"] is False
    assert [r.method for r in records()] == [ConsentMethod.GPC, ConsentMethod.ACCEPT_ALL]
    assert current_state(browser).accepted == {
        "analytics",
        "personalisation",
        "embeds_youtube",
        "embeds_vimeo",
    }


def test_policy_page_acknowledges_gpc(client, home):
    assert "Global Privacy Control" in client.get("/cookies/", HTTP_SEC_GPC="1").content.decode()


# --- dedupe and rate limiting -------------------------------------------------------------


def test_repeated_identical_submission_is_stored_once(browser, home):
    browser.choose("/cookies/accept/")
    second = browser.choose("/cookies/accept/", json=True)
    assert second.status_code == 200 and second.json()["stored"] is False
    assert len(records()) == 1


@override_settings(CONSENT_RATE_LIMIT=3, CONSENT_RATE_LIMIT_WINDOW=60)
def test_rate_limit_answers_429_and_stores_nothing(browser, home):
    for _ in range(3):
        browser.choose("/cookies/decline/", REMOTE_ADDR="192.0.2.1")
        browser.cookies.clear()  # a new visitor each time: no dedupe
    response = browser.choose("/cookies/accept/", json=True, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert "Too many" in response.json()["error"]
    assert int(response["Retry-After"]) > 0
    assert len(records()) == 3
    other = browser.choose("/cookies/accept/", REMOTE_ADDR="192.0.2.2")
    assert other.status_code == 303


@override_settings(CONSENT_RATE_LIMIT=0)
def test_rate_limit_can_be_switched_off(browser, home):
    for _ in range(40):
        assert browser.choose("/cookies/decline/", REMOTE_ADDR="192.0.2.9").status_code == 303
        browser.cookies.clear()


# --- bad input: 4xx with a clear message, no record, never 500 -----------------------------


@pytest.mark.parametrize(
    ("url", "data", "status", "message"),
    [
        ("/cookies/preferences/", {"cookie_groups": "tracking"}, 400, "Unknown cookie group"),
        ("/cookies/accept/", {"cookie_groups": "nope"}, 400, "Unknown cookie group"),
        ("/cookies/decline/", {"cookie_groups": "necessary"}, 400, "cannot be declined"),
        ("/cookies/accept/", {"policy_version": "abc"}, 400, "not a number"),
        ("/cookies/accept/", {"policy_version": "999999"}, 400, "does not exist"),
        # str.isdigit() accepts these, int() does not (or reads a different number)
        ("/cookies/accept/", {"policy_version": "\u00b2"}, 400, "not a number"),
        ("/cookies/accept/", {"policy_version": "\u0661"}, 400, "not a number"),
        ("/cookies/preferences/", {"cookie_groups": ["x"] * 60}, 400, "Too many"),
    ],
)
def test_invalid_choices_are_refused(browser, home, url, data, status, message):
    for as_json in (True, False):
        response = browser.choose(url, data, json=as_json)
        assert response.status_code == status
        assert message in response.content.decode()
    assert records() == []


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no token, no Origin, no Referer
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_X_CSRFTOKEN": "forged-token-value-that-is-wrong-000000000000000000000"},
    ],
)
def test_missing_or_cross_site_csrf_is_refused(browser, home, headers):
    response = browser.post("/cookies/accept/", {}, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == 403
    assert response.json()["error"]
    assert records() == []


def test_same_origin_referer_is_enough_for_old_browsers(browser, home):
    response = browser.post("/cookies/accept/", {}, HTTP_REFERER="http://testserver/a/")
    assert response.status_code == 303


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_wrong_method_is_405(browser, home, method):
    response = getattr(browser, method)("/cookies/accept/", HTTP_ACCEPT="application/json")
    assert response.status_code == 405
    assert "POST" in response.json()["error"]
    assert response["Allow"] == "POST"
    assert records() == []


def test_oversized_body_is_413(browser, home):
    response = browser.choose("/cookies/preferences/", {"cookie_groups": "a" * 10_000}, json=True)
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
    assert records() == []


def test_non_form_body_is_415(browser, home):
    response = browser.post(
        "/cookies/accept/",
        data='{"all": true}',
        content_type="application/json",
        HTTP_ORIGIN="http://testserver",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 415
    assert records() == []


def test_html_errors_render_a_page_with_the_message(browser, home):
    response = browser.choose("/cookies/decline/", {"cookie_groups": "necessary"})
    assert response.status_code == 400
    assert b'id="consent-error"' in response.content
    assert b"cannot be declined" in response.content


BAD_COOKIES = [
    "garbage",
    "x" * 4000,
    "1.12345678123456781234567812345678.1.1700000000.a.analytics:forged",
    '"\\\\;;==',
]


@pytest.mark.parametrize("bad", BAD_COOKIES)
def test_bad_consent_cookies_are_undecided_everywhere_and_expired(browser, section, bad):
    from tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section, slug="bad-cookie")
    browser.cookies[COOKIE] = bad
    for url in ("/", section.url, article.url, "/cookies/", "/cookies/state.css"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response.cookies[COOKIE]["max-age"] == 0, url
    assert "display:none" not in state_css(browser)
    # Choosing with a forged cookie starts a fresh consent id instead of trusting it.
    browser.cookies[COOKIE] = bad
    browser.choose("/cookies/accept/")
    assert records()[0].consent_id != uuid.UUID("12345678123456781234567812345678")


def test_undecided_visitors_lose_optional_cookies_but_keep_necessary_ones(client, home):
    client.cookies["_am_analytics"] = "x"
    client.cookies["am_prefs"] = "y"
    client.cookies["csrftoken"] = "z" * 32
    response = client.get("/")
    assert response.cookies["_am_analytics"]["max-age"] == 0
    assert response.cookies["am_prefs"]["max-age"] == 0
    assert "csrftoken" not in response.cookies


def test_granted_cookies_are_left_alone(browser, home):
    browser.choose("/cookies/preferences/", {"cookie_groups": "analytics"})
    browser.cookies["_am_analytics"] = "x"
    browser.cookies["am_prefs"] = "y"
    response = browser.get("/")
    assert "_am_analytics" not in response.cookies
    assert response.cookies["am_prefs"]["max-age"] == 0


def stored_state():
    """Everything a request could leave behind: the row count of every model's table and
    the keys in the (in-process) cache the test settings use."""
    rows = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    return rows, sorted(cache._cache)


def test_analytics_collect_endpoint_stores_nothing(client, db, home):
    """ "Stores" means: no row in any table, no cache entry, no cookie on the visitor. The page
    is fetched first so the cache holds whatever every request warms (settings, config)."""
    assert client.get("/").status_code == 200
    client.cookies.clear()
    before = stored_state()
    responses = [
        client.post("/analytics/collect/?e=pageview&u=/articles/", {"ref": "https://x.test/"}),
        client.get("/analytics/collect/?e=pageview"),
        client.head("/analytics/collect/"),
        client.put("/analytics/collect/"),
    ]
    assert [r.status_code for r in responses] == [204, 204, 204, 405]
    assert all(not r.cookies for r in responses)
    assert all(r.content == b"" for r in responses)
    assert stored_state() == before


def test_state_stylesheet_is_never_stored(client, db):
    response = client.get("/cookies/state.css")
    assert response["Content-Type"].startswith("text/css")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
