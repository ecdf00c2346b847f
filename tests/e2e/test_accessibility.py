"""axe-core on every public page type, and screenshots a person can look at."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from .helpers import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    distinct_colours,
    horizontal_overflow,
    public_paths,
    save_screenshot,
)

pytestmark = pytest.mark.e2e

MIN_BODY_TEXT_PX = 16  # below this, phone readers zoom in


@pytest.mark.parametrize(
    "which",
    [
        "home",
        "section",
        "article",
        "search",
        "tag",
        "author",
        "not-found",
        "directory",
        "model",
        "compare",
    ],
)
def test_no_serious_axe_violations(visitor_factory, content, which):
    visitor = visitor_factory(bypass_csp=True)
    path = public_paths(content)[which]
    visitor.goto(path)
    violations = axe_violations(visitor.page)
    assert violations == [], f"axe on {path}:\n{describe_violations(violations)}"


def test_no_serious_axe_violations_in_the_dark_colour_scheme(visitor_factory, content):
    """The site has a dark scheme of its own; its contrast must hold up too."""
    visitor = visitor_factory(bypass_csp=True, color_scheme="dark")
    assert visitor.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    report = {}
    for which, path in public_paths(content).items():
        visitor.goto(path)
        if violations := axe_violations(visitor.page):
            report[which] = describe_violations(violations)
    assert report == {}, report


def test_axe_helper_reports_a_real_violation(visitor_factory, content):
    """The helper must be able to fail: an image without alt text is a critical violation."""
    # axe-core goes in as an inline script, which the site's CSP rightly refuses.
    visitor = visitor_factory(bypass_csp=True)
    visitor.goto(content.home.url)
    visitor.page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').appendChild(img);
        }"""
    )
    violations = axe_violations(visitor.page)
    assert "image-alt" in {v["id"] for v in violations}


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_home_and_article(visitor_factory, content, device, viewport):
    """What a person looking at the screenshots would check: something was drawn, the page is
    no wider than the screen, its heading is on the first screen, body text is readable."""
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page
    for name, path in (("home", content.home.url), ("article", content.article.url)):
        visitor.goto(path)
        saved = save_screenshot(page, f"{name}-{device}")
        with Image.open(saved) as image:
            assert image.width == viewport["width"]
            assert image.height >= viewport["height"]
            assert distinct_colours(image) > 16, f"{saved.name} is all but blank"
        # document.documentElement.scrollWidth <= clientWidth: nothing to scroll sideways to.
        assert horizontal_overflow(page) <= 0, f"{name} is wider than a {device} screen"
        expect(page.locator("h1")).to_be_in_viewport(ratio=1)
    text_size = page.locator(".article-body p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert text_size >= MIN_BODY_TEXT_PX, f"article text is {text_size}px on a {device}"
