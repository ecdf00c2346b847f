"""Every image rendition a page shows, listed once: the templates draw them, the worker makes them.

`PICTURES` are the `{% picture %}` sources of templates/includes/picture.html (AVIF, then
WebP, with a JPEG fallback, each in several widths), `IMAGES` the single renditions (a video's
placeholder). Templates name them through `{% picture_of %}` / `{% image_of %}`
(templatetags/picture_tags.py), so what a page asks for and what the worker encodes beforehand
cannot drift apart. `page_renditions` says which of them a page uses, for which image; the
shared image of a page (sharing.py) is one more.

Encoding is slow (about a second for a large AVIF), so it happens in the worker when a page is
published or an image saved (tasks.py), and in `make demo` before it ends; a reader only finds
renditions already made. Wagtail makes any that are missing at render time, so a reader who
comes before the worker has finished still gets the picture.
"""

from wagtail.images.models import Filter

from .blocks.embed import VideoEmbedBlock
from .blocks.media import FigureBlock
from .models import SiteSettings
from .sharing import SHARE_IMAGE_SPEC, share_image

FORMATS = "format-{avif,webp,jpeg}"
# Widths: 1200 at most for a lead image, as wide as the 37rem measure at 2x; 800 at most for
# cards, which are narrower. No width is made that no layout asks for.
PICTURES = {
    # An article's lead image, on its page and as the home page's lead story (16:9 around
    # the focal point).
    "lead": ("fill-{1200x675,800x450,480x270}-c100", FORMATS),
    # The same image on an article card (home, section, tag, author and related listings).
    "card": ("fill-{800x450,480x270}-c100", FORMATS),
    # A figure in an article's body, in the image's own proportions.
    "figure": ("width-{1200,800,480}", FORMATS),
}
IMAGES = {
    # Our copy of a video's thumbnail, on the placeholder drawn before the player loads.
    "video_thumbnail": ("fill-640x360-c100", "format-webp"),
}


def filter_specs(name):
    """The filter specs of one entry, as Wagtail's image tags take them (braces unexpanded)."""
    return list(PICTURES.get(name) or IMAGES[name])


def renditions_of(name):
    """Each rendition one entry makes, as a full filter spec ("fill-800x450-c100|format-avif")."""
    return Filter.expand_spec(filter_specs(name))


def body_images(page):
    """(image, entry name) for each figure and video thumbnail in an article's body."""
    found = []
    for child in getattr(page, "body", None) or ():
        if isinstance(child.block, FigureBlock) and child.value.get("image"):
            found.append((child.value["image"], "figure"))
        elif isinstance(child.block, VideoEmbedBlock) and child.value.get("thumbnail"):
            found.append((child.value["thumbnail"], "video_thumbnail"))
    return found


def page_renditions(page):
    """{image: set of full filter specs} for every rendition `page` shows, and the lead image's
    card sizes, which listings show (a subset of the lead's, so nothing more is made)."""
    page = page.specific
    uses = {}

    def add(image, specs):
        uses.setdefault(image, set()).update(specs)

    lead = getattr(page, "lead_image", None)
    if lead is not None:
        add(lead, renditions_of("lead"))
        add(lead, renditions_of("card"))
    for image, name in body_images(page):
        add(image, renditions_of(name))
    site = page.get_site()
    shared = share_image(page, SiteSettings.for_site(site) if site else None)
    if shared is not None:
        add(shared, [SHARE_IMAGE_SPEC])
    return uses


def make(uses):
    """Encode whatever is missing (Wagtail finds the rest by their filter and focal point).
    Returns how many renditions the images now have for these specs."""
    made = 0
    for image, specs in uses.items():
        made += len(image.get_renditions(*sorted(specs)))
    return made
