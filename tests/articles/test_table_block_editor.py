"""The table blocks through the article editor: what an editor posts, what is stored and shown,
and what the editor is told when something is wrong."""

import json
from html import unescape

import pytest
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from directory.columns import COLUMN_LIST, ROW_HEADER_COLUMN
from directory.models import FoundationModel
from tests.factories import ArticlePageFactory, AuthorFactory
from tests.table_factories import FoundationModelFactory, OrganisationFactory

ALL_COLUMNS = [c.key for c in COLUMN_LIST if c.key != ROW_HEADER_COLUMN]
SIX = [
    ("GPT-4/5", "OpenAI", 1800),
    ("Claude", "Anthropic", None),
    ("Gemini", "Google DeepMind", None),
    ("LLaMA 3", "Meta", 405),
    ("Mistral", "Mistral AI", 141),
    ("PaLM 2", "Google", 340),
]


@pytest.fixture
def six_models(db):
    models = []
    for name, developer, size in SIX:
        org = OrganisationFactory(name=developer)
        status = "disclosed" if size else "undisclosed"
        models.append(
            FoundationModelFactory(
                name=name, developer=org, parameter_status=status, max_parameters_billions=size
            )
        )
    return models


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Six models", slug="six-models")


def model_table(chosen, columns=ALL_COLUMNS, **overrides):
    """The model table's form data as the compact control posts it: one value per model in
    table order, one per ticked column (tuples, so nested_form_data keeps them as lists)."""
    return {
        "caption": "Six models compared",
        "models": tuple(str(m.pk) for m in chosen),
        "columns": tuple(columns),
        "default_sort": "",
        "sort_direction": "asc",
        "show_sources": "on",
        **overrides,
    }


def concept_table(columns, rows, caption="Two kinds of model", corner="Aspect"):
    """The concept table's form data: the caption, and the grid (the heading above the row
    labels, the column headings and the rows) as one JSON value."""
    rows = [{"aspect": a, "cells": list(c)} for a, *c in rows]
    grid = {"corner": corner, "columns": columns, "rows": rows}
    return {"caption": caption, "grid": json.dumps(grid)}


def edit_form(article, blocks, publish=True):
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "author": str(AuthorFactory(name="AsterMind Team").pk),
            "first_published": "2026-11-01",
            "tags": "",
            "body": streamfield(blocks),
            "further_reading": streamfield([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def edit_view(client, article):
    """The edit view's HTML with one level of escaping undone: the StreamField's definitions
    and values sit in an HTML attribute as JSON."""
    return unescape(client.get(f"/admin/pages/{article.pk}/edit/").content.decode())


def post_edit(client, article, blocks, publish=True):
    return client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article, blocks, publish))


def block_errors(response):
    """The body's error data as the editor's StreamField receives it."""
    error = response.context["form"].errors.as_data()["body"][0]
    return json.dumps(error.as_json_data(), ensure_ascii=False)


def test_six_models_in_the_editors_order_with_every_column(admin_client, article, six_models):
    order = [six_models[i] for i in (3, 0, 5, 1, 4, 2)]
    intro = ("paragraph", rich_text("<p>Intro.</p>"))
    response = post_edit(admin_client, article, [intro, ("model_table", model_table(order))])
    assert response.status_code == 302

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    stored = article.body.raw_data[1]["value"]
    assert stored["models"] == [m.pk for m in order]
    assert stored["columns"] == ALL_COLUMNS
    table = article.body[1].value
    assert [m.name for m in table["models"]] == [m.name for m in order]

    html = admin_client.get(article.url).content.decode()
    positions = [html.index(f">{m.name}<") for m in order]
    assert positions == sorted(positions), "rows keep the order the editor set"
    for column in COLUMN_LIST:
        assert f'data-column="{column.key}"' in html
    # The reference index knows the article shows each model (fact-change warnings use it).
    for model in order:
        assert ReferenceIndex.get_references_to(model).filter(object_id=str(article.pk)).exists()


def test_a_default_sort_orders_the_page(admin_client, article, six_models):
    table = model_table(six_models, default_sort="parameters", sort_direction="desc")
    assert post_edit(admin_client, article, [("model_table", table)]).status_code == 302
    html = admin_client.get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    # Largest first; the undisclosed counts (Claude, Gemini) sort last either way.
    shown = ["GPT-4/5", "LLaMA 3", "PaLM 2", "Mistral", "Claude"]
    positions = [html.index(f">{name}<") for name in shown]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "table, field, message",
    [
        ({"models": ()}, "models", "Choose at least one model for the table."),
        ({"models": ("gpt",)}, "models", "“gpt” is not a model from the registry"),
        ({"columns": ()}, "columns", "Tick at least one column"),
        ({"columns": ("developer", "name")}, "columns", "Select a valid choice"),
        (
            {"columns": ("developer",), "default_sort": "licence"},
            "default_sort",
            "Sort by a column the table shows: tick “Licence” above",
        ),
    ],
)
def test_model_table_errors_say_what_is_wrong(
    admin_client, article, six_models, table, field, message
):
    response = post_edit(admin_client, article, [("model_table", model_table(six_models, **table))])
    assert response.status_code == 200
    data = json.loads(block_errors(response))
    messages = data["blockErrors"]["0"]["blockErrors"][field]["messages"]
    assert any(message in m for m in messages), messages
    body = ArticlePage.objects.get(pk=article.pk).body
    assert "model_table" not in [b.block_type for b in body], "nothing was saved"


