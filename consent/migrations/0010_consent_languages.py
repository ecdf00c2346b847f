"""Policy versions and records learn their language (issue 20).

Every policy version and every record so far is English, so both new columns default to "en".
Each language gets its own chain of versions; the partial unique constraint stops two workers
from both writing a language's first version, as the one-to-one `supersedes` already does for
every later one. A record's leaf hashes its language whenever it is not English
(consent/digests.py), so the leaves of the records written before this migration stay valid.

The guards: SQLite rebuilds both tables to add a NOT NULL column, and a rebuild silently loses
a table's triggers (and 0007's head trigger names the records table). So on SQLite every
trigger on, or naming, either table, whichever migration made it, is kept aside in a table of
its own, dropped, and made again after the rebuild. The one UPDATE a record may see (the
blanking of personal fields at pruning) must now also leave its language alone, on both
databases: the SQLite record guard is made again with that rule, and PostgreSQL's guard
function is replaced (PostgreSQL adds the columns without a rebuild, so its triggers stay).
"""

from importlib import import_module

from django.db import migrations, models


def _merkle():
    return import_module("consent.migrations.0006_merkle_log")


def _owner_only():
    return import_module("consent.migrations.0007_owner_only_pruning")


LANGUAGE_UNCHANGED = "AND NEW.language = OLD.language"
GERMAN_HELP = (
    "Leave blank to use the site's German translation of the default wording "
    "(consent/locale/de). Fill it in when the English wording has been changed."
)


def postgres_record_guard():
    """0007's record guard with the blanking rule extended to the language."""
    old = _owner_only()
    rule = f"{old.BLANKING_ONLY.rstrip()}\n    {LANGUAGE_UNCHANGED}\n"
    return old.record_guard(old.OWNER_PERMIT).replace(old.BLANKING_ONLY, rule)


def sqlite_guards():
    """0006's SQLite guards with the blanking rule extended to the language."""
    old = _merkle()
    rule = f"{old.SQLITE_BLANKING_ONLY.rstrip()}\n    {LANGUAGE_UNCHANGED}\n"
    return [statement.replace(old.SQLITE_BLANKING_ONLY, rule) for statement in old.sqlite_sql()]


SAVED = "consent_triggers_kept_aside"
TABLES = ("consent_consentrecord", "consent_consentpolicyversion")


def _sqlite_triggers(schema_editor):
    """(name, sql) of every trigger on or naming the records or the policy versions."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND ("
            + " OR ".join(["tbl_name = %s OR sql LIKE %s"] * len(TABLES))
            + ") ORDER BY name",
            [value for table in TABLES for value in (table, f"%{table}%")],
        )
        return cursor.fetchall()


def keep_triggers_aside(rewrite):
    """A RunPython function (SQLite only): store each trigger's SQL, after `rewrite`, in SAVED
    and drop it, so a table rebuild cannot lose it."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        triggers = _sqlite_triggers(schema_editor)
        schema_editor.execute(f"CREATE TABLE {SAVED} (name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
        for name, sql in triggers:
            schema_editor.execute(f"INSERT INTO {SAVED} VALUES (%s, %s)", [name, rewrite(sql)])
            schema_editor.execute(f'DROP TRIGGER "{name}"')

    return run


def put_triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT sql FROM {SAVED} ORDER BY name")
        statements = [row[0] for row in cursor.fetchall()]
    for statement in statements:
        schema_editor.execute(statement, params=None)
    schema_editor.execute(f"DROP TABLE {SAVED}")


def with_language_rule(sql):
    old = _merkle().SQLITE_BLANKING_ONLY
    return sql.replace(old, f"{old.rstrip()}\n    {LANGUAGE_UNCHANGED}\n")


def without_language_rule(sql):
    old = _merkle().SQLITE_BLANKING_ONLY
    return sql.replace(f"{old.rstrip()}\n    {LANGUAGE_UNCHANGED}\n", old)


def guard_language_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres_record_guard(), params=None)


def unguard_language_on_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        old = _owner_only()
        schema_editor.execute(old.record_guard(old.OWNER_PERMIT), params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0009_consent_log_at_scale")]

    operations = [
        # Forwards: kept aside with the language rule added; backwards: put back without it.
        migrations.RunPython(keep_triggers_aside(with_language_rule), put_triggers_back),
        migrations.AddField(
            model_name="consentpolicyversion",
            name="language",
            field=models.CharField(
                default="en",
                help_text="Language of the text (a code from CONSENT_LANGUAGES); each language "
                "has its own chain of versions.",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="language",
            field=models.CharField(
                default="en",
                help_text="Language of the text the visitor was shown (its policy version's). "
                "Records from before languages were recorded are English.",
                max_length=8,
            ),
        ),
        migrations.AddConstraint(
            model_name="consentpolicyversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(supersedes__isnull=True),
                fields=("language",),
                name="consent_policy_one_first_version_per_language",
            ),
        ),
        *(
            migrations.AddField(
                model_name="consenttextsettings",
                name=f"{name}_de",
                field=field(
                    blank=True,
                    help_text=GERMAN_HELP,
                    max_length=length,
                    verbose_name=f"{label} (German)",
                ),
            )
            for name, field, length, label in (
                ("banner_title", models.CharField, 80, "Banner title"),
                ("banner_text", models.TextField, 600, "Banner text"),
                ("preferences_text", models.TextField, 600, "Preferences text"),
                ("policy_text", models.TextField, 6000, "Policy text"),
            )
        ),
        migrations.RunPython(put_triggers_back, keep_triggers_aside(without_language_rule)),
        migrations.RunPython(guard_language_on_postgres, unguard_language_on_postgres),
    ]
