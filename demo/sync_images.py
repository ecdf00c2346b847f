"""Imports the demo images as Wagtail images and puts them where images.toml says: as lead
images of articles and as the site's default sharing image.

Images live in their own collection and are matched by title there, so loading again adds
none twice. Without `refresh`, what an editor chose is kept: an article or the site settings
only get a demo image where they have none; with it, alt text, focal points, lead images and
captions are put back as the data files have them.
"""

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from articles.models import SiteSettings

COLLECTION_NAME = "Demo images"
NO_LEAD_IMAGE = {"lead_image": None, "lead_image_caption": ""}


def _apply_focal_point(image, focal_point):
    """Set the focal point (centre and size); True when that changed anything."""
    values = {f"focal_point_{key}": value for key, value in (focal_point or {}).items()}
    values = values or dict.fromkeys(
        ("focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height")
    )
    changed = any(getattr(image, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(image, name, value)
    return changed


class ImageSync:
    def __init__(self, content, refresh, note):
        self.content = content
        self.refresh = refresh
        self.note = note
        self.images = {}  # slug -> Wagtail image

    def collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=COLLECTION_NAME).first()
        if existing is not None:
            return existing
        self.note("created", f"collection {COLLECTION_NAME}")
        return root.add_child(name=COLLECTION_NAME)

    def image(self, data, collection):
        Image = get_image_model()
        image = Image.objects.filter(collection=collection, title=data["title"]).first()
        if image is None:
            image = Image(title=data["title"], description=data["alt"], collection=collection)
            _apply_focal_point(image, data["focal_point"])
            with data["file"].open("rb") as file:
                image.file = ImageFile(file, name=data["file"].name)
                image._set_image_file_metadata()  # size and hash, as Wagtail's upload form does
                image.save()
            self.note("created", f"image '{image.title}'")
            return image
        if self.refresh:
            changed = _apply_focal_point(image, data["focal_point"])
            if image.description != data["alt"]:
                image.description = data["alt"]
                changed = True
            if changed:
                image.save()
                self.note("updated", f"image '{image.title}'")
        return image

    def run(self):
        """Import every image; returns {article slug: lead image field values}."""
        if self.content.images:
            collection = self.collection()
            for data in self.content.images:
                self.images[data["slug"]] = self.image(data, collection)
        return {
            data["article"]: {
                "lead_image": self.images[data["slug"]],
                "lead_image_caption": data["caption"],
            }
            for data in self.content.images
            if data["article"]
        }

    def fill_missing_leads(self, articles, leads, publish):
        """Give each existing article without a lead image its demo image (a new revision)."""
        for slug, values in leads.items():
            page = articles[slug]
            if page.lead_image_id is None:
                for name, value in values.items():
                    setattr(page, name, value)
                publish(page, False)

    def default_social_image(self, site):
        slug = self.content.default_social_image
        if slug is None:
            return
        settings = SiteSettings.for_site(site)
        image = self.images[slug]
        if settings.default_social_image_id == image.pk:
            return
        if settings.default_social_image_id is None or self.refresh:
            settings.default_social_image = image
            settings.save(update_fields=["default_social_image"])
            self.note("updated", f"default social image for {site}")
