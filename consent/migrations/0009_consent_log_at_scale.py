"""The consent log at a million records (issue 19): what the auditor screens, receipts and
pruning need so their cost stays flat.

- ConsentDailyTally, kept by an insert trigger on the records (filled here from those already
  written): the acceptance report sums it instead of counting every record. On PostgreSQL the
  trigger is one statement-level function over the statement's new rows (a COPY or a bulk
  insert adds each kind once), SECURITY DEFINER and owned by the owner, so the site's role,
  which may only read the tally, still keeps it current; on SQLite a row trigger.
- ConsentLogSubtree: stored roots of complete subtrees for the proofs (consent/log/subtrees.py),
  filled here for the log already written, so neither the first checkpoint nor the first
  receipt after this migration has to read every leaf inside a visitor's request.
- An index on (created_at, id), the listing's order, so a page of the newest records is read
  from the index instead of sorted.
- On PostgreSQL, a trigram index for "Path contains" (the filter's UPPER(path) LIKE '%…%'),
  when pg_trgm is installed or the owner may install it (a trusted extension since PostgreSQL
  13: CREATE on the database is enough). Without it the filter still works, by reading the
  table, and the migration says so.
- `consent_blank_personal_fields` takes a lower id bound too: each pruning batch then reads
  only its own rows, where the three-argument form scanned every older record on every batch
  (its longest batch grew with the log). The old form is dropped.
"""

import sys
from importlib import import_module

from django.db import DatabaseError, migrations, models, transaction

from consent import merkle

RECORDS = "consent_consentrecord"
TALLY = "consent_consentdailytally"
HEAD = "consent_consentchainhead"

POSTGRES_TALLY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_tally_new_records() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
AS $$
BEGIN
    INSERT INTO {TALLY} (day, method, decisions, records)
    SELECT (created_at AT TIME ZONE 'UTC')::date, method, decisions, count(*)
      FROM new_records
     GROUP BY 1, 2, 3
    ON CONFLICT (day, method, decisions)
    DO UPDATE SET records = {TALLY}.records + EXCLUDED.records;
    RETURN NULL;
END;
$$
"""
POSTGRES_TALLY_TRIGGER = (
    f"CREATE TRIGGER {RECORDS}_tally AFTER INSERT ON {RECORDS} "
    "REFERENCING NEW TABLE AS new_records "
    "FOR EACH STATEMENT EXECUTE FUNCTION consent_tally_new_records()"
)
POSTGRES_BACKFILL = f"""
INSERT INTO {TALLY} (day, method, decisions, records)
SELECT (created_at AT TIME ZONE 'UTC')::date, method, decisions, count(*)
  FROM {RECORDS} GROUP BY 1, 2, 3
"""

SQLITE_TALLY_TRIGGER = f"""
CREATE TRIGGER {RECORDS}_tally AFTER INSERT ON {RECORDS} BEGIN
    INSERT INTO {TALLY} (day, method, decisions, records)
    VALUES (date(NEW.created_at), NEW.method, NEW.decisions, 1)
    ON CONFLICT (day, method, decisions) DO UPDATE SET records = records + 1;
END
"""
SQLITE_BACKFILL = f"""
INSERT INTO {TALLY} (day, method, decisions, records)
SELECT date(created_at), method, decisions, count(*) FROM {RECORDS} GROUP BY 1, 2, 3
"""

# Migration 0007's blanking function with a lower bound (`after_id`); same rule otherwise.
BLANK_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_blank_personal_fields(
    run_at timestamptz, due_before timestamptz, after_id bigint, through_id bigint
) RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
AS $$
DECLARE
    blanked integer;
BEGIN
    IF run_at IS NULL OR due_before IS NULL OR after_id IS NULL OR through_id IS NULL THEN
        RAISE EXCEPTION 'consent_blank_personal_fields needs a time, a cutoff and two ids';
    END IF;
    PERFORM 1 FROM {HEAD} FOR UPDATE;
    PERFORM set_config('consent.pruning', 'on', true);
    UPDATE {RECORDS}
       SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', pruned_at = run_at
     WHERE pruned_at IS NULL AND created_at < due_before AND id > after_id AND id <= through_id;
    GET DIAGNOSTICS blanked = ROW_COUNT;
    PERFORM set_config('consent.pruning', 'off', true);
    RETURN blanked;
END;
$$
"""
OLD_BLANK = "consent_blank_personal_fields(timestamptz, timestamptz, bigint)"
NEW_BLANK = "consent_blank_personal_fields(timestamptz, timestamptz, bigint, bigint)"
TALLY_FUNCTION = "consent_tally_new_records()"


