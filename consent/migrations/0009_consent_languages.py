"""Policy versions and records learn their language (issue 20).

Every policy version and every record so far is English, so both new columns default to "en".
Each language gets its own chain of versions; the partial unique constraint stops two workers
from both writing a language's first version, as the one-to-one `supersedes` already does for
every later one. A record's leaf hashes its language whenever it is not English
(consent/digests.py), so the leaves of the records written before this migration stay valid.

The guards: SQLite rebuilds both tables to add a NOT NULL column, and a rebuild silently loses
a table's triggers (and 0007's head trigger names the records table), so they are dropped
first and made again after, as 0006 did. The one UPDATE a record may see (the blanking of
personal fields at pruning) must now also leave its language alone, on both databases.
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


def drop_sqlite_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _owner_only().drop_guards(apps, schema_editor)
        _merkle().drop_guards(apps, schema_editor)


def restore_old_sqlite_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _merkle().create_guards(apps, schema_editor)
        _owner_only().create_guards(apps, schema_editor)


def create_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_record_guard(), params=None)
    elif vendor == "sqlite":
        for statement in sqlite_guards():
            schema_editor.execute(statement, params=None)
        _owner_only().create_guards(apps, schema_editor)


def drop_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        old = _owner_only()
        schema_editor.execute(old.record_guard(old.OWNER_PERMIT), params=None)
    elif vendor == "sqlite":
        drop_sqlite_guards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("consent", "0008_embedded_media_groups")]

    operations = [
        migrations.RunPython(drop_sqlite_guards, restore_old_sqlite_guards),
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
        migrations.RunPython(create_guards, drop_guards),
    ]
