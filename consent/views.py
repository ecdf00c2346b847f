"""Public consent views: the cookie policy, the choice endpoints, and two tiny helpers.

CSRF without a token in cached pages
------------------------------------
The banner is part of every page, and pages must be byte-identical for every visitor so they
can be cached, so the banner form cannot carry a per-visitor CSRF token. The choice endpoints
therefore accept a POST when *either* Django's normal CSRF check passes (the /cookies/ page
form carries a token) *or* the browser proves the request is same-origin: ``Sec-Fetch-Site:
same-origin`` and/or an ``Origin`` equal to ours, falling back to a same-origin ``Referer``
for old browsers that send neither. A cross-site form can forge none of these, and a request
that carries none of them is refused with 403. See `check_same_origin`.
"""

from urllib.parse import urlsplit

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import cookies, ratelimit, state
from .addresses import client_ip
from .conf import settings
from .models import ConsentMethod, ConsentPolicyVersion, ConsentRecord
from .policy import consent_config, invalidate_config
from .records import new_consent_id, record_choice, resolve_method

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


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "") or bool(
        request.headers.get("X-Requested-With")
    )


def error_response(request, status, message, **headers):
    if wants_json(request):
        response = JsonResponse({"ok": False, "error": message}, status=status)
    else:
        response = render(
            request, "consent/error.html", {"message": message, "page_title": "Cookie choice"}
        )
        response.status_code = status
    patch_cache_control(response, no_store=True)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _own_origin(request):
    return f"{request.scheme}://{request.get_host()}"


