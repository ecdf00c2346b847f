"""Modalities: the kinds of input and output a foundation model handles."""

from django.db import models
from wagtail.admin.panels import FieldPanel


class Modality(models.Model):
    """A kind of input or output a model handles: text, images, audio, video, code…"""

    name = models.CharField(max_length=40, help_text="Lower case, plural where natural: images.")
    slug = models.SlugField(max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are listed first (text before images…)."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        db_table = "articles_modality"
        ordering = ["sort_order", "name"]
        verbose_name_plural = "modalities"

    def __str__(self):
        return self.name
