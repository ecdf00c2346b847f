"""Delete consent records older than the retention period; the only way records go away."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consent.conf import settings
from consent.models import ConsentRecord


class Command(BaseCommand):
    help = "Delete consent records older than CONSENT_RECORD_RETENTION_DAYS (default 396)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period for this run (days).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; delete nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.CONSENT_RECORD_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        cutoff = timezone.now() - timedelta(days=days)
        if dry_run:
            count = ConsentRecord.objects.filter(created_at__lt=cutoff).count()
            self.stdout.write(
                f"Would remove {count} consent record{'s' if count != 1 else ''} "
                f"older than {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)."
            )
            return
        removed = ConsentRecord.objects.prune(before=cutoff)
        self.stdout.write(
            f"Removed {removed} consent record{'s' if removed != 1 else ''} "
            f"older than {cutoff:%Y-%m-%d %H:%M} UTC ({days} days)."
        )
