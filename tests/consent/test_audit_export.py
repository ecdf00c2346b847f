"""The audit CSV leaves no cell a spreadsheet would run as a formula."""

import csv
import io
import uuid

import pytest
from django.utils import timezone

from consent.audit.export import CSV_HEADER, csv_rows
from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord


@pytest.mark.django_db
def test_text_cells_that_look_like_formulas_are_neutralised():
    version = ConsentPolicyVersion.objects.create(text="policy text")
    ConsentRecord.objects.create(
        consent_id=uuid.uuid4(),
        method=ConsentMethod.PREFERENCES,
        # A registry varname may start with "-", which spreadsheets read as a formula.
        decisions={"-cmd": True, "analytics": False},
        policy_version=version,
        created_at=timezone.now(),
        path="=HYPERLINK(1)",
        user_agent="@SUM(1)",
    )
    rows = list(csv.reader(io.StringIO("".join(csv_rows(ConsentRecord.objects.all())))))
    assert rows[0] == CSV_HEADER
    row = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert row["decisions"] == "'-cmd=accepted;analytics=refused"
    assert row["path"] == "'=HYPERLINK(1)"
    assert row["user_agent"] == "'@SUM(1)"
