"""The consent log becomes a Merkle tree with signed checkpoints, and pruning blanks instead of
deleting.

Every record gets a dense leaf index (id order) and its RFC 6962 leaf hash; the old hash chain
(digest) goes. The database triggers are rebuilt around the new rule: UPDATE of a record is
refused except the one blanking UPDATE (consent/pruning.py: BLANK_PERSONAL_FIELDS_SQL) inside
the pruning permit, which must leave the leaf, its index and the choice itself unchanged; DELETE
is refused always, as is any UPDATE or DELETE of policy versions, checkpoints and prunes.
The old triggers are dropped first because SQLite rebuilds a table to add these columns, and a
rebuild silently loses its triggers. Reversible only until the first prune: a blanked consent
id cannot be given back, so the old NOT NULL column refuses it.
"""

from importlib import import_module

from django.db import migrations, models

from consent.digests import record_leaf_hash
from consent.merkle import Frontier

RECORDS = "consent_consentrecord"
VERSIONS = "consent_consentpolicyversion"
CHECKPOINTS = "consent_consentcheckpoint"
PRUNES = "consent_consentprune"
SEALED = (VERSIONS, CHECKPOINTS, PRUNES)  # never updated or deleted at all
PERMIT = "consent_pruning_permit"

# The blanking UPDATE, as the triggers accept it: a record not yet pruned gets pruned_at and
# loses every personal field, and nothing else about it changes.
POSTGRES_BLANKING_ONLY = """
    OLD.pruned_at IS NULL AND NEW.pruned_at IS NOT NULL
    AND NEW.id = OLD.id AND NEW.leaf_index = OLD.leaf_index AND NEW.leaf_hash = OLD.leaf_hash
    AND NEW.method = OLD.method AND NEW.decisions IS NOT DISTINCT FROM OLD.decisions
    AND NEW.policy_version_id = OLD.policy_version_id AND NEW.created_at = OLD.created_at
    AND NEW.consent_id IS NULL AND NEW.path = '' AND NEW.user_agent = '' AND NEW.ip_hash = ''
"""

POSTGRES_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION consent_record_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('consent.pruning', true), '') = 'on'
       AND {POSTGRES_BLANKING_ONLY} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE OR REPLACE FUNCTION consent_refuse_rewrite() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
""",
]

SQLITE_BLANKING_ONLY = """
    EXISTS (SELECT 1 FROM consent_pruning_permit)
    AND OLD.pruned_at IS NULL AND NEW.pruned_at IS NOT NULL
    AND NEW.id = OLD.id AND NEW.leaf_index = OLD.leaf_index AND NEW.leaf_hash = OLD.leaf_hash
    AND NEW.method = OLD.method AND NEW.decisions = OLD.decisions
    AND NEW.policy_version_id = OLD.policy_version_id AND NEW.created_at = OLD.created_at
    AND NEW.consent_id IS NULL AND NEW.path = '' AND NEW.user_agent = '' AND NEW.ip_hash = ''
"""


def postgres_sql():
    statements = list(POSTGRES_FUNCTIONS)
    statements.append(
        f"CREATE TRIGGER {RECORDS}_append_only BEFORE UPDATE OR DELETE ON {RECORDS} "
        "FOR EACH ROW EXECUTE FUNCTION consent_record_guard()"
    )
    for table in SEALED:
        statements.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION consent_refuse_rewrite()"
        )
    return statements


def sqlite_sql():
    refuse = "SELECT RAISE(ABORT, 'The consent audit trail is append-only')"
    statements = [
        f"CREATE TABLE IF NOT EXISTS {PERMIT} (id INTEGER PRIMARY KEY CHECK (id = 1))",
        f"CREATE TRIGGER {RECORDS}_no_update BEFORE UPDATE ON {RECORDS} "
        f"WHEN NOT ({SQLITE_BLANKING_ONLY}) BEGIN {refuse}; END",
        f"CREATE TRIGGER {RECORDS}_no_delete BEFORE DELETE ON {RECORDS} BEGIN {refuse}; END",
    ]
    for table in SEALED:
        statements += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN {refuse}; END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN {refuse}; END",
        ]
    return statements


def drop_sql(vendor):
    """Drop the triggers (not SQLite's permit table, which the pruning code keeps using)."""
    tables = (RECORDS, *SEALED)
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}" for t in tables] + [
            "DROP FUNCTION IF EXISTS consent_record_guard()"
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in tables for op in ("update", "delete")]
    return []


