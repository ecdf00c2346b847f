"""Sign a checkpoint of the consent log now (cron-friendly: a no-op when one already covers
every record). The signing itself is consent/log/checkpoints.py."""

from django.core.management.base import BaseCommand

from consent.log.checkpoints import make_checkpoint


class Command(BaseCommand):
    help = "Sign a checkpoint of the consent log at its current size and print the note."

    def handle(self, *args, **options):
        checkpoint = make_checkpoint(force=True)
        self.stdout.write(checkpoint.note, ending="")
