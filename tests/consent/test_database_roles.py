"""Who may rewrite the consent log in the database: the site's own role may not, whatever it
sets; the owner only on purpose; pruning only through the owner's function.

PostgreSQL tests make a throwaway role inside the test's transaction (rolled back with it),
grant it what `migrate` grants DATABASE_URL's role, and `SET ROLE` to it (the fixtures
`app_role` and `acting_as` are in conftest.py). The head and
prune-log triggers run on SQLite too (as the one role SQLite has).
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.utils import timezone

from astermind_site.dbroles import grant_app_role
from consent.log import make_checkpoint, subtrees
from consent.models import (
    ConsentChainHead,
    ConsentCheckpoint,
    ConsentDailyTally,
    ConsentLogCheck,
    ConsentLogSubtree,
    ConsentMethod,
    ConsentPolicyVersion,
    ConsentPrune,
    ConsentRecord,
)
from consent.pruning import prune
from consent.records import Submission, record_choice

RECORDS = ConsentRecord._meta.db_table
HEAD = ConsentChainHead._meta.db_table
PRUNES = ConsentPrune._meta.db_table
CHECKPOINTS = ConsentCheckpoint._meta.db_table
TALLY = ConsentDailyTally._meta.db_table
SUBTREES = ConsentLogSubtree._meta.db_table
CHECKS = ConsentLogCheck._meta.db_table
# The blanking UPDATE pruning runs (consent/pruning.py), aimed at one record.
BLANK_ONE = (
    f"UPDATE {RECORDS} SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', "
    "pruned_at = now() WHERE id = %s"
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)


def run(sql, params=(), role=None):
    """One statement in a savepoint, as `role` if given (the role ends with the savepoint)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if role:
            cursor.execute(f"SET ROLE {role}")
        cursor.execute(sql, params)
        if role:
            cursor.execute("RESET ROLE")


def add(version, days_ago=0):
    submission = Submission(
        consent_id=uuid.uuid4(),
        method=ConsentMethod.ACCEPT_ALL,
        decisions={"analytics": True},
        policy_version=version,
        path="/",
        ip="203.0.113.9",
        user_agent="UA",
    )
    record, created = record_choice(submission, now=timezone.now() - timedelta(days=days_ago))
    assert created
    return record


def personal_fields(pk):
    return ConsentRecord.objects.values_list("consent_id", "path", "pruned_at").get(pk=pk)


@pytest.fixture
def chain(db):
    version = ConsentPolicyVersion.objects.create(text="policy text")
    return [add(version, days_ago=days) for days in (30, 20, 10, 0)]


# --- the site's role cannot rewrite, however it asks ------------------------------------


