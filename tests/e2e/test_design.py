"""The designed reading experience as a reader sees it, at 360 and 1280 px, light and dark.

Screenshots of every public page type are saved as artefacts (e2e-screenshots/design-*.png)
for a person to look at; the assertions are what a reader would notice first: nothing
scrolls sideways, a wide table's caption is whole on a phone while its first column stays
put, there is a cue that the table goes on, the text runs at a readable measure, and the
home page says what the site is for rather than its name again.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from articles.models import SiteSettings

from .helpers import DESKTOP, PHONE, distinct_colours, horizontal_overflow, save_screenshot

pytestmark = pytest.mark.e2e

VIEWPORTS = {"360": PHONE, "1280": DESKTOP}


def design_paths(content):
    paths = {
        "home": content.home.url,
        "section": content.section.url,
        "article": content.article.url,
        "tag": f"/tags/{content.tag_slug}/",
        "search": "/search/?q=foundation",
        "directory": "/models/",
    }
    author = content.article.author
    if author is not None:
        paths["author"] = f"/authors/{author.slug}/"
    return paths


def load_lazy_images(page):
    """Scroll through the page so lazily loaded pictures arrive before the screenshot."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y);
                await new Promise(done => requestAnimationFrame(() => setTimeout(done, 30)));
            }
            await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
            scrollTo(0, 0);
        }"""
    )


def caption_clipping(page, index=0):
    """How a table caption sits on screen: the rectangles of its text lines against the
    viewport, and its box against the scrolling region's."""
    return (
        page.locator(".data-table-figure")
        .nth(index)
        .evaluate(
            """figure => {
            const caption = figure.querySelector('caption');
            const region = figure.querySelector('.table-region');
            const range = document.createRange();
            range.selectNodeContents(caption);
            const lines = [...range.getClientRects()];
            return {
                text: caption.textContent.trim(),
                lines: lines.length,
                leftmost: Math.min(...lines.map(r => r.left)),
                rightmost: Math.max(...lines.map(r => r.right)),
                viewport: document.documentElement.clientWidth,
                captionBottom: caption.getBoundingClientRect().bottom,
                regionTop: region.getBoundingClientRect().top,
            };
        }"""
        )
    )


def characters_on_first_line(page, selector):
    """How many characters the first line of a paragraph holds, as laid out."""
    return page.locator(selector).first.evaluate(
        """p => {
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let top = null, count = 0;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (!rect) continue;
                    if (top === null) top = rect.top;
                    if (rect.top > top + rect.height / 2) return count;
                    count++;
                }
            }
            return count;
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["360", "1280"])
def test_every_page_type_fits_the_screen_and_is_saved(visitor_factory, content, width, scheme):
    visitor = visitor_factory(viewport=VIEWPORTS[width], color_scheme=scheme)
    page = visitor.page
    wide = {}
    for name, path in design_paths(content).items():
        response = visitor.goto(path)
        assert response.status == 200, path
        load_lazy_images(page)
        wide[name] = horizontal_overflow(page)
        saved = save_screenshot(page, f"design-{name}-{width}-{scheme}")
        with Image.open(saved) as image:
            assert image.width == VIEWPORTS[width]["width"]
            assert distinct_colours(image) > 16, f"{saved.name} is all but blank"
    assert {name: px for name, px in wide.items() if px > 0} == {}, "pages scroll sideways"
    assert visitor.page_errors == []
    assert visitor.foreign_requests() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_table_caption_is_whole_and_the_first_column_stays(visitor_factory, content, scheme):
    visitor = visitor_factory(viewport=PHONE, color_scheme=scheme)
    page = visitor.page
    visitor.goto(content.article.url)
    figures = page.locator(".data-table-figure")
    assert figures.count() >= 2  # the model table and the concept table
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        where = caption_clipping(page, index)
        # Every line of the caption inside the screen, above the box that scrolls.
        assert where["leftmost"] >= 0 and where["rightmost"] <= where["viewport"], where
        assert where["captionBottom"] <= where["regionTop"] + 1, where
        assert "as of" in caption_clipping(page, 0)["text"]

    figure = figures.first
    figure.scroll_into_view_if_needed()
    region = figure.locator(".table-region")
    frame = figure.locator(".table-frame")
    first_cell = figure.locator("tbody tr").first.locator("th")
    name_left = first_cell.bounding_box()["x"]
    # The table is wider than the phone: the cue says so before the reader scrolls.
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    expect(frame).to_have_attribute("data-more-end", "")
    save_screenshot(page, f"design-table-360-{scheme}", full_page=False)

    region.evaluate("r => r.scrollTo({left: r.scrollWidth})")
    expect(frame).to_have_attribute("data-more-start", "")
    expect(frame).not_to_have_attribute("data-more-end", "")
    # The model-name column has not moved; the key column (Parameters) is now in view.
    assert abs(first_cell.bounding_box()["x"] - name_left) < 1
    parameters = figure.locator("thead th", has_text="Parameters")
    box, view = parameters.bounding_box(), region.bounding_box()
    assert box["x"] + box["width"] <= view["x"] + view["width"] + 1
    save_screenshot(page, f"design-table-360-{scheme}-scrolled", full_page=False)


def test_article_reads_at_a_comfortable_measure(visitor_factory, content):
    visitor = visitor_factory(viewport=DESKTOP)
    visitor.goto(content.article.url)
    count = characters_on_first_line(visitor.page, ".article-body .prose p")
    assert 60 <= count <= 75, f"{count} characters on a line"


def test_lead_image_is_on_the_first_screen_of_an_article_on_desktop(visitor_factory, content):
    visitor = visitor_factory(viewport=DESKTOP)
    page = visitor.page
    visitor.goto(content.article.url)
    page.locator("#consent-reject-all").click()  # a returning reader, who has answered
    expect(page.locator("#consent-confirmation")).to_be_visible()
    visitor.goto(content.article.url)
    expect(page.locator("#consent-banner")).to_be_hidden()
    image = page.locator("img.lead-image")
    expect(image).to_be_visible()
    assert image.bounding_box()["y"] < DESKTOP["height"] - 100
    # width and height are set, so the box is reserved before the file arrives.
    assert image.get_attribute("width") and image.get_attribute("height")


def test_home_heading_is_the_tagline_with_a_lead_story(visitor_factory, content):
    visitor = visitor_factory(viewport=DESKTOP)
    page = visitor.page
    visitor.goto(content.home.url)
    site = SiteSettings.for_site(content.home.get_site())
    heading = page.locator("h1")
    expect(heading).to_have_count(1)
    expect(heading).to_have_text(site.tagline)
    assert site.tagline != site.site_name
    lead = page.get_by_role("region", name="Lead story")
    expect(lead.get_by_role("heading", level=2)).to_be_visible()
    expect(lead.locator(".kicker")).to_be_visible()
    # Each section follows with its latest articles: a heading per live section.
    for section in content.home.get_children().live().specific():
        expect(page.get_by_role("heading", name=section.title, exact=True)).to_be_visible()
