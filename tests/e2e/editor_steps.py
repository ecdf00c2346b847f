"""Steps an editor takes in the article editor, shared by the editor browser tests."""

import re

from playwright.sync_api import expect

from .helpers import SCREENSHOT_DIR, axe_violations, describe_violations, log_in, saved_screenshots


def stream_child(stream, index):
    """The ``index``-th block of a StreamField, header and form together."""
    return stream.locator("[data-streamfield-child]").nth(index)


def start_article(page, content, editor, title, standfirst):
    """Sign in, add an article to the demo section, fill its title, standfirst and author;
    returns the body's StreamField."""
    log_in(page, editor)
    page.goto(f"/admin/pages/{content.section.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/articles/articlepage/"))
    page.locator("#id_title").fill(title)
    page.locator("#id_standfirst").fill(standfirst)
    choose_author(page, content.article.author.name)
    return page.locator("[data-contentpath='body']")


def assert_accessible(page, selector):
    """No serious or critical axe-core finding inside ``selector``."""
    violations = axe_violations(page, selector)
    assert not violations, describe_violations(violations)


def choose_author(page, name):
    """Pick the article's author in the snippet chooser (publishing needs one)."""
    page.get_by_role("button", name=re.compile("Choose (an )?author", re.I)).first.click()
    chooser = page.locator(".modal-dialog:visible")
    chooser.get_by_role("link", name=name, exact=True).click()
    expect(chooser).to_have_count(0)


def pick_models(block, searches):
    """Add models to a model table's picker: (search text, model name) pairs, in order."""
    search = block.get_by_role("searchbox")
    for query, name in searches:
        search.fill(query)
        # By the whole name: "Claude 3" must not pick "Claude 3.5 Sonnet".
        exact = block.page.locator(
            ".model-picker__name", has_text=re.compile(f"^{re.escape(name)}$")
        )
        block.locator(".model-picker__option:visible").filter(has=exact).click()
    search.fill("")
    chosen = block.locator(".model-picker__item .model-picker__name")
    expect(chosen).to_have_text([name for _, name in searches])
    return chosen


def screenshot_block(block, name):
    """Save a picture of one block, an artefact of the run like the other e2e screenshots."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    block.screenshot(path=str(path))
    saved_screenshots.append(path)
    return path


def press_publish(page):
    """Open the editor's "More actions" menu and press Publish (pages and snippets alike)."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()


def publish_and_view_live(page, title, path):
    """Publish the article being edited, check Wagtail says so, and follow "View live" to it.

    Wagtail autosaves a new page as a draft within a second of typing, so Publish either
    creates the page or publishes the autosaved draft; both end with the page live."""
    press_publish(page)
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"Page '{re.escape(title)}' (created and published|has been published)")
    )
    page.get_by_role("link", name="View live").first.click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