@postgres_only
def test_the_permit_setting_opens_nothing_for_the_sites_role(chain, app_role):
    """The attack that worked before: a role allowed to write sets the permit and rewrites.
    Even with UPDATE granted on purpose, the trigger now asks who is asking."""
    run(f"GRANT UPDATE ON {RECORDS} TO {app_role}")
    target = chain[2].pk
    before = personal_fields(target)
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {app_role}")
            cursor.execute("SET LOCAL consent.pruning = 'on'")
            cursor.execute(BLANK_ONE, [target])
    assert personal_fields(target) == before
    assert before[2] is None and before[1] == "/"


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        f"DELETE FROM {RECORDS} WHERE id = 3",
        f"UPDATE {RECORDS} SET path = '/elsewhere/'",
        BLANK_ONE.replace("%s", "3"),
        f"TRUNCATE {RECORDS} CASCADE",
        f"ALTER TABLE {RECORDS} DISABLE TRIGGER ALL",
        f"ALTER TABLE {RECORDS} DISABLE TRIGGER {RECORDS}_append_only",
        f"DROP TRIGGER {RECORDS}_append_only ON {RECORDS}",
        "CREATE OR REPLACE FUNCTION consent_refuse_rewrite() RETURNS trigger AS $$ "
        "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
        f"TRUNCATE {HEAD}",
        f"DELETE FROM {HEAD}",
        f"INSERT INTO {HEAD} (id, record_id, size, frontier) VALUES (2, NULL, 0, '[]')",
        f"INSERT INTO {PRUNES} (created_at, cutoff, blanked, through_record, tree_size) "
        "VALUES (now(), now(), 1, 1, 1)",
        f"UPDATE {PRUNES} SET blanked = 0",
        f"TRUNCATE {PRUNES}",
        f"UPDATE {CHECKPOINTS} SET note = ''",
        f"DELETE FROM {CHECKPOINTS}",
        f"TRUNCATE {CHECKPOINTS}",
        "CREATE OR REPLACE FUNCTION consent_record_guard() RETURNS trigger AS $$ "
        "BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
        "UPDATE consent_consentpolicyversion SET text = 'kinder words'",
        # The daily tally is the owner's trigger's to keep (migration 0009).
        f"UPDATE {TALLY} SET records = records + 100",
        f"INSERT INTO {TALLY} (day, method, decisions, records) "
        "VALUES (now()::date, 'gpc', '{}', 5)",
        f"DELETE FROM {TALLY}",
        "CREATE OR REPLACE FUNCTION consent_tally_new_records() RETURNS trigger AS $$ "
        "BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql",
        f"DROP TRIGGER {RECORDS}_tally ON {RECORDS}",
        f"UPDATE {SUBTREES} SET hash = ''",
        f"DELETE FROM {SUBTREES}",
        # The worker's sealed checks: a newer, failing one removed or turned (issue 19).
        f"UPDATE {CHECKS} SET ok = true, label = 'verified'",
        f"DELETE FROM {CHECKS}",
        f"TRUNCATE {CHECKS}",
    ],
)
def test_the_sites_role_has_no_right_to_rewrite(chain, app_role, statement):
    """Refused by privilege (the role owns nothing and was granted no such right)."""
    with pytest.raises(ProgrammingError, match="permission denied|must be owner"):
        run(statement, role=app_role)
    assert ConsentRecord.objects.count() == 4
    assert ConsentChainHead.objects.get().record_id == chain[-1].pk


@postgres_only
def test_the_sites_role_cannot_move_the_head_back(chain, app_role):
    with pytest.raises(IntegrityError, match="only moves forward"):
        run(f"UPDATE {HEAD} SET record_id = %s, size = 2", [chain[1].pk], role=app_role)
    with pytest.raises(IntegrityError, match="only moves forward"):
        run(f"UPDATE {HEAD} SET frontier = '[]'", role=app_role)
    head = ConsentChainHead.objects.get()
    assert (head.record_id, head.size) == (chain[-1].pk, 4)


@postgres_only
def test_the_sites_role_records_choices_and_prunes_through_the_functions(
    chain, app_role, acting_as
):
    version = chain[0].policy_version
    with acting_as(app_role):
        newest = add(version)
        result = prune(timezone.now() - timedelta(days=15))
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('consent.pruning', true)")
            left_over = cursor.fetchone()[0]
    assert result.blanked == 2
    assert left_over in (None, "", "off")  # the permit lived only inside the function
    blanked = ConsentRecord.objects.filter(pruned_at__isnull=False, consent_id__isnull=True)
    assert sorted(blanked.values_list("pk", flat=True)) == [chain[0].pk, chain[1].pk]
    assert ConsentRecord.objects.count() == 5  # nothing deleted
    logged = ConsentPrune.objects.get()
    assert (logged.blanked, logged.through_record, logged.tree_size) == (2, chain[1].pk, 5)
    assert ConsentChainHead.objects.get().record_id == newest.pk


@postgres_only
def test_the_sites_role_keeps_the_tally_and_the_subtree_roots_by_writing_records(
    chain, app_role, acting_as, monkeypatch
):
    monkeypatch.setattr(subtrees, "BLOCK_LEVEL", 2)  # a root per 4 leaves, so 5 records
    monkeypatch.setattr(subtrees, "BLOCK", 4)  # complete one
    version = chain[0].policy_version
    with acting_as(app_role):
        add(version)
        make_checkpoint(force=True)
        tallied = sum(ConsentDailyTally.objects.values_list("records", flat=True))
    assert tallied == 5  # the four of the chain, and the one the site's role wrote
    assert list(ConsentLogSubtree.objects.values_list("level", "position")) == [(2, 0)]


