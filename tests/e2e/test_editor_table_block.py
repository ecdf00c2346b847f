"""An editor builds a six-model table and a concept grid with the compact controls, checks
they fit the screen at 1280 x 800, publishes, reads both tables on the page, and then sees a
change to one of the table's models name the new article before it is published."""

import re

import pytest
from playwright.sync_api import expect

from directory.columns import COLUMN_LIST, ROW_HEADER_COLUMN
from directory.models import FoundationModel
from tests.table_factories import FoundationModelFactory

from .editor_steps import (
    assert_accessible,
    pick_models,
    press_publish,
    publish_and_view_live,
    screenshot_block,
    start_article,
    stream_child,
)
from .helpers import add_block, log_in, save_screenshot

pytestmark = pytest.mark.e2e

MODEL_TABLE_MAX_HEIGHT = 600
CONCEPT_GRID_MAX_HEIGHT = 800
# Searched for as an editor would: by name, by developer, by modality.
SEARCHES = [
    ("gpt", "GPT-4"),
    ("anthropic", "Claude 3"),
    ("gemini", "Gemini 1.0"),
    ("meta", "Llama 3"),
    ("mistral ai", "Mixtral 8x22B"),
    ("palm", "PaLM 2"),
]
CONCEPT_ROWS = [
    ("Training data", "**Broad**, diverse", "Narrow, domain-specific"),
    ("Training cost", "Very high", "Low to moderate"),
    ("Adaptability", "Highly adaptable", "Fixed to one task"),
    ("Capabilities", "Many tasks", "*Single* task"),
    ("Examples", "GPT-4, Claude", "Spam classifier"),
]


def fill_concept_grid(page, block):
    grid = block.locator(".concept-grid")
    expect(grid.get_by_label("Heading above the row labels")).to_have_value("Aspect")
    grid.get_by_label("Heading above the row labels").fill("Compared on")
    grid.get_by_role("button", name="Add column").click()
    grid.get_by_label("Heading of column 1").fill("Foundation model")
    grid.get_by_label("Heading of column 2").fill("Task-specific model")
    for _ in CONCEPT_ROWS[1:]:
        grid.get_by_role("button", name="Add row").click()
    for index, (aspect, first, second) in enumerate(CONCEPT_ROWS, start=1):
        grid.get_by_label(f"Label of row {index}", exact=True).fill(aspect)
        grid.get_by_label(f"{aspect}: Foundation model").fill(first)
        grid.get_by_label(f"{aspect}: Task-specific model").fill(second)
    return grid


