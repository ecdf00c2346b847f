"""A visitor reads the site: home → section → article, search, tags, a missing page."""

import re

import pytest
from django.utils.html import strip_tags
from playwright.sync_api import expect
from wagtail.blocks import StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.rich_text import RichText

from articles.models import SiteSettings

from .helpers import NAVIGATION_TIMEOUT_MS, PHONE, horizontal_overflow, public_paths

pytestmark = pytest.mark.e2e


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


# Struct fields that configure a block rather than hold words a reader sees.
CONFIG_KEYS = {
    "style",
    "level",
    "anchor",
    "tone",
    "alt_text",
    "decorative",
    "columns",
    "default_sort",
    "sort_direction",
    "show_sources",
}


def texts_in(value):
    """Words a reader should see for a block value: strings, rich text, nested structs/lists."""
    if isinstance(value, RichText):
        return [squash(strip_tags(p)) for p in re.split(r"</p>|</li>", value.source)]
    if isinstance(value, str):
        return [squash(value)]
    if isinstance(value, StructValue):
        return [t for key, v in value.items() if key not in CONFIG_KEYS for t in texts_in(v)]
    if isinstance(value, (list, tuple, ListValue)):
        return [t for v in value for t in texts_in(v)]
    return []  # images, chosen snippets and pages are checked by their own tests


def body_headings(article):
    """Section headings in body order: what the table of contents must list."""
    return [b.value["heading"] for b in article.body if b.block_type == "heading"]


def expected_body_text(article):
    """Every piece of text a reader should find in the article body, from the stored blocks."""
    return [t for block in article.body for t in texts_in(block.value) if t]


def home_heading(content):
    """The home page's one h1 is the site's tagline, not its name again."""
    return SiteSettings.for_site(content.home.get_site()).tagline


def test_reader_goes_from_home_through_section_to_article(visitor, content):
    page = visitor.page
    response = visitor.goto("/")
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(home_heading(content))

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=content.section.title
    ).click()
    expect(page).to_have_url(re.compile(re.escape(content.section.url) + "$"))
    expect(page.locator("h1")).to_have_text(content.section.title)

    page.get_by_role("link", name=content.article.title, exact=True).first.click()
    expect(page).to_have_url(re.compile(re.escape(content.article.url) + "$"))
    expect(page.locator("h1")).to_have_text(content.article.title)
    expect(page.locator(".lede")).to_have_text(squash(content.article.standfirst))
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link", name=content.section.title)).to_be_visible()

    # Table of contents links land on the headings they name.
    toc_links = page.get_by_role("navigation", name="On this page").get_by_role("link")
    expect(toc_links).to_have_text(body_headings(content.article))
    last = toc_links.last
    target = last.get_attribute("href")
    assert target.startswith("#"), target
    last.click()
    expect(page).to_have_url(re.compile(f"{target}$"))
    expect(page.locator(target)).to_have_text(last.inner_text())
    expect(page.locator(target)).to_be_in_viewport()

    assert visitor.page_errors == []
    assert visitor.foreign_requests() == []


def test_search_from_the_header_finds_the_article(visitor, content):
    page = visitor.page
    visitor.goto(content.article.url)
    search_box = page.get_by_role("search").first.get_by_role("searchbox")
    search_box.fill("foundation")
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=foundation$"))
    expect(page.locator("main").get_by_role("status")).to_contain_text("for “foundation”")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name=content.article.title)).to_be_visible()

    visitor.goto("/search/?q=zzqxnothingmatches")
    expect(page.locator("main").get_by_role("status")).to_contain_text("Nothing matched")
    expect(page.locator(".search-results")).to_have_count(0)


def test_tag_link_lists_the_tagged_articles(visitor, content):
    page = visitor.page
    visitor.goto(content.article.url)
    tag_name = content.article.tags.get(slug=content.tag_slug).name
    page.locator("article.article header").get_by_role("link", name=tag_name).click()

    expect(page).to_have_url(re.compile(f"/tags/{content.tag_slug}/$"))
    expect(page.locator("h1")).to_have_text(f"Articles tagged “{tag_name}”")
    expect(page.get_by_role("link", name=content.article.title, exact=True)).to_be_visible()


def test_unknown_address_answers_404_with_a_way_back(visitor, content):
    page = visitor.page
    response = visitor.goto("/no-such-page-here/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("We could not find that page")
    # The home page's first render in a fresh database draws its pictures' renditions
    # (AVIF takes about a second each), so the click waits as long as a navigation may.
    page.get_by_role("link", name="Go to the home page").click(timeout=NAVIGATION_TIMEOUT_MS)
    expect(page.locator("h1")).to_have_text(home_heading(content))


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(visitor, content):
    page = visitor.page
    visitor.goto(content.article.url)
    # The cookie banner comes before the skip link (GOV.UK pattern, issue 10); once the
    # reader has answered it, the skip link is the very first stop on every page.
    page.locator("#consent-reject-all").click()
    expect(page.locator("#consent-confirmation")).to_be_visible()
    visitor.goto(content.article.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main")).to_be_focused()
    # The next Tab continues inside the content, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_article_is_complete_without_javascript(visitor_factory, content):
    visitor = visitor_factory(javascript=False)
    page = visitor.page
    visitor.goto(content.article.url)

    expected = expected_body_text(content.article)
    assert len(expected) >= 5, "the article under test is too thin to prove anything"
    body_text = squash(page.locator(".article-body").inner_text())
    missing = [text for text in expected if text not in body_text]
    assert missing == [], f"not shown without JavaScript: {missing}"
    expect(page.locator("h1")).to_have_text(content.article.title)
    # Each model table lists every model the editor chose, in the editor's order.
    for block in content.article.body:
        if block.block_type == "model_table":
            table = page.locator("table", has=page.get_by_text(block.value["caption"]))
            names = [m.name for m in block.value["models"] if m is not None]
            expect(table.locator("tbody th[scope=row]")).to_have_text(names)
    toc = page.get_by_role("navigation", name="On this page").get_by_role("link")
    expect(toc).to_have_text(body_headings(content.article))


@pytest.mark.parametrize("which", ["home", "section", "article", "search", "tag"])
def test_phone_pages_do_not_scroll_sideways(visitor_factory, content, which):
    visitor = visitor_factory(viewport=PHONE)
    path = public_paths(content)[which]
    assert visitor.goto(path).status == 200
    assert horizontal_overflow(visitor.page) <= 0, f"{path} scrolls sideways on a 360px phone"
