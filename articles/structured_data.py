"""JSON-LD for an article page: the Article (image, author as entered, publisher with its
logo) and the BreadcrumbList of the pages above it."""

from functools import cache

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from astermind_site.site_url import absolute_url

# Google asks for a raster logo; the SVG wordmark is the fallback until the PNG exists.
LOGO_PNG = ("img/logo-512.png", 512)
LOGO_SVG = ("img/logo.svg", None)


@cache
def publisher_logo():
    """(static path, pixel size or None) of the publisher logo, or None without one."""
    for path, size in (LOGO_PNG, LOGO_SVG):
        if finders.find(path):
            return path, size
    return None


def image_object(url, width=None, height=None):
    data = {"@type": "ImageObject", "url": url}
    if width and height:
        data.update(width=width, height=height)
    return data


def publisher(site_name, request):
    data = {"@type": "Organization", "name": site_name, "url": absolute_url("/", request)}
    logo = publisher_logo()
    if logo:
        path, size = logo
        data["logo"] = image_object(absolute_url(static(path), request), size, size)
    return data


def article_json_ld(article, request, site_name, tags, image=None):
    """schema.org Article; `image` is the rendition the page is shared with, if any."""
    url = article.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.plain_standfirst(),
        "datePublished": article.first_published.isoformat(),
        "dateModified": (article.last_reviewed or article.first_published).isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "keywords": [tag.name for tag in tags],
        "publisher": publisher(site_name, request),
    }
    if article.author:
        data["author"] = article.author.as_schema()
    if image is not None:
        data["image"] = [image_object(absolute_url(image.url, request), image.width, image.height)]
    return data


def breadcrumb_json_ld(trail, request):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i,
                "name": page.title,
                "item": page.get_full_url(request),
            }
            for i, page in enumerate(trail, start=1)
        ],
    }
