"""The image a page is shared with (Open Graph, Twitter cards, JSON-LD): one rule, one size.

Its rendition is kept once per site version (pagecache/versioned.py) when a request is given:
Wagtail looks it up in the cache and writes it back on every call.
"""

from pagecache import versioned

# 1.91:1 is what the large link previews of most networks show; the crop follows the focal
# point. JPEG, because not every network's crawler reads AVIF or WebP.
SHARE_IMAGE_SPEC = "fill-1200x630-c100|format-jpeg"


def share_image(page, site_settings=None):
    """The page's own social image if an editor chose one, else its lead image, else the
    site's default social image (None when there is none at all)."""
    own = getattr(page, "social_image", None) or getattr(page, "lead_image", None)
    if own or site_settings is None:
        return own
    return site_settings.default_social_image


def share_rendition(page, site_settings=None, request=None):
    image = share_image(page, site_settings)
    if image is None:
        return None
    if image.pk is None:
        return image.get_rendition(SHARE_IMAGE_SPEC)
    name = f"share-rendition:{image.pk}:{image.file.name}:{image.focal_point_x}"
    name += f":{image.focal_point_y}:{image.focal_point_width}:{image.focal_point_height}"
    return versioned.cached(request, name, lambda: image.get_rendition(SHARE_IMAGE_SPEC))
