"""Issue 18: the acceptance report (and every auditor screen with the status line) says what
the latest signed checkpoint shows, never the empty "Audit log: . Checked at ." it used to.
Issue 19: what it shows is the worker's stored check, with its time and the checkpoint it
covered; the log-status page lists past checks and queues a fresh one."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.log import make_checkpoint
from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.pruning import prune
from consent.tasks import check_consent_log
from tests.consent.log_tools import add_record, guards_off, sign_and_check
from tests.tasks import queued, run_queued_tasks

SCREENS = ["consent_records:report", "consent_records:index", "consent_records:log_status"]


def status_text(html):
    """The status block's words, tags and whitespace folded away."""
    block = html[html.index('id="consent-log-status"') :]
    block = block[: block.index("</div>")]
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", block.split(">", 1)[1]).split()))


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_verified_log_shows_its_checkpoint(auditor_client, version, screen):
    for _ in range(3):
        add_record(version)
    checkpoint = sign_and_check()
    html = auditor_client.get(reverse(screen)).content.decode()
    assert 'data-log-ok="true"' in html and 'data-log-state="verified"' in html
    text = status_text(html)
    assert text.startswith(
        "Audit log: verified. Checkpoint 3 is validly signed and the stored records gave its "
        "root at the last check. Last checked by the background worker at "
    )
    assert "(checkpoint 3)." in text and "queued" not in text
    assert f"Root hash {checkpoint.root_hash} Signature valid (checked for this page)" in text
    assert "Latest checkpoint 3 records, signed " in text
    assert "Audit log: ." not in html and "Checked at ." not in html
    assert 'href="/cookies/log/checkpoint/3/"' in html and 'href="/cookies/log/key/"' in html


def test_a_screen_before_the_workers_check_says_so_and_queues_it(auditor_client, version):
    add_record(version)
    make_checkpoint(force=True)
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert 'data-log-ok="unknown"' in html and 'data-log-state="unchecked"' in html
    text = status_text(html)
    assert text.startswith(
        "Audit log: not checked yet. Checkpoint 1 is validly signed; the background worker "
        "has not yet held it against the stored records. No stored check yet. A new check "
        "is queued for the worker (since "
    )
    assert len(queued(check_consent_log)) == 1
    run_queued_tasks()
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert 'data-log-state="verified"' in html


def test_the_report_before_any_record(auditor_client, db):
    html = auditor_client.get(reverse("consent_records:report")).content.decode()
    assert status_text(html).startswith(
        "Audit log: empty. No records yet, so nothing is signed. Log status and past checks"
    )
    assert 'data-log-ok="true"' in html


def test_the_report_shows_a_rewrite_in_red(auditor_client, version):
    records = [add_record(version) for _ in range(3)]
    make_checkpoint(force=True)
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {ConsentRecord._meta.db_table} SET leaf_hash = %s WHERE id = %s",
            ["0" * 64, records[0].pk],
        )
    auditor_client.get(reverse("consent_records:report"))  # queues the worker's check
    run_queued_tasks()
    html = auditor_client.get(reverse("consent_records:report")).content.decode()
    assert 'data-log-ok="false"' in html and 'data-log-state="failed"' in html
    assert status_text(html).startswith(
        "Audit log: rewritten since checkpoint 3. The checkpoint's signature is valid, but the "
        "stored leaves no longer give its root: records were changed. Run "
        "manage.py verify_consent_log for details. Last checked by the background worker at "
    )


def test_a_pruned_record_still_has_a_safe_evidence_page(auditor_client, version):
    old = [add_record(version, days_ago=400) for _ in range(2)]
    prune(timezone.now() - timedelta(days=396))
    response = auditor_client.get(reverse("consent_records:evidence", args=[old[0].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="consent-evidence-pruned"' in html and 'id="consent-download-csv"' not in html
    assert f'data-record="{old[0].pk}"' in html
    assert f'data-record="{old[1].pk}"' not in html  # blanked records are nobody's history
    assert auditor_client.get(reverse("consent_records:index")).status_code == 200


def test_the_log_status_page_lists_past_checks_and_queues_one(auditor_client, version):
    add_record(version)
    sign_and_check()
    add_record(version)
    sign_and_check()
    url = reverse("consent_records:log_status")
    html = auditor_client.get(url).content.decode()
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr data-check[^>]*>(.*?)</tr>", html, re.S)
    ]
    day = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    assert len(rows) == 2
    assert re.fullmatch(day + r" 2 verified \d+\.\d s genuine", rows[0]), rows
    assert re.fullmatch(day + r" 1 verified \d+\.\d s genuine", rows[1]), rows
    assert "Log status and past checks" not in html  # no link to itself
    waiting = len(queued(check_consent_log))
    response = auditor_client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert len(queued(check_consent_log)) == waiting + 1


def test_editors_may_not_see_or_queue_the_log_status(editor_client, version):
    url = reverse("consent_records:log_status")
    assert editor_client.get(url).status_code in (302, 403)
    assert editor_client.post(url).status_code in (302, 403)
    assert queued(check_consent_log) == []