def _trusted(origin, request):
    return origin == _own_origin(request) or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def check_same_origin(request):
    """None when the POST may proceed, otherwise the reason it may not."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return None  # Django's test client, exactly as CsrfViewMiddleware treats it
    if request.headers.get("X-CSRFToken") or request.POST.get("csrfmiddlewaretoken"):
        middleware = CsrfViewMiddleware(lambda r: None)
        middleware.process_request(request)
        if middleware.process_view(request, None, (), {}) is None:
            return None
        return "The form's security token was not valid. Reload the page and try again."

    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetch_site is not None and fetch_site != "same-origin":
        return "Cookie choices can only be sent from this site."
    if origin is not None:
        return None if _trusted(origin, request) else "Cross-site cookie choices are refused."
    if fetch_site == "same-origin":
        return None
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        if _trusted(f"{parts.scheme}://{parts.netloc}", request):
            return None
        return "Cross-site cookie choices are refused."
    return "This request is missing its CSRF token, so the choice was not saved."


def _body_error(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(length)
    except ValueError:
        return ChoiceError(400, "The request has an invalid Content-Length.")
    if length > settings.CONSENT_MAX_BODY_BYTES:
        return ChoiceError(413, "The request body is too large for a cookie choice.")
    if length and request.content_type not in FORM_TYPES:
        return ChoiceError(415, "Send the cookie choice as an HTML form.")
    return None


def _form_data(request):
    try:
        return request.POST
    except RequestDataTooBig as exc:
        raise ChoiceError(413, "The request body is too large for a cookie choice.") from exc
    except (SuspiciousOperation, ValueError) as exc:
        raise ChoiceError(400, "The cookie choice form could not be read.") from exc


def parse_decisions(action, data, config):
    """Decisions for every optional group from a submitted form; ChoiceError if invalid.

    ``cookie_groups`` (django-cookie-consent's field name) lists groups: on the preferences
    endpoint they are the groups switched on; on accept/decline they are checked but the
    endpoint always applies to every optional group."""
    optional = config["optional"]
    required = config["required"]
    listed = data.getlist("cookie_groups")
    if len(listed) > 50 or any(len(name) > 64 for name in listed):
        raise ChoiceError(400, "Too many or too long cookie group names.")
    unknown = sorted({name for name in listed if name not in optional and name not in required})
    if unknown:
        raise ChoiceError(400, f"Unknown cookie group: {', '.join(unknown)}.")
    if action == "decline":
        blocked = sorted(name for name in set(listed) if name in required)
        if blocked:
            raise ChoiceError(
                400, f"{', '.join(blocked)} cookies are required and cannot be declined."
            )
    if action == "accept":
        return {group: True for group in optional}
    if action == "preferences":
        return {group: group in listed for group in optional}
    return {group: False for group in optional}  # decline and GPC


def _policy_version(data, config):
    raw = data.get("policy_version", "")
    if not raw:
        version = ConsentPolicyVersion.objects.filter(pk=config["version"]).first()
        if version is None:  # a cache that outlived its database; rebuild it once
            invalidate_config()
            version = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
        return version
    # isascii: str.isdigit() also accepts "²" (int() raises) and other scripts' digits.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        raise ChoiceError(400, "The policy version is not a number.")
    version = ConsentPolicyVersion.objects.filter(pk=int(raw)).first()
    if version is None:
        raise ChoiceError(400, "The policy version you were shown does not exist.")
    return version


def safe_next(request, data):
    host = request.get_host()
    for candidate in (data.get("next", ""), request.headers.get("Referer", "")):
        if not candidate or len(candidate) > 2000:
            continue
        if url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={host}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            path = parts.path or "/"
            return f"{path}?{parts.query}" if parts.query else path
    return "/"


@csrf_exempt  # see the module docstring: check_same_origin does the CSRF check
def choose(request, action):
    if request.method != "POST":
        return error_response(
            request, 405, "Cookie choices are sent with POST from the cookie banner.", Allow="POST"
        )
    allowed, retry_after = ratelimit.hit(ratelimit.client_key(request))
    if not allowed:
        return error_response(
            request,
            429,
            "Too many cookie choices from your connection. Please wait a minute and try again.",
            Retry_After=str(retry_after),
        )
    try:
        if problem := _body_error(request):
            raise problem
        data = _form_data(request)
        if reason := check_same_origin(request):
            raise ChoiceError(403, reason)
        config = consent_config()
        decisions = parse_decisions(action, data, config)
        version = _policy_version(data, config)
    except ChoiceError as exc:
        return error_response(request, exc.status, exc.message)

    previous = state.from_request(request)
    if action == "gpc":
        if request.headers.get("Sec-GPC") != "1":
            return error_response(request, 400, "No Global Privacy Control signal was sent.")
        if previous.is_current(config["version"]):
            # An explicit choice stands; GPC only answers for visitors who have not chosen.
            return _choice_response(request, data, previous, None, stored=False)

    consent_id = previous.consent_id if previous.is_valid else new_consent_id()
    in_force = previous.accepted if previous.is_current(config["version"]) else frozenset()
    method = resolve_method(ACTIONS[action], in_force, decisions)
    record, stored = record_choice(
        consent_id=consent_id,
        method=method,
        decisions=decisions,
        policy_version=version,
        path=safe_next(request, data),
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )
    decided_at = record.created_at if record is not None else timezone.now()
    new_state = state.ConsentState(
        status=state.VALID,
        consent_id=consent_id,
        policy_version=version.pk,
        decided_at=decided_at,
        method=method,
        accepted=frozenset(g for g, ok in decisions.items() if ok),
    )
    response = _choice_response(request, data, new_state, record, stored=stored)
    state.set_cookie(
        response,
        request,
        state.encode(consent_id, version.pk, decided_at, method, new_state.accepted),
    )
    refused = {name for name, accepted in decisions.items() if not accepted}
    cookies.set_library_cookie(response, decisions)
    cookies.expire_refused(request, response, refused, config)
    return response


def _choice_response(request, data, new_state, record, *, stored):
    if wants_json(request):
        response = JsonResponse(
            {
                "ok": True,
                "stored": stored,
                "record": record.pk if record is not None else None,
                "consentId": str(new_state.consent_id) if new_state.consent_id else None,
                "version": new_state.policy_version,
                "method": new_state.method,
                "accepted": sorted(new_state.accepted),
                "decidedAt": new_state.decided_at.isoformat() if new_state.decided_at else None,
            }
        )
    else:
        response = HttpResponseRedirect(safe_next(request, data))
        response.status_code = 303  # POST → GET
    patch_cache_control(response, no_store=True)
    return response


def latest_record(consent_state):
    if not consent_state.is_valid:
        return None
    records = ConsentRecord.objects.select_related("policy_version")
    return records.latest_for(consent_state.consent_id)


@require_safe
def cookie_policy(request):
    """The policy generated from the registry, plus this visitor's own choice and form."""
    config = consent_config()
    current = state.from_request(request)
    is_current = current.is_current(config["version"])
    record = latest_record(current)
    groups = config["groups"]
    context = {
        "page_title": "Cookie policy",
        "config": config,
        "groups": groups,
        "optional_groups": [g for g in groups if not g["is_required"]],
        "required_groups": [g for g in groups if g["is_required"]],
        "consent_state": current,
        "is_current": is_current,
        "record": record,
        "accepted": current.accepted if is_current else frozenset(),
        "gpc": request.headers.get("Sec-GPC") == "1",
        "stale_reason": _stale_reason(current, config),
    }
    response = render(request, "consent/policy.html", context)
    # This one page is personal (it shows the visitor's own consent id), so never shared.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _stale_reason(current, config):
    if not current.is_valid or current.is_current(config["version"]):
        return ""
    if current.policy_version != config["version"]:
        return "Our cookie policy has changed since you chose, so please choose again."
    return "Your earlier choice has expired, so please choose again."


@require_safe
def state_css(request):
    """Only fetched by browsers without JavaScript (a <link> inside <noscript>): hides the
    banner once this visitor has a current choice, so cached HTML still works for them."""
    current = state.from_request(request)
    decided = current.is_current(consent_config()["version"])
    body = "#consent-banner{display:none}\n" if decided else "/* undecided */\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    # no-store, not no-cache: browsers reuse a no-cache stylesheet from memory when the
    # form redirects back to the same URL, and the banner would not disappear.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@csrf_exempt  # stateless: stores nothing and changes nothing
def analytics_collect(request):
    """Endpoint for the demo analytics script, so tests can watch analytics traffic without
    the internet. It deliberately stores nothing."""
    if request.method not in ("GET", "POST", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST, HEAD"})
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response
