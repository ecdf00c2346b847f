"""Create the Ed25519 key that signs the consent log's checkpoints (consent/log/keys.py).
`make run` calls it for the development key file; production keeps its key outside the
database and outside the repository."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consent.conf import settings
from consent.log.keys import write_new_key


class Command(BaseCommand):
    help = (
        "Write a new consent log signing key to PATH (default: CONSENT_LOG_SIGNING_KEY when "
        "that is a path). Never overwrites a key that is already there."
    )
    requires_system_checks = []  # the check this command exists to satisfy

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=None)

    def handle(self, *args, path=None, **options):
        path = path or settings.CONSENT_LOG_SIGNING_KEY
        if not path or path.strip().startswith("-----BEGIN") or "\n" in path:
            raise CommandError("Give a path: CONSENT_LOG_SIGNING_KEY is not a file path.")
        target = Path(path)
        if target.exists():
            self.stdout.write(f"A signing key is already at {target}; left as it is.")
            return
        write_new_key(target)
        self.stdout.write(f"Wrote a new consent log signing key to {target} (mode 600).")
