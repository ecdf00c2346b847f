"""Table downloads: the same columns and values as the page, and no way to break them."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    model_table,
)

COLUMNS = ["name", "developer", "modalities", "parameters", "open_weights", "release_date"]
# The fixture's table as a reader must see it, written by hand (in the block's order).
EXPECTED_HEADER = ["Model", "Developer", "Modalities", "Parameters", "Open weights", "Released"]
EXPECTED_ROWS = [
    ["GPT-4/5", "Lab A", "Text", "~1.8T (estimated)", "No", "18 April 2024"],
    ["Claude", "Lab B", "Text", "Undisclosed", "No", "18 April 2024"],
    ["LLaMA 3", "Lab C", "Text", "8B–405B", "Yes", "18 April 2024"],
]


@pytest.fixture
def article(section):
    lab_a, lab_b, lab_c = (
        OrganisationFactory(name=f"Lab {x.upper()}", slug=f"lab-{x}") for x in "abc"
    )
    gpt = FoundationModelFactory(
        name="GPT-4/5", developer=lab_a, parameter_status="estimated", max_parameters_billions=1800
    )
    SourceFactory(model=gpt, title="GPT card", url="https://example.org/gpt")
    claude = FoundationModelFactory(
        name="Claude", developer=lab_b, parameter_status="undisclosed", max_parameters_billions=None
    )
    llama = FoundationModelFactory(
        name="LLaMA 3",
        developer=lab_c,
        min_parameters_billions=8,
        max_parameters_billions=405,
        open_weights=True,
    )
    block = model_table([gpt, claude, llama], columns=COLUMNS, block_id="table-one")
    page = ArticlePageFactory(parent=section, slug="exports", body=json.dumps([block]))
    return page


def rendered_cells(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    table = soup.select_one("table.data-table")
    for ref in table.select("sup.note-ref"):
        ref.decompose()
    header = [th.get_text(strip=True) for th in table.thead("th")]
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody("tr")]
    return header, rows


def test_csv_matches_the_rendered_table(client, article):
    response = client.get(f"{article.url}tables/table-one/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert (header, rows) == (EXPECTED_HEADER, EXPECTED_ROWS)
    assert rendered_cells(client, article) == (EXPECTED_HEADER, EXPECTED_ROWS)


def test_json_matches_the_rendered_table_with_machine_values(client, article):
    response = client.get(f"{article.url}tables/table-one/json/")
    assert response.status_code == 200
    data = response.json()
    assert [c["label"] for c in data["columns"]] == EXPECTED_HEADER
    assert [c["key"] for c in data["columns"]] == COLUMNS
    assert [[row["display"][k] for k in COLUMNS] for row in data["rows"]] == EXPECTED_ROWS
    gpt, claude, llama = data["rows"]
    assert gpt["values"] == {
        "name": "GPT-4/5",
        "developer": {"name": "Lab A", "slug": "lab-a"},
        "modalities": ["text"],
        "parameters": {
            "status": "estimated",
            "smallest_billions": 1800,
            "largest_billions": 1800,
            "notation": None,
        },
        "open_weights": False,
        "release_date": "2024-04-18",
    }
    assert claude["values"]["parameters"] == {
        "status": "undisclosed",
        "smallest_billions": None,
        "largest_billions": None,
        "notation": None,
    }
    assert llama["values"]["parameters"]["smallest_billions"] == 8
    assert llama["values"]["open_weights"] is True
    assert data["as_of"] == "2025-06-01"
    assert data["sources"] == [
        {
            "number": 1,
            "model": "gpt-45",
            "fact": "parameters",
            "title": "GPT card",
            "url": "https://example.org/gpt",
            "accessed": "2025-06-01",
        }
    ]


def test_exports_follow_a_valid_sort_and_ignore_tampered_ones(client, article):
    url = f"{article.url}tables/table-one/json/"
    by_size = client.get(url, {"sort": "parameters", "order": "desc"}).json()
    assert [r["values"]["name"] for r in by_size["rows"]] == ["GPT-4/5", "LLaMA 3", "Claude"]
    for params in [
        {"sort": "<script>", "order": "desc"},
        {"sort": "licence"},  # a real column the table does not show
        {"sort": "parameters", "order": "sideways"},
        {"sort": "x" * 5000},
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, params
    # A NUL byte is refused site-wide before the export reads it.
    assert client.get(url, {"order": "\x00"}).status_code == 400
    tampered = client.get(url, {"sort": "licence"}).json()
    assert [r["values"]["name"] for r in tampered["rows"]] == ["GPT-4/5", "Claude", "LLaMA 3"]


@pytest.mark.parametrize(
    "suffix",
    [
        "tables/nope/csv/",
        "tables/nope/json/",
        "tables/table-one/xml/",
        "tables/table-one.csv",
        "tables/" + "x" * 300 + "/csv/",
        "tables/table-one/csv/extra/",
    ],
)
def test_unknown_tables_and_formats_are_404(client, article, suffix):
    assert client.get(article.url + suffix).status_code == 404


def test_other_block_ids_on_the_page_are_not_tables(client, section):
    page = ArticlePageFactory(parent=section, slug="plain")
    heading_id = page.body[0].id
    assert client.get(f"{page.url}tables/{heading_id}/csv/").status_code == 404


def test_unpublished_article_exports_are_404(client, article):
    article.unpublish()
    assert client.get("/core-concepts/exports/tables/table-one/csv/").status_code == 404


def test_csv_neutralises_formulas_and_json_escapes_markup(client, section):
    evil = FoundationModelFactory(name='=HYPERLINK("http://x")', licence="@SUM(1)")
    script = FoundationModelFactory(name="</script><script>alert(1)</script>", licence="-2+3")
    block = model_table([evil, script], columns=["name", "licence"], block_id="evil")
    page = ArticlePageFactory(parent=section, slug="evil", body=json.dumps([block]))

    rows = list(csv.reader(io.StringIO(client.get(f"{page.url}tables/evil/csv/").content.decode())))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'@SUM(1)"]
    assert rows[2][1] == "'-2+3"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    response = client.get(f"{page.url}tables/evil/json/")
    assert b"<" not in response.content and b">" not in response.content
    assert response.json()["rows"][1]["values"]["name"] == "</script><script>alert(1)</script>"
