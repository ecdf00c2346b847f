"""The one way a page or setting points at an optional Wagtail image."""

from django.db import models


def optional_image(help_text):
    """A link to an image that may be left empty, and is emptied if the image is deleted."""
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )
