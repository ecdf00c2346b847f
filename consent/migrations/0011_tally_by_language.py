"""The daily tally counts each language apart (issue 20 beside issue 19).

Migration 0010 gave every record the language of the text its visitor was shown; the
acceptance report splits and narrows by it, and must still sum the tally rather than count
a million records. So the tally gets a `language` column, one row per day, method, language
and set of decisions; the insert triggers of 0009 are written again with it, and the tally
is refilled from the records (as the owner, inside this migration's transaction).
"""

from importlib import import_module

from django.db import migrations, models

scale = import_module("consent.migrations.0009_consent_log_at_scale")
RECORDS, TALLY, TALLY_FUNCTION = scale.RECORDS, scale.TALLY, scale.TALLY_FUNCTION

POSTGRES_TALLY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_tally_new_records() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
AS $$
BEGIN
    INSERT INTO {TALLY} (day, method, language, decisions, records)
    SELECT (created_at AT TIME ZONE 'UTC')::date, method, language, decisions, count(*)
      FROM new_records
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, method, language, decisions)
    DO UPDATE SET records = {TALLY}.records + EXCLUDED.records;
    RETURN NULL;
END;
$$
"""
POSTGRES_REFILL = f"""
INSERT INTO {TALLY} (day, method, language, decisions, records)
SELECT (created_at AT TIME ZONE 'UTC')::date, method, language, decisions, count(*)
  FROM {RECORDS} GROUP BY 1, 2, 3, 4
"""
SQLITE_TALLY_TRIGGER = f"""
CREATE TRIGGER {RECORDS}_tally AFTER INSERT ON {RECORDS} BEGIN
    INSERT INTO {TALLY} (day, method, language, decisions, records)
    VALUES (date(NEW.created_at), NEW.method, NEW.language, NEW.decisions, 1)
    ON CONFLICT (day, method, language, decisions) DO UPDATE SET records = records + 1;
END
"""
SQLITE_REFILL = f"""
INSERT INTO {TALLY} (day, method, language, decisions, records)
SELECT date(created_at), method, language, decisions, count(*) FROM {RECORDS}
 GROUP BY 1, 2, 3, 4
"""


def stop_tallying(apps, schema_editor):
    """No record may be tallied between the old trigger and the new one."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {RECORDS}_tally ON {RECORDS}", params=None)
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {RECORDS}_tally", params=None)


def tally_by_language(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema = scale._schema(connection)
        statements = [
            POSTGRES_TALLY_FUNCTION.replace("{schema}", schema),
            f"REVOKE ALL ON FUNCTION {TALLY_FUNCTION} FROM PUBLIC",
            scale.POSTGRES_TALLY_TRIGGER,
            f"DELETE FROM {TALLY}",
            POSTGRES_REFILL,
        ]
    elif connection.vendor == "sqlite":
        statements = [SQLITE_TALLY_TRIGGER, f"DELETE FROM {TALLY}", SQLITE_REFILL]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def tally_without_language(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema = scale._schema(connection)
        statements = [
            scale.POSTGRES_TALLY_FUNCTION.replace("{schema}", schema),
            f"REVOKE ALL ON FUNCTION {TALLY_FUNCTION} FROM PUBLIC",
            scale.POSTGRES_TALLY_TRIGGER,
            f"DELETE FROM {TALLY}",
            scale.POSTGRES_BACKFILL,
        ]
    elif connection.vendor == "sqlite":
        statements = [scale.SQLITE_TALLY_TRIGGER, f"DELETE FROM {TALLY}", scale.SQLITE_BACKFILL]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0010_consent_languages")]

    operations = [
        migrations.RunPython(stop_tallying, tally_without_language),
        migrations.RemoveConstraint(
            model_name="consentdailytally", name="consent_tally_one_row_per_kind"
        ),
        migrations.AddField(
            model_name="consentdailytally",
            name="language",
            field=models.CharField(default="en", max_length=8),
        ),
        migrations.AddConstraint(
            model_name="consentdailytally",
            constraint=models.UniqueConstraint(
                fields=("day", "method", "language", "decisions"),
                name="consent_tally_one_row_per_kind",
            ),
        ),
        migrations.RunPython(tally_by_language, stop_tallying),
    ]
