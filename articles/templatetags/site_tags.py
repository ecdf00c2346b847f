"""Template helpers shared by every page: navigation and structured data."""

from django import template
from django.db.models import Exists, OuterRef
from django.utils.safestring import mark_safe
from wagtail.models import PageViewRestriction, Site

from articles.models import SectionPage
from astermind_site.escaping import json_for_script
from astermind_site.languages import is_default_language
from pagecache import versioned

register = template.Library()


@register.filter
def json_ld(value):
    """A JSON-LD script element for a dict or list of dicts."""
    payload = json_for_script(value)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def section_links(context):
    """Live, public sections directly under the site's home page, for the main navigation.

    One query once per site version (kept in its shell, pagecache/versioned.py): Wagtail's
    .public() first reads every view restriction in the site. A child of the root is private
    when it or the root (or one of its ancestors) is restricted."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return SectionPage.objects.none()
    return versioned.shell(request, f"sections:{site.pk}", lambda: list(public_sections(site)))


def public_sections(site):
    # The home page in the request's language (German sections under /de/); the site's root
    # page is the default language's, so that case costs no query.
    root = site.root_page if is_default_language() else site.root_page.localized
    above = [root.path[: i * root.steplen] for i in range(1, root.depth + 1)]
    return (
        SectionPage.objects.child_of(root)
        .live()
        .exclude(Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .exclude(Exists(PageViewRestriction.objects.filter(page__path__in=above)))
        .only("title", "path", "depth", "url_path", "locale_id", "translation_key")
        .order_by("path")
    )
