"""Audit screens: who sees them, what they show, and that nothing can be changed."""

import csv
import io
import tracemalloc
import uuid
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config

AUDIT_URLS = [
    "consent_records:index",
    "consent_records:export",
    "consent_records:report",
]


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.get(pk=consent_config()["version"])


def add(version, *, days_ago=0, method=ConsentMethod.ACCEPT_ALL, decisions=None, cid=None, **kw):
    return ConsentRecord.objects.create(
        consent_id=cid or uuid.uuid4(),
        method=method,
        decisions=decisions or {"analytics": True, "personalisation": True},
        policy_version=version,
        created_at=timezone.now() - timedelta(days=days_ago),
        path=kw.get("path", "/"),
        user_agent=kw.get("user_agent", "Mozilla/5.0"),
        ip_hash="f" * 64,
    )


def history_url(record):
    return reverse("consent_records:consent_history", args=[record.consent_id])


# --- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("name", AUDIT_URLS)
def test_anonymous_visitors_are_sent_to_login(client, version, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("name", AUDIT_URLS)
def test_editors_cannot_see_audit_screens(editor_client, version, name):
    response = editor_client.get(reverse(name))
    assert response.status_code == 302
    assert b"consent-" not in response.content


def test_editors_see_no_consent_menu(editor_client, version):
    html = editor_client.get("/admin/").content.decode()
    assert "Consent records" not in html
    assert "Cookie groups" not in html


def test_editor_cannot_open_a_history_page(editor_client, version):
    record = add(version)
    assert editor_client.get(history_url(record)).status_code == 302


def test_auditors_see_the_menu_and_the_listing(auditor_client, version):
    record = add(version)
    assert "Consent records" in auditor_client.get("/admin/").content.decode()
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert str(record.consent_id) in html
    assert "Export CSV" in html


def test_no_add_edit_or_delete_exists_even_for_superusers(admin_client, version):
    record = add(version)
    html = admin_client.get(reverse("consent_records:index")).content.decode()
    assert str(record.consent_id) in html
    for name, args in (("add", []), ("edit", [record.pk]), ("delete", [record.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"consent_records:{name}", args=args)
    assert admin_client.post(f"/admin/consent/records/edit/{record.pk}/").status_code == 404
    assert admin_client.post(f"/admin/consent/records/delete/{record.pk}/").status_code == 404
    assert ConsentRecord.objects.filter(pk=record.pk).exists()


def test_inspect_view_is_read_only_detail(auditor_client, version):
    record = add(version, user_agent="Probe UA")
    html = auditor_client.get(reverse("consent_records:inspect", args=[record.pk])).content
    assert b"Probe UA" in html


# --- listing filters and search ------------------------------------------------------------


def listed(client, **params):
    html = client.get(reverse("consent_records:index"), params).content.decode()
    return html


def test_filters_by_date_method_group_decision_and_version(auditor_client, version):
    old = add(
        version,
        days_ago=40,
        method=ConsentMethod.REJECT_ALL,
        decisions={"analytics": False, "personalisation": False},
    )
    mixed = add(
        version,
        method=ConsentMethod.PREFERENCES,
        decisions={"analytics": True, "personalisation": False},
    )
    everything = add(version)
    newer = ConsentPolicyVersion.objects.create(text="newer", supersedes=version)
    gpc = add(
        newer, method=ConsentMethod.GPC, decisions={"analytics": False, "personalisation": False}
    )

    def ids(**params):
        html = listed(auditor_client, **params)
        return {r for r in (old, mixed, everything, gpc) if str(r.consent_id) in html}

    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert ids(created_at_after=since) == {mixed, everything, gpc}
    assert ids(method="gpc") == {gpc}
    assert ids(group="analytics", decision="accepted") == {mixed, everything}
    assert ids(group="personalisation", decision="refused") == {old, mixed, gpc}
    assert ids(decision="accepted") == {mixed, everything}
    assert ids(policy_version=newer.pk) == {gpc}


def test_search_by_consent_id(auditor_client, version):
    wanted, other = add(version), add(version)
    html = listed(auditor_client, q=str(wanted.consent_id))
    assert str(wanted.consent_id) in html and str(other.consent_id) not in html
    html = listed(auditor_client, q="not-a-uuid")
    assert str(wanted.consent_id) not in html


# --- history --------------------------------------------------------------------------------


def test_history_shows_every_record_and_the_exact_policy_text(auditor_client, version):
    cid = uuid.uuid4()
    add(version, cid=cid, days_ago=2)
    newer = ConsentPolicyVersion.objects.create(text="Exact newer wording.", supersedes=version)
    add(
        newer,
        cid=cid,
        method=ConsentMethod.WITHDRAWAL,
        decisions={"analytics": False, "personalisation": False},
    )
    add(version)  # someone else
    html = auditor_client.get(
        reverse("consent_records:consent_history", args=[cid])
    ).content.decode()
    assert html.count("data-record=") == 2
    assert "Withdrawal" in html and "Accept all" in html
    assert "Exact newer wording." in html
    assert version.sha256 in html and newer.sha256 in html


@pytest.mark.parametrize("pk", ["abc", "1.5", "%00"])
def test_inspect_of_a_malformed_id_is_404(auditor_client, version, pk):
    add(version)
    assert auditor_client.get(f"/admin/consent/records/inspect/{pk}/").status_code == 404


def test_history_of_unknown_id_is_404(auditor_client, version):
    url = reverse("consent_records:consent_history", args=[uuid.uuid4()])
    assert auditor_client.get(url).status_code == 404


# --- CSV export -------------------------------------------------------------------------------


def export(client, **params):
    response = client.get(reverse("consent_records:export"), params)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_content(auditor_client, version):
    record = add(
        version,
        method=ConsentMethod.PREFERENCES,
        decisions={"analytics": True, "personalisation": False},
        path="/articles/x/",
        user_agent='=HYPERLINK("evil")',
    )
    add(version, method=ConsentMethod.GPC, decisions={"analytics": False, "personalisation": False})
    header, *rows = export(auditor_client, method="preferences")
    assert header[:4] == ["created_at", "consent_id", "method", "decisions"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["consent_id"] == str(record.consent_id)
    assert row["method"] == "Preferences"  # the name the list and the report use
    assert row["decisions"] == "analytics=accepted;personalisation=refused"
    assert row["policy_version"] == str(version.pk)
    assert row["policy_sha256"] == version.sha256
    assert row["path"] == "/articles/x/"
    assert row["user_agent"].startswith("'=")  # no formula injection in spreadsheets
    assert row["ip_hash"] == "f" * 64


def test_csv_export_respects_search(auditor_client, version):
    wanted = add(version)
    add(version)
    _, *rows = export(auditor_client, q=str(wanted.consent_id))
    assert [r[1] for r in rows] == [str(wanted.consent_id)]


@pytest.mark.parametrize(
    "params",
    [
        {"created_at_after": "2026-13-45"},
        {"created_at_before": "yesterday"},
        {"created_at_after": "2026-03-05 10:00", "created_at_before": "2026-03-04 10:00"},
        {"policy_version": "999999"},
        {"method": "telepathy"},
        {"group": "tracking", "decision": "accepted"},
    ],
)
def test_csv_export_with_invalid_filters_is_400_not_an_empty_file(auditor_client, version, params):
    add(version)
    response = auditor_client.get(reverse("consent_records:export"), params)
    assert response.status_code == 400
    assert not response.streaming
    assert "filter" in response.content.decode().lower()


def test_csv_export_needs_the_permission(editor_client, version):
    assert editor_client.get(reverse("consent_records:export")).status_code == 302


def _peak_while_streaming(client, count, version):
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            consent_id=uuid.uuid4(),
            method="accept_all",
            decisions={"analytics": True, "personalisation": True},
            policy_version=version,
            created_at=timezone.now(),
            user_agent="x" * 150,
        )
        for _ in range(count - ConsentRecord.objects.count())
    )
    response = client.get(reverse("consent_records:export"))
    tracemalloc.start()
    rows = sum(1 for _ in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows == count + 1
    return peak


def test_csv_export_memory_stays_flat_as_rows_grow(auditor_client, version):
    small = _peak_while_streaming(auditor_client, 3_000, version)
    large = _peak_while_streaming(auditor_client, 30_000, version)
    # Ten times the rows: a buffered export would need about ten times the memory.
    assert large < small * 2, (small, large)


# --- report ------------------------------------------------------------------------------------


def test_acceptance_report_rates_per_group_per_day(auditor_client, version):
    add(version, days_ago=1)
    add(
        version,
        days_ago=1,
        method=ConsentMethod.REJECT_ALL,
        decisions={"analytics": False, "personalisation": False},
    )
    add(
        version,
        days_ago=1,
        method=ConsentMethod.PREFERENCES,
        decisions={"analytics": True, "personalisation": False},
    )
    add(
        version,
        method=ConsentMethod.REJECT_ALL,
        decisions={"analytics": False, "personalisation": False},
    )
    html = auditor_client.get(reverse("consent_records:report")).content.decode()
    assert 'id="consent-method-chart"' in html
    assert "<rect" in html and "Accept all" in html
    assert "67% (2/3)" in html  # analytics, yesterday
    assert "33% (1/3)" in html  # personalisation, yesterday
    assert "0% (0/1)" in html  # both, today


def test_acceptance_report_handles_no_data_and_bad_input(auditor_client, version):
    html = auditor_client.get(reverse("consent_records:report"), {"days": "abc"}).content
    assert b"No consent records" in html


# --- the registry is editable in the admin ----------------------------------------------------


def test_superuser_edits_a_cookie_with_its_lifetime_and_provider(admin_client, version):
    from cookie_consent.models import Cookie, CookieGroup

    # Personalisation: the analytics group shows only the configured provider's cookies.
    group = CookieGroup.objects.get(varname="personalisation")
    response = admin_client.post(
        reverse("consent_cookies:add"),
        {
            "cookiegroup": group.pk,
            "name": "_new_cookie",
            "description": "Counts new things.",
            "lifetime": "7 days",
            "provider": "Example Ltd",
            "domain": "",
            "path": "/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cookie = Cookie.objects.get(name="_new_cookie")
    assert cookie.details.lifetime == "7 days"
    assert cookie.details.provider == "Example Ltd"
    html = admin_client.get("/cookies/").content.decode()
    assert "_new_cookie" in html and "Example Ltd" in html


def test_editors_cannot_edit_the_registry(editor_client, version):
    assert editor_client.get(reverse("consent_cookie_groups:index")).status_code == 302
    assert editor_client.get(reverse("consent_cookies:index")).status_code == 302
