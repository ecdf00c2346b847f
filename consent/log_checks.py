"""The worker's checks of the consent log, stored and sealed.

`run_check()` is what the background task runs (consent/tasks.py): integrity.check_latest(),
the one pass over every leaf under the newest checkpoint, then one sealed ConsentLogCheck row.
`latest_check()` is what the screens read instead of checking (consent/log_status.py says what
the row means for an auditor).

The seal is an HMAC-SHA256 over every field, keyed by a secret derived from the log's signing
key (log/keys.seal_key), which lives outside the database. Whoever can only write the database
(the site's role, or the owner without the key) can add a row but not seal it, so a planted
"verified" shows up as forged rather than as a clean log.
"""

import dataclasses
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import UTC

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .integrity import check_latest
from .log.keys import seal_key
from .models import ConsentLogCheck

logger = logging.getLogger(__name__)

SEALED_FIELDS = (
    "tree_size",
    "root_hash",
    "signed_at",
    "ok",
    "label",
    "message",
    "signature_valid",
    "started_at",
    "checked_at",
)


def _text(value):
    if value is None:
        return "-"
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


def seal_of(check, key=None):
    """The hex HMAC of `check`'s fields, one per line in SEALED_FIELDS' order."""
    body = "\n".join(f"{name}={_text(getattr(check, name))}" for name in SEALED_FIELDS)
    return hmac.new(key or seal_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()


def store_check(status, started_at):
    """Seal and store a LogStatus (integrity.check_latest's answer); returns the row."""
    check = ConsentLogCheck(
        tree_size=status.tree_size,
        root_hash=status.root_hash,
        signed_at=status.signed_at,
        ok=status.ok,
        label=status.label,
        message=status.message,
        signature_valid=status.signature_valid,
        started_at=started_at,
        checked_at=status.checked_at,
    )
    # What the database gives back: whole microseconds, in UTC.
    for name in ("signed_at", "started_at", "checked_at"):
        value = getattr(check, name)
        if value is not None:
            setattr(check, name, value.astimezone(UTC))
    check.seal = seal_of(check)
    check.save()
    return check


def run_check():
    """Hold the newest checkpoint against the leaves and store the sealed result."""
    started_at = timezone.now()
    status = dataclasses.replace(check_latest(), checked_at=timezone.now())
    check = store_check(status, started_at)
    if status.ok:
        logger.info(
            "Consent log check: %s at %s leaves in %.1f s",
            status.label,
            status.tree_size,
            check.seconds,
        )
    else:
        # One line for whoever watches the logs: this is the alarm, not the screens.
        logger.error("Consent log check failed: %s. %s", status.label, status.message)
    return check


@dataclass(frozen=True)
class StoredCheck:
    """The newest stored check and whether its seal holds (None: the key is not configured,
    so nothing can be told either way)."""

    check: ConsentLogCheck
    genuine: bool | None


def latest_check():
    """The newest stored check as a StoredCheck, or None before the first."""
    check = ConsentLogCheck.objects.order_by("-pk").first()
    if check is None:
        return None
    try:
        genuine = hmac.compare_digest(check.seal, seal_of(check))
    except ImproperlyConfigured:
        genuine = None
    return StoredCheck(check, genuine)


def recent_checks(count=10):
    """The newest `count` checks, newest first, each as a StoredCheck."""
    try:
        key = seal_key()
    except ImproperlyConfigured:
        key = None
    checks = ConsentLogCheck.objects.order_by("-pk")[:count]
    return [
        StoredCheck(check, hmac.compare_digest(check.seal, seal_of(check, key)) if key else None)
        for check in checks
    ]
