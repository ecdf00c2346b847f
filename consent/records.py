"""Writing the audit trail: who (pseudonymously), what, under which text, from where.

Rules live here as small functions so tests can pin them without a request cycle.
"""

import hashlib
import json
import uuid
from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone

from .addresses import hash_ip
from .conf import settings
from .models import ConsentMethod, ConsentRecord

USER_AGENT_LENGTH = 200
PATH_LENGTH = 500


def truncate_user_agent(user_agent):
    return (user_agent or "")[:USER_AGENT_LENGTH]


def clean_path(path):
    """Path only: query strings can carry search terms and other personal data."""
    return (path or "").split("?", 1)[0].split("#", 1)[0][:PATH_LENGTH]


def resolve_method(action, previous_accepted, decisions):
    """How a choice was given. Taking back any consent that was in force is a withdrawal,
    whichever button did it; GPC is always GPC."""
    if action == ConsentMethod.GPC:
        return ConsentMethod.GPC
    if any(group in previous_accepted and not accepted for group, accepted in decisions.items()):
        return ConsentMethod.WITHDRAWAL
    return ConsentMethod(action)


def _fingerprint(consent_id, method, decisions, policy_version_id):
    body = json.dumps(
        [str(consent_id), str(method), policy_version_id, sorted(decisions.items())],
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _same_choice(record, method, decisions, policy_version_id):
    return (
        record.method == method
        and record.decisions == decisions
        and record.policy_version_id == policy_version_id
    )


def record_choice(
    *,
    consent_id,
    method,
    decisions,
    policy_version,
    path="",
    ip="",
    user_agent="",
    now=None,
):
    """Append a ConsentRecord unless the same consent id sent this very choice moments ago.

    `decisions` come in the one normal form choice.parse_decisions builds (every optional
    group → True or False) and are stored exactly so.

    Returns (record, created). The cache claim (atomic `add`, shared through Redis across
    workers) stops simultaneous duplicates; the database look-back catches repeats the cache
    has forgotten. A failed insert releases the claim so a retry is never silently dropped.
    """
    now = now or timezone.now()
    window = settings.CONSENT_DEDUPE_SECONDS
    method = ConsentMethod(method)
    fingerprint = _fingerprint(consent_id, method, decisions, policy_version.pk)
    claim = f"consent:dedupe:{fingerprint}"
    last_key = f"consent:last:{consent_id}"
    cache = caches["default"]
    if not cache.add(claim, 1, timeout=window):
        return ConsentRecord.objects.latest_for(consent_id), False
    try:
        recent = ConsentRecord.objects.latest_for(consent_id, since=now - timedelta(seconds=window))
        if recent is not None and _same_choice(recent, method, decisions, policy_version.pk):
            return recent, False
        record = ConsentRecord.objects.create(
            consent_id=consent_id,
            method=method,
            decisions=decisions,
            policy_version=policy_version,
            created_at=now,
            path=clean_path(path),
            user_agent=truncate_user_agent(user_agent),
            ip_hash=hash_ip(ip),
        )
    except Exception:
        cache.delete(claim)
        raise
    # Only a repeat of the *latest* choice is a duplicate: after A then B, A again is a
    # change of mind back, so B's arrival releases A's claim.
    previous = cache.get(last_key)
    cache.set(last_key, fingerprint, timeout=window)
    if previous and previous != fingerprint:
        cache.delete(f"consent:dedupe:{previous}")
    return record, True


def new_consent_id():
    return uuid.uuid4()
