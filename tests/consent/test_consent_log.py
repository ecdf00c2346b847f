"""The consent log as a verifiable log: dense leaves, signed checkpoints (when, where, how
they are served), proofs against them, and retention that blanks without breaking them."""

import hashlib
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from consent import merkle
from consent.checks import signing_key_loads
from consent.log import (
    consistency_proof_between,
    inclusion_proof_for,
    latest_checkpoint,
    make_checkpoint,
    published_verifier_key,
    verify_inclusion,
    verify_log,
)
from consent.log.keys import origin
from consent.log.notes import checkpoint_body, open_checkpoint, parse_verifier_key, sign_note
from consent.models import (
    ConsentChainHead,
    ConsentCheckpoint,
    ConsentPolicyVersion,
    ConsentPrune,
    ConsentRecord,
)
from consent.models.chain import pruning_permit
from consent.pruning import BLANK_PERSONAL_FIELDS_SQL, prune
from tests.consent.log_tools import add_record

RECORDS = ConsentRecord._meta.db_table
CHECKPOINTS = ConsentCheckpoint._meta.db_table


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


@pytest.fixture
def five(version):
    return [add_record(version, days_ago=d) for d in (500, 450, 400, 10, 0)]


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- leaves ---------------------------------------------------------------------------


def test_each_record_gets_the_next_leaf_and_its_rfc6962_hash(five, version):
    assert [r.leaf_index for r in five] == [0, 1, 2, 3, 4]
    for record in five:
        content = record.canonical_content().encode()
        assert record.leaf_hash == hashlib.sha256(b"\x00" + content).hexdigest()
        assert version.sha256 in record.canonical_content()
    head = ConsentChainHead.objects.get()
    assert (head.size, head.record_id) == (5, five[-1].pk)
    # The head's right edge gives the root of all five leaves: SHA-256 of 0x01-joined nodes.
    leaves = [bytes.fromhex(r.leaf_hash) for r in five]
    node = lambda a, b: hashlib.sha256(b"\x01" + a + b).digest()  # noqa: E731
    expected = node(node(node(leaves[0], leaves[1]), node(leaves[2], leaves[3])), leaves[4])
    assert head.tree().root() == expected


# --- checkpoints ------------------------------------------------------------------------


def test_a_checkpoint_is_signed_once_due_and_not_more_often(version, settings):
    settings.CONSENT_CHECKPOINT_INTERVAL = 300
    assert make_checkpoint() is None  # an empty log: nothing to sign
    add_record(version)
    first = make_checkpoint()
    assert first.tree_size == 1
    add_record(version)
    assert make_checkpoint() is None  # grew, but the last one is recent
    later = timezone.now() + timezone.timedelta(seconds=301)
    assert make_checkpoint(now=later).tree_size == 2
    assert make_checkpoint(now=later + timezone.timedelta(seconds=600)).tree_size == 2  # no growth
    assert ConsentCheckpoint.objects.count() == 2


