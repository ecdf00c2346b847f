"""The table blocks' values: older stored shapes still load, cells survive the trip to the
grid's markup and back unchanged, and the model table previews whatever the registry holds."""

import json

import pytest

from articles.blocks import ConceptComparisonBlock, ModelComparisonTableBlock
from articles.blocks.cell_markup import html_to_markup, markup_to_html
from articles.blocks.concept_grid import grid_state
from articles.blocks.model_choice import ChosenModels, model_options
from articles.models import ArticlePage
from demo.loader import load_demo_data
from tests.factories import ArticlePageFactory
from tests.table_factories import FoundationModelFactory, OrganisationFactory

MODEL_TABLE = ModelComparisonTableBlock()
CONCEPT_TABLE = ConceptComparisonBlock()


def listblock_items(values):
    """A list as a ListBlock stored it before the compact controls: one {value, id} per item."""
    return [{"type": "item", "value": v, "id": f"item-{i}"} for i, v in enumerate(values)]


def test_a_table_stored_by_the_old_list_blocks_still_loads(db):
    gpt = FoundationModelFactory(name="GPT-4/5")
    claude = FoundationModelFactory(name="Claude")
    value = MODEL_TABLE.to_python(
        {
            "caption": "Older table",
            "models": listblock_items([claude.pk, gpt.pk]),
            "columns": listblock_items(["name", "parameters", "developer"]),
            "default_sort": "",
            "sort_direction": "asc",
            "show_sources": True,
        }
    )
    assert [m.name for m in value["models"]] == ["Claude", "GPT-4/5"]
    # The name always leads, so it is no longer a column of its own; the rest keep their order.
    assert value["columns"] == ["parameters", "developer"]
    stored = MODEL_TABLE.get_prep_value(value)
    assert stored["models"] == [claude.pk, gpt.pk]
    assert stored["columns"] == ["parameters", "developer"]


def test_a_deleted_model_is_remembered_until_the_next_edit(db):
    kept = FoundationModelFactory(name="Kept")
    gone = FoundationModelFactory(name="Gone")
    gone_pk = gone.pk
    gone.delete()
    value = MODEL_TABLE.to_python({"caption": "t", "models": [gone_pk, kept.pk], "columns": []})
    assert list(value["models"]) == [kept]
    assert value["models"].missing_ids == [gone_pk]
    assert MODEL_TABLE.get_prep_value(value)["models"] == [kept.pk, gone_pk]
    # Without Wagtail's log of the deletion, the editor is told the id.
    assert MODEL_TABLE.child_blocks["models"].get_form_state(value["models"]) == {
        "chosen": [str(kept.pk)],
        "deleted": [f"model #{gone_pk}"],
    }


@pytest.mark.parametrize("tables", [1, 3])
def test_tables_on_one_page_load_their_models_together(
    db, section, django_assert_num_queries, tables
):
    models = [FoundationModelFactory() for _ in range(6)]
    body = [
        {"type": "model_table", "value": {"caption": str(i), "models": [m.pk for m in models]}}
        for i in range(tables)
    ]
    page = ArticlePageFactory(parent=section, body=json.dumps(body))
    page = ArticlePage.objects.get(pk=page.pk)
    # The models with their developers, then their modalities and sources: however many
    # tables the page holds.
    with django_assert_num_queries(3):
        shown = [block.value["models"] for block in page.body]
    assert [len(table) for table in shown] == [6] * tables


def test_the_picker_tells_two_versions_apart(db):
    meta = OrganisationFactory(name="Meta")
    FoundationModelFactory(
        name="LLaMA 2", developer=meta, max_parameters_billions=70, release_date="2023-07-18"
    )
    FoundationModelFactory(
        name="LLaMA 3",
        developer=meta,
        max_parameters_billions=405,
        release_date="2024-04-18",
        live=False,
        modalities=["text", "images"],
    )
    options = {o["name"]: o for o in model_options()}
    assert (options["LLaMA 2"]["developer"], options["LLaMA 2"]["size"]) == ("Meta", "70B")
    assert (options["LLaMA 2"]["year"], options["LLaMA 2"]["live"]) == (2023, True)
    assert (options["LLaMA 3"]["size"], options["LLaMA 3"]["year"]) == ("405B", 2024)
    assert options["LLaMA 3"]["live"] is False
    assert "images" in options["LLaMA 3"]["modalities"].lower()


