"""The consent log against the credentials a deployment hands out, on the stack's own cluster.

The stack migrates as `astermind_owner` (MIGRATE_DATABASE_URL) and serves as `astermind_app`
(DATABASE_URL), as README "Production" says to. As the site's role every rewrite of the log is
refused, and retention still works through the owner's functions. As the owner the rewrites
succeed, and `verify_consent_log --checkpoint` with a checkpoint saved outside the database
reports each one.
"""

import subprocess
import sys
from types import SimpleNamespace

import psycopg
import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from consent.digests import record_leaf_hash
from consent.merkle import Frontier

from .client import Visitor
from .services import ROOT, manage
from .stack import APP_ROLE, OWNER_ROLE

pytestmark = pytest.mark.integration

RECORDS = "consent_consentrecord"
LOG_TABLES = (
    RECORDS,
    "consent_consentchainhead",
    "consent_consentcheckpoint",
    "consent_consentprune",
)


def connect(stack, role):
    return psycopg.connect(stack.pg.url(stack.database, role), connect_timeout=5)


def verify(stack, *checkpoint_files):
    """verify_consent_log as the site's role: (exit status, everything it printed)."""
    args = [a for name in checkpoint_files for a in ("--checkpoint", str(name))]
    result = subprocess.run(
        [sys.executable, "manage.py", "verify_consent_log", *args], cwd=ROOT, env=stack.env,
        timeout=120, capture_output=True, text=True,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def logged(stack):
    """Six choices recorded over HTTP, then a checkpoint signed and saved outside the database
    (as an auditor would fetch it from /cookies/log/checkpoint/)."""
    ids = []
    for n in range(6):
        visitor = Visitor(stack.apps[n % 2].port, forwarded_for=f"198.51.100.{40 + n}")
        answer = visitor.choose("accept")
        assert answer.status == 200, answer.text
        ids.append(answer.json()["record"])
    manage(stack.env, "make_consent_checkpoint")
    note = Visitor(stack.apps[0].port).get("/cookies/log/checkpoint/")
    assert note.status == 200, note.text
    saved = stack.workdir / "outside-checkpoint.txt"
    saved.write_text(note.text, encoding="utf-8")
    size = int(note.text.splitlines()[1])
    return SimpleNamespace(ids=ids, checkpoint=saved, size=size)


# --- the site's role: refused, whatever it tries ------------------------------------------

REFUSED_AS_APP = [
    # The attack that worked before: the permit, then DELETE (now: no right to DELETE at all).
    ("SET LOCAL consent.pruning = 'on'", f"DELETE FROM {RECORDS} WHERE id = {{id}}"),
    ("SET LOCAL consent.pruning = 'on'", f"UPDATE {RECORDS} SET decisions = '{{{{}}}}'"),
    (
        "SET LOCAL consent.pruning = 'on'",
        f"UPDATE {RECORDS} SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', "
        "pruned_at = now() WHERE id = {id}",
    ),
    ("", f"TRUNCATE {RECORDS} CASCADE"),
    ("", f"ALTER TABLE {RECORDS} DISABLE TRIGGER USER"),
    (
        "",
        "CREATE OR REPLACE FUNCTION consent_record_guard() RETURNS trigger AS $$ "
        "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    ),
    ("", "DELETE FROM consent_consentchainhead"),
    ("", "UPDATE consent_consentchainhead SET size = 0, record_id = NULL, frontier = '[]'"),
    ("", "TRUNCATE consent_consentchainhead"),
    (
        "",
        "INSERT INTO consent_consentprune (created_at, cutoff, blanked, through_record, "
        "tree_size) VALUES (now(), now(), 10, {id}, 1)",
    ),
    ("", "DELETE FROM consent_consentcheckpoint"),
    ("", "DELETE FROM consent_consentpolicyversion"),
]


@pytest.mark.parametrize(("setup", "statement"), REFUSED_AS_APP)
def test_the_sites_role_cannot_rewrite_the_log(stack, logged, sql, setup, statement):
    before = sql(f"SELECT count(*), max(id), count(pruned_at) FROM {RECORDS}")
    target = logged.ids[2]
    with connect(stack, APP_ROLE) as conn:
        with pytest.raises((errors.InsufficientPrivilege, errors.RestrictViolation)):
            with conn.transaction():
                if setup:
                    conn.execute(setup)
                conn.execute(statement.format(id=target))
    assert sql(f"SELECT count(*), max(id), count(pruned_at) FROM {RECORDS}") == before
    assert sql("SELECT size FROM consent_consentchainhead")[0][0] >= logged.size


def test_the_app_role_owns_nothing(stack, sql):
    owned = sql(
        "SELECT count(*) FROM pg_class WHERE relowner = "
        "(SELECT oid FROM pg_roles WHERE rolname = %s)",
        APP_ROLE,
    )
    assert owned == [(0,)]


def test_retention_works_as_the_sites_role_through_the_owners_functions(stack, logged, sql):
    """The owner ages the first records (as if a year had passed); the prune command, run
    with the site's credentials, blanks them through the functions and the log verifies."""
    through = logged.ids[1]
    with connect(stack, OWNER_ROLE) as conn, conn.transaction():
        conn.execute(f"ALTER TABLE {RECORDS} DISABLE TRIGGER USER")
        conn.execute(
            f"UPDATE {RECORDS} SET created_at = created_at - interval '500 days' "
            "WHERE id <= %s AND pruned_at IS NULL",
            [through],
        )
        conn.execute(f"ALTER TABLE {RECORDS} ENABLE TRIGGER USER")
    out = manage(stack.env, "prune_consent_records", "--days", "400")
    assert out.startswith("Blanked "), out
    assert sql(
        f"SELECT count(*) FROM {RECORDS} WHERE id <= %s AND consent_id IS NOT NULL", through
    ) == [(0,)]
    assert sql("SELECT count(*) FROM consent_consentprune WHERE through_record = %s", through)
    status, report = verify(stack, logged.checkpoint)
    assert status == 0, report
    assert report.startswith("Verified:"), report


# --- the owner: rewrites succeed, and the outside checkpoint gives them away -------------


@pytest.fixture
def owner(stack, logged):
    """The owner's connection, with the log's tables copied first and put back afterwards, so
    the rest of the suite runs on the log as it was."""
    conn = connect(stack, OWNER_ROLE)
    conn.autocommit = True
    for table in LOG_TABLES:
        conn.execute(f"CREATE TEMP TABLE saved_{table} AS SELECT * FROM {table}")
    yield conn
    with conn.transaction():
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # re-inserted rows' keys checked now
        for table in LOG_TABLES:
            conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {table} SELECT * FROM saved_{table}")
            conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    conn.close()
    assert verify(stack, logged.checkpoint)[0] == 0, "the log was not put back"


def test_the_owner_can_delete_the_newest_records_and_the_outside_checkpoint_shows_it(
    stack, logged, owner
):
    kept = logged.size - 5
    leaves = owner.execute(
        f"SELECT leaf_hash FROM {RECORDS} WHERE leaf_index < %s ORDER BY leaf_index", [kept]
    ).fetchall()
    tree = Frontier()
    for (leaf,) in leaves:
        tree.append(bytes.fromhex(leaf))
    with owner.transaction():
        for table in LOG_TABLES:
            owner.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        owner.execute(f"DELETE FROM {RECORDS} WHERE leaf_index >= %s", [kept])
        owner.execute("DELETE FROM consent_consentcheckpoint")
        owner.execute(  # the head moved back, its right edge recomputed to match
            "UPDATE consent_consentchainhead SET size = %s, frontier = %s, "
            f"record_id = (SELECT max(id) FROM {RECORDS})",
            [kept, Jsonb([h.hex() for h in tree.hashes])],
        )
        for table in LOG_TABLES:
            owner.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    status, report = verify(stack, logged.checkpoint)
    assert status == 1, report
    assert (
        f"covers {logged.size} leaves, but leaves {kept}–{logged.size - 1} of them are "
        f"missing (deleted or truncated); the log holds {kept}."
    ) in report


def test_the_owner_can_truncate_with_the_permit_and_the_outside_checkpoint_shows_it(
    stack, logged, owner
):
    with owner.transaction():
        owner.execute("SET LOCAL consent.pruning = 'on'")
        owner.execute(f"TRUNCATE {RECORDS}, consent_consentcheckpoint")
        owner.execute(
            "UPDATE consent_consentchainhead SET size = 0, record_id = NULL, frontier = '[]'"
        )
    assert owner.execute(f"SELECT count(*) FROM {RECORDS}").fetchone() == (0,)
    status, report = verify(stack, logged.checkpoint)
    assert status == 1, report
    assert (
        f"covers {logged.size} leaves, but leaves 0–{logged.size - 1} of them are missing "
        "(deleted or truncated); the log holds 0."
    ) in report


def test_the_owner_can_change_a_record_and_its_leaf_and_the_outside_checkpoint_shows_it(
    stack, logged, owner
):
    """The careful rewrite: the record's leaf hash recomputed so it matches its new content,
    and every stored checkpoint dropped (they cannot be re-signed without the key)."""
    target = logged.ids[4]
    row = owner.execute(
        "SELECT r.consent_id, r.method, r.policy_version_id, r.created_at, r.path, "
        "r.user_agent, r.ip_hash, v.sha256 FROM consent_consentrecord r "
        "JOIN consent_consentpolicyversion v ON v.id = r.policy_version_id WHERE r.id = %s",
        [target],
    ).fetchone()
    forged = SimpleNamespace(
        consent_id=row[0], method=row[1], decisions={"analytics": False},
        policy_version_id=row[2], created_at=row[3], path=row[4], user_agent=row[5],
        ip_hash=row[6],
    )  # fmt: skip
    leaf = record_leaf_hash(forged, row[7])
    with owner.transaction():
        for table in LOG_TABLES:
            owner.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        owner.execute(
            f"UPDATE {RECORDS} SET decisions = %s, leaf_hash = %s WHERE id = %s",
            ['{"analytics": false}', leaf, target],
        )
        owner.execute("DELETE FROM consent_consentcheckpoint")
        for table in LOG_TABLES:
            owner.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    status, report = verify(stack, logged.checkpoint)
    assert status == 1, report
    assert "the stored leaves no longer give its signed root" in report
    assert "was changed after it was signed" in report


def test_the_owner_can_delete_the_oldest_records_behind_a_prune_row_and_it_is_found(
    stack, logged, owner
):
    """Deleting the start of the log and logging a prune that "explains" it: pruning never
    deletes, so the gap in the leaves is named even without an outside checkpoint."""
    with owner.transaction():
        owner.execute(f"ALTER TABLE {RECORDS} DISABLE TRIGGER USER")
        owner.execute(f"DELETE FROM {RECORDS} WHERE leaf_index < 3")
        owner.execute(f"ALTER TABLE {RECORDS} ENABLE TRIGGER USER")
        owner.execute(
            "INSERT INTO consent_consentprune (created_at, cutoff, blanked, through_record, "
            "tree_size) VALUES (now(), now(), 3, %s, %s)",
            [logged.ids[2], logged.size],
        )
    status, report = verify(stack, logged.checkpoint)
    assert status == 1, report
    assert "Leaves 0–2 are missing: 3 records were deleted" in report
