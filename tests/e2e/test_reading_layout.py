"""Issue 18's reading defects in a real browser: the article's model table whole on a desktop,
sticky and hinted on a phone; the cookie dialog's buttons unclipped on a phone; the consent
confirmation's focus frame that does not look like an error; one tag style and two reading
lists that do not repeat each other."""

import pytest
from playwright.sync_api import expect

from .helpers import DESKTOP, PHONE, horizontal_overflow, save_screenshot

pytestmark = pytest.mark.e2e

SEED_TABLE = "Key foundation models"
OUTLINE_OF = (
    "(el => { const s = getComputedStyle(el); "
    "return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })"
)
SEED_COLUMNS = [
    "Model",
    "Developer",
    "Modalities",
    "Parameters",
    "Released",
    "Open weights",
    "Licence",
]


def seed_table(page):
    return page.locator("table", has=page.locator("caption", has_text=SEED_TABLE))


def seed_frame(page):
    return page.locator(".table-frame", has=seed_table(page))


def without_banner(page):
    """Choose once (Reject all) and hide the confirmation, so the table is the subject."""
    page.locator("#consent-reject-all").click()
    page.locator("#consent-hide").click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_desktop_every_column_of_the_model_table_is_in_sight(visitor_factory, content, scheme):
    visitor = visitor_factory(viewport=DESKTOP, color_scheme=scheme)
    page = visitor.page
    visitor.goto(content.article.url)
    without_banner(page)
    table = seed_table(page)
    expect(table.locator("thead th")).to_have_text(SEED_COLUMNS)
    table.scroll_into_view_if_needed()
    save_screenshot(page, f"issue18-table-desktop-{scheme}", full_page=False)

    region = page.locator(".table-region", has=table)
    sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] <= sizes[1], f"the table scrolls sideways at 1280 px: {sizes}"
    region_box = region.bounding_box()
    assert region_box["x"] >= 0 and region_box["x"] + region_box["width"] <= DESKTOP["width"]
    for header in table.locator("thead th").all():
        box = header.bounding_box()
        assert box["x"] + box["width"] <= region_box["x"] + region_box["width"] + 0.5, box
        assert box["x"] + box["width"] <= DESKTOP["width"], header.inner_text()
    # The table is wider than the text column it leaves, and nothing sits over it.
    paragraph = page.locator(".article-body > .prose").first.bounding_box()
    assert region_box["width"] > paragraph["width"]
    toc = page.locator(".toc").bounding_box()
    assert toc["y"] + toc["height"] <= region_box["y"], "the contents overlap the table"
    # Nothing says to scroll when nothing is hidden.
    expect(seed_frame(page).locator(".table-scroll-hint")).to_be_hidden()
    assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_model_column_stays_and_a_hint_says_more_follow(
    visitor_factory, content, scheme
):
    visitor = visitor_factory(viewport=PHONE, color_scheme=scheme)
    page = visitor.page
    visitor.goto(content.article.url)
    without_banner(page)
    table = seed_table(page)
    region = page.locator(".table-region", has=table)
    hint = seed_frame(page).locator(".table-scroll-hint")
    region.scroll_into_view_if_needed()
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Scroll sideways for more columns→")
    save_screenshot(page, f"issue18-table-phone-{scheme}", full_page=False)

    first_header = table.locator("tbody th[scope=row]").first
    left_before = first_header.bounding_box()["x"]
    width = region.evaluate("el => el.scrollWidth - el.clientWidth")
    assert width > 0, "the seven-column table should scroll on a 360 px phone"
    region.evaluate("el => { el.scrollLeft = el.scrollWidth / 3; }")
    page.wait_for_timeout(50)
    assert abs(first_header.bounding_box()["x"] - left_before) < 1, "the model column scrolled"
    # Scrolled to its end, the hint goes; its room stays, so the table does not jump.
    top_before = region.bounding_box()["y"]
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    expect(hint).to_be_hidden()
    assert region.bounding_box()["y"] == top_before
    assert abs(first_header.bounding_box()["x"] - left_before) < 1
    assert horizontal_overflow(page) <= 0


def test_on_a_phone_without_javascript_the_hint_is_there_too(visitor_factory, content):
    visitor = visitor_factory(viewport=PHONE, javascript=False)
    visitor.goto(content.article.url)
    expect(seed_frame(visitor.page).locator(".table-scroll-hint")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_cookie_dialog_button_is_clipped_on_a_phone(visitor_factory, content, scheme):
    page = visitor_factory(viewport=PHONE, color_scheme=scheme).page
    page.goto(content.article.url)
    page.locator("#consent-banner").get_by_role("button", name="Manage preferences").click()
    dialog = page.locator("#consent-dialog")
    expect(dialog).to_be_visible()
    save_screenshot(page, f"issue18-dialog-phone-{scheme}", full_page=False)
    for control in ("consent-save", "consent-dialog-accept-all", "consent-dialog-reject-all"):
        button = page.locator(f"#{control}")
        expect(button).to_be_in_viewport(ratio=1)
        scroll, client = button.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll <= client, f"{control}: its label is cut ({scroll} > {client})"
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (control, box)
    expect(page.locator("#consent-save")).to_have_text("Save preferences")


def test_the_confirmation_focus_frame_is_visible_but_not_the_control_ring(visitor_factory, content):
    page = visitor_factory(viewport=PHONE).page
    page.goto(content.article.url)
    page.locator("#consent-reject-all").focus()
    page.keyboard.press("Enter")  # by keyboard, so :focus-visible rules apply as well
    confirmation = page.locator("#consent-confirmation")
    expect(confirmation).to_be_focused()
    frame = confirmation.evaluate(f"el => {OUTLINE_OF}(el)")
    page.keyboard.press("Tab")  # onwards to a control: the ring a control shows
    ring = page.evaluate(f"() => {OUTLINE_OF}(document.activeElement)")
    assert frame[0] != "none" and float(frame[1].removesuffix("px")) >= 1, frame
    assert ring[0] != "none", ring
    assert frame[2] != ring[2], f"the confirmation wears the control focus colour {ring[2]}"
    assert float(frame[1].removesuffix("px")) < float(ring[1].removesuffix("px"))


def test_the_seed_article_ends_with_one_reading_list_and_styled_tags(visitor, content):
    """Its further reading names every other article, so the tag-chosen list has nothing
    new to add and is left out; the tag reads as the site writes tags."""
    page = visitor.page
    visitor.goto(content.article.url)
    expect(page.get_by_role("heading", name="Further reading")).to_have_count(1)
    expect(page.locator("section.related")).to_have_count(0)
    expect(page.get_by_role("list", name="Tags").get_by_role("link")).to_have_text(["Fundamentals"])


def test_a_typo_in_search_offers_the_near_word(visitor, content):
    page = visitor.page
    visitor.goto("/search/?q=transfomer")
    suggestion = page.get_by_role("link", name="transformer", exact=True)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_role("link", name=content.article.title)).to_be_visible()
