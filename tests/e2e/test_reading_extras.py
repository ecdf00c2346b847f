"""The author page, search results with snippets and related reading, as a visitor meets them:
Nu-valid HTML, no serious axe violations in light and dark, nothing wider than a phone."""

import pytest

from articles.models import ArticlePage

from .helpers import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    horizontal_overflow,
    save_screenshot,
)
from .nu_checker import nu_errors

pytestmark = pytest.mark.e2e


# The seed article's further reading names every other article, so it has no tag-chosen
# list ("More on …"); this one has.
RELATED_ARTICLE = "extreme-learning-machines"


def related_article_url():
    return ArticlePage.objects.live().get(slug=RELATED_ARTICLE).url


def extra_paths(content):
    author = content.article.author
    return {
        "author": f"/authors/{author.slug}/",
        "search results": "/search/?q=foundation+models",
        "article with related reading": related_article_url(),
        "tag": f"/tags/{content.tag_slug}/",
    }


def test_the_pages_pass_the_nu_html_checker(visitor_factory, content, tmp_path):
    visitor = visitor_factory()
    files = {}
    for name, path in extra_paths(content).items():
        response = visitor.goto(path)  # the bytes the server sent, as a browser got them
        assert response.status == 200, path
        target = tmp_path / f"extra{len(files)}.html"
        target.write_bytes(response.body())
        files[f"file:{target}"] = name
    problems = [
        f"{files.get(m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in nu_errors(sorted(url.removeprefix("file:") for url in files))
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations(visitor_factory, content, scheme):
    visitor = visitor_factory(bypass_csp=True, color_scheme=scheme)
    report = {}
    for name, path in extra_paths(content).items():
        visitor.goto(path)
        if violations := axe_violations(visitor.page):
            report[name] = describe_violations(violations)
    assert report == {}, report


@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_marks_related_reading_and_author_page_as_a_reader_sees_them(
    visitor_factory, content, device, viewport
):
    visitor = visitor_factory(viewport=viewport)
    page = visitor.page

    visitor.goto("/search/?q=foundation+models")
    marks = page.locator(".search-result mark")
    assert marks.count() > 0 and marks.first.is_visible()
    assert page.locator(".search-result .meta a").first.is_visible()  # the section
    assert horizontal_overflow(page) == 0
    save_screenshot(page, f"search-results-{device}")

    visitor.goto(related_article_url())
    related = page.locator("section.related")
    related.scroll_into_view_if_needed()
    assert related.is_visible()
    assert page.locator(".related-title").count() >= 1
    assert horizontal_overflow(page) == 0
    save_screenshot(page, f"related-{device}", full_page=False)

    visitor.goto(content.article.url)
    page.locator("a.author").first.click()
    page.wait_for_url(f"**/authors/{content.article.author.slug}/")
    assert page.locator("h1").inner_text() == content.article.author.name
    assert page.locator(".card").count() >= 1
    assert horizontal_overflow(page) == 0
    save_screenshot(page, f"author-{device}")
