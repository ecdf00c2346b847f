"""German beside English in a real browser (issue 20): an editor translates an article with
wagtail-localize and publishes it; the German pages pass axe (light and dark) and the Nu
checker; screenshots of the German home and article for docs/screenshots/issue-20/."""

import re
from pathlib import Path

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
    log_in,
)
from .nu_checker import VNU_JAR, nu_errors

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue-20"
GERMAN_HOME = "/de/"
GERMAN_ARTICLE = "/de/grundbegriffe/was-ist-ein-foundation-model/"
GERMAN_PAGES = {
    "home": GERMAN_HOME,
    "section": "/de/grundbegriffe/",
    "article": GERMAN_ARTICLE,
    "search": "/de/search/?q=Modelle",
    "search, no match": "/de/search/?q=zzzzqqq",
    "tag": "/de/tags/fundamentals/",
    "author": "/de/authors/astermind-team/",
    "directory": "/de/models/",
    "model": "/de/models/gpt-4/",
    "compare": "/de/models/compare/?m=gpt-4&m=claude-3",
    "not-found": "/de/gibt-es-nicht/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_german_pages_have_no_serious_axe_violations(visitor_factory, content, scheme):
    visitor = visitor_factory(bypass_csp=True, color_scheme=scheme)
    report = {}
    for name, path in GERMAN_PAGES.items():
        visitor.goto(path)
        expect(visitor.page.locator("html")).to_have_attribute("lang", "de")
        if violations := axe_violations(visitor.page):
            report[name] = describe_violations(violations)
    assert report == {}, report


def test_german_pages_pass_the_nu_html_checker(content, client, tmp_path):
    assert VNU_JAR.is_file(), "run tests/e2e/setup.sh (make e2e does) to install vnu-jar"
    files = {}
    for name, path in GERMAN_PAGES.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), path
        target = tmp_path / f"de{len(files)}.html"
        target.write_bytes(response.content)
        files[f"file:{target}"] = name
    problems = [
        f"{files.get(m.get('url'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in nu_errors(sorted(Path(url[5:]) for url in files))
    ]
    assert problems == [], "\n".join(problems)


def test_the_switcher_leads_from_the_english_article_to_the_german_one(visitor, content):
    visitor.goto(content.article.url)
    switcher = visitor.page.get_by_role("navigation", name="Language")
    switcher.get_by_role("link", name="Deutsch").click()
    expect(visitor.page).to_have_url(re.compile(re.escape(GERMAN_ARTICLE) + "$"))
    expect(visitor.page.locator("h1")).to_have_text("Was ist ein Foundation Model?")
    table = visitor.page.locator("table.data-table").first
    expect(table.locator("th[data-column='parameters']")).to_have_text("Parameter")
    expect(table).to_contain_text("~340\u00a0Mrd. (geschätzt)")
    expect(visitor.page.get_by_role("navigation", name="Sprache")).to_contain_text("English")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_the_german_home_and_article(visitor_factory, content, device, scheme):
    viewport = DESKTOP if device == "desktop" else PHONE
    visitor = visitor_factory(viewport=viewport, color_scheme=scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", GERMAN_HOME), ("article", GERMAN_ARTICLE)):
        visitor.goto(path)
        expect(visitor.page.locator("h1")).to_be_visible()
        assert horizontal_overflow(visitor.page) == 0, (path, device)
        size = f"{viewport['width']}x{viewport['height']}"
        target = SCREENSHOTS / f"de-{name}-{size}-{scheme}.png"
        visitor.page.screenshot(path=str(target), full_page=False)
        with Image.open(target) as image:
            assert image.size == (viewport["width"], viewport["height"])
            assert distinct_colours(image) > 50, target


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_the_german_footer(visitor_factory, content, device, scheme):
    """The demo's footer text in German (demo/locale), at the foot of the German article."""
    viewport = DESKTOP if device == "desktop" else PHONE
    visitor = visitor_factory(viewport=viewport, color_scheme=scheme)
    visitor.goto(GERMAN_ARTICLE)
    footer = visitor.page.locator(".footer-text")
    expect(footer).to_have_text(
        "AsterMind Learn erklärt KI in einfachen Worten. Die Artikel prüft das "
        "AsterMind-Team; sie dürfen mit Quellenangabe weiterverwendet werden."
    )
    visitor.page.locator("footer.site-footer").scroll_into_view_if_needed()
    visitor.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(footer).to_be_in_viewport()
    assert horizontal_overflow(visitor.page) == 0, device
    size = f"{viewport['width']}x{viewport['height']}"
    target = SCREENSHOTS / f"de-footer-{size}-{scheme}.png"
    visitor.page.screenshot(path=str(target), full_page=False)
    with Image.open(target) as image:
        assert image.size == (viewport["width"], viewport["height"])
        assert distinct_colours(image) > 50, target


def test_an_editor_translates_an_article_and_sees_it_live(visitor, content, editor):
    """Translate (wagtail-localize's action) → German → translate the title → Publish in
    Deutsch → the German page is live under /de/ and linked from the English one."""
    from wagtail.models import Locale

    from articles.models import ArticlePage

    english = ArticlePage.objects.live().get(slug="fine-tuning-vs-prompting")
    page = visitor.page
    # Creating a translation copies the page and its tree position: slower than the suite's
    # five seconds per action on a busy machine.
    page.set_default_timeout(30_000)
    log_in(page, editor)
    page.goto(f"/admin/localize/submit/page/{english.pk}/")
    page.get_by_label("Deutsch").check()
    page.get_by_role("button", name="Submit").click(no_wait_after=True)
    # wagtail-localize's translation editor for the new German page.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"), timeout=60_000)
    expect(page.get_by_role("button", name=re.compile(r"Publish in Deutsch"))).to_be_visible()
    untranslated = page.locator("li", has_text=english.title).filter(
        has=page.get_by_role("button", name="Translate")
    )
    untranslated.first.get_by_role("button", name="Translate").click()
    # The segment being edited is the one holding a text box.
    editing = page.locator("li").filter(has=page.locator("textarea")).last
    editing.locator("textarea").fill("Feinabstimmung oder Prompting?")
    editing.get_by_role("button", name="Save").click()
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_text("Feinabstimmung oder Prompting?").first).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Publish in Deutsch")).click(no_wait_after=True)
    expect(page.locator(".messages")).to_contain_text(re.compile("published", re.I), timeout=60_000)

    german = english.get_translation_or_none(Locale.objects.get(language_code="de"))
    assert german is not None and german.live
    reader = visitor.context.new_page()
    reader.goto(german.url)
    expect(reader.locator("html")).to_have_attribute("lang", "de")
    expect(reader.locator("h1")).to_have_text("Feinabstimmung oder Prompting?")
    reader.goto(english.url)
    expect(reader.get_by_role("navigation", name="Language").get_by_role("link")).to_have_attribute(
        "href", re.compile(re.escape(german.url) + "$")
    )