def test_a_committed_record_signs_a_due_checkpoint(version, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = add_record(version)
    checkpoint = latest_checkpoint()
    assert checkpoint.tree_size == 1
    signed = open_checkpoint(checkpoint.note, parse_verifier_key(published_verifier_key()))
    assert (signed.size, signed.root.hex(), signed.origin) == (1, record.leaf_hash, origin())


def test_the_note_is_a_tlog_checkpoint(five):
    checkpoint = make_checkpoint(force=True)
    lines = checkpoint.note.split("\n")
    assert lines[0] == origin() == "localhost/consent-log"  # the test SITE_BASE_URL's host
    assert lines[1] == "5"
    assert bytes.fromhex(checkpoint.root_hash) == merkle.root(
        [bytes.fromhex(r.leaf_hash) for r in five]
    )
    assert lines[3].startswith("time ") and lines[4] == ""
    assert lines[5].startswith(f"\u2014 {origin()} ") and lines[6] == ""


def test_public_urls_serve_the_notes_and_key_cacheably(client, five):
    assert client.get("/cookies/log/checkpoint/").status_code == 404
    checkpoint = make_checkpoint(force=True)
    latest = client.get("/cookies/log/checkpoint/")
    assert latest.status_code == 200
    assert latest["Content-Type"] == "text/plain; charset=utf-8"
    assert latest["Cache-Control"] == "public, max-age=60"
    assert latest.content.decode() == checkpoint.note
    by_size = client.get("/cookies/log/checkpoint/5/")
    assert by_size.status_code == 200
    assert by_size["Cache-Control"] == "public, max-age=31536000, immutable"
    assert by_size.content.decode() == checkpoint.note
    assert client.get("/cookies/log/checkpoint/6/").status_code == 404
    assert client.get("/cookies/log/checkpoint/abc/").status_code == 404
    key = client.get("/cookies/log/key/")
    assert key.status_code == 200 and key["Cache-Control"] == "public, max-age=3600"
    verifier = parse_verifier_key(key.content.decode())
    assert open_checkpoint(checkpoint.note, verifier).size == 5
    assert client.post("/cookies/log/checkpoint/").status_code == 405


def test_make_consent_checkpoint_prints_the_note(five, capsys):
    call_command("make_consent_checkpoint")
    assert capsys.readouterr().out == ConsentCheckpoint.objects.get().note


# --- proofs -----------------------------------------------------------------------------


def test_inclusion_proof_for_a_record_verifies_against_the_signed_note(five):
    make_checkpoint(force=True)
    proof = inclusion_proof_for(five[3])
    assert (proof.leaf_index, proof.tree_size, len(proof.hashes)) == (3, 5, 3)
    args = (proof.leaf_index, proof.tree_size, proof.leaf_hash, proof.hashes, proof.checkpoint)
    assert verify_inclusion(*args)
    assert not verify_inclusion(2, *args[1:])
    assert not verify_inclusion(3, 5, five[2].leaf_hash, proof.hashes, proof.checkpoint)
    assert not verify_inclusion(3, 4, proof.leaf_hash, proof.hashes, proof.checkpoint)
    assert not verify_inclusion(3, 5, proof.leaf_hash, proof.hashes, "not a note")


def test_a_checkpoint_signed_by_another_key_proves_nothing(five):
    proof = inclusion_proof_for(five[0], make_checkpoint(force=True))
    root = merkle.root([bytes.fromhex(r.leaf_hash) for r in five])
    body = checkpoint_body(origin(), 5, root, timezone.now())
    forged = sign_note(body, origin(), Ed25519PrivateKey.generate())
    assert not verify_inclusion(0, 5, proof.leaf_hash, proof.hashes, forged)


def test_no_proof_before_a_checkpoint_covers_the_record(five):
    with pytest.raises(ConsentCheckpoint.DoesNotExist):
        inclusion_proof_for(five[0])


def test_consistency_between_two_checkpoints(five, version):
    old = make_checkpoint(force=True)
    add_record(version)
    add_record(version)
    new = make_checkpoint(force=True)
    proof = [bytes.fromhex(h) for h in consistency_proof_between(5, 7)]
    old_root, new_root = bytes.fromhex(old.root_hash), bytes.fromhex(new.root_hash)
    assert merkle.verify_consistency(5, 7, old_root, new_root, proof)


# --- retention blanks, keeps the leaves, and old checkpoints still verify ------------------


def test_prune_blanks_personal_fields_and_old_checkpoints_still_verify(five):
    before = make_checkpoint(force=True)
    proof = inclusion_proof_for(five[0], before)
    result = prune(timezone.now() - timezone.timedelta(days=396))
    assert result.blanked == 3
    for old in five[:3]:
        stored = ConsentRecord.objects.get(pk=old.pk)
        assert (stored.consent_id, stored.path, stored.user_agent, stored.ip_hash) == (
            None,
            "",
            "",
            "",
        )
        assert (stored.leaf_index, stored.leaf_hash, stored.method, stored.decisions) == (
            old.leaf_index,
            old.leaf_hash,
            old.method,
            old.decisions,
        )
        assert stored.pruned_at is not None
    recent = ConsentRecord.objects.get(pk=five[3].pk)
    assert (recent.consent_id, recent.path, recent.pruned_at) == (
        five[3].consent_id,
        "/articles/",
        None,
    )
    prune_row = ConsentPrune.objects.get()
    assert (prune_row.blanked, prune_row.through_record, prune_row.tree_size) == (3, five[2].pk, 5)
    assert result.checkpoint.tree_size == 5
    report = verify_log()
    assert report.ok, report.problems
    assert report.checkpoints == 1
    assert verify_inclusion(
        proof.leaf_index, proof.tree_size, proof.leaf_hash, proof.hashes, before.note
    )


def test_prune_in_small_batches_and_signs_a_checkpoint_every_time(five, version):
    make_checkpoint(force=True)
    add_record(version)
    result = prune(timezone.now() - timezone.timedelta(days=30), batch_size=1)
    assert result.blanked == 3 and result.checkpoint.tree_size == 6
    again = prune(timezone.now() - timezone.timedelta(days=30))
    assert again.blanked == 0 and again.prune is None and again.checkpoint.tree_size == 6
    assert verify_log().ok


# --- the database accepts only the blanking UPDATE, and only inside the permit -----------


def test_the_blanking_update_is_refused_without_the_permit(five):
    adapt = connection.ops.adapt_datetimefield_value
    with pytest.raises(IntegrityError):
        raw(
            BLANK_PERSONAL_FIELDS_SQL,
            [adapt(timezone.now()), adapt(timezone.now()), 0, five[-1].pk],
        )
    assert not ConsentRecord.objects.filter(pruned_at__isnull=False).exists()


@pytest.mark.parametrize(
    "assignment",
    [
        "leaf_hash = '00', consent_id = NULL, path = '', user_agent = '', ip_hash = ''",
        "leaf_index = 99, consent_id = NULL, path = '', user_agent = '', ip_hash = ''",
        "method = 'reject_all', consent_id = NULL, path = '', user_agent = '', ip_hash = ''",
        "consent_id = NULL, path = '', user_agent = ''",  # the address hash left behind
        "path = '/rewritten/'",
        # The language of the text shown is evidence too (migration 0009).
        "language = 'de', consent_id = NULL, path = '', user_agent = '', ip_hash = ''",
    ],
)
def test_the_permit_allows_nothing_but_blanking(five, assignment):
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    with pytest.raises(IntegrityError):
        with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {RECORDS} SET {assignment}, pruned_at = %s WHERE id = %s",
                [stamp, five[0].pk],
            )
    with pytest.raises(IntegrityError):
        with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {RECORDS} WHERE id = %s", [five[0].pk])
    assert ConsentRecord.objects.get(pk=five[0].pk).leaf_hash == five[0].leaf_hash


