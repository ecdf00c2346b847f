"""Issue 18, Auditors: one name per method everywhere, each policy version on its own page
with a word diff, the stored registry equal to the public one, absolute UTC times and one
time range filter."""

import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.audit.worddiff import word_diff
from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config, ensure_policy_version, invalidate_config
from tests.analytics import configure_analytics

# What an auditor should read for each method: written out here, not read from the code.
NAMES = {
    "accept_all": "Accept all",
    "reject_all": "Reject all",
    "preferences": "Preferences",
    "withdrawal": "Withdrawal",
    "gpc": "Global Privacy Control",
}


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.get(pk=consent_config()["version"])


def add(version, method="accept_all", when=None, cid=None):
    return ConsentRecord.objects.create(
        consent_id=cid or uuid.uuid4(),
        method=method,
        decisions={"analytics": method == "accept_all", "personalisation": False},
        policy_version=version,
        created_at=when or timezone.now(),
        path="/",
        user_agent="Mozilla/5.0",
        ip_hash="f" * 64,
    )


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. one name for each method -----------------------------------------------------------


def test_every_method_has_the_same_name_in_report_list_filter_csv_and_evidence(
    auditor_client, version
):
    records = {method: add(version, method) for method in NAMES}
    report = auditor_client.get(reverse("consent_records:report"))
    assert report.status_code == 200
    html = report.content.decode()
    legend = html[html.index('class="consent-chart-legend"') :]
    legend = text_of(legend[: legend.index("</figcaption>")])
    header = html[html.index('id="consent-method-table"') :]
    header = re.findall(r'<th scope="col">([^<]+)</th>', header[: header.index("</thead>")])
    assert header == ["Day", *NAMES.values()]
    for name in NAMES.values():
        assert f" {name} " in legend
    assert "Custom" not in html and ">GPC<" not in html

    listing = auditor_client.get(reverse("consent_records:index"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for method, name in NAMES.items():
        assert f'<option value="{method}">{name}</option>' in page  # the Method filter
        row = page[page.index(str(records[method].consent_id)) :]
        assert text_of(row[: row.index("</tr>")]).count(f" {name} ") == 1

    export = auditor_client.get(reverse("consent_records:export"))
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["method"] for row in rows) == sorted(NAMES.values())

    for method, name in NAMES.items():
        evidence = auditor_client.get(
            reverse("consent_records:evidence", args=[records[method].pk])
        )
        assert evidence.status_code == 200
        assert f"<dt>Method</dt><dd>{name}</dd>" in evidence.content.decode()


def test_the_last_days_label_is_inside_the_chart(auditor_client, version):
    add(version)
    html = auditor_client.get(reverse("consent_records:report"), {"days": 30}).content.decode()
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', html).group(1))
    assert width >= 1000  # drawn at the content column's width, not squeezed to 720
    labels = re.findall(
        r'<text class="consent-chart-label" x="([\d.]+)" y="[\d.]+" '
        r'text-anchor="middle">([^<]+)</text>',
        html,
    )
    last_x, last_text = labels[-1]
    assert last_text == f"{timezone.now():%d %b}"
    # Half an "06 Dec" at 12 px is under 20 user units: it must fit inside the viewBox.
    assert float(last_x) + 20 <= width


# --- 2. each version on its own page, a word diff ---------------------------------------------


def test_a_version_has_its_own_page_with_its_whole_text(auditor_client, version):
    newer = ensure_policy_version(version.text + "Extra words at the end.\n")
    url = reverse("consent_records:version", args=[version.pk])
    assert url == f"/admin/consent/records/versions/{version.pk}/"
    response = auditor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = html[html.index('id="consent-version-text"') :]
    text = text[text.index(">") + 1 : text.index("</pre>")]
    assert text == version.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert "verified against the text below" in html
    assert f'href="/admin/consent/records/versions/{newer.pk}/"' in html  # replaced by
    listing = auditor_client.get(reverse("consent_records:versions")).content.decode()
    assert f'<a href="{url}">Version {version.pk}</a>' in listing


def test_a_missing_version_is_404(auditor_client, version):
    assert (
        auditor_client.get(f"/admin/consent/records/versions/{version.pk + 50}/").status_code == 404
    )


def test_version_pages_need_the_auditor_permission(client, editor_client, version):
    url = reverse("consent_records:version", args=[version.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    refused = editor_client.get(url)  # Wagtail sends a signed-in user without it home
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_word_diff_joins_back_into_both_texts():
    old = "We keep the cookie for one year.\nNothing else."
    new = "We keep the cookie for two years.\nNothing else at all."
    pieces = word_diff(old, new)
    assert "".join(t for kind, t in pieces if kind != "ins") == old
    assert "".join(t for kind, t in pieces if kind != "del") == new
    assert [(k, t.strip()) for k, t in pieces if k != "same"] == [
        ("del", "one year."),
        ("ins", "two years."),
        ("del", "else."),  # punctuation belongs to its word: "else." became "else"
        ("ins", "else at all."),
    ]


def test_compare_page_marks_exactly_the_changed_words(auditor_client, version):
    old = ensure_policy_version("Banner\nWe keep the cookie for one year.\nNothing else.\n")
    new = ensure_policy_version("Banner\nWe keep the cookie for two years.\nNothing else.\n")
    response = auditor_client.get(
        reverse("consent_records:version_diff"), {"a": old.pk, "b": new.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<del>(.*?)</del>", html) == ["one year."]
    assert re.findall(r"<ins>(.*?)</ins>", html) == ["two years."]
    # Not colour alone: screen readers hear the change, and unchanged words stay unmarked.
    assert (
        '<span class="w-sr-only">[removed: </span><del>one year.</del>' in html
        and '<span class="w-sr-only">[added: </span><ins>two years.</ins>' in html
    )
    assert "We keep the cookie for " in html
    assert '<p id="consent-version-diff-count">1 change.</p>' in html


# --- 3. the stored registry is the one /cookies/ showed ----------------------------------------


def cookie_names_on_page(client):
    html = client.get("/cookies/").content.decode()
    section = html[html.index('aria-labelledby="consent-registry"') :]
    return re.findall(r'<th scope="row"><code>([^<]+)</code></th>', section)


def cookie_names_in_version(text):
    return [line[2:].split(" | ")[0] for line in text.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize(
    "fields",
    [
        {"enabled": False},
        {"enabled": True, "provider": "ga4", "ga4_measurement_id": "G-ABC1234567"},
        {
            "enabled": True,
            "provider": "custom",
            "custom_script_url": "/static/js/demo-analytics.js",
        },
    ],
    ids=["off", "ga4", "custom"],
)
def test_stored_registry_is_exactly_the_public_list(client, home, fields):
    configure_analytics(**fields)
    shown = cookie_names_on_page(client)
    stored = ConsentPolicyVersion.objects.get(pk=consent_config()["version"]).text
    assert cookie_names_in_version(stored) == shown
    if not fields["enabled"]:
        for name in ("_ga", "_ga_*", "_pk_id*", "_pk_ses*", "_am_analytics"):
            assert name not in shown
            assert f"- {name} |" not in stored


def test_changing_the_provider_makes_a_new_version(client, home):
    configure_analytics(enabled=False)
    before = consent_config()["version"]
    configure_analytics(enabled=True, provider="ga4", ga4_measurement_id="G-ABC1234567")
    invalidate_config()
    after = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
    assert after.pk != before and after.supersedes_id == before
    assert "- _ga |" in after.text and "- _pk_id* |" not in after.text


# --- 4. absolute UTC times and one range ---------------------------------------------------------


def test_the_list_shows_absolute_utc_times_with_the_age_on_hover(auditor_client, version):
    when = datetime(2026, 3, 4, 14, 5, 9, tzinfo=UTC)
    record = add(version, when=when)
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    row = html[html.index(str(record.consent_id)) - 2000 :]
    assert '<time datetime="2026-03-04T14:05:09Z" title="' in row
    assert ">2026-03-04 14:05:09 UTC</time>" in row
    assert " ago" not in text_of(html[html.index("<tbody") : html.index("</tbody>")])


def test_one_time_range_filters_to_the_minute(auditor_client, version):
    base = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    early, inside, late = (add(version, when=base + timedelta(minutes=m)) for m in (-1, 5, 11))
    response = auditor_client.get(
        reverse("consent_records:index"),
        {"created_at_after": "2026-03-04 14:00", "created_at_before": "2026-03-04 14:10"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert str(inside.consent_id) in html
    assert str(early.consent_id) not in html and str(late.consent_id) not in html
    for old_name in ('name="after"', 'name="before"', ">Date<"):
        assert old_name not in html
    help_text = html[html.index('class="help-text"') :]
    assert "<em>Time (UTC)</em>" in help_text[: help_text.index("</p>")]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"created_at_after": "2026-13-45"}, "Enter a valid date/time."),
        (
            {"created_at_after": "2026-03-05 10:00", "created_at_before": "2026-03-04 10:00"},
            "The start (From) is after the end (Until).",
        ),
    ],
    ids=["not-a-date", "reversed"],
)
def test_a_bad_range_is_a_clear_error_not_a_500(auditor_client, version, params, message):
    add(version)
    listing = auditor_client.get(reverse("consent_records:index"), params)
    assert listing.status_code == 200
    html = listing.content.decode()
    alert = html[html.index('id="consent-filter-errors"') :]
    assert f"<li>Time (UTC): {message}</li>" in alert[: alert.index("</div>")]
    export = auditor_client.get(reverse("consent_records:export"), params)
    assert export.status_code == 400
    assert f"Time (UTC): {message}" in export.content.decode()
