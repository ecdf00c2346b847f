"""The downloads re-read as data give the values written out by hand below for the fixture's
models, sources and check dates included (not values computed by the code under test)."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db

# What the fixture's models (tests/directory/conftest.py) must come out as, written by hand:
# names sorted, the draft absent, each source on its own line with the title last and unsplit.
EXPECTED_CSV = [
    [
        "Model", "Developer", "Modalities", "Parameters", "Active parameters", "Released",
        "Open weights", "Licence", "Facts checked", "Facts checked (ISO date)", "Sources",
    ],
    [
        "Large", "Beta Lab", "Text, images", "405B", "—", "18 April 2024", "No", "—",
        "1 June 2025", "2025-06-01",
        "parameters | 2025-06-01 | https://example.org/large | Large model card\n"
        "release_date | 2025-06-01 | https://example.org/launch | Launch post, | piped",
    ],
    [
        "Secret", "Beta Lab", "Text", "Undisclosed", "Undisclosed", "18 April 2024", "No", "—",
        "1 June 2025", "2025-06-01", "",
    ],
    [
        "Small", "Alpha Lab", "Text", "8B", "—", "18 April 2024", "Yes", "—", "1 June 2025",
        "2025-06-01", "",
    ],
]  # fmt: skip

COLUMN_KEYS = [
    "name", "developer", "modalities", "parameters", "active_parameters", "release_date",
    "open_weights", "licence", "as_of",
]  # fmt: skip


def test_csv_round_trip(client, models):
    response = client.get("/models/download.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == EXPECTED_CSV


def test_json_round_trip(client, models):
    response = client.get("/models/download.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["as_of"] == "2025-06-01"
    assert [c["key"] for c in data["columns"]] == COLUMN_KEYS
    assert [row["model"] for row in data["rows"]] == ["large", "secret", "small"]
    large, secret, small = data["rows"]
    assert large["values"] == {
        "name": "Large",
        "developer": {"name": "Beta Lab", "slug": "beta"},
        "modalities": ["text", "images"],
        "parameters": {
            "status": "disclosed",
            "smallest_billions": 405,
            "largest_billions": 405,
            "notation": None,
        },
        "active_parameters": None,
        "release_date": "2024-04-18",
        "open_weights": False,
        "licence": None,
        "as_of": "2025-06-01",
    }
    assert large["display"] == dict(zip(COLUMN_KEYS, EXPECTED_CSV[1][:9], strict=True))
    assert large["as_of"] == "2025-06-01"
    assert large["sources"] == [
        {
            "fact": "parameters",
            "title": "Large model card",
            "url": "https://example.org/large",
            "accessed": "2025-06-01",
        },
        {
            "fact": "release_date",
            "title": "Launch post, | piped",
            "url": "https://example.org/launch",
            "accessed": "2025-06-01",
        },
    ]
    assert secret["values"]["parameters"] == {
        "status": "undisclosed",
        "smallest_billions": None,
        "largest_billions": None,
        "notation": None,
    }
    assert secret["display"]["parameters"] == "Undisclosed"
    assert (small["values"]["parameters"]["largest_billions"], small["sources"]) == (8, [])
    assert small["values"]["open_weights"] is True


def test_csv_cells_cannot_become_formulas(client, models):
    large = models["large"]
    large.licence = '=HYPERLINK("https://evil.example")'
    large.save()
    rows = list(csv.DictReader(io.StringIO(client.get("/models/download.csv").content.decode())))
    licence = next(r["Licence"] for r in rows if r["Model"] == "Large")
    assert not licence.startswith("=")
