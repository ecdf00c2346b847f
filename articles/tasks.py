"""The worker's image work: make the renditions a page shows before a reader asks for them.

Queued (on commit, with the change: the queue is in the database) when a page is published
or an image saved, by signals.py; run by the worker (astermind_site/background.py). Which
renditions: renditions.py, the list the templates draw from too.
"""

from django_tasks import task
from wagtail.images import get_image_model
from wagtail.models import Page

from astermind_site.background import BACKEND, RENDITION_PRIORITY
from directory.freshness import pages_showing

from . import renditions
from .models import SiteSettings
from .sharing import SHARE_IMAGE_SPEC


@task(priority=RENDITION_PRIORITY, backend=BACKEND)
def make_page_renditions(page_id):
    """Everything the live page `page_id` shows; nothing if it is no longer live."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return 0
    return renditions.make(renditions.page_renditions(page))


@task(priority=RENDITION_PRIORITY, backend=BACKEND)
def make_image_renditions(image_id):
    """What the live pages showing image `image_id` show of it (a new focal point or file
    makes new renditions), and its shared crop if it is a site's default social image. An
    image no page shows yet gets its renditions when the page that shows it is published."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    specs = set()
    for page in pages_showing([image]):
        specs.update(renditions.page_renditions(page).get(image, ()))
    if SiteSettings.objects.filter(default_social_image=image).exists():
        specs.add(SHARE_IMAGE_SPEC)
    return renditions.make({image: specs}) if specs else 0
