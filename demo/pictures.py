"""Reads images.toml: the demo images, their alt text and focal points, and where they are used.

Checked like every other demo file: each image's file must be in images/, each article it
leads must be a demo article (and lead only once), and the default sharing image must be
listed. Without an images.toml the demo site simply has no images.
"""

from .schema import REQUIRED, DemoContentError, T, fields, read_toml, unique_slugs
from .tables import each_table

IMAGES_FILE = "images.toml"
IMAGES_FOLDER = "images"
IMAGE = {
    "slug": T,
    "title": T,
    "alt": T,
    "focal_point": ("numbers", None),
    "article": ("text", None),
    "caption": ("text", ""),
}


def _focal_point(value, where, size):
    """[x, y, width, height] in the image's pixels (centre and size of the important part)."""
    if type(value) is not list or len(value) != 4 or any(type(v) is not int for v in value):
        raise DemoContentError(f"{where}: 'focal_point' should be [x, y, width, height] in pixels")
    x, y, width, height = value
    if width <= 0 or height <= 0 or not (0 <= x <= size[0] and 0 <= y <= size[1]):
        raise DemoContentError(f"{where}: 'focal_point' lies outside the image")
    return {"x": x, "y": y, "width": width, "height": height}


def read_images(directory, article_slugs, image_size):
    """(images, slug of the default sharing image or None) from `directory`/images.toml.

    `image_size(path)` gives a file's (width, height); the caller passes Pillow's, so this
    module stays free of image decoding.
    """
    path = directory / IMAGES_FILE
    if not path.exists():
        return [], None
    data = fields(
        read_toml(path), path, default_social_image=("text", None), images=("tables", REQUIRED)
    )
    images = []
    for where, image in each_table(data["images"], f"{path}, [[images]]", **IMAGE):
        image["file"] = directory / IMAGES_FOLDER / f"{image['slug']}.png"
        if not image["file"].is_file():
            raise DemoContentError(f"{where}: no file {IMAGES_FOLDER}/{image['slug']}.png")
        if image["focal_point"] is not None:
            image["focal_point"] = _focal_point(
                image["focal_point"], where, image_size(image["file"])
            )
        if image["article"] is not None and image["article"] not in article_slugs:
            raise DemoContentError(f"{where}: no demo article '{image['article']}'")
        images.append(image)
    slugs = unique_slugs(images, path, "image")
    leads = [image["article"] for image in images if image["article"]]
    twice = sorted({slug for slug in leads if leads.count(slug) > 1})
    if twice:
        raise DemoContentError(f"{path}: more than one lead image for {', '.join(twice)}")
    default = data["default_social_image"]
    if default is not None and default not in slugs:
        raise DemoContentError(f"{path}: default_social_image '{default}' is not listed")
    return images, default
