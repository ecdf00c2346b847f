"""The downloads re-read as data match the database, sources and check dates included."""

import csv
import io
import json

import pytest

from articles.columns import COLUMN_LIST
from articles.exports import CSV_SOURCE_HEADERS, CSV_SOURCE_SEPARATOR
from articles.models import FoundationModel

pytestmark = pytest.mark.django_db


def published():
    return {m.slug: m for m in FoundationModel.objects.published().for_tables()}


def test_csv_round_trip(client, models):
    response = client.get("/models/download.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    expected = published()
    assert [r["Model"] for r in rows] == sorted(m.name for m in expected.values())
    by_name = {m.name: m for m in expected.values()}
    for row in rows:
        model = by_name[row["Model"]]
        for column in COLUMN_LIST:
            assert row[column.label] == column.display(model)
        assert row[CSV_SOURCE_HEADERS[0]] == model.as_of.isoformat()
        lines = [line for line in row[CSV_SOURCE_HEADERS[1]].split("\n") if line]
        parsed = [line.split(CSV_SOURCE_SEPARATOR, 3) for line in lines]
        assert parsed == [
            [s.fact, s.accessed.isoformat(), s.url, s.title] for s in model.sources.all()
        ]
    # The fixture's piped title survives because the title is the last, unsplit part.
    assert any("Launch post, | piped" in row["Sources"] for row in rows)


def test_json_round_trip(client, models):
    response = client.get("/models/download.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    expected = published()
    assert {row["model"] for row in data["rows"]} == set(expected)
    assert [c["key"] for c in data["columns"]] == [c.key for c in COLUMN_LIST]
    for row in data["rows"]:
        model = expected[row["model"]]
        assert row["values"] == json.loads(
            json.dumps({c.key: c.machine(model) for c in COLUMN_LIST})
        )
        assert row["as_of"] == model.as_of.isoformat()
        assert row["sources"] == [
            {"fact": s.fact, "title": s.title, "url": s.url, "accessed": s.accessed.isoformat()}
            for s in model.sources.all()
        ]
    large = next(row for row in data["rows"] if row["model"] == "large")
    assert len(large["sources"]) == 2


def test_csv_cells_cannot_become_formulas(client, models):
    large = models["large"]
    large.licence = '=HYPERLINK("https://evil.example")'
    large.save()
    rows = list(csv.DictReader(io.StringIO(client.get("/models/download.csv").content.decode())))
    licence = next(r["Licence"] for r in rows if r["Model"] == "Large")
    assert not licence.startswith("=")
