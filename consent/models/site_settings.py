"""The two settings screens: banner and policy wording, and the analytics provider."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

# gettext_noop: the defaults are the source texts of the German wording (consent/policy.py).
DEFAULT_BANNER_TEXT = gettext_noop(
    "AsterMind Learn uses a few cookies that the site needs to work. With your permission we "
    "would also like to count which articles are read and remember your reading preferences. "
    "Nothing optional is stored until you choose, and you can change your mind at any time."
)
DEFAULT_PREFERENCES_TEXT = gettext_noop(
    "Choose which optional cookies we may use. Cookies the site needs to work are always on "
    "because the site cannot run without them."
)
DEFAULT_POLICY_TEXT = gettext_noop(
    "This page lists every cookie AsterMind Learn can set, why, for how long and who sets it.\n\n"
    "Necessary cookies keep the site secure and remember your cookie choice; they are always "
    "on. Analytics and personalisation cookies are only set after you agree, and we keep a "
    "record of each choice you make so we can show what you agreed to and when.\n\n"
    "You can change or withdraw your choice below or with the Cookie settings link at the "
    "foot of every page. Withdrawing is as easy as agreeing."
)


DEFAULT_BANNER_TITLE = gettext_noop("Cookie preferences")
WORDING_FIELDS = ("banner_title", "banner_text", "preferences_text", "policy_text")
# Each English default, by field: what a translation falls back to (consent/policy.py).
DEFAULT_WORDING = {
    "banner_title": DEFAULT_BANNER_TITLE,
    "banner_text": DEFAULT_BANNER_TEXT,
    "preferences_text": DEFAULT_PREFERENCES_TEXT,
    "policy_text": DEFAULT_POLICY_TEXT,
}
GERMAN_HELP = (
    "Leave blank to use the site's German translation of the default wording "
    "(consent/locale/de). Fill it in when the English wording has been changed."
)


class ConsentTextSettings(BaseGenericSetting):
    """The wording visitors are asked with, in English and German. A change to the English
    fields makes a new English policy version; a change to the German ones a German version
    only, so only German readers are asked again."""

    banner_title = models.CharField(max_length=80, default=DEFAULT_BANNER_TITLE)
    banner_text = models.TextField(max_length=600, default=DEFAULT_BANNER_TEXT)
    preferences_text = models.TextField(max_length=600, default=DEFAULT_PREFERENCES_TEXT)
    policy_text = models.TextField(
        max_length=6000,
        default=DEFAULT_POLICY_TEXT,
        help_text="Shown above the cookie table on /cookies/. Blank lines start paragraphs.",
    )

    banner_title_de = models.CharField(
        "Banner title (German)", max_length=80, blank=True, help_text=GERMAN_HELP
    )
    banner_text_de = models.TextField(
        "Banner text (German)", max_length=600, blank=True, help_text=GERMAN_HELP
    )
    preferences_text_de = models.TextField(
        "Preferences text (German)", max_length=600, blank=True, help_text=GERMAN_HELP
    )
    policy_text_de = models.TextField(
        "Policy text (German)", max_length=6000, blank=True, help_text=GERMAN_HELP
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("banner_title"),
                FieldPanel("banner_text"),
                FieldPanel("preferences_text"),
                FieldPanel("policy_text"),
            ],
            heading="English",
        ),
        MultiFieldPanel(
            [
                FieldPanel("banner_title_de"),
                FieldPanel("banner_text_de"),
                FieldPanel("preferences_text_de"),
                FieldPanel("policy_text_de"),
            ],
            heading="German",
        ),
    ]

    class Meta:
        verbose_name = "cookie banner and policy"

    def own_wording(self, language):
        """{field: text} as saved for `language` ("" where a German field is blank)."""
        suffix = "" if language == "en" else f"_{language}"
        return {name: getattr(self, f"{name}{suffix}", "") for name in WORDING_FIELDS}


GA4_ID = RegexValidator(r"^G-[A-Z0-9]{4,20}$", "A GA4 measurement id looks like G-ABC123XYZ.")
DOMAIN = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$", "Enter a domain such as example.com."
)
_SAFE_SCRIPT_URL = re.compile(r"^(https://[^\s\"'<>\\]+|/(?!/)[^\s\"'<>\\]*)$")


def validate_script_url(value):
    """Same-origin paths or https URLs only; no javascript:, data: or protocol-relative URLs."""
    if not _SAFE_SCRIPT_URL.match(value or ""):
        raise ValidationError("Use an https:// URL or a path on this site starting with /.")


class AnalyticsProvider(models.TextChoices):
    GA4 = "ga4", "Google Analytics 4"
    PLAUSIBLE = "plausible", "Plausible"
    MATOMO = "matomo", "Matomo"
    CUSTOM = "custom", "Custom script"


class AnalyticsSettings(BaseSiteSetting):
    """Which analytics runs, once a visitor accepts the analytics group. The snippet is
    always delivered inert; consent.js starts it in the visitor's browser."""

    enabled = models.BooleanField(default=False)
    provider = models.CharField(
        max_length=20, choices=AnalyticsProvider.choices, default=AnalyticsProvider.CUSTOM
    )
    ga4_measurement_id = models.CharField(
        "GA4 measurement id", max_length=24, blank=True, validators=[GA4_ID]
    )
    plausible_domain = models.CharField(max_length=253, blank=True, validators=[DOMAIN])
    plausible_script_url = models.CharField(
        max_length=500,
        blank=True,
        default="https://plausible.io/js/script.js",
        validators=[validate_script_url],
    )
    matomo_url = models.CharField(
        "Matomo URL",
        max_length=500,
        blank=True,
        validators=[validate_script_url],
        help_text="Base URL of the Matomo server, e.g. https://stats.example.com/",
    )
    matomo_site_id = models.PositiveIntegerField("Matomo site id", null=True, blank=True)
    custom_script_url = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_script_url],
        help_text="Loaded with defer once analytics is accepted, e.g. /static/js/demo-analytics.js",
    )

    panels = [
        MultiFieldPanel([FieldPanel("enabled"), FieldPanel("provider")], heading="Analytics"),
        MultiFieldPanel([FieldPanel("ga4_measurement_id")], heading="Google Analytics 4"),
        MultiFieldPanel(
            [FieldPanel("plausible_domain"), FieldPanel("plausible_script_url")],
            heading="Plausible",
        ),
        MultiFieldPanel([FieldPanel("matomo_url"), FieldPanel("matomo_site_id")], heading="Matomo"),
        MultiFieldPanel([FieldPanel("custom_script_url")], heading="Custom script"),
    ]

    class Meta:
        verbose_name = "analytics"

    REQUIRED_FIELDS = {
        AnalyticsProvider.GA4: ["ga4_measurement_id"],
        AnalyticsProvider.PLAUSIBLE: ["plausible_domain", "plausible_script_url"],
        AnalyticsProvider.MATOMO: ["matomo_url", "matomo_site_id"],
        AnalyticsProvider.CUSTOM: ["custom_script_url"],
    }

    def clean(self):
        super().clean()
        if not self.enabled:
            return
        missing = {
            name: _("Needed for the chosen provider.")
            for name in self.REQUIRED_FIELDS.get(self.provider, [])
            if getattr(self, name) in (None, "")
        }
        if missing:
            raise ValidationError(missing)

    @property
    def is_active(self):
        """On, and configured well enough to render a snippet."""
        return self.enabled and all(
            getattr(self, name) not in (None, "")
            for name in self.REQUIRED_FIELDS.get(self.provider, [])
        )

    @property
    def matomo_base(self):
        return self.matomo_url if self.matomo_url.endswith("/") else f"{self.matomo_url}/"