def test_a_record_is_blanked_once_only(five):
    prune(timezone.now() - timezone.timedelta(days=396))
    with pytest.raises(IntegrityError):
        with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {RECORDS} SET pruned_at = %s WHERE id = %s",
                [connection.ops.adapt_datetimefield_value(timezone.now()), five[0].pk],
            )


def test_checkpoints_cannot_be_changed_or_removed(five):
    checkpoint = make_checkpoint(force=True)
    with pytest.raises(IntegrityError):
        raw(f"UPDATE {CHECKPOINTS} SET root_hash = %s", ["0" * 64])
    with pytest.raises(IntegrityError):
        raw(f"DELETE FROM {CHECKPOINTS}")
    with pytest.raises(PermissionError):
        checkpoint.save()
    assert ConsentCheckpoint.objects.get().root_hash == checkpoint.root_hash


# --- the key ------------------------------------------------------------------------------


def test_production_without_a_key_fails_its_check(settings):
    settings.DEBUG = False
    settings.CONSENT_LOG_SIGNING_KEY = ""
    errors = signing_key_loads(None)
    assert [e.id for e in errors] == ["consent.E001"]
    assert "CONSENT_LOG_SIGNING_KEY is not set" in errors[0].msg
    settings.CONSENT_LOG_SIGNING_KEY = "/nonexistent/key"
    assert "no key file at /nonexistent/key" in signing_key_loads(None)[0].msg


def test_create_consent_signing_key_writes_a_private_file_once(tmp_path, settings, capsys):
    path = tmp_path / "signing-key"
    call_command("create_consent_signing_key", str(path))
    assert os.stat(path).st_mode & 0o777 == 0o600
    first = path.read_text()
    assert first.startswith("-----BEGIN PRIVATE KEY-----")
    call_command("create_consent_signing_key", str(path))
    assert path.read_text() == first
    settings.CONSENT_LOG_SIGNING_KEY = str(path)
    assert signing_key_loads(None) == []
