"""Consent on a German article, in a browser (issue 20): the banner and dialog in German, accept
and reject with and without JavaScript and by GPC, each recorded with language `de` under the
German text's version and hash; axe and the Nu checker on the German consent pages; screenshots
for people in docs/screenshots/issue-20/."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Locale

from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config

from .helpers import (
    DESKTOP,
    NAVIGATION_TIMEOUT_MS,
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
)
from .nu_checker import nu_errors
from .test_consent import (
    ANALYTICS_COOKIE,
    GPC_INIT,
    NECESSARY_COOKIES,
    NO_EMBEDS,
    analytics_requests,
    banner,
    dialog,
)

pytestmark = pytest.mark.e2e

ISSUE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue-20"
GERMAN_BANNER_CONTROLS = ("Alle akzeptieren", "Alle ablehnen", "Einstellungen verwalten")
ALL_GROUPS = (
    "Statistik, Personalisierung, Eingebettete Medien: YouTube und Eingebettete Medien: Vimeo"
)


@pytest.fixture
def demo_site(content):
    """The demo site with the demo analytics provider, as test_consent.consent_site has it."""
    call_command("consent_demo_setup", verbosity=0)
    for cache in caches.all():
        cache.clear()
    return content


@pytest.fixture
def german_article(demo_site):
    """The demo site (with demo analytics) and the foundation-model article in German, as the
    demo loader translates it (demo/translations/de/)."""
    article = demo_site.article.get_translation(Locale.objects.get(language_code="de")).specific
    assert article.live and article.title == "Was ist ein Foundation Model?"
    assert article.url == "/de/grundbegriffe/was-ist-ein-foundation-model/", article.url
    return article


def german_version():
    return ConsentPolicyVersion.objects.get(pk=consent_config("de")["version"])


def assert_recorded_in_german(record, method):
    version = german_version()
    assert (record.method, record.language) == (method, "de")
    assert record.policy_version_id == version.pk
    assert record.policy_version.sha256 == version.sha256
    assert version.sha256 == ConsentPolicyVersion.digest(version.text)
    assert version.text.startswith("# Banner\nCookie-Einstellungen\n")


def screenshot(page, name):
    ISSUE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ISSUE_SCREENSHOTS / f"{name}.png"), full_page=False)


ON_PHONE_AND_DESKTOP = pytest.mark.parametrize(
    ("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)]
)


# --------------------------------------------------------------------------- with JavaScript


@ON_PHONE_AND_DESKTOP
def test_the_banner_on_a_german_article_is_german_and_accept_is_recorded_in_german(
    visitor_factory, german_article, device, viewport
):
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page
    visitor.goto(german_article.url)
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text("Was ist ein Foundation Model?")
    expect(banner(page).get_by_role("heading")).to_have_text("Cookie-Einstellungen")
    expect(banner(page)).to_contain_text("AsterMind Learn setzt einige Cookies")
    for name in GERMAN_BANNER_CONTROLS:
        expect(banner(page).get_by_role("button", name=name, exact=True)).to_be_in_viewport(ratio=1)
    assert horizontal_overflow(page) <= 0
    assert set(visitor.cookie_names()) <= NECESSARY_COOKIES
    assert analytics_requests(visitor) == []

    banner(page).get_by_role("button", name="Alle akzeptieren").click()
    confirmation = page.locator("#consent-confirmation")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_contain_text(
        f"Sie haben die Cookies für {ALL_GROUPS} akzeptiert. "
        "Sie können Ihre Einstellungen jederzeit ändern."
    )
    expect(confirmation.get_by_role("button", name="Ausblenden")).to_be_visible()
    assert_recorded_in_german(ConsentRecord.objects.get(), "accept_all")
    # Analytics starts without a reload, as on English pages.
    expect(page.locator("html")).to_have_attribute("data-consent", "decided")
    # (Polled with page.evaluate: the page's CSP forbids the eval wait_for_function needs.)
    for _ in range(100):
        if f"{ANALYTICS_COOKIE}=" in page.evaluate("document.cookie"):
            break
        page.wait_for_timeout(100)
    assert f"{ANALYTICS_COOKIE}=" in page.evaluate("document.cookie")


def test_reject_in_the_german_dialog_is_recorded_in_german(visitor, german_article):
    page = visitor.page
    visitor.goto(german_article.url)
    banner(page).get_by_role("button", name="Einstellungen verwalten").click()
    expect(dialog(page)).to_be_visible()
    expect(dialog(page).get_by_role("heading", level=2)).to_have_text("Cookie-Einstellungen")
    expect(dialog(page).get_by_role("switch", name="Statistik")).not_to_be_checked()
    expect(
        dialog(page).get_by_role("button", name="Cookie-Einstellungen schließen")
    ).to_be_visible()
    dialog(page).get_by_role("button", name="Alle ablehnen").click()
    expect(page.locator("#consent-confirmation-text")).to_have_text(
        f"Sie haben die Cookies für {ALL_GROUPS} abgelehnt."
    )
    record = ConsentRecord.objects.get()
    assert_recorded_in_german(record, "reject_all")
    assert record.decisions == {"analytics": False, "personalisation": False, **NO_EMBEDS}
    assert analytics_requests(visitor) == []


def test_a_german_choice_stands_on_english_pages(visitor, german_article, demo_site):
    page = visitor.page
    visitor.goto(german_article.url)
    banner(page).get_by_role("button", name="Alle ablehnen").click()
    expect(page.locator("#consent-confirmation")).to_be_visible()
    visitor.goto(demo_site.article.url)
    expect(page.locator("h1")).to_have_text(demo_site.article.title)
    expect(banner(page)).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("data-consent", "decided")


# --------------------------------------------------------------------------- without JavaScript


def test_the_german_no_js_form_records_a_german_choice(visitor_factory, german_article):
    visitor = visitor_factory(javascript=False)
    page = visitor.page
    visitor.goto(german_article.url)
    manage = banner(page).get_by_role("link", name="Einstellungen verwalten")
    expect(manage).to_have_attribute("href", "/de/cookies/#consent-preferences")
    banner(page).get_by_role("button", name="Alle ablehnen").click()
    expect(page).to_have_url(re.compile(re.escape(german_article.url) + "$"))
    expect(banner(page)).to_be_hidden()
    assert_recorded_in_german(ConsentRecord.objects.get(), "reject_all")

    visitor.goto("/de/cookies/")
    expect(page.locator("h1")).to_have_text("Cookie-Richtlinie")
    expect(page.locator("[data-consent-choice=analytics]")).to_have_text("Abgelehnt")
    expect(page.locator("[data-consent-language]")).to_have_text("Deutsch")


# --------------------------------------------------------------------------- GPC


def test_gpc_on_a_german_article_is_recorded_in_german(visitor_factory, german_article):
    visitor = visitor_factory(extra_http_headers={"Sec-GPC": "1"}, init_script=GPC_INIT)
    page = visitor.page
    # A navigation, then the state check, then the GPC post: a navigation's time allowance.
    with page.expect_response(
        lambda r: "/de/cookies/gpc/" in r.url, timeout=NAVIGATION_TIMEOUT_MS
    ) as gpc:
        visitor.goto(german_article.url)
    assert gpc.value.ok
    expect(banner(page)).to_be_hidden()
    assert_recorded_in_german(ConsentRecord.objects.get(), "gpc")
    visitor.goto("/de/cookies/")
    expect(page.locator("[data-consent-gpc]")).to_contain_text("Global-Privacy-Control-Signal")


# --------------------------------------------------------------------------- accessibility


def test_no_serious_axe_violations_on_the_german_consent_pages(visitor_factory, german_article):
    visitor = visitor_factory(bypass_csp=True)
    page = visitor.page
    visitor.goto(german_article.url)
    expect(banner(page)).to_be_visible()
    found = {"banner": axe_violations(page)}
    banner(page).get_by_role("button", name="Einstellungen verwalten").click()
    expect(dialog(page)).to_be_visible()
    found["dialog"] = axe_violations(page, "#consent-dialog")
    visitor.goto("/de/cookies/")
    expect(page.locator("h1")).to_have_text("Cookie-Richtlinie")
    found["cookie policy"] = axe_violations(page)
    report = {where: describe_violations(v) for where, v in found.items() if v}
    assert report == {}, "\n".join(f"{where}:\n{text}" for where, text in report.items())


def test_the_german_consent_pages_pass_the_nu_checker(german_article, client, tmp_path):
    files = []
    for path in (german_article.url, "/de/cookies/"):
        response = client.get(path)
        assert response.status_code == 200, path
        target = tmp_path / f"page{len(files)}.html"
        target.write_bytes(response.content)
        files.append(target)
    problems = [
        f"{m.get('url')}: line {m.get('lastLine')}: {m['message']}" for m in nu_errors(files)
    ]
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("scheme", ["light", "dark"])
@ON_PHONE_AND_DESKTOP
def test_german_screenshots(visitor_factory, german_article, device, viewport, scheme):
    """For a person to look at: the German banner, dialog and cookie page."""
    page = visitor_factory(viewport=viewport, color_scheme=scheme).page
    page.goto(german_article.url)
    expect(banner(page)).to_be_visible()
    screenshot(page, f"banner-de-{device}-{scheme}")
    banner(page).get_by_role("button", name="Einstellungen verwalten").click()
    expect(dialog(page)).to_be_visible()
    screenshot(page, f"dialog-de-{device}-{scheme}")
    page.keyboard.press("Escape")
    page.goto("/de/cookies/")
    expect(page.locator("h1")).to_have_text("Cookie-Richtlinie")
    screenshot(page, f"cookies-de-{device}-{scheme}")
