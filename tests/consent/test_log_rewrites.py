"""The four rewrites of issue 17, done as the table owner would (the database guards switched
off), each found by verify_consent_log and named. The checkpoints stored in the database show
a rewrite of old leaves; a checkpoint kept outside is what shows records cut off the end or
the whole log emptied, since whoever can do that can delete the stored checkpoints as well."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from consent import merkle
from consent.log import make_checkpoint, verify_log
from consent.models import (
    ConsentChainHead,
    ConsentCheckpoint,
    ConsentPolicyVersion,
    ConsentPrune,
    ConsentRecord,
)
from tests.consent.log_tools import add_record, guards_off

RECORDS = ConsentRecord._meta.db_table
CHECKPOINTS = ConsentCheckpoint._meta.db_table
HEAD = ConsentChainHead._meta.db_table


@pytest.fixture
def log(db):
    """Twenty records, signed at 5, 10, 15 and 20 leaves."""
    version = ConsentPolicyVersion.objects.create(text="policy text")
    records = []
    for _ in range(4):
        records += [add_record(version) for _ in range(5)]
        make_checkpoint(force=True)
    return records


@pytest.fixture
def kept_outside(log, tmp_path):
    """What an auditor fetched from /cookies/log/checkpoint/ and kept."""
    path = tmp_path / "checkpoint-20.txt"
    path.write_text(ConsentCheckpoint.objects.get(tree_size=20).note)
    return path


def reset_head(cursor):
    """Point the head at what is left, as a careful attacker would."""
    tree, last = merkle.Frontier(), None
    for pk, leaf in ConsentRecord.objects.order_by("leaf_index").values_list("pk", "leaf_hash"):
        tree.append(bytes.fromhex(leaf))
        last = pk
    frontier = "[" + ",".join(f'"{h.hex()}"' for h in tree.hashes) + "]"
    cursor.execute(
        f"UPDATE {HEAD} SET size = %s, record_id = %s, frontier = %s",
        [tree.size, last, frontier],
    )


def command_problems(*files):
    err = StringIO()
    args = ["--checkpoint", *map(str, files)] if files else []
    with pytest.raises(CommandError, match=r"Broken \(\d+ problems\)"):
        call_command("verify_consent_log", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_the_untouched_log_verifies_with_its_outside_checkpoint(log, kept_outside):
    report = verify_log([("kept", kept_outside.read_text())])
    assert report.ok, report.problems
    assert (report.leaves, report.checkpoints, report.outside) == (20, 4, 1)
    out = StringIO()
    call_command("verify_consent_log", "--checkpoint", str(kept_outside), stdout=out)
    assert out.getvalue() == (
        "Verified: 1 policy versions, 20 leaves, 4 stored and 1 outside checkpoints.\n"
    )


def test_a_deleting_the_newest_five_and_moving_the_head_back(log, kept_outside):
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {RECORDS} WHERE leaf_index >= 15")
        cursor.execute(f"DELETE FROM {CHECKPOINTS} WHERE tree_size > 15")
        reset_head(cursor)
    assert ConsentChainHead.objects.get().size == 15
    # The database alone now tells a consistent story...
    assert verify_log().ok
    # ...which the checkpoint kept outside contradicts, naming the missing leaves.
    problems = command_problems(kept_outside)
    assert (
        f"outside checkpoint {kept_outside} (size 20) covers 20 leaves, but leaves 15–19 of "
        "them are missing (deleted or truncated); the log holds 15." in problems
    )


def test_a_deleting_the_newest_five_shows_even_without_an_outside_copy_if_checkpoints_stay(log):
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {RECORDS} WHERE leaf_index >= 15")
        reset_head(cursor)
    problems = command_problems()
    assert "stored checkpoint at size 20 covers 20 leaves, but leaves 15–19 of them" in problems


def test_b_deleting_the_oldest_ten_with_a_matching_prune_row(log, kept_outside):
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {RECORDS} WHERE leaf_index < 10")
        ConsentPrune.objects.create(
            cutoff=log[10].created_at, blanked=10, through_record=log[9].pk, tree_size=20
        )
    problems = command_problems(kept_outside)
    assert f"Leaves 0–9 are missing: 10 records were deleted before record {log[10].pk}" in problems
    assert "stored checkpoint at size 5 covers 5 leaves, but leaves 0–4 of them" in problems
    assert "checkpoint at size 15 covers 15 leaves, but leaves 0–9 of them" in problems
    assert verify_log().problems[0].startswith("Leaves 0–9 are missing")


def test_c_truncating_and_resetting_the_head(log, kept_outside):
    with guards_off() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE wants no deferred checks
            cursor.execute(f"TRUNCATE {RECORDS}, {CHECKPOINTS}")
        else:
            cursor.execute(f"DELETE FROM {RECORDS}")
            cursor.execute(f"DELETE FROM {CHECKPOINTS}")
        reset_head(cursor)
    assert verify_log().ok  # an empty log, consistent with itself
    problems = command_problems(kept_outside)
    assert "covers 20 leaves, but leaves 0–19 of them are missing" in problems


def test_d_changing_a_record_and_recomputing_every_hash(log, kept_outside):
    target = log[12]
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET decisions = %s WHERE id = %s",
            ['{"analytics": false, "personalisation": false}', target.pk],
        )
        rewritten = ConsentRecord.objects.select_related("policy_version").get(pk=target.pk)
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s",
            [rewritten.compute_leaf_hash(), target.pk],
        )
        reset_head(cursor)
    assert ConsentRecord.objects.get(pk=target.pk).decisions == {
        "analytics": False,
        "personalisation": False,
    }
    problems = command_problems(kept_outside)
    # Every record's content matches its (recomputed) leaf, so only the signatures tell...
    assert "content no longer gives" not in problems
    # ...and they narrow it to the leaves signed after checkpoint 10 and by checkpoint 15.
    assert (
        "stored checkpoint at size 15: the stored leaves no longer give its signed root; a leaf "
        f"between 10 and 14 (records {log[10].pk}–{log[14].pk}) was changed after it was signed."
    ) in problems
    assert f"outside checkpoint {kept_outside} (size 20): the stored leaves" in problems
    assert "size 5:" not in problems and "size 10:" not in problems


def test_d_changing_a_record_without_recomputing_names_the_record(log):
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {RECORDS} SET path = '/elsewhere/' WHERE id = %s", [log[3].pk])
    problems = command_problems()
    assert f"Record {log[3].pk} (leaf 3): its content no longer gives its stored leaf hash." in (
        problems
    )


def test_a_forged_outside_checkpoint_is_refused(log, tmp_path):
    forged = tmp_path / "forged.txt"
    note = ConsentCheckpoint.objects.get(tree_size=20).note
    forged.write_text(note.replace("\n20\n", "\n21\n"))
    problems = command_problems(forged)
    assert f"Outside checkpoint {forged}: not accepted" in problems


def test_a_tampered_stored_checkpoint_is_reported(log):
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {CHECKPOINTS} SET note = REPLACE(note, 'consent-log', 'consent-lag') "
            "WHERE tree_size = 10"
        )
    problems = command_problems()
    assert "stored checkpoint at size 10: its signature does not verify" in problems


def test_progress_is_reported_for_large_logs(log):
    err = StringIO()
    call_command("verify_consent_log", "--progress-every", "8", stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(" in ")[0] for line in lines] == [
        "… 8 leaves checked",
        "… 16 leaves checked",
    ]
    assert all(re.fullmatch(r"… \d+ leaves checked in \d+ s \([\d,]+ a second\)", x) for x in lines)


def test_a_head_whose_right_edge_does_not_fit_its_size_is_reported_not_a_crash(log):
    """Moving only the head's size (not its frontier) used to raise ProofError out of the
    verifier; an owner's half-done rewrite must be named like any other."""
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {HEAD} SET size = 21")
    problems = command_problems()
    assert "The head says 21 leaves but the log holds 20 (up to leaf 19)." in problems
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {HEAD} SET size = 20, frontier = %s", ['["00"]'])
    problems = command_problems()
    assert "The head's right edge is malformed: " in problems
