"""What the auditor screens say about the consent log: its latest signed checkpoint, whether
the signature holds, and whether the stored leaves still give the checkpoint's root.

This is the short check (one checkpoint, one pass over its leaf hashes), reused for
CONSENT_VERIFY_CACHE_SECONDS while neither the log nor its checkpoints change; the full one,
with every checkpoint, every record's content and checkpoints kept outside, is
`manage.py verify_consent_log` (consent/log/verify.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from . import merkle
from .conf import settings
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
    since = size - signed.size
    return LogStatus(
        True,
        "verified",
        f"Checkpoint {signed.size} is validly signed and the stored records give its root"
        + (f"; {since} newer records await the next checkpoint." if since > 0 else "."),
        now,
        signature_valid=True,
        **facts,
    )


def recent_status():
    """check_latest(), reused for a few minutes while the log and its checkpoints stand still."""
    seconds = settings.CONSENT_VERIFY_CACHE_SECONDS
    latest = latest_checkpoint()
    key = f"consent:logstatus:{_head_size()}:{latest.pk if latest else 0}"
    if seconds > 0:
        kept = cache.get(key)
        if isinstance(kept, LogStatus):
            return kept
    status = check_latest()
    if seconds > 0:
        cache.set(key, status, seconds)
    return status
