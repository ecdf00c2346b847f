"""`manage.py compile_catalogues`: the .mo file beside each of our .po catalogues.

Django's own `compilemessages` runs GNU gettext's `msgfmt`, which a fresh machine may not
have; `make run` and `make test` must need nothing installed by hand. polib (already here:
wagtail-localize reads and writes .po files with it) writes the same binary catalogue, leaving
out untranslated and fuzzy entries as msgfmt does. Only catalogues under the project's own
apps are compiled (`<app>/locale/<lang>/LC_MESSAGES/*.po`), and only when the .po is newer.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues():
    """Every .po under an installed app of this project, or a LOCALE_PATHS directory."""
    root = Path(settings.BASE_DIR).resolve()
    folders = {Path(path).resolve() for path in settings.LOCALE_PATHS}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.parts:
            folders.add(path / "locale")
    for folder in sorted(folders):
        yield from sorted(folder.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's .po catalogues into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        written = 0
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                catalogue = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            catalogue.save_as_mofile(str(mo_path))
            written += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po_path}")
        if options["verbosity"] > 0:
            self.stdout.write(f"{written} catalogue(s) compiled")