def test_a_model_twice_is_named(admin_client, article, six_models):
    twice = [six_models[0], six_models[1], six_models[0]]
    response = post_edit(admin_client, article, [("model_table", model_table(twice))])
    assert response.status_code == 200
    assert "Each model can appear once: GPT-4/5." in block_errors(response)


def test_concept_grid_is_stored_as_the_rich_text_it_always_was(admin_client, article):
    grid = concept_table(
        ["Foundation model", "Task-specific model"],
        [
            ("Training data", "**Broad**, diverse", "Narrow"),
            ("Examples", "[GPT-4](https://openai.com/) and *Claude*", "A spam filter"),
        ],
    )
    assert post_edit(admin_client, article, [("concept_table", grid)]).status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    stored = article.body.raw_data[0]["value"]
    assert stored["aspect_heading"] == "Aspect"
    values = [[item["value"] for item in row["value"]["cells"]] for row in stored["rows"]]
    assert [h["value"] for h in stored["column_headings"]] == [
        "Foundation model",
        "Task-specific model",
    ]
    assert values[0] == ["<p><b>Broad</b>, diverse</p>", "<p>Narrow</p>"]
    assert values[1][0] == '<p><a href="https://openai.com/">GPT-4</a> and <i>Claude</i></p>'

    html = admin_client.get(article.url).content.decode()
    assert "<td><p><b>Broad</b>, diverse</p></td>" in html
    assert '<a href="https://openai.com/">GPT-4</a>' in html


def test_concept_grid_errors_name_the_row_and_column(admin_client, article):
    grid = concept_table(
        ["Foundation model", ""],
        [("Training data", "Broad", ""), ("", "Many tasks", "One task")],
        corner="",
    )
    response = post_edit(admin_client, article, [("concept_table", grid)])
    assert response.status_code == 200
    errors = json.loads(block_errors(response))["blockErrors"]["0"]["blockErrors"]
    # In the editor the headings and rows are one grid, so their errors arrive on "grid".
    assert set(errors) == {"grid"}
    assert errors["grid"]["messages"] == [
        "The heading above the row labels is empty.",
        "Column 2 has no heading.",
        "Row 1 (“Training data”) has no entry under column 2.",
        "Row 2 has no label.",
    ]


def test_the_edit_view_sends_the_grid_as_markup(admin_client, article):
    grid = concept_table(["A", "B"], [("Cost", "**High**", "Low")])
    post_edit(admin_client, article, [("concept_table", grid)])
    html = edit_view(admin_client, article)
    assert '"cells": ["**High**", "Low"]' in html and "<b>High" not in html
    assert "articles_admin/concept-grid.js" in html and "articles_admin/model-picker.js" in html


def test_editor_is_warned_about_draft_and_deleted_models(admin_client, article, six_models):
    draft = FoundationModelFactory(name="Orbit 1", live=False)
    doomed = FoundationModelFactory(name="Retired Model")
    shown = [six_models[0], draft, doomed]
    response = post_edit(admin_client, article, [("model_table", model_table(shown))])
    assert response.status_code == 302
    # Deleted through the admin, which logs the deletion with the model's name.
    delete_url = f"/admin/snippets/directory/foundationmodel/delete/{doomed.pk}/"
    assert admin_client.post(delete_url).status_code == 302
    assert not FoundationModel.objects.filter(pk=doomed.pk).exists()

    page = ArticlePage.objects.get(pk=article.pk)
    html = admin_client.get(page.url).content.decode()
    assert ">GPT-4/5<" in html and "Orbit 1" not in html and "Retired Model" not in html

    edit = edit_view(admin_client, article)
    # The picker's state names the deleted model; its options mark the draft as a draft.
    assert '"deleted": ["Retired Model"]' in edit
    assert 'data-live=\\"false\\">Orbit 1' in edit


def test_caption_help_text_shows_its_placeholder(admin_client, article):
    edit = edit_view(admin_client, article)
    # Wagtail inserts help text as HTML: the placeholder arrives escaped, so it reads "<date>".
    assert "\\u201cas of &lt;date&gt;\\u201d is added" in edit


def test_concept_grid_says_which_entry_is_too_long(admin_client, article):
    long_cell = ("word " * 70).strip()  # 349 characters
    grid = concept_table(["A" * 81, "B"], [("Cost", f"**{long_cell}**", "Low")])
    response = post_edit(admin_client, article, [("concept_table", grid)])
    assert response.status_code == 200
    errors = json.loads(block_errors(response))["blockErrors"]["0"]["blockErrors"]
    assert errors["grid"]["messages"] == [
        "The heading of column 1 is 81 characters long; keep it to 80.",
        f"Row 1 (“Cost”) under “{'A' * 81}” is 349 characters long; keep it to 300.",
    ]
