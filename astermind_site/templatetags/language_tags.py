"""Template side of astermind_site/languages.py: ``{% html_lang %}`` and
``{% language_alternates page as alternates %}`` (the switcher and hreflang links)."""

from django import template

from astermind_site import languages

register = template.Library()


@register.simple_tag
def html_lang():
    return languages.html_lang()


@register.simple_tag(takes_context=True)
def language_alternates(context, page=None):
    """Where this page or route lives in each language. A Wagtail page's translations (None
    for a language it has not been translated into); otherwise the same route under each
    language's prefix, when the request resolved through the per-language routes."""
    request = context.get("request")
    if page is not None and getattr(page, "locale_id", None):
        return languages.page_alternates(page, request)
    if request is None or request.resolver_match is None:
        return []
    return languages.path_alternates(request.path)
