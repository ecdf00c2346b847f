"""The short check of the consent log: its newest signed checkpoint, whether the signature
holds, and whether the stored leaves still give the checkpoint's root (one pass over its leaf
hashes, seconds at a million records).

The worker runs it and stores the sealed answer (log_checks.py, tasks.py); the auditor screens
read that (log_status.py) and never run it themselves. The full check, with every checkpoint,
every record's content and checkpoints kept outside, is `manage.py verify_consent_log`
(consent/log/verify.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import merkle
from .log import keys
from .log.checkpoints import latest_checkpoint
from .log.notes import NoteError, open_checkpoint
from .log.proofs import leaf_hashes
from .models import ConsentChainHead
from .models.chain import HEAD_PK


@dataclass(frozen=True)
class LogStatus:
    ok: bool
    label: str
    message: str
    checked_at: datetime
    tree_size: int | None = None
    root_hash: str = ""
    signed_at: datetime | None = None
    signature_valid: bool | None = None


def _head_size():
    return ConsentChainHead.objects.filter(pk=HEAD_PK).values_list("size", flat=True).first() or 0


def check_latest():
    """The latest checkpoint held against the leaves, as a LogStatus."""
    now, size = timezone.now(), _head_size()
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        if size == 0:
            return LogStatus(True, "empty", "No records yet, so nothing is signed.", now)
        return LogStatus(
            False,
            "not yet signed",
            f"{size} records and no signed checkpoint yet "
            "(manage.py make_consent_checkpoint signs one).",
            now,
        )
    facts = {
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "signed_at": checkpoint.created_at,
    }
    try:
        signed = open_checkpoint(checkpoint.note, keys.verifier(), keys.origin())
    except ImproperlyConfigured as exc:
        return LogStatus(False, "cannot be checked", str(exc), now, **facts)
    except NoteError as exc:
        return LogStatus(
            False, "checkpoint signature invalid", str(exc), now, signature_valid=False, **facts
        )
    try:
        matches = merkle.root(leaf_hashes(signed.size)) == signed.root
    except merkle.ProofError as exc:
        matches, why = False, f"{exc}: records were deleted."
    else:
        why = "the stored leaves no longer give its root: records were changed."
    if not matches or signed.root.hex() != checkpoint.root_hash:
        return LogStatus(
            False,
            f"rewritten since checkpoint {signed.size}",
            f"The checkpoint's signature is valid, but {why} "
            "Run manage.py verify_consent_log for details.",
            now,
            signature_valid=True,
            **facts,
        )
    return LogStatus(
        True,
        "verified",
        _verified_message(signed.size, size - signed.size),
        now,
        signature_valid=True,
        **facts,
    )


def _verified_message(size, since):
    return f"Checkpoint {size} is validly signed and the stored records give its root" + (
        f"; {since} newer records await the next checkpoint." if since > 0 else "."
    )
