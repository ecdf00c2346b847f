"""Reading a cookie choice from a POST: the body, the groups chosen, the policy version shown
and where to go next. Every rule is a small function; each problem is a ChoiceError that
carries the 4xx status the view answers with, so bad input never becomes a 500. Messages are
in the page's language (the form posts to the URL of its own language)."""

from urllib.parse import urlsplit

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from .conf import settings
from .models import ConsentMethod, ConsentPolicyVersion
from .policy import consent_config, invalidate_config

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ACTIONS = {
    "accept": ConsentMethod.ACCEPT_ALL,
    "decline": ConsentMethod.REJECT_ALL,
    "preferences": ConsentMethod.PREFERENCES,
    "gpc": ConsentMethod.GPC,
}


class ChoiceError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def body_error(request):
    """A ChoiceError for a body no cookie choice can have, before anything parses it."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(length)
    except ValueError:
        return ChoiceError(400, gettext("The request has an invalid Content-Length."))
    if length > settings.CONSENT_MAX_BODY_BYTES:
        return ChoiceError(413, gettext("The request body is too large for a cookie choice."))
    if length and request.content_type not in FORM_TYPES:
        return ChoiceError(415, gettext("Send the cookie choice as an HTML form."))
    return None


def form_data(request):
    try:
        return request.POST
    except RequestDataTooBig as exc:
        raise ChoiceError(
            413, gettext("The request body is too large for a cookie choice.")
        ) from exc
    except (SuspiciousOperation, ValueError) as exc:
        raise ChoiceError(400, gettext("The cookie choice form could not be read.")) from exc


def parse_decisions(action, data, config):
    """Decisions for every optional group from a submitted form; ChoiceError if invalid.

    ``cookie_groups`` (django-cookie-consent's field name) lists groups: on the preferences
    endpoint they are the groups switched on; on accept/decline they are checked but the
    endpoint always applies to every optional group."""
    optional = config["optional"]
    required = config["required"]
    listed = data.getlist("cookie_groups")
    if len(listed) > 50 or any(len(name) > 64 for name in listed):
        raise ChoiceError(400, gettext("Too many or too long cookie group names."))
    unknown = sorted({name for name in listed if name not in optional and name not in required})
    if unknown:
        raise ChoiceError(
            400, gettext("Unknown cookie group: %(groups)s.") % {"groups": ", ".join(unknown)}
        )
    if action == "decline":
        blocked = sorted(name for name in set(listed) if name in required)
        if blocked:
            raise ChoiceError(
                400,
                gettext("%(groups)s cookies are required and cannot be declined.")
                % {"groups": ", ".join(blocked)},
            )
    if action == "accept":
        chosen = set(optional)
    elif action == "preferences":
        chosen = set(listed)
    else:  # decline and GPC
        chosen = set()
    # The one normal form, built once here and used as is by everything after:
    # every optional group (registry order) → True or False.
    return {group: group in chosen for group in optional}


def split_decisions(decisions):
    """(accepted, refused) group names of a choice."""
    accepted = frozenset(group for group, ok in decisions.items() if ok)
    return accepted, frozenset(decisions) - accepted


def policy_version(data, config):
    """The policy version the visitor was shown: the form's, or the one in force."""
    raw = data.get("policy_version", "")
    if not raw:
        version = ConsentPolicyVersion.objects.filter(pk=config["version"]).first()
        if version is None:  # a cache that outlived its database; rebuild it once
            invalidate_config()
            version = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
        return version
    # isascii: str.isdigit() also accepts "²" (int() raises) and other scripts' digits.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        raise ChoiceError(400, gettext("The policy version is not a number."))
    version = ConsentPolicyVersion.objects.filter(pk=int(raw)).first()
    if version is None:
        raise ChoiceError(400, gettext("The policy version you were shown does not exist."))
    return version


def safe_next(request, data):
    """Where to send the visitor back to: a path on this site, never another host.

    The check runs on the path we will actually redirect to, not on the URL it came from:
    `http://<us>//evil.example/x` is same-host, but its path alone is protocol-relative."""
    host = request.get_host()
    for candidate in (data.get("next", ""), request.headers.get("Referer", "")):
        if not candidate or len(candidate) > 2000:
            continue
        if not url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={host}, require_https=request.is_secure()
        ):
            continue
        parts = urlsplit(candidate)
        target = f"{parts.path}?{parts.query}" if parts.query else parts.path
        if is_local_path(target):
            return target
    return "/"


def is_local_path(target):
    """A path-absolute URL on this host: one leading slash, no scheme, no host."""
    return (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set())
    )
