"""Languages: English (the default, unprefixed URLs) and German (under /de/).

Star-imported by base.py. The URL prefix is the only thing that picks a language for a
visitor: astermind_site/middleware/locale.py keeps Django's LocaleMiddleware from reading
Accept-Language or a language cookie, so a cached page is the same for everyone who asks
for its URL. Pages are translated with wagtail-localize (its apps are listed in base.py).
"""

from pathlib import Path

_BASE_DIR = Path(__file__).resolve().parent.parent.parent

# "en-gb" keeps <html lang="en-GB"> and the Locale row Wagtail made at its first migrate.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
]
USE_I18N = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Per-app catalogues (articles/locale, directory/locale, consent/locale…) are found through
# INSTALLED_APPS; this one holds the site-wide strings (templates/, astermind_site/).
LOCALE_PATHS = [_BASE_DIR / "astermind_site" / "locale"]
