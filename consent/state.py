"""The visitor's consent cookie: what it holds, how it is signed, and how it is read.

Value, before the signature: ``1.<consent id hex>.<policy version>.<unix time>.<method>.<groups>``
where method is one letter and groups are the accepted optional groups joined by ``~``. Every
character is legal in a cookie without quoting, and the browser script reads the same fields
(it cannot check the signature; the middleware expires forged cookies before a page's script
runs). Anything that does not parse, is too long or is badly signed counts as *undecided*.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.utils import timezone

from .conf import settings
from .models import ConsentMethod

FORMAT_VERSION = "1"
MAX_COOKIE_LENGTH = 600
_SALT = "consent.cookie"
# A decision dated further ahead than this is not believed (clock skew allowance).
_FUTURE_SKEW = timedelta(minutes=5)

METHOD_CODES = {
    ConsentMethod.ACCEPT_ALL: "a",
    ConsentMethod.REJECT_ALL: "r",
    ConsentMethod.PREFERENCES: "p",
    ConsentMethod.WITHDRAWAL: "w",
    ConsentMethod.GPC: "g",
}
CODE_METHODS = {code: method for method, code in METHOD_CODES.items()}

_PAYLOAD = re.compile(
    r"^1\.(?P<id>[0-9a-f]{32})\.(?P<version>[1-9][0-9]{0,9})\.(?P<ts>[0-9]{1,11})"
    r"\.(?P<method>[arpwg])\.(?P<groups>(?:[-_A-Za-z0-9]{1,32}(?:~[-_A-Za-z0-9]{1,32})*)?)$"
)

MISSING, INVALID, VALID = "missing", "invalid", "valid"


@dataclass(frozen=True)
class ConsentState:
    status: str = MISSING
    consent_id: uuid.UUID | None = None
    policy_version: int | None = None
    decided_at: datetime | None = None
    method: str | None = None
    accepted: frozenset = field(default_factory=frozenset)

    @property
    def is_valid(self):
        return self.status == VALID

    def is_current(self, in_force, now=None):
        """A valid decision, made under a policy version in force, not yet expired.

        `in_force` is the version in force in each language (policy.consent_config()'s
        "in_force", a {language: pk} dict), or one version's pk. The cookie names the exact
        version the visitor agreed to, and so its language: a new German text takes German
        choices out of force and leaves English ones standing, on every page."""
        if not self.is_valid or self.policy_version not in _version_ids(in_force):
            return False
        now = now or timezone.now()
        if self.decided_at > now + _FUTURE_SKEW:
            return False
        return now - self.decided_at < choice_max_age()

    def grants(self, group, in_force, now=None):
        return self.is_current(in_force, now) and group in self.accepted


def _version_ids(in_force):
    if isinstance(in_force, int):
        return {in_force}
    if isinstance(in_force, dict):
        return set(in_force.values())
    return set(in_force or ())


def choice_max_age():
    return timedelta(days=settings.CONSENT_CHOICE_MAX_AGE_DAYS)


def _signer():
    return signing.Signer(salt=_SALT, algorithm="sha256")


def encode(consent_state):
    """The signed cookie value of a decided ConsentState: what `decode` reads back."""
    if not consent_state.is_valid:
        raise ValueError("Only a decided (valid) consent state can be written to the cookie")
    groups = "~".join(sorted(consent_state.accepted))
    payload = (
        f"{FORMAT_VERSION}.{consent_state.consent_id.hex}.{int(consent_state.policy_version)}."
        f"{int(consent_state.decided_at.timestamp())}.{METHOD_CODES[consent_state.method]}."
        f"{groups}"
    )
    if not _PAYLOAD.match(payload):
        raise ValueError(f"Cannot encode consent cookie payload {payload!r}")
    return _signer().sign(payload)


def decode(raw):
    """Never raises: bad input of any kind is simply INVALID."""
    if raw is None:
        return ConsentState()
    if not isinstance(raw, str) or not raw or len(raw) > MAX_COOKIE_LENGTH:
        return ConsentState(status=INVALID)
    try:
        payload = _signer().unsign(raw)
    except (signing.BadSignature, ValueError, TypeError):
        return ConsentState(status=INVALID)
    match = _PAYLOAD.match(payload)
    if not match:
        return ConsentState(status=INVALID)
    try:
        decided_at = datetime.fromtimestamp(int(match["ts"]), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ConsentState(status=INVALID)
    groups = match["groups"]
    return ConsentState(
        status=VALID,
        consent_id=uuid.UUID(hex=match["id"]),
        policy_version=int(match["version"]),
        decided_at=decided_at,
        method=CODE_METHODS[match["method"]],
        accepted=frozenset(groups.split("~")) if groups else frozenset(),
    )


def from_request(request):
    """The request's consent state, parsed once per request."""
    state = getattr(request, "_consent_state", None)
    if state is None:
        state = decode(request.COOKIES.get(settings.CONSENT_COOKIE_NAME))
        request._consent_state = state
    return state


def set_cookie(response, request, value):
    response.set_cookie(
        settings.CONSENT_COOKIE_NAME,
        value,
        max_age=int(choice_max_age().total_seconds()),
        path="/",
        secure=request.is_secure() or settings.COOKIE_CONSENT_SECURE,
        # consent.js reads it to start (or not start) analytics on cached pages.
        httponly=False,
        samesite="Lax",
    )


def delete_cookie(response):
    response.delete_cookie(settings.CONSENT_COOKIE_NAME, path="/", samesite="Lax")
