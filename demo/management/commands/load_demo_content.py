"""Build the demo site from the data files in `demo/` (see its README.md).

Re-running creates nothing twice and keeps what editors changed; `--refresh` puts the demo
content back, publishing a new revision only where something differs.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.loader import load_demo_data
from demo.schema import DemoContentError
from demo.sync import DemoSync


class Command(BaseCommand):
    help = "Create the demo home page, sections, author, settings, facts and articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Put back demo content that was changed in the admin (new revisions).",
        )

    def handle(self, *args, **options):
        try:
            content = load_demo_data()
            with transaction.atomic():
                result = DemoSync(content, refresh=options["refresh"]).run()
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] == 0:
            return
        for verb, description in result.actions:
            self.stdout.write(f"  {verb} {description}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {result.count('created')} created, "
                f"{result.count('updated')} updated, {result.count('deleted')} deleted; "
                "everything else was already up to date."
            )
        )
