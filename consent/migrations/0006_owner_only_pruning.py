"""Only the tables' owner can open the consent log, and pruning goes through one function.

0005's triggers let anyone who set `consent.pruning` delete records, and guarded neither
TRUNCATE nor the chain head and prune log. Here, on PostgreSQL:

- the permit counts only for the tables' owner (a role that could drop the triggers anyway),
  so the role the site serves as (DATABASE_URL's, which owns nothing: astermind_site/dbroles.py)
  gains nothing by setting it;
- `consent_prune_records(cutoff, batch_size)` is SECURITY DEFINER, owned by the owner, with its
  search_path pinned: the one way the site's role removes records (ConsentRecordQuerySet.prune);
- statement-level BEFORE TRUNCATE triggers on the records, policy versions, chain head and
  prune log (row triggers never fire for TRUNCATE);
- the chain head only moves forward, onto a record that exists with that digest, and stays one
  row; the prune log is append-only.

SQLite has no roles and no TRUNCATE: it gets the head and prune-log triggers, and stays a
development database for this guarantee (docs/security.md).
"""

from django.db import migrations

RECORDS = "consent_consentrecord"
VERSIONS = "consent_consentpolicyversion"
HEAD = "consent_consentchainhead"
PRUNES = "consent_consentprune"
PERMIT = "consent_pruning_permit"
GUARDED = (RECORDS, VERSIONS, HEAD, PRUNES)

# True only inside the prune function (or for the owner who asked for it explicitly).
OWNER_PERMIT = """
    coalesce(current_setting('consent.pruning', true), '') = 'on'
    AND pg_catalog.pg_has_role(
        current_user,
        (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID),
        'MEMBER'
    )
"""

REFUSE_REWRITE = f"""
CREATE OR REPLACE FUNCTION consent_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    IF {OWNER_PERMIT} THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

# 0005's body, for reversing.
OLD_REFUSE_REWRITE = """
CREATE OR REPLACE FUNCTION consent_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('consent.pruning', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

HEAD_FORWARD = f"""
CREATE OR REPLACE FUNCTION consent_head_forward() RETURNS trigger AS $$
BEGIN
    IF {OWNER_PERMIT} THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM {HEAD}) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND (
        (NEW.record_id, NEW.digest) IS NOT DISTINCT FROM (OLD.record_id, OLD.digest)
        OR (
            NEW.record_id > coalesce(OLD.record_id, 0)
            AND EXISTS (
                SELECT 1 FROM {RECORDS} WHERE id = NEW.record_id AND digest = NEW.digest
            )
        )
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The consent chain head only moves forward: % on % refused', TG_OP,
        TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

# The one privileged step of a retention prune: one batch of the oldest records, all created
# before `cutoff`, removed and logged. The chain head is locked first so no insert chains onto
# a record being removed. The permit lives only while the function runs (its SET clause).
# When the prune changes (e.g. blanking personal fields instead of deleting), this body is
# what follows it; the caller is ConsentRecordQuerySet.prune.
PRUNE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_prune_records(cutoff timestamptz, batch_size integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
SET consent.pruning = 'on'
AS $$
DECLARE
    first_kept bigint;
    through_pk bigint;
    through_digest text;
    removed integer;
BEGIN
    IF cutoff IS NULL OR batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'consent_prune_records needs a cutoff and a positive batch size';
    END IF;
    PERFORM 1 FROM {HEAD} FOR UPDATE;
    SELECT min(id) INTO first_kept FROM {RECORDS} WHERE created_at >= cutoff;
    SELECT id, digest INTO through_pk, through_digest FROM (
        SELECT id, digest FROM {RECORDS}
        WHERE first_kept IS NULL OR id < first_kept
        ORDER BY id LIMIT batch_size
    ) AS batch ORDER BY id DESC LIMIT 1;
    IF through_pk IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM {RECORDS} WHERE id <= through_pk;
    GET DIAGNOSTICS removed = ROW_COUNT;
    INSERT INTO {PRUNES} (created_at, cutoff, removed, through_record, through_digest)
        VALUES (now(), cutoff, removed, through_pk, through_digest);
    RETURN removed;
END;
$$
"""
PRUNE_SIGNATURE = "consent_prune_records(timestamptz, integer)"


def postgres_sql(schema):
    statements = [
        REFUSE_REWRITE,
        HEAD_FORWARD,
        PRUNE_FUNCTION.replace("{schema}", schema),
        f"REVOKE ALL ON FUNCTION {PRUNE_SIGNATURE} FROM PUBLIC",
        f"CREATE TRIGGER {HEAD}_forward_only BEFORE INSERT OR UPDATE OR DELETE ON {HEAD} "
        "FOR EACH ROW EXECUTE FUNCTION consent_head_forward()",
        f"CREATE TRIGGER {PRUNES}_append_only BEFORE UPDATE OR DELETE ON {PRUNES} "
        "FOR EACH ROW EXECUTE FUNCTION consent_refuse_rewrite()",
    ]
    for table in GUARDED:
        statements.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION consent_refuse_rewrite()"
        )
    return statements


def postgres_drop_sql():
    return [
        *(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}" for t in GUARDED),
        f"DROP TRIGGER IF EXISTS {PRUNES}_append_only ON {PRUNES}",
        f"DROP TRIGGER IF EXISTS {HEAD}_forward_only ON {HEAD}",
        f"DROP FUNCTION IF EXISTS {PRUNE_SIGNATURE}",
        "DROP FUNCTION IF EXISTS consent_head_forward()",
        OLD_REFUSE_REWRITE,
    ]


SQLITE_REFUSE = "SELECT RAISE(ABORT, 'The consent audit trail is append-only')"
SQLITE_TRIGGERS = {
    f"{HEAD}_one_row": f"BEFORE INSERT ON {HEAD} WHEN EXISTS (SELECT 1 FROM {HEAD})",
    f"{HEAD}_forward_only": (
        f"BEFORE UPDATE ON {HEAD} WHEN NOT (NEW.id = OLD.id AND ("
        "(NEW.record_id IS OLD.record_id AND NEW.digest IS OLD.digest) OR ("
        "NEW.record_id > coalesce(OLD.record_id, 0) AND EXISTS ("
        f"SELECT 1 FROM {RECORDS} WHERE id = NEW.record_id AND digest = NEW.digest))))"
    ),
    f"{HEAD}_no_delete": f"BEFORE DELETE ON {HEAD} WHEN NOT EXISTS (SELECT 1 FROM {PERMIT})",
    f"{PRUNES}_no_update": f"BEFORE UPDATE ON {PRUNES}",
    f"{PRUNES}_no_delete": f"BEFORE DELETE ON {PRUNES} WHEN NOT EXISTS (SELECT 1 FROM {PERMIT})",
}


def create_guards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT quote_ident(current_schema())")
            schema = cursor.fetchone()[0]
        for statement in postgres_sql(schema):
            schema_editor.execute(statement, params=None)
    elif connection.vendor == "sqlite":
        for name, when in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {when} BEGIN {SQLITE_REFUSE}; END")


def drop_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres_drop_sql()
    elif vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0005_append_only_triggers")]

    operations = [migrations.RunPython(create_guards, drop_guards)]
