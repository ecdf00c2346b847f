"""Development only: turn on the same-origin demo analytics script for every site, so the
whole consent flow (banner → accept → analytics starts) works offline."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from consent.models import AnalyticsProvider, AnalyticsSettings
from consent.policy import consent_config

DEMO_SCRIPT = "/static/js/demo-analytics.js"


class Command(BaseCommand):
    help = "Configure the demo analytics provider (custom script, enabled) on every site."

    def handle(self, *args, **options):
        sites = list(Site.objects.all())
        for site in sites:
            analytics = AnalyticsSettings.for_site(site)
            analytics.enabled = True
            analytics.provider = AnalyticsProvider.CUSTOM
            analytics.custom_script_url = DEMO_SCRIPT
            analytics.full_clean()
            analytics.save()
        version = consent_config()["version"]
        self.stdout.write(
            f"Demo analytics ({DEMO_SCRIPT}) enabled on {len(sites)} site(s); "
            f"consent policy version {version} is in force."
        )
