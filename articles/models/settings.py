"""Site-wide settings editors keep in the admin: name, tagline, sharing image, footer.

One set per site, written in the default language. Other languages show the tagline and the
footer text through the catalogues (astermind_site/languages.py: the text as stored is the
msgid; the demo's German is in demo/locale), or leave them out when none has a translation.

Every page reads them, so a request takes them from the site version's shell
(pagecache/versioned.py) instead of the database; their every save purges the whole site
(pagecache/signals.py), which gives the shell a new version.
"""

import re

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField
from wagtail.models import Site

from astermind_site.languages import is_default_language, setting_in_active_language
from pagecache import versioned

from .images import optional_image

# Draftail marks each paragraph it saves with a random key; a catalogue entry is looked up
# without them, so the footer keeps its translation when an editor saves it unchanged.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


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

    @property
    def footer_text_here(self):
        """The footer text in the active language (rich text as stored), or "" in a
        language whose catalogue has no translation of it."""
        if is_default_language():
            return self.footer_text
        return setting_in_active_language(BLOCK_KEY.sub("", self.footer_text or ""))

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def for_request(cls, request):
        """Wagtail's per-request setting, read once per site version (with its image)."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)

        def read():
            found = cls.objects.select_related("default_social_image").filter(site=site)
            return found.first() or cls.for_site(site)

        site_settings = versioned.shell(request, f"site_settings:{site.pk}", read)
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings
