"""axe-core on every public page type, and screenshots a person can look at."""

import pytest
from PIL import Image

from .helpers import DESKTOP, PHONE, axe_violations, describe_violations, save_screenshot

pytestmark = pytest.mark.e2e


def public_paths(content):
    return {
        "home": content.home.url,
        "section": content.section.url,
        "article": content.article.url,
        "search": "/search/?q=foundation",
        "tag": f"/tags/{content.tag_slug}/",
        "not-found": "/no-such-page-here/",
    }


@pytest.mark.parametrize("which", ["home", "section", "article", "search", "tag", "not-found"])
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


def test_axe_helper_reports_a_real_violation(visitor, content):
    """The helper must be able to fail: an image without alt text is a critical violation."""
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
    visitor = visitor_factory(viewport=viewport)
    for name, path in (("home", content.home.url), ("article", content.article.url)):
        visitor.goto(path)
        saved = save_screenshot(visitor.page, f"{name}-{device}")
        with Image.open(saved) as image:
            assert image.width == viewport["width"]
            assert image.height >= viewport["height"]
