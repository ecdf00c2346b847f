"""The site's two content locales: English (the default, made by Wagtail's first migration
from LANGUAGE_CODE) and German. The German pages themselves come from the demo loader or
from editors translating through wagtail-localize."""

from django.db import migrations

LANGUAGES = ("en-gb", "de")


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def remove_german(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    # Only an unused German locale goes; pages in it keep it (and the migration stops).
    locale = Locale.objects.filter(language_code="de").first()
    if locale is not None and not apps.get_model("wagtailcore", "Page").objects.filter(
        locale=locale
    ).exists():
        locale.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_body_video_block"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_locales, remove_german)]
