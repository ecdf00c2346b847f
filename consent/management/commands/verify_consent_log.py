"""Check the consent log against its signed checkpoints and any kept outside the database
(consent/log/verify.py). Exits non-zero and names every problem found."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consent.log.notes import NoteError, parse_verifier_key
from consent.log.verify import verify_log


class Command(BaseCommand):
    help = (
        "Verify the consent log: every stored checkpoint's signature and root against the "
        "leaves, every record's leaf hash, policy texts, and consistency with checkpoints "
        "kept outside the database (--checkpoint FILE ...)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            dest="checkpoints",
            nargs="+",
            action="extend",
            default=[],
            metavar="FILE",
            help="A checkpoint note saved earlier (e.g. from /cookies/log/checkpoint/).",
        )
        parser.add_argument(
            "--verifier-key",
            default=None,
            help="The log's public key (name+id+base64, or a file holding it); default: the "
            "public half of CONSENT_LOG_SIGNING_KEY.",
        )
        parser.add_argument(
            "--progress-every", type=int, default=100_000, help="Report every N leaves."
        )

    def handle(self, *args, checkpoints=(), verifier_key=None, progress_every=100_000, **opts):
        outside = []
        for name in checkpoints:
            try:
                outside.append((name, Path(name).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read checkpoint {name}: {exc}") from exc
        verifier = None
        if verifier_key:
            text = verifier_key
            if Path(verifier_key).is_file():
                text = Path(verifier_key).read_text(encoding="utf-8")
            try:
                verifier = parse_verifier_key(text)
            except NoteError as exc:
                raise CommandError(str(exc)) from exc

        started = time.monotonic()

        def progress(done):
            # One pass in leaf order, so the time per leaf stays the same all the way: the
            # rate tells how long the rest will take.
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed > 0 else 0
            self.stderr.write(f"… {done} leaves checked in {elapsed:.0f} s ({rate:,.0f} a second)")

        report = verify_log(
            outside, verifier=verifier, progress=progress, progress_every=max(progress_every, 1)
        )
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
