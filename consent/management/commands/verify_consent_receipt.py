"""Check a visitor's consent receipt: valid or not, which record, which checkpoint.

The checking is consent/audit/receipt_check.py's; the auditor screen asks the same question
in the admin. Exit status 0 for a valid receipt, 1 otherwise."""

import base64
import binascii
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management.base import BaseCommand, CommandError

from consent.audit.receipt_check import parse_receipt, verify_receipt
from consent.log.notes import ED25519, Verifier, key_id


def parse_public_key(text):
    """A note verifier key `name+id+base64`. Read here rather than with notes.py's parser,
    which splits on every "+" although the base64 part may hold some."""
    name, _, rest = text.strip().partition("+")
    hex_id, _, encoded = rest.partition("+")
    try:
        raw = base64.b64decode(encoded, validate=True)
        if raw[:1] != ED25519 or len(raw) != 33:
            raise ValueError("only Ed25519 verifier keys are accepted")
        public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    except (ValueError, binascii.Error) as exc:
        raise CommandError(f"--public-key is not a verifier key: {exc}") from exc
    if not name or key_id(name, public_key).hex() != hex_id:
        raise CommandError("--public-key: its id does not match its name and key")
    return Verifier(name, bytes.fromhex(hex_id), public_key)


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
