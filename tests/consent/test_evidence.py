"""The auditor's evidence: one page per record, the visitor's history and its downloads,
finding a visitor from partial input, policy versions and their diff, the dated chart."""

import csv
import io
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.audit.filters import consent_id_prefix
from consent.audit.receipt_check import verify_receipt
from consent.audit.report import RAW, counts_by_method, label_positions, stacked_bars
from consent.log import make_checkpoint
from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config, ensure_policy_version
from tests.consent.log_tools import sign_and_check


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.get(pk=consent_config()["version"])


def add(version, *, cid=None, method=ConsentMethod.ACCEPT_ALL, when=None, **kw):
    return ConsentRecord.objects.create(
        consent_id=cid or uuid.uuid4(),
        method=method,
        decisions=kw.get("decisions", {"analytics": True, "personalisation": False}),
        policy_version=version,
        created_at=when or timezone.now(),
        path=kw.get("path", "/"),
        user_agent=kw.get("user_agent", "Mozilla/5.0 Probe"),
        ip_hash=kw.get("ip_hash", "c" * 64),
    )


def screens(record):
    cid = [record.consent_id]
    return [
        reverse("consent_records:evidence", args=[record.pk]),
        reverse("consent_records:visitor_csv", args=cid),
        reverse("consent_records:visitor_receipt", args=cid),
        reverse("consent_records:versions"),
        reverse("consent_records:version_diff")
        + f"?a={record.policy_version_id}&b={record.policy_version_id}",
    ]


def test_auditors_open_every_new_screen_and_editors_none(
    auditor_client, editor_client, client, version
):
    record = add(version)
    for url in screens(record):
        assert auditor_client.get(url).status_code == 200, url
        refused = editor_client.get(url)
        assert refused.status_code == 302, url
        assert str(record.consent_id).encode() not in refused.content
        assert client.get(url).status_code == 302, url


def test_every_row_of_the_list_links_to_its_evidence_page(auditor_client, version):
    records = [add(version), add(version)]
    sign_and_check()
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    for record in records:
        assert reverse("consent_records:evidence", args=[record.pk]) in html
    assert "Audit log: verified." in html


def test_evidence_page_holds_everything_an_auditor_needs(auditor_client, version):
    cid = uuid.uuid4()
    first = add(version, cid=cid, when=timezone.now() - timedelta(days=2))
    record = add(
        version,
        cid=cid,
        method=ConsentMethod.WITHDRAWAL,
        decisions={"analytics": False, "personalisation": True},
        user_agent="Probe Browser 1.0",
        ip_hash="d" * 64,
    )
    stranger = add(version)
    sign_and_check()
    html = auditor_client.get(
        reverse("consent_records:evidence", args=[record.pk])
    ).content.decode()
    decisions = html[html.index('id="consent-evidence-decisions"') :]
    decisions = decisions[: decisions.index("</table>")]
    assert re.search(r"analytics</th><td>Refused", decisions)
    assert re.search(r"personalisation</th><td>Accepted", decisions)
    assert f"{record.created_at:%Y-%m-%d %H:%M:%S} UTC" in html
    assert "Withdrawal" in html and "Probe Browser 1.0" in html and "d" * 64 in html
    assert version.sha256 in html
    assert 'id="consent-version-status">verified' in html
    # The exact text, inline (escaped as HTML shows it).
    assert consent_config()["words"]["banner_title"] in html
    assert "# Cookie registry" in html
    timeline = html[html.index('id="consent-evidence-timeline"') :]
    assert f'data-record="{first.pk}"' in timeline and f'data-record="{record.pk}"' in timeline
    assert str(stranger.consent_id) not in html
    assert "Audit log: verified." in html


def test_unknown_or_malformed_record_is_404(auditor_client, version):
    assert auditor_client.get("/admin/consent/records/evidence/999999/").status_code == 404
    assert auditor_client.get("/admin/consent/records/evidence/abc/").status_code == 404
    unknown = reverse("consent_records:visitor_receipt", args=[uuid.uuid4()])
    assert auditor_client.get(unknown).status_code == 404


def test_visitor_history_downloads_as_csv_and_signed_receipt(auditor_client, version):
    cid = uuid.uuid4()
    add(version, cid=cid)
    add(version, cid=cid, method=ConsentMethod.REJECT_ALL, path="=cmd()")
    add(version)
    response = auditor_client.get(reverse("consent_records:visitor_csv", args=[cid]))
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["consent_id"] for row in rows} == {str(cid)}
    assert [row["method"] for row in rows] == ["Accept all", "Reject all"]
    assert rows[1]["path"] == "'=cmd()"  # the shared formula guard

    make_checkpoint(force=True)
    response = auditor_client.get(reverse("consent_records:visitor_receipt", args=[cid]))
    receipt = json.loads(response.content)
    assert receipt["piiPrincipalId"] == str(cid) and len(receipt["records"]) == 2
    assert verify_receipt(receipt)
    receipt["records"][1]["method"] = "accept_all"
    assert not verify_receipt(receipt)


# --- finding a visitor from partial input ---------------------------------------------------


def listed(client, **params):
    return client.get(reverse("consent_records:index"), params).content.decode()


def test_consent_id_prefix_rules():
    assert consent_id_prefix("ABCDEF") == "abcdef"
    assert consent_id_prefix("abcdef0123") == "abcdef01-23"
    assert consent_id_prefix("abcdef01-23") == "abcdef01-23"
    for bad in ("abcde", "abcdeg", "", "abc%00def", "a" * 33):
        assert consent_id_prefix(bad) is None


