"""Template helpers shared by every page: navigation and structured data."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Site

from articles.models import SectionPage
from astermind_site.escaping import json_for_script

register = template.Library()


@register.filter
def json_ld(value):
    """A JSON-LD script element for a dict or list of dicts."""
    payload = json_for_script(value)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def section_links(context):
    """Live sections directly under the site's home page, for the main navigation."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return SectionPage.objects.none()
    return SectionPage.objects.child_of(site.root_page).live().public().order_by("path")
