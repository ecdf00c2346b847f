"""Joins the i18n skeleton's locales (0009_locales_english_and_german) and main's registry move
(0009_registry_moved_to_directory) on the i18nconsent branch; the lead's renumbering replaces it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_locales_english_and_german'),
        ('articles', '0009_registry_moved_to_directory'),
    ]

    operations = [
    ]
