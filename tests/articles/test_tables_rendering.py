"""What readers get: semantic tables that read the registry's published facts."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks.struct_block import StructBlockValidationError

from articles.blocks import ConceptComparisonBlock, ModelComparisonTableBlock
from tests.factories import ArticlePageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    concept_table,
    model_table,
    publish,
)


@pytest.fixture
def models(db):
    openai = OrganisationFactory(name="OpenAI", slug="openai")
    gpt = FoundationModelFactory(
        name="GPT-4/5",
        slug="gpt",
        developer=openai,
        parameter_status="estimated",
        max_parameters_billions=1800,
        modalities=["text", "images", "audio"],
    )
    SourceFactory(model=gpt, title="An estimate", url="https://example.org/estimate")
    claude = FoundationModelFactory(
        name="Claude", slug="claude", parameter_status="undisclosed", max_parameters_billions=None
    )
    llama = FoundationModelFactory(
        name="LLaMA 3", slug="llama", min_parameters_billions=8, max_parameters_billions=405
    )
    palm = FoundationModelFactory(name="PaLM 2", slug="palm", max_parameters_billions=340)
    return [gpt, claude, llama, palm]


def article_with(section, *blocks, slug="tables"):
    return ArticlePageFactory(parent=section, slug=slug, body=json.dumps(list(blocks)))


def soup_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_in(soup, index=0):
    return soup.select("table.data-table")[index]


def test_model_table_is_a_semantic_table(client, section, models):
    page = article_with(section, model_table(models, caption="Key foundation models"))
    soup = soup_of(client, page)
    table = table_in(soup)
    caption = table.caption.get_text(" ", strip=True)
    assert caption == "Key foundation models as of 1 June 2025"
    assert table.caption.time["datetime"] == "2025-06-01"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    assert [th.get_text(strip=True) for th in table.thead.find_all("th")] == [
        "Model",
        "Developer",
        "Modalities",
        "Parameters",
    ]
    rows = table.tbody.find_all("tr")
    assert [r.th["scope"] for r in rows] == ["row"] * 4
    assert [r.th.get_text(strip=True) for r in rows] == ["GPT-4/5", "Claude", "LLaMA 3", "PaLM 2"]
    region = table.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0"
    assert region["aria-labelledby"] == table.caption["id"]
    # No sort chosen: no column claims to be sorted.
    assert not table.select("[aria-sort]")


def test_numbers_carry_machine_values_and_special_states_read_as_such(client, section, models):
    soup = soup_of(client, article_with(section, model_table(models)))
    cells = {
        row.th.get_text(strip=True): row.find_all("td")[-1] for row in table_in(soup).tbody("tr")
    }
    assert cells["GPT-4/5"].data["value"] == "1800"
    assert cells["GPT-4/5"].data.get_text() == "~1.8T (estimated)"
    assert cells["LLaMA 3"]["data-sort-value"] == "405"
    assert cells["LLaMA 3"].get_text(strip=True) == "8B–405B"
    assert cells["Claude"].get_text(strip=True) == "Undisclosed"
    # Undisclosed has no sort value, so the script keeps it last both ways.
    assert not cells["Claude"].has_attr("data-sort-value") and cells["Claude"].data is None


def test_default_sort_orders_rows_and_marks_only_that_column(client, section, models):
    block = model_table(models, default_sort="parameters", sort_direction="desc")
    table = table_in(soup_of(client, article_with(section, block)))
    assert [r.th.get_text(strip=True) for r in table.tbody("tr")] == [
        "GPT-4/5",
        "LLaMA 3",
        "PaLM 2",
        "Claude",
    ]
    sorted_headers = table.select("th[aria-sort]")
    assert [(th["data-column"], th["aria-sort"]) for th in sorted_headers] == [
        ("parameters", "descending")
    ]


def test_sources_appear_as_numbered_notes_when_enabled(client, section, models):
    soup = soup_of(client, article_with(section, model_table(models)))
    notes = soup.select("ol.table-sources li")
    assert len(notes) == 1
    assert notes[0].a["href"] == "https://example.org/estimate"
    assert "accessed" in notes[0].get_text()
    ref = soup.select_one("sup.note-ref a")
    assert ref["href"] == "#" + notes[0]["id"]

    hidden = article_with(section, model_table(models, show_sources=False), slug="no-notes")
    assert not soup_of(client, hidden).select("ol.table-sources, sup.note-ref")


def test_downloads_are_offered_for_each_model_table(client, section, models):
    block = model_table(models)
    page = article_with(section, block)
    links = soup_of(client, page).select(".table-downloads a")
    assert [a["href"] for a in links] == [
        f"{page.url}tables/{block['id']}/csv/",
        f"{page.url}tables/{block['id']}/json/",
    ]


def test_unpublished_and_deleted_models_drop_out_without_error(client, section, models):
    gpt, claude, llama, palm = models
    page = article_with(section, model_table(models))
    claude.unpublish()
    llama.delete()
    draft_only = FoundationModelFactory(name="Draft Model", live=False)
    page.body = json.dumps([model_table([gpt, claude, llama, palm, draft_only])])
    page.save()
    table = table_in(soup_of(client, page))
    assert [r.th.get_text(strip=True) for r in table.tbody("tr")] == ["GPT-4/5", "PaLM 2"]


def test_an_empty_table_says_so(client, section, models):
    for model in models:
        model.unpublish()
    table = table_in(soup_of(client, article_with(section, model_table(models))))
    assert "No published models" in table.tbody.get_text()


def test_draft_changes_stay_off_the_page_until_published(client, section, models):
    palm = models[3]
    page = article_with(section, model_table(models))
    palm.max_parameters_billions = 540
    palm.save_revision()  # a draft: the live row keeps 340
    assert "340B" in client.get(page.url).content.decode()
    publish(palm)
    html = client.get(page.url).content.decode()
    assert "540B" in html and "340B" not in html


def test_concept_table_has_row_headers_and_rich_text_cells(client, section):
    block = concept_table(
        rows=[
            {"aspect": "Training data", "cells": ["<p><b>Broad</b>, diverse</p>", "<p>Narrow</p>"]},
            {"aspect": "Examples", "cells": ["<p>GPT-4</p>"]},
        ]
    )
    table = table_in(soup_of(client, article_with(section, block)))
    assert [th.get_text(strip=True) for th in table.thead("th")] == [
        "Aspect",
        "Foundation model",
        "Task-specific model",
    ]
    rows = table.tbody("tr")
    assert [r.th["scope"] for r in rows] == ["row", "row"]
    assert rows[0].td.b.get_text() == "Broad"
    # A short row is padded so every row has a cell under every heading.
    assert len(rows[1].find_all("td")) == 2


def test_editor_text_is_escaped_everywhere(client, section):
    evil = '<script>alert("x")</script><b>bold</b>'
    org = OrganisationFactory(name=evil, slug="evil-org")
    model = FoundationModelFactory(name=evil, developer=org, licence=evil)
    SourceFactory(model=model, title=evil, url="https://example.org/x")
    block = model_table([model], caption=evil, columns=["name", "developer", "licence"])
    concept = concept_table(caption=evil, headings=[evil, "Other"])
    concept["value"]["aspect_heading"] = evil
    concept["value"]["rows"] = [{"aspect": evil, "cells": ["<p>ok</p>", "<p>ok</p>"]}]
    html = client.get(article_with(section, block, concept).url).content.decode()
    body = html[html.index('<div class="article-body">') :]
    assert "<script>alert" not in body and "<b>bold</b>" not in body
    assert body.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 8


def test_model_table_block_rejects_inconsistent_settings(db):
    block = ModelComparisonTableBlock()
    model = FoundationModelFactory()
    value = block.to_python(
        {
            "caption": "t",
            "models": [model.pk, model.pk],
            "columns": ["name", "parameters", "parameters"],
            "default_sort": "licence",
            "sort_direction": "asc",
            "show_sources": True,
        }
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert set(excinfo.value.block_errors) == {"columns", "default_sort", "models"}


def test_concept_rows_must_fill_every_column():
    block = ConceptComparisonBlock()
    value = block.to_python(
        concept_table(rows=[{"aspect": "Cost", "cells": ["<p>High</p>"]}])["value"]
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    row_errors = excinfo.value.block_errors["rows"].block_errors[0]
    messages = row_errors.block_errors["cells"].non_block_errors.as_text()
    assert "This row has 1 entry but the table has 2 columns" in messages


def test_block_previews_render(db):
    html = ConceptComparisonBlock().render(ConceptComparisonBlock().get_preview_value())
    assert "<table" in html and 'scope="row"' in html
