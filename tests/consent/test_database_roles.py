"""Who may rewrite the consent log in the database: the site's own role may not, whatever it
sets; the owner only on purpose; pruning only through the owner's function.

PostgreSQL tests make a throwaway role inside the test's transaction (rolled back with it),
grant it what `migrate` grants DATABASE_URL's role, and `SET ROLE` to it. The head and
prune-log triggers run on SQLite too (as the one role SQLite has).
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.utils import timezone

from astermind_site.dbroles import grant_app_role
from consent.models import ConsentChainHead, ConsentPolicyVersion, ConsentPrune, ConsentRecord
from tests.consent.test_integrity import add

RECORDS = ConsentRecord._meta.db_table
HEAD = ConsentChainHead._meta.db_table
PRUNES = ConsentPrune._meta.db_table

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


@pytest.fixture
def chain(db):
    version = ConsentPolicyVersion.objects.create(text="policy text")
    return [add(version, days_ago=days) for days in (30, 20, 10, 0)]


@pytest.fixture
def app_role(db):
    """A role granted exactly what the site serves with; gone when the test rolls back."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    name = f"consent_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    assert grant_app_role(connection, name) is True
    return name


@pytest.fixture
def acting_as():
    """Run ORM code as a role: ``with acting_as(role): ...``."""

    class Acting:
        def __init__(self, role):
            self.role = role

        def __enter__(self):
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {self.role}")

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")

    return Acting


# --- the site's role cannot rewrite, however it asks ------------------------------------


@postgres_only
def test_the_permit_setting_opens_nothing_for_the_sites_role(chain, app_role):
    """The attack that worked before: a role allowed to DELETE sets the permit and deletes.
    Even with DELETE granted on purpose, the trigger now asks who is asking."""
    run(f"GRANT DELETE ON {RECORDS} TO {app_role}")
    target = chain[2].pk
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {app_role}")
            cursor.execute("SET LOCAL consent.pruning = 'on'")
            cursor.execute(f"DELETE FROM {RECORDS} WHERE id = %s", [target])
    assert ConsentRecord.objects.filter(pk=target).exists()


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        f"DELETE FROM {RECORDS}",
        f"UPDATE {RECORDS} SET path = '/elsewhere/'",
        f"TRUNCATE {RECORDS} CASCADE",
        f"ALTER TABLE {RECORDS} DISABLE TRIGGER ALL",
        f"ALTER TABLE {RECORDS} DISABLE TRIGGER {RECORDS}_append_only",
        f"DROP TRIGGER {RECORDS}_append_only ON {RECORDS}",
        "CREATE OR REPLACE FUNCTION consent_refuse_rewrite() RETURNS trigger AS $$ "
        "BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
        f"TRUNCATE {HEAD}",
        f"DELETE FROM {HEAD}",
        f"INSERT INTO {HEAD} (id, record_id, digest) VALUES (2, NULL, '')",
        f"INSERT INTO {PRUNES} (created_at, cutoff, removed, through_record, through_digest) "
        "VALUES (now(), now(), 1, 1, 'x')",
        f"UPDATE {PRUNES} SET removed = 0",
        f"TRUNCATE {PRUNES}",
        "UPDATE consent_consentpolicyversion SET text = 'kinder words'",
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
        run(
            f"UPDATE {HEAD} SET record_id = %s, digest = %s",
            [chain[1].pk, chain[1].digest],
            role=app_role,
        )
    with pytest.raises(IntegrityError, match="only moves forward"):
        run(f"UPDATE {HEAD} SET digest = %s", ["0" * 64], role=app_role)
    head = ConsentChainHead.objects.get()
    assert (head.record_id, head.digest) == (chain[-1].pk, chain[-1].digest)


@postgres_only
def test_the_sites_role_records_choices_and_prunes_through_the_function(chain, app_role, acting_as):
    version = chain[0].policy_version
    with acting_as(app_role):
        newest = add(version)
        removed = ConsentRecord.objects.prune(before=timezone.now() - timedelta(days=15))
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('consent.pruning', true)")
            left_over = cursor.fetchone()[0]
    assert removed == 2
    assert left_over in (None, "", "off")  # the permit lived only inside the function
    assert list(ConsentRecord.objects.order_by("pk").values_list("pk", flat=True)) == [
        chain[2].pk,
        chain[3].pk,
        newest.pk,
    ]
    prune = ConsentPrune.objects.get()
    assert (prune.through_record, prune.removed) == (chain[1].pk, 2)
    assert ConsentChainHead.objects.get().record_id == newest.pk


@postgres_only
def test_the_prune_command_runs_as_the_sites_role(chain, app_role, acting_as, capsys):
    with acting_as(app_role):
        call_command("prune_consent_records", "--days", "25")
        call_command("verify_consent_log")
    out = capsys.readouterr().out
    assert "Removed 1 consent record older than" in out
    assert "Verified:" in out


@postgres_only
def test_only_the_site_role_and_the_owner_may_call_the_prune_function(chain, app_role):
    outsider = f"consent_other_{uuid.uuid4().hex[:10]}"
    run(f"CREATE ROLE {outsider} NOLOGIN")
    with pytest.raises(ProgrammingError, match="permission denied"):
        run("SELECT consent_prune_records(now(), 10)", role=outsider)
    assert ConsentRecord.objects.count() == 4


# --- the owner: the triggers still stand in the way of an accident ------------------------


@postgres_only
@pytest.mark.parametrize("table", [RECORDS, "consent_consentpolicyversion", HEAD, PRUNES])
def test_truncate_is_refused_even_for_the_owner_without_the_permit(chain, table):
    with connection.cursor() as cursor:  # the test's own inserts: their FK checks now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError, match=f"TRUNCATE on {table} refused"):
        run(f"TRUNCATE {table} CASCADE")
    assert ConsentRecord.objects.count() == 4


@postgres_only
def test_the_owner_can_prune_by_hand_only_by_asking_for_it(chain):
    with pytest.raises(IntegrityError, match="DELETE on"):
        run(f"DELETE FROM {RECORDS} WHERE id = %s", [chain[0].pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL consent.pruning = 'on'")
        cursor.execute(f"DELETE FROM {RECORDS} WHERE id = %s", [chain[0].pk])
    assert ConsentRecord.objects.count() == 3


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
        run(f"UPDATE {HEAD} SET record_id = %s, digest = %s", [chain[1].pk, chain[1].digest])
    with pytest.raises(IntegrityError):
        run(f"UPDATE {HEAD} SET record_id = %s, digest = %s", [chain[-1].pk + 1, "0" * 64])
    with pytest.raises(IntegrityError):
        run(f"INSERT INTO {HEAD} (id, record_id, digest) VALUES (2, NULL, '')")
    with pytest.raises(IntegrityError):
        run(f"DELETE FROM {HEAD}")
    head = ConsentChainHead.objects.get()
    assert (head.record_id, head.digest) == (chain[-1].pk, chain[-1].digest)


def test_the_prune_log_is_append_only(chain):
    ConsentRecord.objects.prune(before=timezone.now() - timedelta(days=25))
    prune = ConsentPrune.objects.get()
    with pytest.raises(IntegrityError):
        run(f"UPDATE {PRUNES} SET through_record = 0")
    with pytest.raises(IntegrityError):
        run(f"DELETE FROM {PRUNES}")
    assert ConsentPrune.objects.get().through_record == prune.through_record == chain[0].pk
