"""Writing the audit trail: who (pseudonymously), what, under which text, from where.

Rules live here as small functions so tests can pin them without a request cycle.
"""

import dataclasses
import hashlib
import json
import uuid
from dataclasses import InitVar, dataclass
from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone

from astermind_site.addresses import hash_ip

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


@dataclass(frozen=True)
class Submission:
    """One choice as it is to be stored: a ConsentRecord's fields, all but its time.

    Built from what arrived: the path loses its query string, the user agent is cut to
    length and the address is kept only as `ip_hash` (the raw `ip` is never a field).
    """

    consent_id: uuid.UUID
    method: ConsentMethod
    decisions: dict
    policy_version: object  # a ConsentPolicyVersion
    path: str = ""
    ip: InitVar[str] = ""
    user_agent: str = ""
    ip_hash: str = dataclasses.field(init=False, default="")

    def __post_init__(self, ip):
        object.__setattr__(self, "method", ConsentMethod(self.method))
        object.__setattr__(self, "path", clean_path(self.path))
        object.__setattr__(self, "user_agent", truncate_user_agent(self.user_agent))
        object.__setattr__(self, "ip_hash", hash_ip(ip))

    def record_fields(self):
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    @property
    def fingerprint(self):
        """The choice itself (who, how, what, under which text), not where it came from."""
        body = json.dumps(
            [
                str(self.consent_id),
                str(self.method),
                self.policy_version.pk,
                sorted(self.decisions.items()),
            ],
            separators=(",", ":"),
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def same_choice_as(self, record):
        return (
            record.method == self.method
            and record.decisions == self.decisions
            and record.policy_version_id == self.policy_version.pk
        )


def record_choice(submission, *, now=None):
    """Append a ConsentRecord unless the same consent id sent this very choice moments ago.

    The submission's `decisions` come in the one normal form choice.parse_decisions builds
    (every optional group → True or False) and are stored exactly so.

    Returns (record, created). The cache claim (atomic `add`, shared through Redis across
    workers) stops simultaneous duplicates; the database look-back catches repeats the cache
    has forgotten. A failed insert releases the claim so a retry is never silently dropped.
    """
    now = now or timezone.now()
    window = settings.CONSENT_DEDUPE_SECONDS
    fingerprint = submission.fingerprint
    claim = f"consent:dedupe:{fingerprint}"
    last_key = f"consent:last:{submission.consent_id}"
    cache = caches["default"]
    if not cache.add(claim, 1, timeout=window):
        return ConsentRecord.objects.latest_for(submission.consent_id), False
    try:
        since = now - timedelta(seconds=window)
        recent = ConsentRecord.objects.latest_for(submission.consent_id, since=since)
        if recent is not None and submission.same_choice_as(recent):
            return recent, False
        record = ConsentRecord.objects.create(created_at=now, **submission.record_fields())
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
