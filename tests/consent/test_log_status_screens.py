"""Issue 18: the acceptance report (and every auditor screen with the status line) says what
the latest signed checkpoint shows, never the empty "Audit log: . Checked at ." it used to."""

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consent.log import make_checkpoint
from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.pruning import prune
from tests.consent.log_tools import add_record, guards_off

SCREENS = ["consent_records:report", "consent_records:index"]


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
    checkpoint = make_checkpoint(force=True)
    html = auditor_client.get(reverse(screen)).content.decode()
    assert 'data-log-ok="true"' in html
    text = status_text(html)
    assert text.startswith(
        "Audit log: verified. Checkpoint 3 is validly signed and the stored records give its "
        "root. Checked at "
    )
    assert f"Root hash {checkpoint.root_hash} Signature valid" in text
    assert "Latest checkpoint 3 records, signed " in text
    assert "Audit log: ." not in html and "Checked at ." not in html
    assert 'href="/cookies/log/checkpoint/3/"' in html and 'href="/cookies/log/key/"' in html


def test_the_report_before_any_record(auditor_client, db):
    html = auditor_client.get(reverse("consent_records:report")).content.decode()
    assert status_text(html).startswith(
        "Audit log: empty. No records yet, so nothing is signed. Checked at "
    )
    assert 'data-log-ok="true"' in html


def test_the_report_shows_a_rewrite_in_red(auditor_client, version, settings):
    settings.CONSENT_VERIFY_CACHE_SECONDS = 0
    records = [add_record(version) for _ in range(3)]
    make_checkpoint(force=True)
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {ConsentRecord._meta.db_table} SET leaf_hash = %s WHERE id = %s",
            ["0" * 64, records[0].pk],
        )
    html = auditor_client.get(reverse("consent_records:report")).content.decode()
    assert 'data-log-ok="false"' in html
    assert status_text(html).startswith(
        "Audit log: rewritten since checkpoint 3. The checkpoint's signature is valid, but the "
        "stored leaves no longer give its root: records were changed. Run "
        "manage.py verify_consent_log for details. Checked at "
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
