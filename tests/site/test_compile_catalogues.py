"""`make messages`: our catalogues compiled with polib, so no gettext is needed."""

import gettext
import os
import shutil

from django.core.management import call_command

from astermind_site.management.commands.compile_catalogues import catalogues


def test_every_catalogue_of_ours_is_found_and_only_ours():
    found = [str(path) for path in catalogues()]
    assert any(path.endswith("articles/locale/de/LC_MESSAGES/django.po") for path in found)
    assert any(path.endswith("consent/locale/de/LC_MESSAGES/django.po") for path in found)
    assert not any("site-packages" in path or "/demo/translations/" in path for path in found)


def test_a_compiled_catalogue_translates(tmp_path, settings):
    source = next(p for p in catalogues() if p.parts[-5] == "astermind_site")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(source, folder / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogues", verbosity=0)
    german = gettext.GNUTranslations(open(folder / "django.mo", "rb"))  # noqa: SIM115
    assert german.gettext("Lead story") == "Aufmacher"
    mtime = os.stat(folder / "django.mo").st_mtime_ns
    call_command("compile_catalogues", verbosity=0)  # unchanged .po: not written again
    assert os.stat(folder / "django.mo").st_mtime_ns == mtime