def test_search_finds_a_visitor_from_six_or_more_characters(auditor_client, version):
    wanted = add(version, cid=uuid.UUID("abcdef01-2345-4678-9abc-def012345678"))
    other = add(version, cid=uuid.UUID("abcdee01-2345-4678-9abc-def012345678"))
    for query in ("abcdef", "ABCDEF0", "abcdef0123", "abcdef01-23"):
        html = listed(auditor_client, q=query)
        assert str(wanted.consent_id) in html and str(other.consent_id) not in html, query
    html = listed(auditor_client, q="abcde")  # five characters are too few to name anyone
    assert str(wanted.consent_id) not in html and str(other.consent_id) not in html


def test_date_time_window_and_path_filters(auditor_client, version):
    now = timezone.now().replace(microsecond=0)
    early = add(version, when=now - timedelta(hours=5), path="/early/")
    inside = add(version, when=now - timedelta(hours=2), path="/core-concepts/what-is/")
    fmt = "%Y-%m-%d %H:%M"
    html = listed(
        auditor_client,
        created_at_after=(now - timedelta(hours=3)).strftime(fmt),
        created_at_before=(now - timedelta(hours=1)).strftime(fmt),
    )
    assert str(inside.consent_id) in html and str(early.consent_id) not in html
    html = listed(auditor_client, path="core-concepts")
    assert str(inside.consent_id) in html and str(early.consent_id) not in html


@pytest.mark.parametrize(
    "params, index_status, export_status",
    [
        ({"path": "a\x00b"}, 400, 400),
        # The listing names the bad date in an alert over the unfiltered list; the export refuses.
        ({"created_at_after": "not a date"}, 200, 400),
        ({"q": "\x00abcdef"}, 400, 400),
    ],
)
def test_hostile_filters_are_not_a_server_error(
    auditor_client, version, params, index_status, export_status
):
    add(version)
    assert auditor_client.get(reverse("consent_records:index"), params).status_code == index_status
    export = auditor_client.get(reverse("consent_records:export"), params)
    assert export.status_code == export_status


# --- policy versions ---------------------------------------------------------------------


def test_versions_list_dates_counts_and_diff(auditor_client, version):
    add(version)
    add(version)
    newer = ensure_policy_version(
        version.text.replace("# Banner", "# Banner (reworded)") + "A new line.\n"
    )
    html = auditor_client.get(reverse("consent_records:versions")).content.decode()
    row = html[html.index(f'data-version="{version.pk}"') :]
    assert re.search(r"<td>2</td>", row[: row.index("</tr>")])
    assert f'data-version="{newer.pk}"' in html and 'id="consent-version-compare"' in html

    url = reverse("consent_records:version_diff")
    html = auditor_client.get(url, {"a": version.pk, "b": newer.pk}).content.decode()
    assert "<ins>(reworded)</ins>" in html and "<ins>A new line.</ins>" in html
    assert "<del>" not in html  # nothing was taken away


@pytest.mark.parametrize(
    "params", [{}, {"a": "1"}, {"a": "x", "b": "1"}, {"a": "1", "b": "999999"}]
)
def test_diff_of_missing_versions_is_404(auditor_client, version, params):
    assert auditor_client.get(reverse("consent_records:version_diff"), params).status_code == 404


# --- the dated chart -----------------------------------------------------------------------


def test_chart_shows_every_day_with_gaps_and_stacks_methods(version):
    today = timezone.now().date()
    add(version, when=timezone.now() - timedelta(days=3))
    add(version, method=ConsentMethod.GPC)
    add(version, method=ConsentMethod.REJECT_ALL)
    days = counts_by_method(ConsentRecord.objects.all(), today - timedelta(days=4), today, RAW)
    assert [day for day, _ in days] == [today - timedelta(days=i) for i in range(4, -1, -1)]
    assert [sum(c.values()) for _d, c in days] == [0, 1, 0, 0, 2]
    chart = stacked_bars(days, {today})
    assert len(chart["bars"]) == 3  # empty days draw nothing: gaps, never joined
    today_bars = [b for b in chart["bars"] if b["title"].startswith(f"{today:%Y-%m-%d}")]
    assert len({b["x"] for b in today_bars}) == 1 and len({b["y"] for b in today_bars}) == 2
    assert [m["day"] for m in chart["markers"]] == [today]
    assert chart["labels"][-1]["text"] == f"{today:%d %b}"


def test_date_labels_are_thinned_but_keep_the_last_day():
    assert label_positions(1) == {0}
    assert label_positions(5) == {0, 1, 2, 3, 4}
    thirty = sorted(label_positions(30))
    assert thirty[0] == 0 and thirty[-1] == 29 and len(thirty) <= 9
    assert min(b - a for a, b in zip(thirty, thirty[1:], strict=False)) >= 3  # never crowded


def test_chart_is_readable_with_one_day_of_data(auditor_client, version):
    add(version)
    html = auditor_client.get(reverse("consent_records:report"), {"days": 1}).content.decode()
    assert html.count("<rect x=") == 1
    assert re.search(r"<rect x=\"[\d.]+\" y=\"[\d.]+\" width=\"([\d.]+)\"", html)
    width = float(re.search(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html).group(1))
    assert 20 < width <= 48  # one clear bar, neither a hairline nor a slab
    assert f"{timezone.now():%d %b}" in html
    assert 'id="consent-method-table"' in html and 'id="consent-acceptance-table"' in html
