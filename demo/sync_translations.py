"""The demo's German pages, made the way an editor makes them: through wagtail-localize.

For each English demo page with a file in ``translations/<language>/<slug>.po`` (the home
page's file is ``home.po``), this creates wagtail-localize's ``TranslationSource`` and
``Translation``, fills the translation's strings from the file (``Translation.import_po``)
and saves the target page (``save_target``), published. The admin then shows the German pages
as translations of the English ones, with their status and "Sync translated pages", and an
editor can go on translating them like any other.

The files hold our own German. Body strings carry no context because wagtail-localize's
contexts name block ids, which each database generates afresh; a string is matched by its
English text instead (title, slug and other fields by field name as well). A string the
file lacks (the English changed since) shows in English until someone translates it: the
count is reported, never a failure.

Without ``--refresh`` a page already translated is left as editors left it.
"""

from pathlib import Path

import polib
from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from .schema import DemoContentError

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
HOME_FILE = "home"


def read_strings(path):
    """{(context, English): German} and {English: German} from one file."""
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        raise DemoContentError(f"{path}: not a readable .po file ({error})") from error
    by_context, by_text = {}, {}
    for entry in po:
        if not entry.msgstr:
            continue
        if entry.msgctxt:
            by_context[(entry.msgctxt, entry.msgid)] = entry.msgstr
        else:
            by_text[entry.msgid] = entry.msgstr
    return by_context, by_text


class TranslationSync:
    """Translate the demo's pages into every language that has files for them."""

    def __init__(self, refresh, note, directory=TRANSLATIONS_DIR):
        self.refresh = refresh
        self.note = note
        self.directory = directory
        self.untranslated = 0

    def languages(self):
        if not self.directory.is_dir():
            return []
        known = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
        return sorted(p.name for p in self.directory.iterdir() if p.is_dir() and p.name in known)

    def translate(self, page, locale, name):
        """Translate one page from its file. Returns (translated page or None without a file,
        whether this run wrote it)."""
        path = self.directory / locale.language_code / f"{name}.po"
        if not path.is_file():
            return None, False
        existing = page.get_translation_or_none(locale)
        if existing is not None and not self.refresh:
            return existing, False
        # The page as stored: the English sync may have set unsaved values on its instance
        # (fresh block ids, for a body it then found unchanged), and the translation source
        # must be what the database holds.
        page = type(page).objects.get(pk=page.pk)
        previous = TranslationSource.objects.filter(
            object_id=page.translation_key, locale_id=page.locale_id
        ).first()
        source, _ = TranslationSource.update_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
        by_context, by_text = read_strings(path)
        po = translation.export_po()
        current = [entry.msgstr for entry in po]
        for entry in po:
            german = by_context.get((entry.msgctxt, entry.msgid)) or by_text.get(entry.msgid)
            if german:
                entry.msgstr = german
            else:
                self.untranslated += 1
        unchanged_source = previous is not None and previous.content_json == source.content_json
        if existing is not None and unchanged_source and current == [e.msgstr for e in po]:
            return existing, False  # --refresh with nothing to refresh: no new revision
        translation.import_po(po, translation_type="manual", tool_name="AsterMind demo")
        # wagtail-localize publishes a saved target only on commit (transaction.on_commit):
        # inside a caller's transaction (a test, a wrapping atomic block) the German page would
        # stay a draft. Saved as a draft and published here, it is live when this returns.
        translation.save_target(publish=False)
        translated = page.get_translation(locale)
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
        verb = "created" if existing is None else "updated"
        self.note(verb, f"page {translated.url_path} ({locale.language_code})")
        return translated, True

    def run(self, home, sections, articles):
        for code in self.languages():
            locale, _ = Locale.objects.get_or_create(language_code=code)
            # Parents first, so each page lands under its translated parent.
            self.translate(home, locale, HOME_FILE)
            for slug, section in sections.items():
                self.translate(section, locale, slug)
            for slug, article in articles.items():
                self.translate(article, locale, slug)
        if self.untranslated:
            self.note("left in English", f"{self.untranslated} strings without a translation")
        return self