def test_editor_builds_compact_tables_and_publishes(visitor_factory, content, editor):
    FoundationModelFactory(name="Orbit 1", live=False)
    page = visitor_factory().page
    body = start_article(
        page, content, editor, "Six Models, One Minute", "Built with the compact table controls."
    )

    add_block(page, body, "Model comparison table")
    table_block = stream_child(body, 0)
    table_block.get_by_label("Caption").fill("Six models side by side")
    chosen = pick_models(table_block, SEARCHES)
    # A modality finds the models that handle it (each option also shows developer and size).
    table_block.get_by_role("searchbox").fill("video")
    expect(table_block.locator(".model-picker__option:visible")).to_have_count(2)
    expect(table_block.locator(".model-picker__option:visible").first).to_contain_text(
        re.compile(r"Gemini 1\.0\s*Google DeepMind · size undisclosed")
    )
    table_block.get_by_role("searchbox").fill("")

    # Reorder from the keyboard: PaLM 2 moves up past Mixtral 8x22B.
    table_block.get_by_role("button", name="Move “PaLM 2” up").click()
    expect(chosen.nth(4)).to_have_text("PaLM 2")
    # Focus stays on the button, so pressing it again keeps moving the same model.
    expect(table_block.get_by_role("button", name="Move “PaLM 2” up")).to_be_focused()
    # And by drag: Claude 3 is dropped above GPT-4.
    table_block.locator(".model-picker__item", has_text="Claude").drag_to(
        table_block.locator(".model-picker__item", has_text="GPT-4"),
        target_position={"x": 20, "y": 2},
    )
    order = ["Claude 3", "GPT-4", "Gemini 1.0", "Llama 3", "PaLM 2", "Mixtral 8x22B"]
    expect(chosen).to_have_text(order)

    # A draft model is marked, and the block warns that its row stays off the live page.
    table_block.get_by_role("searchbox").fill("orbit")
    table_block.get_by_role("searchbox").press("Enter")
    draft = table_block.locator(".model-picker__item", has_text="Orbit 1")
    expect(draft.locator(".model-picker__state")).to_have_text("Draft")
    warning = table_block.locator(".model-picker__warnings")
    expect(warning).to_contain_text("Not on the live page yet: “Orbit 1” is a draft")
    table_block.get_by_role("button", name="Remove “Orbit 1”").click()
    expect(warning).to_be_empty()
    expect(chosen).to_have_text(order)

    for column in COLUMN_LIST:
        if column.key != ROW_HEADER_COLUMN:
            table_block.get_by_role("checkbox", name=column.label, exact=True).check()
    expect(table_block.get_by_role("checkbox", name="Model", exact=True)).to_have_count(0)
    table_block.get_by_label("Sort by").select_option(label="Parameters")
    table_block.get_by_label("Direction").select_option(label="Z–A, largest first")

    table_block.scroll_into_view_if_needed()
    screenshot_block(table_block, "editor-model-table-block")
    height = table_block.bounding_box()["height"]
    assert height <= MODEL_TABLE_MAX_HEIGHT, f"the model table block is {height:.0f}px tall"

    assert_accessible(page, ".model-picker")

    add_block(page, body, "Concept comparison table")
    concept_block = stream_child(body, 1)
    concept_block.get_by_label("Caption").fill("Foundation and task-specific models")
    fill_concept_grid(page, concept_block)
    concept_block.scroll_into_view_if_needed()
    screenshot_block(concept_block, "editor-concept-grid-block")
    height = concept_block.bounding_box()["height"]
    assert height <= CONCEPT_GRID_MAX_HEIGHT, f"the concept grid block is {height:.0f}px tall"
    assert_accessible(page, ".concept-grid")

    publish_and_view_live(page, "Six Models, One Minute", "/six-models-one-minute/")
    article = page.locator(".article-body")
    models = article.locator("table", has=page.locator("caption", has_text="Six models"))
    expect(models.locator("thead th")).to_have_text([c.label for c in COLUMN_LIST])
    # Largest first; undisclosed counts last, in the order the editor set.
    expect(models.locator("tbody th[scope=row]")).to_have_text(
        ["PaLM 2", "Mixtral 8x22B", "Llama 3", "Claude 3", "GPT-4", "Gemini 1.0"]
    )
    concept = article.locator("table", has=page.locator("caption", has_text="task-specific"))
    expect(concept.locator("thead th")).to_have_text(
        ["Compared on", "Foundation model", "Task-specific model"]
    )
    expect(concept.locator("tbody th[scope=row]")).to_have_text([r[0] for r in CONCEPT_ROWS])
    expect(concept.locator("tbody tr").first.locator("td b")).to_have_text("Broad")
    expect(concept.locator("tbody tr").nth(3).locator("td i")).to_have_text("Single")

    # Then a fact the new table shows changes: publishing it first names this article.
    palm = FoundationModel.objects.get(slug="palm-2")
    page.goto(f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/")
    page.locator("#id_max_parameters_billions").fill("540")
    press_publish(page)
    warning = page.locator("[data-factcheck-confirm]")
    expect(warning.get_by_role("heading")).to_contain_text("Six Models, One Minute")
    expect(warning).to_contain_text("~340B (estimated) → ~540B (estimated)")
    save_screenshot(page, "editor-fact-change-names-the-new-article", full_page=False)


def test_the_demo_articles_tables_open_in_the_compact_controls(visitor_factory, content, editor):
    """The seed's tables, stored before these controls existed, load into them (in the dark
    theme here) within the same heights."""
    page = visitor_factory(color_scheme="dark").page
    log_in(page, editor)
    page.goto(f"/admin/pages/{content.article.pk}/edit/")
    body = page.locator("[data-contentpath='body']")
    table_block = body.locator("[data-streamfield-child]", has=page.locator(".model-picker"))
    concept_block = body.locator("[data-streamfield-child]", has=page.locator(".concept-grid"))

    demo_order = ["GPT-4", "Claude 3", "Gemini 1.0", "Llama 3", "Mixtral 8x22B", "PaLM 2"]
    expect(table_block.locator(".model-picker__item .model-picker__name")).to_have_text(demo_order)
    checked = table_block.locator(".table-columns-choice input:checked")
    expect(checked).to_have_count(6)  # every seed column but the model name
    table_block.scroll_into_view_if_needed()
    screenshot_block(table_block, "editor-model-table-block-dark")
    assert table_block.bounding_box()["height"] <= MODEL_TABLE_MAX_HEIGHT

    grid = concept_block.locator(".concept-grid")
    expect(grid.locator("tbody th input")).to_have_count(5)
    expect(grid.get_by_label("Heading above the row labels")).to_have_value("Aspect")
    expect(grid.get_by_label("Training data: Foundation model")).to_have_value("Broad, diverse")
    concept_block.scroll_into_view_if_needed()
    screenshot_block(concept_block, "editor-concept-grid-block-dark")
    assert concept_block.bounding_box()["height"] <= CONCEPT_GRID_MAX_HEIGHT
    assert_accessible(page, ".model-picker")
    assert_accessible(page, ".concept-grid")
