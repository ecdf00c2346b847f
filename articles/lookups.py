"""What a URL names (a section, a tag, an author), found for the request's site or 404.

Slugs come from the path, so they are cut to the longest slug a row can have before they
reach the database: nothing a visitor types can make the lookup itself fail.
"""

from django.http import Http404
from taggit.models import Tag
from wagtail.models import Site

from .models import Author, SectionPage

SLUG_MAX_LENGTH = 255


def section_for(request, slug):
    """A live, public section of the request's site, in the request's language."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    section = (
        SectionPage.objects.live()
        .public()
        .descendant_of(site.root_page.localized)
        .filter(slug=slug[:SLUG_MAX_LENGTH])
        .first()
    )
    if section is None:
        raise Http404("No such section")
    return section


def tag_for(slug):
    tag = Tag.objects.filter(slug=slug[:SLUG_MAX_LENGTH]).first()
    if tag is None:
        raise Http404("No such tag")
    return tag


def author_for(slug):
    author = Author.objects.filter(slug=slug[:SLUG_MAX_LENGTH]).first()
    if author is None:
        raise Http404("No such author")
    return author
