"""`manage.py varnish_purge_vcl [--output FILE]`: the VCL include that holds the PURGE token.

default.vcl includes `purge_token.vcl` from its own folder; write it there (readable by
Varnish only) whenever VARNISH_PURGE_TOKEN is set or changed, then reload Varnish.
See astermind_site/purge_token.py.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from astermind_site.purge_token import InvalidPurgeToken, purge_token_vcl

FILE_MODE = 0o640


class Command(BaseCommand):
    help = "Write the Varnish VCL include that checks VARNISH_PURGE_TOKEN on each PURGE."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, output=None, **options):
        try:
            text = purge_token_vcl(settings.VARNISH_PURGE_TOKEN)
        except InvalidPurgeToken as error:
            raise CommandError(str(error)) from error
        if not output:
            self.stdout.write(text, ending="")
            return
        # Created with its final mode, so the secret is never readable by others meanwhile.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
        self.stderr.write(f"Wrote {output}; reload Varnish to use it.")