PATH_INDEX = "consent_path_trgm"
PATH_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {PATH_INDEX} ON {RECORDS} "
    "USING gin ((UPPER((path)::text)) gin_trgm_ops)"
)


def _trigram_index(schema_editor):
    """The path index, if pg_trgm is there or may be created; a note on stderr if not."""
    connection = schema_editor.connection
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    except DatabaseError as error:
        sys.stderr.write(
            f"consent 0009: no trigram index for 'Path contains' ({error}); the filter reads "
            "the table instead. Once a superuser has run CREATE EXTENSION pg_trgm, the owner "
            f"can add it: {PATH_INDEX_SQL}\n"
        )
        return
    schema_editor.execute(PATH_INDEX_SQL, params=None)
    # The index's expression gets its own statistics only from ANALYZE: without them the
    # planner takes every "contains" for rare and sorts a million matches of a common one.
    schema_editor.execute(f"ANALYZE {RECORDS}", params=None)


def _schema(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        return cursor.fetchone()[0]


# consent/log/subtrees.py's BLOCK_LEVEL when this was written: roots from 256 leaves up.
BLOCK_LEVEL = 8


def store_subtrees(apps, schema_editor):
    """Every complete subtree root of >= 256 leaves of the log as it stands, in one pass."""
    Record = apps.get_model("consent", "ConsentRecord")
    Subtree = apps.get_model("consent", "ConsentLogSubtree")
    leaves = Record.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)
    counts, waiting, rows, block = {}, {}, [], []

    def add(level, value):
        rows.append(Subtree(level=level, position=counts.get(level, 0), hash=value.hex()))
        counts[level] = counts.get(level, 0) + 1
        if level in waiting:
            add(level + 1, merkle.node_hash(waiting.pop(level), value))
        else:
            waiting[level] = value

    for leaf in leaves.iterator(chunk_size=5000):
        block.append(bytes.fromhex(leaf))
        if len(block) == 1 << BLOCK_LEVEL:
            add(BLOCK_LEVEL, merkle.root(block))
            block = []
        if len(rows) >= 1000:
            Subtree.objects.bulk_create(rows)
            rows = []
    Subtree.objects.bulk_create(rows)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema = _schema(connection)
        statements = [
            POSTGRES_TALLY_FUNCTION.replace("{schema}", schema),
            f"REVOKE ALL ON FUNCTION {TALLY_FUNCTION} FROM PUBLIC",
            POSTGRES_TALLY_TRIGGER,
            POSTGRES_BACKFILL,
            f"DROP FUNCTION IF EXISTS {OLD_BLANK}",
            BLANK_FUNCTION.replace("{schema}", schema),
            f"REVOKE ALL ON FUNCTION {NEW_BLANK} FROM PUBLIC",
        ]
        _trigram_index(schema_editor)
    elif connection.vendor == "sqlite":
        statements = [SQLITE_TALLY_TRIGGER, SQLITE_BACKFILL]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        old = import_module("consent.migrations.0007_owner_only_pruning")
        statements = [
            f"DROP INDEX IF EXISTS {PATH_INDEX}",
            f"DROP TRIGGER IF EXISTS {RECORDS}_tally ON {RECORDS}",
            f"DROP FUNCTION IF EXISTS {TALLY_FUNCTION}",
            f"DROP FUNCTION IF EXISTS {NEW_BLANK}",
            old.BLANK_FUNCTION.replace("{schema}", _schema(connection)),
            f"REVOKE ALL ON FUNCTION {OLD_BLANK} FROM PUBLIC",
        ]
    elif connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {RECORDS}_tally"]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0008_embedded_media_groups")]

    operations = [
        migrations.CreateModel(
            name="ConsentDailyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("method", models.CharField(max_length=20)),
                ("decisions", models.JSONField()),
                ("records", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "consent daily tally"},
        ),
        migrations.AddConstraint(
            model_name="consentdailytally",
            constraint=models.UniqueConstraint(
                fields=("day", "method", "decisions"), name="consent_tally_one_row_per_kind"
            ),
        ),
        migrations.CreateModel(
            name="ConsentLogSubtree",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField()),
                ("position", models.BigIntegerField()),
                ("hash", models.CharField(help_text="SHA-256 subtree root, hex.", max_length=64)),
            ],
            options={"verbose_name": "consent log subtree"},
        ),
        migrations.AddConstraint(
            model_name="consentlogsubtree",
            constraint=models.UniqueConstraint(
                fields=("level", "position"), name="consent_subtree_once"
            ),
        ),
        migrations.AddIndex(
            model_name="consentrecord",
            index=models.Index(fields=["created_at", "id"], name="consent_time_id"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(store_subtrees, migrations.RunPython.noop),
    ]
