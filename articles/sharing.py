"""The image a page is shared with (Open Graph, Twitter cards, JSON-LD): one rule, one size."""

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


def share_rendition(page, site_settings=None):
    image = share_image(page, site_settings)
    return image.get_rendition(SHARE_IMAGE_SPEC) if image else None
