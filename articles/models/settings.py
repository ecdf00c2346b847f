"""Site-wide settings editors keep in the admin: name, tagline, sharing image, footer."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField

from .images import optional_image


class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(max_length=80, default="AsterMind Learn")
    tagline = models.CharField(max_length=160, blank=True, default="AI, explained plainly.")
    default_social_image = optional_image(
        "Shown when a page without an image of its own is shared (at least 1200×630)."
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("default_social_image"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "Site settings"
