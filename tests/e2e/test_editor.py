"""An editor writes and publishes an article in the Wagtail admin, then reads it on the site."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import FoundationModel

from .editor_steps import pick_models, publish_and_view_live, start_article, stream_child
from .helpers import add_block

pytestmark = pytest.mark.e2e


def test_editor_publishes_an_article_with_heading_paragraph_and_model_table(
    visitor_factory, content, editor
):
    chosen = list(FoundationModel.objects.filter(slug__in=["palm-2", "claude-3"]).order_by("-slug"))
    assert [m.name for m in chosen] == ["PaLM 2", "Claude 3"], "the demo registry changed"

    page = visitor_factory().page
    body = start_article(
        page, content, editor, "Editors Can Publish Too", "A standfirst written in the browser."
    )

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

    add_block(page, body, "Model comparison table")
    page.locator("#body-2-value-caption").fill("Models an editor compared")
    table_block = stream_child(body, 2)
    pick_models(table_block, [(model.name, model.name) for model in chosen])
    # The picker's select submits the models in the order the editor put them.
    expect(table_block.locator(".model-picker select")).to_have_values([str(m.pk) for m in chosen])

    publish_and_view_live(page, "Editors Can Publish Too", "/editors-can-publish-too/")
    expect(page.locator("h1")).to_have_text("Editors Can Publish Too")
    expect(page.locator(".lede")).to_have_text("A standfirst written in the browser.")
    article_body = page.locator(".article-body")
    expect(article_body.get_by_role("heading", name="Written by an editor")).to_be_visible()
    expect(article_body).to_contain_text("This paragraph was typed into the admin.")
    table = article_body.locator(
        "table", has=page.locator("caption", has_text="Models an editor compared")
    )
    expect(table.locator("tbody th[scope=row]")).to_have_text(["PaLM 2", "Claude 3"])
    expect(table.locator("tbody td:last-child")).to_have_text(
        [re.compile(r"^~340B"), "Undisclosed"]
    )

    # A visitor who is not signed in finds it from the section listing.
    reader = visitor_factory().page
    reader.goto(content.section.url)
    reader.get_by_role("link", name="Editors Can Publish Too").click()
    expect(reader.locator("h1")).to_have_text("Editors Can Publish Too")
    expect(reader.get_by_role("heading", name="Written by an editor")).to_be_visible()
