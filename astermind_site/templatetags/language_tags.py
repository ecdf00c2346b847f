"""Template side of astermind_site/languages.py: ``{% html_lang %}`` and
``{% language_alternates page as alternates %}`` (the switcher and hreflang links)."""

from django import template
from django.utils import translation

from astermind_site import kept, languages

register = template.Library()


@register.simple_tag
def html_lang():
    return languages.html_lang()


@register.simple_tag(takes_context=True)
def language_alternates(context, page=None):
    """Where this page or route lives in each language. A Wagtail page's translations (None
    for a language it has not been translated into); otherwise the same route under each
    language's prefix, when the request resolved through the per-language routes.

    A page's translations are read once per site version (pagecache/versioned.py): each
    publish, unpublish, move or view restriction of any of them purges."""
    request = context.get("request")
    if page is not None and getattr(page, "locale_id", None):
        site = getattr(request, "_wagtail_site", None)
        name = f"alternates:{page.translation_key}:{getattr(site, 'pk', None)}"
        name += f":{translation.get_language()}"
        return kept.cached(request, name, lambda: languages.page_alternates(page, request))
    if request is None or request.resolver_match is None:
        return []
    return languages.path_alternates(request.path, request)


@register.filter
def long_date(value):
    """A date written out in the page's language: "1 November 2026", "1. November 2026"."""
    return languages.long_date(value)


@register.simple_tag(takes_context=True)
def site_tagline(context):
    """The site's tagline (SiteSettings, one per site, written in the default language) in
    the active language: as set for the default language; elsewhere the catalogue's
    translation of it, or nothing when it has none (the template falls back)."""
    site_settings = context.get("settings")
    try:
        tagline = site_settings["articles"]["SiteSettings"].tagline
    except (KeyError, TypeError, AttributeError):
        tagline = ""
    return languages.setting_in_active_language(tagline)


@register.simple_tag
def is_default_language():
    """Whether the page is in the default language: what the site's settings (one set per
    site, written in it) may show as they are."""
    return languages.is_default_language()