@postgres_only
def test_the_sites_role_cannot_log_a_prune_that_did_not_happen(chain, app_role):
    with pytest.raises(IntegrityError, match="No records were blanked"):
        run("SELECT consent_log_prune(now(), now(), %s, 4)", [chain[-1].pk], role=app_role)
    assert not ConsentPrune.objects.exists()


@postgres_only
def test_the_prune_command_runs_as_the_sites_role(chain, app_role, acting_as, capsys):
    with acting_as(app_role):
        call_command("prune_consent_records", "--days", "25")
        call_command("verify_consent_log")
    out = capsys.readouterr().out
    assert "Blanked 1 consent record older than" in out
    assert "Verified:" in out
    assert personal_fields(chain[0].pk)[:2] == (None, "")


@postgres_only
def test_only_the_site_role_and_the_owner_may_call_the_prune_functions(chain, app_role):
    outsider = f"consent_other_{uuid.uuid4().hex[:10]}"
    run(f"CREATE ROLE {outsider} NOLOGIN")
    with pytest.raises(ProgrammingError, match="permission denied"):
        run("SELECT consent_blank_personal_fields(now(), now(), 0, 100)", role=outsider)
    assert not ConsentRecord.objects.filter(pruned_at__isnull=False).exists()


# --- the owner: the triggers still stand in the way of an accident ------------------------


@postgres_only
@pytest.mark.parametrize(
    "table", [RECORDS, "consent_consentpolicyversion", HEAD, PRUNES, CHECKPOINTS]
)
def test_truncate_is_refused_even_for_the_owner_without_the_permit(chain, table):
    with connection.cursor() as cursor:  # the test's own inserts: their FK checks now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError, match=f"TRUNCATE on {table} refused"):
        run(f"TRUNCATE {table} CASCADE")
    assert ConsentRecord.objects.count() == 4


@postgres_only
def test_the_owner_can_blank_by_hand_only_by_asking_for_it(chain):
    with pytest.raises(IntegrityError, match="UPDATE on"):
        run(BLANK_ONE, [chain[0].pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL consent.pruning = 'on'")
        cursor.execute(BLANK_ONE, [chain[0].pk])
    assert personal_fields(chain[0].pk)[:2] == (None, "")


# --- the grant refuses a role that could undo it -----------------------------------------


@postgres_only
def test_a_role_that_joins_the_owner_is_refused(db):
    name = f"consent_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute(f"CREATE ROLE {name} NOLOGIN IN ROLE {owner}")
    with pytest.raises(CommandError, match="superuser|member"):
        grant_app_role(connection, name)


@postgres_only
def test_a_missing_role_is_named(db):
    with pytest.raises(CommandError, match="does not exist"):
        grant_app_role(connection, "no_such_role_here")


# --- head and prune log, on both databases ------------------------------------------------


def test_the_head_only_moves_forward(chain):
    with pytest.raises(IntegrityError):
        run(f"UPDATE {HEAD} SET record_id = %s, size = 2", [chain[1].pk])
    with pytest.raises(IntegrityError):  # forward, but onto no record at that leaf
        run(f"UPDATE {HEAD} SET record_id = %s, size = 9", [chain[-1].pk + 1])
    with pytest.raises(IntegrityError):
        run(f"INSERT INTO {HEAD} (id, record_id, size, frontier) VALUES (2, NULL, 0, '[]')")
    with pytest.raises(IntegrityError):
        run(f"DELETE FROM {HEAD}")
    head = ConsentChainHead.objects.get()
    assert (head.record_id, head.size) == (chain[-1].pk, 4)
    # The log still grows as it should.
    newest = add(chain[0].policy_version)
    head.refresh_from_db()
    assert (head.record_id, head.size) == (newest.pk, 5)