def create_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": postgres_sql, "sqlite": sqlite_sql}.get(vendor, list)():
        schema_editor.execute(statement, params=None)


def drop_guards(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def _old_guards():
    return import_module("consent.migrations.0005_append_only_triggers")


def drop_old_guards(apps, schema_editor):
    _old_guards().drop_triggers(apps, schema_editor)


def restore_old_guards(apps, schema_editor):
    drop_guards(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {PERMIT}", params=None)
    _old_guards().create_triggers(apps, schema_editor)


def assign_leaves(apps, schema_editor):
    """Give every record written so far its leaf, in id order, and start the tree's head."""
    Record = apps.get_model("consent", "ConsentRecord")
    Head = apps.get_model("consent", "ConsentChainHead")
    tree, last_pk = Frontier(), None
    records = Record.objects.select_related("policy_version").order_by("pk")
    for record in records.iterator(chunk_size=2000):
        leaf = record_leaf_hash(record, record.policy_version.sha256)
        Record.objects.filter(pk=record.pk).update(leaf_hash=leaf, leaf_index=tree.size)
        tree.append(bytes.fromhex(leaf))
        last_pk = record.pk
    Head.objects.update_or_create(
        pk=1,
        defaults={
            "record_id": last_pk,
            "size": tree.size,
            "frontier": [h.hex() for h in tree.hashes],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("consent", "0005_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_old_guards, restore_old_guards),
        migrations.RemoveField(model_name="consentrecord", name="digest"),
        migrations.AddField(
            model_name="consentrecord",
            name="leaf_index",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="leaf_hash",
            field=models.CharField(
                default="",
                editable=False,
                help_text="SHA-256(0x00 || canonical content), hex; never changes, even when "
                "pruned.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="pruned_at",
            field=models.DateTimeField(
                blank=True, editable=False, help_text="When retention blanked it.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="consentrecord",
            name="consent_id",
            field=models.UUIDField(
                blank=True,
                help_text="Random id kept in the visitor's consent cookie; never a user id. "
                "Empty once pruned.",
                null=True,
            ),
        ),
        migrations.RemoveField(model_name="consentchainhead", name="digest"),
        migrations.AddField(
            model_name="consentchainhead",
            name="size",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="consentchainhead",
            name="frontier",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RenameField(model_name="consentprune", old_name="removed", new_name="blanked"),
        migrations.RemoveField(model_name="consentprune", name="through_digest"),
        migrations.AlterField(
            model_name="consentprune",
            name="through_record",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consentprune",
            name="tree_size",
            field=models.BigIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="ConsentCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tree_size", models.BigIntegerField(unique=True)),
                (
                    "root_hash",
                    models.CharField(help_text="SHA-256 Merkle root, hex.", max_length=64),
                ),
                ("created_at", models.DateTimeField()),
                ("note", models.TextField()),
            ],
            options={
                "verbose_name": "consent log checkpoint",
                "ordering": ["-tree_size"],
                "get_latest_by": "tree_size",
            },
        ),
        migrations.RunPython(assign_leaves, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consentrecord",
            name="leaf_index",
            field=models.BigIntegerField(
                editable=False,
                help_text="Position in the log's Merkle tree, from 0.",
                unique=True,
            ),
        ),
        migrations.RunPython(create_guards, drop_guards),
    ]
