"""Blank the personal fields of consent records older than the retention period
(consent/pruning.py); the records and their leaves stay, and a checkpoint is signed."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consent.conf import settings
from consent.pruning import due, prune


class Command(BaseCommand):
    help = (
        "Blank the personal fields (consent id, path, user agent, address hash) of consent "
        "records older than CONSENT_RECORD_RETENTION_DAYS (default 396), then sign a checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period for this run (days).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be blanked; change nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.CONSENT_RECORD_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        if dry_run:
            count = due(cutoff).count()
            self.stdout.write(
                f"Would blank {count} consent record{'s' if count != 1 else ''} "
                f"older than {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)."
            )
            return
        result = prune(cutoff)
        self.stdout.write(
            f"Blanked {result.blanked} consent record{'s' if result.blanked != 1 else ''} "
            f"older than {cutoff:%Y-%m-%d %H:%M} UTC ({days} days); "
            f"checkpoint at {result.checkpoint.tree_size} leaves."
        )
