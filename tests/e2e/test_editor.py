"""An editor writes and publishes an article in the Wagtail admin, then reads it on the site."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import add_block, log_in

pytestmark = pytest.mark.e2e


def test_editor_creates_and_publishes_an_article(visitor, content, editor):
    page = visitor.page
    log_in(page, editor)

    page.goto(f"/admin/pages/{content.section.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/articles/articlepage/"))

    page.locator("#id_title").fill("Editors Can Publish Too")
    page.locator("#id_standfirst").fill("A standfirst written in the browser.")
    body = page.locator("[data-contentpath='body']")
    add_block(page, body, "Section heading")
    page.locator("#body-0-value-heading").fill("Written by an editor")
    add_block(page, body, "Paragraph")
    body.locator("[contenteditable=true]").last.click()
    page.keyboard.type("This paragraph was typed into the admin.")
    # Draftail copies the editor's content into the form's hidden input a moment after the
    # last keystroke; a person is never that quick to reach the Publish button.
    expect(page.locator("input[name='body-1-value']")).to_have_value(
        re.compile("typed into the admin")
    )

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("created and published")

    page.get_by_role("link", name="View live").first.click()
    expect(page).to_have_url(re.compile(r"/editors-can-publish-too/$"))
    expect(page.locator("h1")).to_have_text("Editors Can Publish Too")
    expect(page.locator(".lede")).to_have_text("A standfirst written in the browser.")
    article_body = page.locator(".article-body")
    expect(article_body.get_by_role("heading", name="Written by an editor")).to_be_visible()
    expect(article_body).to_contain_text("This paragraph was typed into the admin.")

    # A visitor who is not logged in finds it from the section listing.
    reader = visitor.context.browser.new_context(base_url=visitor.base_url)
    try:
        reader_page = reader.new_page()
        reader_page.goto(content.section.url)
        reader_page.get_by_role("link", name="Editors Can Publish Too").click()
        expect(reader_page.locator("h1")).to_have_text("Editors Can Publish Too")
    finally:
        reader.close()
