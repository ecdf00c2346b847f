"""The column registry: what readers see, what programs get and how rows sort."""

from datetime import date
from decimal import Decimal

import pytest

from astermind_site.escaping import neutralise_formula
from directory.columns import (
    COLUMNS,
    DEFAULT_COLUMNS,
    UNDISCLOSED,
    format_billions,
    machine_record,
    resolve_columns,
)
from directory.tables import build_model_table
from tests.table_factories import FoundationModelFactory, SourceFactory


@pytest.mark.parametrize(
    "billions, text",
    [
        (Decimal("0.35"), "350M"),
        (Decimal("7"), "7B"),
        (Decimal("7.3"), "7.3B"),
        (Decimal("405"), "405B"),
        (Decimal("1800"), "1.8T"),
        (Decimal("1000"), "1T"),
    ],
)
def test_counts_in_billions_read_as_people_write_them(billions, text):
    assert format_billions(billions) == text


@pytest.fixture
def seed_like(db):
    gpt = FoundationModelFactory(
        name="GPT-4/5",
        parameter_status="estimated",
        max_parameters_billions=1800,
        modalities=["text", "images", "audio"],
    )
    SourceFactory(model=gpt, fact="parameters")
    return {
        "gpt": gpt,
        "claude": FoundationModelFactory(
            name="Claude", parameter_status="undisclosed", max_parameters_billions=None
        ),
        "llama": FoundationModelFactory(
            name="LLaMA 3", min_parameters_billions=8, max_parameters_billions=405
        ),
        "mistral": FoundationModelFactory(
            name="Mistral",
            min_parameters_billions=7,
            max_parameters_billions=141,
            active_parameters_billions=39,
            parameter_notation="8x22B",
            open_weights=True,
        ),
        "palm": FoundationModelFactory(name="PaLM 2", max_parameters_billions=340),
    }


def test_parameter_display_and_machine_values(seed_like):
    column = COLUMNS["parameters"]
    assert column.display(seed_like["gpt"]) == "~1.8T (estimated)"
    assert column.display(seed_like["claude"]) == UNDISCLOSED
    assert column.display(seed_like["llama"]) == "8B–405B"
    assert column.display(seed_like["mistral"]) == "7B–8x22B"
    assert column.display(seed_like["palm"]) == "340B"

    assert column.machine(seed_like["gpt"]) == {
        "status": "estimated",
        "smallest_billions": 1800,
        "largest_billions": 1800,
        "notation": None,
    }
    assert column.machine(seed_like["claude"])["largest_billions"] is None
    assert column.machine(seed_like["mistral"]) == {
        "status": "disclosed",
        "smallest_billions": 7,
        "largest_billions": 141,
        "notation": "8x22B",
    }
    # Ranges sort by their largest variant; undisclosed has no sort value at all.
    assert column.sort(seed_like["llama"]) == 405
    assert column.sort(seed_like["claude"]) is None
    assert COLUMNS["active_parameters"].display(seed_like["mistral"]) == "39B"
    assert COLUMNS["active_parameters"].display(seed_like["claude"]) == UNDISCLOSED


def test_other_columns_show_text_and_hand_over_typed_values(seed_like):
    gpt = seed_like["gpt"]
    assert COLUMNS["modalities"].display(gpt) == "Text, images, audio"
    assert COLUMNS["modalities"].machine(gpt) == ["text", "images", "audio"]
    assert COLUMNS["developer"].machine(gpt) == {
        "name": gpt.developer.name,
        "slug": gpt.developer.slug,
    }
    assert COLUMNS["open_weights"].display(seed_like["mistral"]) == "Yes"
    assert COLUMNS["open_weights"].machine(seed_like["mistral"]) is True
    assert COLUMNS["release_date"].display(gpt) == "18 April 2024"
    assert COLUMNS["release_date"].machine(gpt) == "2024-04-18"
    assert COLUMNS["licence"].machine(gpt) is None
    assert set(machine_record(gpt)) == set(COLUMNS)


def test_rows_sort_numerically_with_undisclosed_last_both_ways(seed_like):
    models = list(seed_like.values())
    ascending = build_model_table("t", models, DEFAULT_COLUMNS, "parameters", "asc")
    descending = build_model_table("t", models, DEFAULT_COLUMNS, "parameters", "desc")
    names_up = [row.model.name for row in ascending.rows]
    names_down = [row.model.name for row in descending.rows]
    # 141B < 340B < 405B < 1.8T, whatever the text looks like.
    assert names_up == ["Mistral", "PaLM 2", "LLaMA 3", "GPT-4/5", "Claude"]
    assert names_down == ["GPT-4/5", "LLaMA 3", "PaLM 2", "Mistral", "Claude"]


def test_unknown_sort_keys_keep_the_chosen_order(seed_like):
    models = list(seed_like.values())
    table = build_model_table("t", models, DEFAULT_COLUMNS, "<script>", "sideways")
    assert [row.model for row in table.rows] == models
    assert table.sort_key == "" and all(h["aria_sort"] is None for h in table.headers)


def test_columns_are_known_unique_and_led_by_the_name():
    keys = [c.key for c in resolve_columns(["parameters", "bogus", "name", "parameters"])]
    assert keys == ["name", "parameters"]
    assert [c.key for c in resolve_columns([])] == DEFAULT_COLUMNS


def test_footnotes_number_sources_and_mark_their_cells(seed_like):
    table = build_model_table("t", [seed_like["claude"], seed_like["gpt"]], DEFAULT_COLUMNS)
    assert [note.number for note in table.footnotes] == [1]
    gpt_row = table.rows[1]
    assert gpt_row.cells[3].notes == [1] and gpt_row.cells[0].notes == []
    hidden = build_model_table("t", [seed_like["gpt"]], DEFAULT_COLUMNS, show_sources=False)
    assert hidden.footnotes == [] and hidden.rows[0].cells[3].notes == []


def test_table_is_as_of_its_oldest_check(seed_like):
    seed_like["palm"].as_of = date(2024, 1, 1)
    table = build_model_table("t", [seed_like["gpt"], seed_like["palm"]], DEFAULT_COLUMNS)
    assert table.as_of == date(2024, 1, 1)


@pytest.mark.parametrize(
    "text, safe",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("GPT-4/5", "GPT-4/5"),
        ("~1.8T (estimated)", "~1.8T (estimated)"),
    ],
)
def test_formula_cells_are_neutralised(text, safe):
    assert neutralise_formula(text) == safe
