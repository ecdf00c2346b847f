"""What the auditor screens say about the consent log, read without re-reading it.

The expensive part, holding the newest checkpoint against every leaf, is the worker's
(tasks.py runs log_checks.run_check and stores a sealed result). A screen does only what is
cheap and current: it reads the newest checkpoint and checks its signature now, reads the
newest stored check and its seal, and says which checkpoint that check covered and when. When
the stored result is older than the newest checkpoint, older than CONSENT_LOG_CHECK_INTERVAL,
missing or not genuine, the screen says so and queues a check (tasks.queue_check). A handful of
small queries, whatever the log's size.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .conf import settings
from .log import keys
from .log.checkpoints import latest_checkpoint
from .log.notes import NoteError, open_checkpoint
from .log_checks import latest_check
from .models import ConsentChainHead
from .models.chain import HEAD_PK
from .tasks import queue_check


@dataclass(frozen=True)
class ScreenStatus:
    """`ok` is None while nothing has been checked; `state` names the case for styling and
    tests: empty, unsigned, unconfigured, signature, unchecked, verified, stale, failed,
    forged, missing."""

    state: str
    ok: bool | None
    label: str
    message: str
    tree_size: int | None = None  # the newest checkpoint's
    root_hash: str = ""
    signed_at: datetime | None = None
    signature_valid: bool | None = None  # the newest checkpoint's, checked by this request
    checked_at: datetime | None = None  # the stored check's end, if any
    check_seconds: float | None = None
    checked_size: int | None = None  # the checkpoint the stored check covered
    queued_at: datetime | None = None  # a check waiting for the worker, since then
    newer_records: int = 0

    @property
    def data_ok(self):
        return {True: "true", False: "false", None: "unknown"}[self.ok]


def _head_size():
    return ConsentChainHead.objects.filter(pk=HEAD_PK).values_list("size", flat=True).first() or 0


def screen_status(*, queue=True, head_size=None):
    """The log's status for an auditor's screen (see the module's docstring). `head_size`:
    the head's size if the screen has just read it (the record list counts from it)."""
    size = _head_size() if head_size is None else head_size
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        if size == 0:
            return ScreenStatus("empty", True, "empty", "No records yet, so nothing is signed.")
        return ScreenStatus(
            "unsigned",
            False,
            "not yet signed",
            f"{size} records and no signed checkpoint yet "
            "(manage.py make_consent_checkpoint signs one).",
        )
    facts = {
        "tree_size": checkpoint.tree_size,
        "root_hash": checkpoint.root_hash,
        "signed_at": checkpoint.created_at,
        "newer_records": max(size - checkpoint.tree_size, 0),
    }
    try:
        open_checkpoint(checkpoint.note, keys.verifier(), keys.origin())
    except ImproperlyConfigured as exc:
        return ScreenStatus("unconfigured", False, "cannot be checked", str(exc), **facts)
    except NoteError as exc:
        return ScreenStatus(
            "signature",
            False,
            "checkpoint signature invalid",
            str(exc),
            signature_valid=False,
            **facts,
        )
    facts["signature_valid"] = True
    stored = latest_check()
    if stored is not None:
        check = stored.check
        facts.update(
            checked_at=check.checked_at,
            check_seconds=check.seconds,
            checked_size=check.tree_size,
        )
    state, ok, label, message = _judge(stored, checkpoint)
    if facts["newer_records"] and ok is not False:
        message += f" {facts['newer_records']} newer records await the next checkpoint."
    if queue and _check_wanted(state, stored):
        facts["queued_at"] = queue_check()
    return ScreenStatus(state, ok, label, message, **facts)


# A failed check is repeated at most this often from the screens (the periodic run goes on):
# each check reads every leaf, and an auditor reading the failure should not keep the worker
# re-reading the log for nothing.
FAILED_RECHECK_SECONDS = 60


def _check_wanted(state, stored):
    if state not in ("verified", "failed"):
        return True
    age = timezone.now() - stored.check.checked_at
    wait = settings.CONSENT_LOG_CHECK_INTERVAL if state == "verified" else FAILED_RECHECK_SECONDS
    return age > timedelta(seconds=wait)


def _judge(stored, checkpoint):
    """(state, ok, label, message) for the newest stored check against the newest checkpoint."""
    newest = checkpoint.tree_size
    if stored is None:
        return (
            "unchecked",
            None,
            "not checked yet",
            f"Checkpoint {newest} is validly signed; the background worker has not yet held "
            "it against the stored records.",
        )
    check = stored.check
    if stored.genuine is None:
        return "unconfigured", False, "cannot be checked", "The log's signing key is not set."
    if not stored.genuine:
        return (
            "forged",
            False,
            "check result not genuine",
            "The newest stored check does not carry the worker's seal: someone without the "
            "log's signing key wrote it to the database. Treat the log as unverified until "
            "a genuine check has run.",
        )
    if check.tree_size is None:  # checked while nothing was signed yet
        return _judge(None, checkpoint)
    if check.tree_size > newest:
        return (
            "missing",
            False,
            "signed checkpoints missing",
            f"The last check covered checkpoint {check.tree_size}, but the newest checkpoint "
            f"stored is {newest}: signed checkpoints were removed.",
        )
    behind = (
        ""
        if check.tree_size == newest
        else f" Checkpoint {newest}, signed since, has not been held against the records yet."
    )
    if not check.ok:
        return "failed", False, check.label, check.message + behind
    if behind:
        return (
            "stale",
            True,
            f"verified up to checkpoint {check.tree_size}",
            f"At the last check the stored records gave the root of checkpoint "
            f"{check.tree_size}.{behind}",
        )
    return (
        "verified",
        True,
        "verified",
        f"Checkpoint {newest} is validly signed and the stored records gave its root at the "
        "last check.",
    )
