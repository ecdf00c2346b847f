"""The seed article's lead image in a real browser: its space is reserved before it arrives,
no layout shift at all, on the first screen on a desktop, AVIF and WebP offered, and the
browser's pick really AVIF; the home page's stories show their images."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .helpers import DESKTOP, PHONE, horizontal_overflow, save_screenshot

pytestmark = pytest.mark.e2e

DEVICES = [("desktop", DESKTOP), ("phone", PHONE)]

# Every layout shift since navigation (buffered), with what moved and when.
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
    const shifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            shifts.push({
                value: entry.value,
                at: Math.round(entry.startTime),
                moved: (entry.sources || []).map((s) =>
                    s.node ? (s.node.outerHTML || s.node.textContent).slice(0, 60) : '?'),
            });
        }
    }).observe({ type: 'layout-shift', buffered: true });
    const settle = () => setTimeout(() => resolve(shifts), 200);
    requestAnimationFrame(() => requestAnimationFrame(settle));
})"""

# Resources that finished after `after` ms: what may have caused a late shift.
LATE_RESOURCES = """(after) => performance.getEntriesByType('resource')
    .filter((e) => e.responseEnd > after).map((e) => e.name.split('/').pop())"""

IMAGE_STATE = """(img) => ({
    complete: img.complete && img.naturalWidth > 0,
    box: img.getBoundingClientRect().toJSON(),
})"""

LOADED_IMAGE = """(img) => ((start) => img.decode().then(() => ({
    released_at: Math.round(start),
    naturalWidth: img.naturalWidth,
    currentSrc: img.currentSrc,
    width: img.getAttribute('width'),
    height: img.getAttribute('height'),
    sources: Array.from(img.parentElement.querySelectorAll('source')).map((s) => s.type),
    parent: img.parentElement.nodeName,
    box: img.getBoundingClientRect().toJSON(),
})))(performance.now())"""


class MediaServer:
    """Answers /media/ from MEDIA_ROOT, or holds the answers back until `release()`.

    The test settings run without DEBUG, so Django does not serve media itself (in
    production a web server or storage does); this stands in for it. Holding an image back
    is a network as slow as a test needs: the page is laid out without it, then it arrives."""

    def __init__(self, visitor, hold=False):
        self.root = Path(settings.MEDIA_ROOT)
        self.held = [] if hold else None
        pattern = re.compile(re.escape(visitor.origin + settings.MEDIA_URL))
        visitor.context.route(pattern, self.answer)

    def answer(self, route):
        if self.held is not None:
            self.held.append(route)
            return
        relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        path = self.root / relative
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404)

    def release(self):
        held, self.held = self.held or [], None
        assert held, "no image was asked for"
        for route in held:
            self.answer(route)


def returning_reader(visitor_factory, viewport, url):
    """A reader who answered the cookie banner on an earlier page, so what is measured is
    the article itself (the banner's first visit is tested in test_consent.py).

    Its images are held back until the test releases them."""
    visitor = visitor_factory(viewport=viewport)
    visitor.goto(url)
    visitor.page.locator("#consent-reject-all").click()
    expect(visitor.page.locator("#consent-reject-all")).to_be_hidden()
    return visitor, MediaServer(visitor, hold=True)


@pytest.mark.parametrize("device, viewport", DEVICES)
def test_lead_image_has_its_space_before_it_arrives(visitor_factory, content, device, viewport):
    visitor, media = returning_reader(visitor_factory, viewport, content.article.url)
    page = visitor.page
    visitor.goto(content.article.url, wait_until="domcontentloaded")
    lead = page.locator("img.lead-image")
    before = lead.evaluate(IMAGE_STATE)
    media.release()
    loaded = lead.evaluate(LOADED_IMAGE)  # waits until the image is decoded
    shifts = page.evaluate(LAYOUT_SHIFTS)

    assert not before["complete"], "the image was there before the test let it through"
    assert before["box"]["height"] > 100, "no space was reserved while the image was on its way"
    for side in ("x", "y", "width", "height"):
        assert before["box"][side] == pytest.approx(loaded["box"][side], abs=0.5), side
    # Nothing moved when it arrived (a shift from before then, fonts say, is not the image's).
    assert [shift for shift in shifts if shift["at"] >= loaded["released_at"]] == []
    assert loaded["parent"] == "PICTURE"
    assert loaded["sources"] == ["image/avif", "image/webp"]
    assert loaded["width"] and loaded["height"], "the img must carry width and height"
    assert loaded["naturalWidth"] > 0 and loaded["currentSrc"].endswith(".avif"), loaded
    box = loaded["box"]
    assert box["width"] / box["height"] == pytest.approx(16 / 9, abs=0.02)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert horizontal_overflow(page) == 0
    if device == "desktop":
        # Above the fold: the image starts on the first screen with most of it in sight.
        in_sight = min(box["y"] + box["height"], viewport["height"]) - box["y"]
        assert in_sight >= box["height"] / 2, box
    save_screenshot(page, f"article-lead-image-{device}", full_page=False)
    assert visitor.page_errors == []


@pytest.mark.parametrize("device, viewport", DEVICES)
def test_article_with_a_lead_image_has_no_layout_shift(visitor_factory, content, device, viewport):
    visitor, media = returning_reader(visitor_factory, viewport, content.article.url)
    page = visitor.page
    visitor.goto(content.article.url, wait_until="domcontentloaded")
    media.release()
    page.locator("img.lead-image").evaluate(LOADED_IMAGE)
    shifts = page.evaluate(LAYOUT_SHIFTS)
    first = min((shift["at"] for shift in shifts), default=0)
    late = page.evaluate(LATE_RESOURCES, max(first - 50, 0)) if shifts else []
    assert sum(shift["value"] for shift in shifts) == 0, {"shifts": shifts, "arrived late": late}


def test_home_stories_show_their_images(visitor_factory, content):
    visitor = visitor_factory()
    MediaServer(visitor)
    page = visitor.page
    visitor.goto(content.home.url)
    pictures = page.locator(".lead-story picture img, .card picture img")
    assert pictures.count() >= 5  # every demo article has an image
    for index in range(pictures.count()):
        img = pictures.nth(index)
        img.scroll_into_view_if_needed()
        state = img.evaluate(LOADED_IMAGE)
        assert state["naturalWidth"] > 0 and state["currentSrc"].endswith(".avif"), state
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "home-images-desktop")
