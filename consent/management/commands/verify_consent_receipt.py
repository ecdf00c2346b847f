"""Check a visitor's consent receipt: valid or not, which record, which checkpoint.

The checking is consent/audit/receipt_check.py's; the auditor screen asks the same question
in the admin. Exit status 0 for a valid receipt, 1 otherwise."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consent.audit.receipt_check import parse_receipt, verify_receipt
from consent.log.notes import NoteError, parse_verifier_key


def parse_public_key(text):
    """A note verifier key `name+id+base64`, or a clear command error."""
    try:
        return parse_verifier_key(text)
    except NoteError as exc:
        raise CommandError(f"--public-key is not a verifier key: {exc}") from exc


class Command(BaseCommand):
    help = "Check a consent receipt (JSON) against the signed consent log."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the receipt, as downloaded (JSON)")
        parser.add_argument(
            "--public-key",
            help="the log's verifier key (name+id+base64, as /cookies/log/key serves it), "
            "or a file holding it; default: this site's own key",
        )

    def handle(self, *args, **options):
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from exc
        try:
            document = parse_receipt(data)
        except ValueError as exc:
            raise CommandError(f"Not a valid receipt: {exc}.") from exc
        verifier = self._verifier(options["public_key"])
        verdict = verify_receipt(document, verifier)
        if not verdict:
            raise CommandError(verdict.summary())
        self.stdout.write(verdict.summary())

    @staticmethod
    def _verifier(value):
        if not value:
            return None
        path = Path(value)
        text = path.read_text() if "+" not in value and path.is_file() else value
        return parse_public_key(text)
