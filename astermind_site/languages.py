"""The site's languages as readers meet them: the ``lang`` attribute, and where the same
content lives in each language (the switcher, ``hreflang`` in the head and the sitemap).

Which language a request is in is decided by its URL alone (middleware/locale.py); which
languages exist is settings/i18n.py. A page's translations are Wagtail's (same
``translation_key``, one per Locale); only live ones count, and only public ones
(articles/sitemaps.py leaves restricted pages out of the sitemap the same way).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction

from .site_url import absolute_url


def bcp47(language_code):
    """``en-gb`` → ``en-GB``: the form ``lang`` and ``hreflang`` are written in."""
    language, _, region = language_code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def html_lang():
    return bcp47(translation.get_language() or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class Alternate:
    language_code: str  # Django's ("en-gb")
    name: str  # in its own language ("Deutsch")
    url: str | None  # absolute, for hreflang; None: not translated (yet)
    current: bool
    path: str | None = None  # site-relative, for the switcher's link

    @property
    def hreflang(self):
        return bcp47(self.language_code)


def page_translations(page):
    """Live, public translations of a page by language code, the page itself included, in
    one query (Wagtail's ``.public()`` would read every view restriction first): a
    translation is left out when it or any page above it has a view restriction."""
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    pages = (
        Page.objects.filter(translation_key=page.translation_key, live=True)
        .exclude(Exists(restricted))
        .select_related("locale")
        .only("path", "depth", "url_path", "translation_key", "locale__language_code")
    )
    return {p.locale.language_code: p for p in pages}


def page_alternates(page, request=None):
    """One Alternate per site language, for a Wagtail page (absolute URLs)."""
    current = translation.get_language()
    found = page_translations(page)
    alternates = []
    for code, name in settings.LANGUAGES:
        translated = found.get(code)
        url = translated.get_full_url(request) if translated is not None else None
        path = translated.get_url(request) if translated is not None else None
        alternates.append(Alternate(code, name, url, code == current, path))
    return alternates


def path_alternates(path, request=None):
    """One Alternate per language for a route that exists in every language (search, tags,
    the model directory): the same route under each prefix."""
    current = translation.get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        translated = translate_url(path, code)
        alternates.append(
            Alternate(code, name, absolute_url(translated, request), code == current, translated)
        )
    return alternates


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
