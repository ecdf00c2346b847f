"""`make run`: point the default site at the address the development server serves.

Only with DEBUG on, and only while the site has a local address (see site_url.py), so it
can never move a public site.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from astermind_site.site_url import follow_dev_server


class Command(BaseCommand):
    help = "Give the default Wagtail site SITE_BASE_URL's address (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("follow_dev_server is for development (DEBUG on) only.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        if follow_dev_server(site):
            site.save(update_fields=["hostname", "port"])
        if options["verbosity"] > 0:
            self.stdout.write(f"Links point at {site.root_url}/")
