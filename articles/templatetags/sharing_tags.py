"""The image a page is shared with, for the Open Graph and Twitter tags of base.html."""

from django import template

from articles.models import SiteSettings
from articles.sharing import share_rendition

register = template.Library()


@register.simple_tag(takes_context=True)
def share_image(context, page):
    """The rendition `page` is shared with (None without any); an article's view has
    already chosen it for its JSON-LD, so the two always name the same file (a callable
    there: it is chosen only when something shows it)."""
    if "share_image" in context:
        chosen = context["share_image"]
        return chosen() if callable(chosen) else chosen
    request = context.get("request")
    return share_rendition(page, SiteSettings.for_request(request) if request else None, request)
