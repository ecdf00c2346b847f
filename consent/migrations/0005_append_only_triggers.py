"""The database itself refuses to rewrite the consent audit trail.

UPDATE and DELETE of consent records and policy versions are rejected by triggers, whatever
code (ORM, raw SQL, an admin shell) sends them. The one exception is DELETE while the pruning
permit is held (models/chain.py: `pruning_permit`): prune_consent_records holds it to remove old
records and logs every prune in ConsentPrune (policy versions are never pruned; the test suite's
flush between transactional tests is the permit's only other holder). PostgreSQL reads a
transaction-local setting; SQLite, which has no session variables, looks for a row in a
one-row permit table.
"""

from django.db import migrations

RECORDS = "consent_consentrecord"
VERSIONS = "consent_consentpolicyversion"
PERMIT = "consent_pruning_permit"

POSTGRES_FUNCTION = """
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


def postgres_sql():
    statements = [POSTGRES_FUNCTION]
    for table in (RECORDS, VERSIONS):
        statements.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION consent_refuse_rewrite()"
        )
    return statements


def sqlite_sql():
    refuse = "SELECT RAISE(ABORT, 'The consent audit trail is append-only')"
    return [
        f"CREATE TABLE {PERMIT} (id INTEGER PRIMARY KEY CHECK (id = 1))",
        f"CREATE TRIGGER {RECORDS}_no_update BEFORE UPDATE ON {RECORDS} BEGIN {refuse}; END",
        f"CREATE TRIGGER {RECORDS}_no_delete BEFORE DELETE ON {RECORDS} "
        f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT}) BEGIN {refuse}; END",
        f"CREATE TRIGGER {VERSIONS}_no_update BEFORE UPDATE ON {VERSIONS} BEGIN {refuse}; END",
        f"CREATE TRIGGER {VERSIONS}_no_delete BEFORE DELETE ON {VERSIONS} "
        f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT}) BEGIN {refuse}; END",
    ]


def drop_sql(vendor):
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in (RECORDS, VERSIONS)] + [
            "DROP FUNCTION IF EXISTS consent_refuse_rewrite()"
        ]
    if vendor == "sqlite":
        names = [f"{t}_no_{op}" for t in (RECORDS, VERSIONS) for op in ("update", "delete")]
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names] + [
            f"DROP TABLE IF EXISTS {PERMIT}"
        ]
    return []


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgres_sql, "sqlite": sqlite_sql}.get(vendor, list)()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0004_hash_chain")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
