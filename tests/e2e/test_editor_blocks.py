"""The block chooser and the common blocks in the article editor: distinct icons, a preview
for every block, compact heading and list forms, and a new concept table with empty headings.

Heights are the block's whole box in the stream (header, fields, spacing) at 1280 × 800.
Before this work the heading block measured about 340 px and a list block 780-1,080 px."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .editor_steps import assert_accessible, start_article, stream_child
from .helpers import DESKTOP, PHONE, add_block

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/editors")
# Bounds the compact forms must stay under; measured after the change: heading 133 px, a
# list of three items 394 px (before: 339 px and about 640 px).
HEADING_MAX_PX = 200
LIST_OF_THREE_MAX_PX = 480
BODY_BLOCKS = [
    "Section heading",
    "Paragraph",
    "List",
    "Callout",
    "Image",
    "Quote",
    "Video",
    "Model comparison table",
    "Concept comparison table",
]


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def height(locator):
    return locator.bounding_box()["height"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_block_chooser_and_compact_blocks(visitor_factory, content, editor, scheme):
    page = visitor_factory(viewport=DESKTOP, color_scheme=scheme).page
    body = start_article(page, content, editor, "Compact blocks", "Blocks that fit the screen.")

    body.get_by_role("button", name="Insert a block").last.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(len(BODY_BLOCKS))
    icons = [
        options.nth(i).locator("svg use").get_attribute("href") for i in range(len(BODY_BLOCKS))
    ]
    assert len(set(icons)) == len(icons), icons
    assert "#icon-help" not in icons
    # Every block's preview button shows its own preview.
    previews = page.get_by_role("listbox").get_by_role("button", name="Preview")
    expect(previews).to_have_count(len(BODY_BLOCKS))
    frame, shown = page.locator("iframe.w-combobox-preview__iframe"), set()
    for i in range(len(BODY_BLOCKS)):
        previews.nth(i).click()
        expect(frame).to_have_attribute("src", re.compile(r"/admin/block-preview/\?id="))
        shown.add(frame.get_attribute("src"))
    assert len(shown) == len(BODY_BLOCKS)
    shoot(page, f"block-chooser-1280-{scheme}")
    page.keyboard.press("Escape")

    add_block(page, body, "Section heading")
    page.locator("#body-0-value-heading").fill("How it works")
    add_block(page, body, "List")
    for _ in range(2):
        stream_child(body, 1).locator("[data-streamfield-list-add]").last.click()
    # (stream_child counts nested children too: the list's items come after the list.)
    heading, list_block = stream_child(body, 0), stream_child(body, 1)
    expect(list_block.locator("[contenteditable=true]")).to_have_count(3)
    heading_px, list_px = height(heading), height(list_block)
    print(f"heading block {heading_px:.0f}px, list block with 3 items {list_px:.0f}px")
    assert heading_px < HEADING_MAX_PX
    assert list_px < LIST_OF_THREE_MAX_PX
    # The level shares the heading's line; the anchor is one click away, in the settings.
    expect(heading.get_by_label("Level")).to_have_value("h2")
    anchor = heading.get_by_label("Anchor")
    expect(anchor).to_be_hidden()
    heading.get_by_role("button", name="Settings").click()
    expect(anchor).to_be_visible()
    heading.scroll_into_view_if_needed()
    shoot(page, f"heading-and-list-1280-{scheme}")

    add_block(page, body, "Concept comparison table")
    # A new table's first heading is an empty box (it used to say "None").
    expect(body.get_by_label("Heading of column 1")).to_have_value("")
    # Scoped to the forms changed here: Wagtail's own list-item rich-text boxes have no
    # accessible name (with or without this stylesheet), and its closed chooser menu keeps an
    # empty listbox; both are Wagtail's to fix.
    assert_accessible(page, ".prose-heading-block")
    assert_accessible(page, ".concept-table-block")


def test_compact_blocks_on_a_phone(visitor_factory, content, editor):
    for scheme in ("light", "dark"):
        page = visitor_factory(viewport=PHONE, color_scheme=scheme).page
        body = start_article(page, content, editor, f"Phone {scheme}", "Small screen.")
        add_block(page, body, "Section heading")
        add_block(page, body, "List")
        stream_child(body, 0).scroll_into_view_if_needed()
        shoot(page, f"heading-and-list-360-{scheme}")
