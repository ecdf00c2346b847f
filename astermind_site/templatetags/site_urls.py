"""Absolute URLs from the site's public address (SITE_BASE_URL / the Wagtail Site), never
from the Host header a request happened to carry."""

from django import template

from astermind_site.site_url import absolute_url as _absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return _absolute_url(path, context.get("request"))
