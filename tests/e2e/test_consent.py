"""The cookie banner, the preferences dialog, analytics gating, no-JS and GPC, in a browser.

Analytics is the site's own demo provider (``manage.py consent_demo_setup``): a same-origin
script, /static/js/demo-analytics.js, that sets ``_am_analytics`` and pings
/analytics/collect/. So "analytics ran" is a request this suite can see without the internet.
"""

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from playwright.sync_api import expect

from consent.models import ConsentRecord

from .helpers import (
    DESKTOP,
    NAVIGATION_TIMEOUT_MS,
    PHONE,
    axe_violations,
    describe_violations,
    focus_is_inside,
    focused_id,
    horizontal_overflow,
    overlaps_vertically,
    press_keys,
    save_screenshot,
    tab_to,
)

pytestmark = pytest.mark.e2e

ANALYTICS_SCRIPT = "/static/js/demo-analytics.js"
ANALYTICS_PING = "/analytics/collect/"
ANALYTICS_COOKIE = "_am_analytics"
# The registry's "necessary" group: the only cookies a visitor may hold before choosing.
NECESSARY_COOKIES = {"am_consent", "cookie_consent", "csrftoken", "sessionid"}
# The Embedded media groups (consent/migrations/0008_embedded_media_groups.py).
ALL_EMBEDS = {"embeds_youtube": True, "embeds_vimeo": True}
NO_EMBEDS = {"embeds_youtube": False, "embeds_vimeo": False}
BANNER_CONTROLS = (
    ("button", "Accept all"),
    ("button", "Reject all"),
    ("button", "Manage preferences"),  # a link to /cookies/ until consent.js runs
)


@pytest.fixture
def consent_site(content):
    """The demo site with the demo analytics provider configured, as `make run` has it."""
    call_command("consent_demo_setup", verbosity=0)
    for cache in caches.all():
        cache.clear()
    return content


def analytics_requests(visitor, since=0):
    return [
        url for url in visitor.requests[since:] if ANALYTICS_SCRIPT in url or ANALYTICS_PING in url
    ]


def banner(page):
    return page.locator("#consent-banner")


def dialog(page):
    return page.locator("#consent-dialog")


def mark_document(page):
    """Tag the current document so a test can tell a reload apart from an in-page update."""
    page.evaluate("window.__e2eSameDocument = true")


def same_document(page):
    return page.evaluate("window.__e2eSameDocument === true")


def wait_for_saved(page):
    """A stored choice shows: a choice made in the banner (or the dialog it opened) turns
    the banner into its confirmation; one made later from Cookie settings is announced in
    the live region."""
    saved = page.locator("#consent-confirmation:visible").or_(saved_from_settings(page))
    # Both may show at once: a confirmation left from the banner, and the announcement.
    expect(saved.first).to_be_attached()


def saved_from_settings(page):
    return page.locator("#consent-status", has_text="Your cookie choices have been saved.")


def open_next_article(visitor, content):
    """Go on to another page the way a reader does: by following a link."""
    visitor.page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=content.section.title
    ).click()
    expect(visitor.page.locator("h1")).to_have_text(content.section.title)


# --------------------------------------------------------------------------- first visit


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_first_visit_shows_the_banner_and_sets_nothing_optional(
    visitor_factory, consent_site, device, viewport
):
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page
    visitor.goto(consent_site.article.url)
    page.wait_for_load_state("load")

    expect(banner(page)).to_be_visible()
    save_screenshot(page, f"banner-{device}", full_page=False)
    assert horizontal_overflow(page) <= 0, f"the page is wider than a {device} screen"
    expect(banner(page).get_by_role("heading")).to_be_visible()
    for role, name in BANNER_CONTROLS:
        control = banner(page).get_by_role(role, name=name, exact=True)
        # Wholly on screen without scrolling.
        expect(control).to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") == 0

    assert visitor.foreign_requests() == []
    assert analytics_requests(visitor) == []
    assert set(visitor.cookie_names()) <= NECESSARY_COOKIES, visitor.cookie_names()
    assert ConsentRecord.objects.count() == 0


