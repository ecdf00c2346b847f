"""Issue 19: the record list's rows are written in Python (audit/columns.py) instead of one
template per cell; the markup is Wagtail's and every value is still escaped."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from consent.audit.columns import age
from consent.models import ConsentPolicyVersion
from tests.consent.log_tools import add_record


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


def test_values_are_escaped_and_each_row_links_to_its_evidence(auditor_client, version):
    record = add_record(version, path='/a"><script>alert(1)</script>', days_ago=3)
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<td>/a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    evidence = reverse("consent_records:evidence", args=[record.pk])
    assert (
        f'<td class="title"><div class="title-wrapper"><a href="{evidence}">'
        f"{record.consent_id}</a></div></td>"
    ) in html
    when = record.created_at.astimezone(UTC)
    assert (
        f'<td class="consent-time"><time datetime="{when:%Y-%m-%dT%H:%M:%SZ}" '
        f'title="3 days ago">{when:%Y-%m-%d %H:%M:%S} UTC</time></td>'
    ) in html
    assert "<td>Accept all</td><td>analytics: accepted, personalisation: refused</td>" in html
    assert '<table class="listing">' in html and "<thead><tr>" in html


@pytest.mark.parametrize(
    "before, text",
    [
        (timedelta(seconds=20), "0 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=5, minutes=59), "5 hours"),
        (timedelta(days=13), "1 week"),
        (timedelta(days=61), "2 months"),
        (timedelta(days=800), "2 years"),
    ],
)
def test_the_age_on_hover_is_its_largest_unit(before, text):
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert age(now, now - before) == text
