"""The site's languages as readers meet them: the ``lang`` attribute, and where the same
content lives in each language (the switcher, ``hreflang`` in the head and the sitemap).

Which language a request is in is decided by its URL alone (middleware/locale.py); which
languages exist is settings/i18n.py. A page's translations are Wagtail's (same
``translation_key``, one per Locale); only live ones count, and only public ones
(articles/sitemaps.py leaves restricted pages out of the sitemap the same way).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext
from wagtail.coreutils import get_supported_content_language_variant

from .site_url import absolute_url


def bcp47(language_code):
    """``en-gb`` → ``en-GB``: the form ``lang`` and ``hreflang`` are written in."""
    language, _, region = language_code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def html_lang():
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


def language_name(language_code):
    """The language's own name for itself ("Deutsch"), as a switcher shows it."""
    return dict(settings.LANGUAGES)[language_code]


@dataclass(frozen=True)
class Alternate:
    language_code: str  # Django's ("en-gb")
    name: str  # in its own language ("Deutsch")
    url: str | None  # None: not translated (yet)
    current: bool

    @property
    def hreflang(self):
        return bcp47(self.language_code)


def page_translations(page):
    """Live, public translations of a page by language code, the page itself included."""
    pages = page.get_translations(inclusive=True).live().public().select_related("locale")
    return {p.locale.language_code: p for p in pages}


def page_alternates(page, request=None):
    """One Alternate per site language, for a Wagtail page (absolute URLs)."""
    current = page.locale.language_code
    found = page_translations(page)
    alternates = []
    for code, name in settings.LANGUAGES:
        translated = found.get(code)
        url = translated.get_full_url(request) if translated is not None else None
        alternates.append(Alternate(code, name, url, code == current))
    return alternates


def path_alternates(path, request=None):
    """One Alternate per language for a route that exists in every language (search, tags,
    the model directory): the same route under each prefix."""
    current = translation.get_language()
    return [
        Alternate(code, name, absolute_url(translate_url(path, code), request), code == current)
        for code, name in settings.LANGUAGES
    ]


def long_date(value):
    """A date in words in the active language ("1 November 2026", "1. November 2026"): the
    pattern is a translatable string, so each catalogue says how its language writes it."""
    if not value:
        return ""
    return date_format(value, pgettext("long date format", "j F Y"))


def setting_in_active_language(text):
    """Text an editor wrote in the default language, for the active language: itself in the
    default language, else its catalogue translation, else "" (the caller falls back)."""
    if not text:
        return ""
    if is_default_language():
        return text
    translated = translation.gettext(text)
    return translated if translated != text else ""


def is_default_language():
    return translation.get_language() == settings.LANGUAGE_CODE


def content_language():
    """The Wagtail content language of the request (a Locale's ``language_code``)."""
    return get_supported_content_language_variant(
        translation.get_language() or settings.LANGUAGE_CODE
    )


def in_active_language(queryset):
    """Only the rows (pages, translatable snippets) in the request's language: listings,
    feeds and search show a reader the pages of the language they are reading."""
    return queryset.filter(locale__language_code=content_language())
