"""Re-compute every policy version's SHA-256 and the consent records' hash chain."""

from django.core.management.base import BaseCommand, CommandError

from consent.integrity import verify_log


class Command(BaseCommand):
    help = (
        "Verify the consent audit trail: each policy version's SHA-256 and the records' "
        "hash chain. Exits non-zero and names the first break."
    )

    def handle(self, *args, **options):
        result = verify_log()
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(result.message)