ON_PHONE_AND_DESKTOP = pytest.mark.parametrize(
    ("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)], ids=["phone", "desktop"]
)


@pytest.fixture
def banner_on_article(visitor_factory, consent_site, viewport):
    """The article as a first-time visitor sees it on ``viewport`` (from ON_PHONE_AND_DESKTOP),
    the banner showing: the page."""
    visitor = visitor_factory(viewport=viewport)
    visitor.goto(consent_site.article.url)
    expect(banner(visitor.page)).to_be_visible()
    return visitor.page


@ON_PHONE_AND_DESKTOP
def test_banner_takes_at_most_a_third_of_the_screen(banner_on_article, device, viewport):
    height = banner(banner_on_article).bounding_box()["height"]
    assert height <= viewport["height"] / 3, f"{device}: banner {height:.0f}px high"


@ON_PHONE_AND_DESKTOP
def test_banner_leaves_the_article_heading_in_sight(banner_on_article, device):
    page = banner_on_article
    heading = page.locator("h1")
    expect(heading).to_be_in_viewport(ratio=1)
    covered = overlaps_vertically(banner(page).bounding_box(), heading.bounding_box())
    assert not covered, f"{device}: the banner covers the article heading"


@ON_PHONE_AND_DESKTOP
def test_preferences_dialog_fits_the_screen_with_its_buttons_in_sight(
    visitor_factory, consent_site, device, viewport
):
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page
    visitor.goto(consent_site.home.url)
    banner(page).get_by_role("button", name="Manage preferences").click()
    expect(dialog(page)).to_be_visible()
    save_screenshot(page, f"preferences-{device}", full_page=False)
    expect(dialog(page)).to_be_in_viewport(ratio=1)
    for control in ("consent-save", "consent-dialog-accept-all", "consent-dialog-reject-all"):
        # In sight without scrolling the dialog: its own scroll box clips what is below.
        expect(page.locator(f"#{control}")).to_be_in_viewport(ratio=1)


@ON_PHONE_AND_DESKTOP
def test_banner_is_in_the_page_flow_above_the_skip_link_and_header(banner_on_article, device):
    page = banner_on_article
    box = banner(page).bounding_box()
    header = page.locator("header.site-header").bounding_box()
    assert box["y"] == 0, (device, box)
    assert box["y"] + box["height"] <= header["y"] + 0.5, (device, box, header)
    # Nothing fixed or sticky: scrolling the article takes the banner away with the page.
    assert banner(page).evaluate("el => getComputedStyle(el).position") == "static"
    # (page.evaluate, not wait_for_function: the page's CSP forbids the eval that needs.)
    assert page.evaluate("window.scrollTo(0, 400), window.scrollY") >= 400
    assert banner(page).bounding_box()["y"] < 0, "the banner followed the scroll"
    first = page.evaluate("document.body.firstElementChild.id")
    assert first == "consent-banner"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@ON_PHONE_AND_DESKTOP
def test_banner_screenshots(visitor_factory, consent_site, device, viewport, scheme):
    """For a person to look at (e2e-screenshots/): the banner, its confirmation, the dialog."""
    page = visitor_factory(viewport=viewport, color_scheme=scheme).page
    page.goto(consent_site.article.url)
    expect(banner(page)).to_be_visible()
    save_screenshot(page, f"issue10-banner-{device}-{scheme}", full_page=False)
    banner(page).get_by_role("button", name="Manage preferences").click()
    expect(dialog(page)).to_be_visible()
    save_screenshot(page, f"issue10-dialog-{device}-{scheme}", full_page=False)
    dialog(page).get_by_role("button", name="Reject all").click()
    expect(page.locator("#consent-confirmation")).to_be_visible()
    save_screenshot(page, f"issue10-confirmation-{device}-{scheme}", full_page=False)


def test_no_banner_on_the_cookie_page(visitor_factory, consent_site):
    for javascript in (True, False):
        page = visitor_factory(viewport=PHONE, javascript=javascript).page
        page.goto("/cookies/")
        expect(page.locator("h1")).to_have_text("Cookie policy")
        expect(banner(page)).to_have_count(0)
        expect(page.locator("#consent-preferences")).to_be_visible()


@ON_PHONE_AND_DESKTOP
def test_a_choice_turns_the_banner_into_a_focused_confirmation(
    visitor_factory, consent_site, device, viewport
):
    page = visitor_factory(viewport=viewport).page
    page.goto(consent_site.article.url)
    mark_document(page)
    heading_before = page.locator("h1").bounding_box()["y"]
    banner(page).get_by_role("button", name="Accept all").click()
    confirmation = page.locator("#consent-confirmation")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_contain_text(
        "You accepted analytics, personalisation, embedded media: YouTube and "
        "embedded media: Vimeo cookies. "
        "You can change your settings at any time."
    )
    expect(banner(page)).to_be_hidden()
    assert focused_id(page) == "consent-confirmation"
    assert page.evaluate("window.scrollY") == 0, "the page scrolled"
    assert same_document(page)
    # The confirmation is shorter than the banner: the article moves up, never down.
    assert page.locator("h1").bounding_box()["y"] <= heading_before
    expect(page.locator("h1")).to_be_in_viewport(ratio=1)

    confirmation.get_by_role("button", name="Hide").click()
    expect(confirmation).to_be_hidden()
    assert focused_id(page) == "main"
    assert page.evaluate("window.scrollY") == 0


def test_reject_all_confirmation_says_what_was_refused(visitor, consent_site):
    page = visitor.page
    visitor.goto(consent_site.home.url)
    banner(page).get_by_role("button", name="Reject all").click()
    expect(page.locator("#consent-confirmation-text")).to_have_text(
        "You rejected analytics, personalisation, embedded media: YouTube and "
        "embedded media: Vimeo cookies."
    )


# --------------------------------------------------------------------------- choices


def test_accept_all_starts_analytics_without_a_reload_and_on_later_pages(visitor, consent_site):
    page = visitor.page
    visitor.goto(consent_site.article.url)
    expect(banner(page)).to_be_visible()
    assert analytics_requests(visitor) == []
    mark_document(page)

    with page.expect_request(lambda r: ANALYTICS_PING in r.url):  # its first pageview ping
        with page.expect_request(lambda r: ANALYTICS_SCRIPT in r.url):
            banner(page).get_by_role("button", name="Accept all").click()
    wait_for_saved(page)
    expect(banner(page)).to_be_hidden()
    assert same_document(page), "accepting reloaded the page"
    assert ANALYTICS_COOKIE in visitor.cookie_names()

    with page.expect_request(lambda r: ANALYTICS_SCRIPT in r.url):
        open_next_article(visitor, consent_site)
    expect(banner(page)).to_be_hidden()

    record = ConsentRecord.objects.get()
    assert record.method == "accept_all"
    assert record.decisions == {"analytics": True, "personalisation": True, **ALL_EMBEDS}
    assert record.path == consent_site.article.url
    assert visitor.foreign_requests() == []


def test_reject_all_keeps_analytics_off_here_and_later(visitor, consent_site):
    page = visitor.page
    visitor.goto(consent_site.article.url)
    mark_document(page)
    banner(page).get_by_role("button", name="Reject all").click()
    wait_for_saved(page)
    expect(banner(page)).to_be_hidden()
    assert same_document(page)

    open_next_article(visitor, consent_site)
    expect(banner(page)).to_be_hidden()
    visitor.goto(consent_site.home.url)
    expect(banner(page)).to_be_hidden()

    assert analytics_requests(visitor) == []
    assert ANALYTICS_COOKIE not in visitor.cookie_names()
    record = ConsentRecord.objects.get()
    assert record.method == "reject_all"
    assert record.decisions == {"analytics": False, "personalisation": False, **NO_EMBEDS}


# A pass-through spy: records the URL of every beacon and fetch the page sends, then sends it.
SEND_SPY = """
(() => {
  const sent = (window.__e2eSent = []);
  const beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url, data) => { sent.push(String(url)); return beacon(url, data); };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    sent.push(String((input && input.url) || input));
    return realFetch.apply(this, arguments);
  };
})();
"""


def ask_analytics_to_ping(page, event):
    """Ask the analytics script already on the page to send `event`; True if it sent it.
    The script sends synchronously or not at all, so this needs no waiting."""
    return page.evaluate(
        """(event) => {
            const before = window.__e2eSent.length;
            window.amDemoAnalytics.ping(event);
            return window.__e2eSent.slice(before).some((url) => url.includes('e=' + event));
        }""",
        event,
    )


def test_withdrawing_in_cookie_settings_stops_analytics_and_removes_its_cookie(
    visitor_factory, consent_site
):
    visitor = visitor_factory(init_script=SEND_SPY)
    page = visitor.page
    visitor.goto(consent_site.article.url)
    with page.expect_request(lambda r: ANALYTICS_PING in r.url):
        banner(page).get_by_role("button", name="Accept all").click()
    wait_for_saved(page)
    assert ANALYTICS_COOKIE in visitor.cookie_names()
    with page.expect_request(lambda r: "e=before-withdrawal" in r.url):
        assert ask_analytics_to_ping(page, "before-withdrawal")

    page.get_by_role("link", name="Cookie settings").click()
    expect(dialog(page)).to_be_visible()
    analytics = dialog(page).get_by_role("switch", name="Analytics")
    expect(analytics).to_be_checked()
    analytics.uncheck()
    dialog(page).get_by_role("button", name="Save preferences").click()
    expect(dialog(page)).to_be_hidden()
    # Not wait_for_saved: the banner's confirmation of the first choice may still show.
    expect(saved_from_settings(page)).to_be_attached()

    assert ANALYTICS_COOKIE not in visitor.cookie_names()
    # The script already running on this page goes quiet too.
    assert not ask_analytics_to_ping(page, "after-withdrawal")
    withdrawn_at = len(visitor.requests)
    open_next_article(visitor, consent_site)
    visitor.goto(consent_site.article.url)
    expect(page.locator("h1")).to_have_text(consent_site.article.title)
    assert analytics_requests(visitor, since=withdrawn_at) == []
    assert visitor.requests_matching("e=after-withdrawal") == []
    assert ANALYTICS_COOKIE not in visitor.cookie_names()

    methods = list(
        ConsentRecord.objects.order_by("created_at", "pk").values_list("method", flat=True)
    )
    assert methods == ["accept_all", "withdrawal"]
    assert ConsentRecord.objects.order_by("-created_at", "-pk").first().decisions == {
        "analytics": False,
        "personalisation": True,
        # Accept all also allowed the embedded media groups; only analytics was withdrawn.
        "embeds_youtube": True,
        "embeds_vimeo": True,
    }


# --------------------------------------------------------------------------- keyboard

DIALOG = "#consent-dialog"


def open_home_page(visitor, consent_site):
    visitor.goto(consent_site.home.url)
    visitor.page.wait_for_load_state("load")


def open_preferences_by_keyboard(page):
    """From the top of a fresh page: Tab to "Manage preferences", Enter to open it."""
    # The banner starts the page: its link, two buttons, then Manage preferences.
    assert press_keys(page, "Tab", 4)[-1] == "consent-manage"
    page.keyboard.press("Enter")
    expect(dialog(page)).to_be_visible()
    assert focus_is_inside(page, DIALOG), "opening the dialog left focus outside it"


def test_banner_and_dialog_work_with_the_keyboard_alone(visitor, consent_site):
    page = visitor.page
    open_home_page(visitor, consent_site)

    # The banner comes before the skip link, so it is the first thing Tab reaches.
    banner_order = ["consent-learn-more", "consent-accept-all", "consent-reject-all"]
    assert press_keys(page, "Tab", 3) == banner_order
    assert press_keys(page, "Tab", 1) == ["consent-manage"]
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"

    # Enter opens the dialog; focus goes in and cannot leave by Tab or Shift+Tab.
    page.keyboard.press("Enter")
    expect(dialog(page)).to_be_visible()
    assert page.evaluate("document.getElementById('consent-dialog').open")
    assert focus_is_inside(page, DIALOG)
    visited = [focused_id(page), *press_keys(page, "Tab", 8, within=DIALOG)]
    expected_controls = {
        "consent-switch-analytics",
        "consent-switch-personalisation",
        "consent-save",
        "consent-dialog-accept-all",
        "consent-dialog-reject-all",
        "consent-close",
    }
    assert expected_controls <= set(visited), visited
    backwards = press_keys(page, "Shift+Tab", 8, within=DIALOG)
    assert expected_controls <= set(backwards), backwards

    # Escape closes without saving and gives focus back to the control that opened it.
    page.keyboard.press("Escape")
    expect(dialog(page)).to_be_hidden()
    assert focused_id(page) == "consent-manage"
    assert ConsentRecord.objects.count() == 0

    # Reopen, switch analytics on with Space, save with Enter.
    page.keyboard.press("Enter")
    expect(dialog(page)).to_be_visible()
    page.locator("#consent-switch-analytics").focus()
    assert focused_id(page) == "consent-switch-analytics"
    page.keyboard.press("Space")
    expect(page.locator("#consent-switch-analytics")).to_be_checked()
    tab_to(page, "consent-save", within=DIALOG, limit=12)
    with page.expect_request(lambda r: ANALYTICS_SCRIPT in r.url):
        page.keyboard.press("Enter")
    expect(dialog(page)).to_be_hidden()
    wait_for_saved(page)
    # The banner that opened the dialog gave way to its confirmation, which has focus.
    assert focused_id(page) == "consent-confirmation"
    expect(page.locator("#consent-confirmation")).to_contain_text(
        "You accepted analytics cookies and rejected personalisation, "
        "embedded media: YouTube and embedded media: Vimeo cookies."
    )
    record = ConsentRecord.objects.get()
    assert record.method == "preferences"
    assert record.decisions == {"analytics": True, "personalisation": False, **NO_EMBEDS}


def test_dialog_close_button_and_accept_all_with_the_keyboard(visitor, consent_site):
    page = visitor.page
    open_home_page(visitor, consent_site)
    open_preferences_by_keyboard(page)
    # Shift+Tab from the first control wraps round to the last one, the close button.
    assert press_keys(page, "Shift+Tab", 1, within=DIALOG) == ["consent-close"]
    page.keyboard.press("Space")
    expect(dialog(page)).to_be_hidden()
    assert focused_id(page) == "consent-manage"

    page.keyboard.press("Enter")
    expect(dialog(page)).to_be_visible()
    tab_to(page, "consent-dialog-accept-all", within=DIALOG, limit=12)
    with page.expect_request(lambda r: ANALYTICS_SCRIPT in r.url):
        page.keyboard.press("Enter")
    expect(dialog(page)).to_be_hidden()
    wait_for_saved(page)
    expect(banner(page)).to_be_hidden()
    assert ConsentRecord.objects.get().method == "accept_all"


def test_reject_all_with_the_space_bar(visitor, consent_site):
    page = visitor.page
    open_home_page(visitor, consent_site)
    assert press_keys(page, "Tab", 3)[-1] == "consent-reject-all"
    page.keyboard.press("Space")
    wait_for_saved(page)
    expect(banner(page)).to_be_hidden()
    assert ConsentRecord.objects.get().method == "reject_all"
    assert analytics_requests(visitor) == []


# --------------------------------------------------------------------------- no JavaScript


def test_banner_form_records_a_choice_without_javascript(visitor_factory, consent_site):
    visitor = visitor_factory(javascript=False)
    page = visitor.page
    visitor.goto(consent_site.article.url)
    expect(banner(page)).to_be_visible()
    manage = banner(page).get_by_role("link", name="Manage preferences")
    expect(manage).to_have_attribute("href", "/cookies/#consent-preferences")

    banner(page).get_by_role("button", name="Reject all").click()
    expect(page).to_have_url(re.compile(re.escape(consent_site.article.url) + "$"))
    expect(page.locator("h1")).to_have_text(consent_site.article.title)
    expect(banner(page)).to_be_hidden()
    record = ConsentRecord.objects.get()
    assert record.method == "reject_all"
    assert "am_consent" in visitor.cookie_names()

    # The choice holds on the next page too, and the policy page shows it.
    visitor.goto("/cookies/")
    expect(banner(page)).to_be_hidden()
    expect(page.locator("[data-consent-choice=analytics]")).to_have_text("Refused")
    assert analytics_requests(visitor) == []


# --------------------------------------------------------------------------- GPC


GPC_INIT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"


def test_global_privacy_control_refuses_analytics_and_says_why(visitor_factory, consent_site):
    visitor = visitor_factory(extra_http_headers={"Sec-GPC": "1"}, init_script=GPC_INIT)
    page = visitor.page
    # A navigation, then the state check, then the GPC post: a navigation's time allowance.
    with page.expect_response(
        lambda r: "/cookies/gpc/" in r.url, timeout=NAVIGATION_TIMEOUT_MS
    ) as gpc:
        visitor.goto(consent_site.article.url)
    assert gpc.value.ok
    expect(banner(page)).to_be_hidden()
    record = ConsentRecord.objects.get()
    assert record.method == "gpc"
    assert record.decisions == {"analytics": False, "personalisation": False, **NO_EMBEDS}

    page.get_by_role("link", name="Cookie settings").click()
    expect(dialog(page)).to_be_visible()
    expect(dialog(page).get_by_role("switch", name="Analytics")).not_to_be_checked()
    page.keyboard.press("Escape")

    visitor.goto("/cookies/")
    expect(page.locator("[data-consent-gpc]")).to_contain_text("Global Privacy Control")
    expect(page.locator("[data-consent-choice=analytics]")).to_have_text("Refused")
    expect(page.locator("[data-consent-summary]")).to_contain_text("Global Privacy Control")
    assert analytics_requests(visitor) == []
    assert ANALYTICS_COOKIE not in visitor.cookie_names()


# --------------------------------------------------------------------------- accessibility


def test_no_serious_axe_violations_on_banner_dialog_and_policy(visitor_factory, consent_site):
    visitor = visitor_factory(bypass_csp=True)
    page = visitor.page
    visitor.goto(consent_site.home.url)
    expect(banner(page)).to_be_visible()
    found = {"banner": axe_violations(page)}

    banner(page).get_by_role("button", name="Manage preferences").click()
    expect(dialog(page)).to_be_visible()
    found["preferences dialog"] = axe_violations(page, "#consent-dialog")

    visitor.goto("/cookies/")
    expect(page.locator("h1")).to_have_text("Cookie policy")
    found["cookie policy"] = axe_violations(page)

    report = {where: describe_violations(v) for where, v in found.items() if v}
    assert report == {}, "\n".join(f"{where}:\n{text}" for where, text in report.items())