DEMO_CELLS = [
    cell
    for article in load_demo_data().articles
    for name, value in article["body"]
    if name == "concept_table"
    for row in value["rows"]
    for cell in row["cells"]
]


@pytest.mark.parametrize("html", DEMO_CELLS)
def test_demo_cells_come_back_from_the_grid_unchanged(html):
    assert markup_to_html(html_to_markup(html)) == html


@pytest.mark.parametrize(
    "html, markup",
    [
        ("<p><b>Broad</b>, diverse</p>", "**Broad**, diverse"),
        ("<p>A <i>single</i> task</p>", "A *single* task"),
        ('<p><a href="https://example.org/?a=1&amp;b=2">a link</a></p>', None),
        ('<p>See <a linktype="page" id="12">the glossary</a></p>', "See [the glossary](page:12)"),
        ("<p>2 * 3 [not a link]</p>", r"2 \* 3 \[not a link\]"),
        ("<p>Tom &amp; Jerry &lt;3</p>", "Tom & Jerry <3"),
    ],
)
def test_cells_and_markup_round_trip(html, markup):
    if markup is not None:
        assert html_to_markup(html) == markup
    assert markup_to_html(html_to_markup(html)) == html


@pytest.mark.parametrize(
    "markup, html",
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        (
            '[x](https://a.example/"onmouseover=1)',
            '<p><a href="https://a.example/&quot;onmouseover=1">x</a></p>',
        ),
        ("**a [b** c](https://x.example/)", "<p><b>a [b</b> c](https://x.example/)</p>"),
        ("  spaced   out  ", "<p>spaced out</p>"),
        ("", ""),
    ],
)
def test_markup_never_lets_html_through(markup, html):
    assert markup_to_html(markup) == html


def test_the_grid_state_is_the_stored_table_as_markup():
    value = CONCEPT_TABLE.to_python(
        {
            "caption": "c",
            "aspect_heading": "Aspect",
            "column_headings": ["A", "B"],
            "rows": [{"aspect": "Cost", "cells": ["<p><b>High</b></p>", "<p>Low</p>"]}],
        }
    )
    assert grid_state(value) == {
        "corner": "Aspect",
        "columns": ["A", "B"],
        "rows": [{"aspect": "Cost", "cells": ["**High**", "Low"]}],
    }
    state = CONCEPT_TABLE.get_form_state(value)
    # The heading above the row labels sits in the grid's corner, as it does on the page.
    assert set(state) == {"caption", "grid"}


def test_model_table_preview_without_models_says_so(admin_client):
    block = ArticlePage.body.field.stream_block.child_blocks["model_table"]
    assert block.is_previewable
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "No published models to compare yet." in response.content.decode()


def test_model_table_preview_shows_the_newest_published_models(admin_client):
    for year in range(2019, 2025):
        FoundationModelFactory(name=f"Model of {year}", release_date=f"{year}-06-01")
    FoundationModelFactory(name="Unreleased draft", release_date="2026-01-01", live=False)
    block = ArticlePage.body.field.stream_block.child_blocks["model_table"]
    html = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix}).content
    html = html.decode()
    shown = [f"Model of {year}" for year in range(2024, 2020, -1)]
    assert [html.index(name) for name in shown] == sorted(html.index(name) for name in shown)
    assert "Model of 2020" not in html and "Unreleased draft" not in html
    assert isinstance(block.get_preview_value()["models"], ChosenModels)


def test_a_table_built_in_python_stores_ids_and_columns(db, section):
    """Loaders and benchmarks hand the block models themselves and may list the name column."""
    models = [FoundationModelFactory(name="B"), FoundationModelFactory(name="A")]
    table = {
        "caption": "Built in code",
        "models": models,
        "columns": ["name", "developer", "parameters"],
        "default_sort": "",
        "sort_direction": "asc",
        "show_sources": True,
    }
    page = ArticlePageFactory(parent=section, body=[("model_table", table)])
    stored = ArticlePage.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert stored["models"] == [m.pk for m in models]
    assert stored["columns"] == ["developer", "parameters"]
