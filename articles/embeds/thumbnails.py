"""A video's thumbnail, copied once to our own server as a Wagtail image.

Called by the embed block when an editor saves (blocks/embed.py); pages then show the copy,
so a visitor's browser never asks the provider for the picture. The fetch is bounded (time,
size, image types Pillow reads) and any failure leaves the block without a thumbnail rather
than stopping the editor from saving.
"""

import io
import logging

import requests
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 10
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def download(url):
    """(bytes, extension) of the image at url, or None."""
    if not url or not url.startswith(("https://", "http://")):
        return None
    try:
        with requests.get(url, timeout=TIMEOUT, stream=True) as response:
            response.raise_for_status()
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind not in EXTENSIONS:
                return None
            body = b""
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_BYTES:
                    return None
    except requests.RequestException:
        logger.warning("Could not fetch the video thumbnail %s", url, exc_info=True)
        return None
    return body, EXTENSIONS[kind]


def store(url, title):
    """The Wagtail image holding the thumbnail at url (reused if already copied), or None."""
    Image = get_image_model()
    fetched = download(url)
    if fetched is None:
        return None
    body, extension = fetched
    try:
        with PILImage.open(io.BytesIO(body)) as picture:
            size = picture.size
            picture.verify()
    except Exception:  # Pillow raises many kinds for a file that is not an image
        logger.warning("The video thumbnail %s is not a readable image", url)
        return None
    digest = hash_filelike(io.BytesIO(body))
    existing = Image.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing
    image = Image(title=f"Video thumbnail: {title}"[:255], file_hash=digest)
    image.file.save(f"video-thumbnail-{digest[:12]}.{extension}", ContentFile(body), save=False)
    image.width, image.height = size
    image.file_size = len(body)
    image.save()
    return image
