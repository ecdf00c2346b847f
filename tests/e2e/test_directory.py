"""The model directory in a real browser: the phone layout (folded filters, a compare caption
that is not cut off), the charts in light and dark, and axe on the pages that draw them."""

import pytest
from playwright.sync_api import expect

from .helpers import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
    save_screenshot,
)

pytestmark = pytest.mark.e2e

COMPARE = "/models/compare/?m=llama-3-1&m=gpt-4o&m=palm-2"
CHART_PAGES = {"directory": "/models/", "model": "/models/llama-3-1/", "compare": COMPARE}


def test_filters_fold_on_a_phone_and_the_chart_comes_first(visitor_factory, content):
    visitor = visitor_factory(viewport=PHONE)
    page = visitor.page
    visitor.goto("/models/")
    summary = page.locator("summary", has_text="Filter")
    expect(summary).to_be_visible()
    fields = [page.get_by_label("Developer"), page.get_by_label("Release year")]
    for field in fields:
        expect(field).to_be_hidden()
    # Folded, the eight fields take one line: the chart follows right after it (the count of
    # models is all that stands between), where they used to take a screen and a half.
    folded = page.locator("details.filter-disclosure").bounding_box()
    assert folded["height"] < 60, folded
    chart_top = page.locator(".chart-figure").bounding_box()["y"]
    assert chart_top - (folded["y"] + folded["height"]) < 120, (folded, chart_top)
    summary.click()
    for field in fields:
        expect(field).to_be_visible()
    assert horizontal_overflow(page) == 0


def test_filters_in_use_are_shown_open(visitor_factory, content):
    visitor = visitor_factory(viewport=PHONE)
    page = visitor.page
    visitor.goto("/models/?developer=meta")
    expect(page.get_by_label("Developer")).to_be_visible()
    expect(page.get_by_label("Developer")).to_have_value("meta")
    expect(page.locator("summary")).to_contain_text("1 in use")


def test_compare_caption_is_whole_on_a_phone(visitor_factory, content):
    visitor = visitor_factory(viewport=PHONE)
    page = visitor.page
    visitor.goto(COMPARE)
    caption = page.locator("#compare-caption")
    expect(caption).to_contain_text("facts as of 1 November 2026")
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # Nothing of it hides under the scrolling box's edge or overflows its own line box.
    region = page.locator(".compare-table").locator("xpath=ancestor::div[@role='region']")
    region_box = region.bounding_box()
    assert box["x"] + box["width"] <= region_box["x"] + region_box["width"] + 0.5
    assert box["y"] + box["height"] <= region_box["y"] + 0.5
    assert caption.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_draw_in_both_colour_schemes(visitor_factory, content, scheme):
    colours = {}
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        visitor = visitor_factory(viewport=viewport, color_scheme=scheme)
        page = visitor.page
        for name, path in CHART_PAGES.items():
            visitor.goto(path)
            save_screenshot(page, f"directory-{name}-{device}-{scheme}")
            assert horizontal_overflow(page) == 0, (name, device)
        visitor.goto("/models/")
        point = page.locator(".chart-point.is-open circle").first
        colours[device] = point.evaluate("el => getComputedStyle(el).fill")
        background = page.locator(".chart-scroll").evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        assert colours[device] != background
    expected = {"light": "rgb(46, 125, 79)", "dark": "rgb(92, 201, 138)"}[scheme]
    assert colours == {"desktop": expected, "phone": expected}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations_with_charts_and_open_filters(visitor_factory, content, scheme):
    visitor = visitor_factory(bypass_csp=True, color_scheme=scheme)
    report = {}
    for name, path in {**CHART_PAGES, "filtered": "/models/?open_weights=yes"}.items():
        visitor.goto(path)
        if name != "compare":
            expect(visitor.page.locator("svg.chart").first).to_be_visible()
        else:
            expect(visitor.page.locator("tr.differs").first).to_be_visible()
        if violations := axe_violations(visitor.page):
            report[name] = describe_violations(violations)
    assert report == {}, report


def test_every_header_link_is_in_view_on_a_phone(visitor_factory, content):
    """The directory joined the header as its fourth link; on a 360 px phone the links wrap
    instead of hiding "Models" past the edge of a sideways-scrolling strip."""
    visitor = visitor_factory(viewport=PHONE)
    page = visitor.page
    visitor.goto("/")
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(links.filter(has_text="Models")).to_have_count(1)
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert horizontal_overflow(page) == 0
