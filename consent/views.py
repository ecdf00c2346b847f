"""Public consent views: the cookie policy, the choice endpoints, and two tiny helpers.

A choice is read and checked in choice.py; its CSRF check is origin.py's (see there why the
banner form carries no token).
"""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from astermind_site.addresses import client_ip
from astermind_site.negotiation import wants_json

from . import choice, cookies, ratelimit, state
from .audit.receipt import receipt_json, visitor_history
from .models import ConsentRecord
from .origin import check_same_origin
from .policy import consent_config, consent_config_in_force
from .records import Submission, new_consent_id, record_choice, resolve_method


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


@csrf_exempt  # origin.check_same_origin does the CSRF check (see origin.py)
def choose(request, action):
    if request.method != "POST":
        return error_response(
            request, 405, "Cookie choices are sent with POST from the cookie banner.", Allow="POST"
        )
    try:
        if problem := choice.body_error(request):
            raise problem
        data = choice.form_data(request)
        if reason := check_same_origin(request):
            raise choice.ChoiceError(403, reason)
    except choice.ChoiceError as exc:
        return error_response(request, exc.status, exc.message)
    # Counted only once the post is known to come from our own pages: a cross-site page
    # must not be able to spend a visitor's allowance for them.
    allowed, retry_after = ratelimit.hit(ratelimit.client_key(request))
    if not allowed:
        return error_response(
            request,
            429,
            "Too many cookie choices from your connection. Please wait a minute and try again.",
            Retry_After=str(retry_after),
        )
    try:
        config = consent_config_in_force()
        decisions = choice.parse_decisions(action, data, config)
        version = choice.policy_version(data, config)
    except choice.ChoiceError as exc:
        return error_response(request, exc.status, exc.message)

    next_path = choice.safe_next(request, data)
    accepted, refused = choice.split_decisions(decisions)
    previous = state.from_request(request)
    if action == "gpc":
        if request.headers.get("Sec-GPC") != "1":
            return error_response(request, 400, "No Global Privacy Control signal was sent.")
        if previous.is_current(config["version"]):
            # An explicit choice stands; GPC only answers for visitors who have not chosen.
            return _choice_response(request, next_path, previous, None, stored=False)

    if not previous.is_valid and (refusal := _new_id_refusal(request)):
        return refusal
    consent_id = previous.consent_id if previous.is_valid else new_consent_id()
    in_force = previous.accepted if previous.is_current(config["version"]) else frozenset()
    method = resolve_method(choice.ACTIONS[action], in_force, decisions)
    submission = Submission(
        consent_id=consent_id,
        method=method,
        decisions=decisions,
        policy_version=version,
        path=next_path,
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )
    record, stored = record_choice(submission)
    decided_at = record.created_at if record is not None else timezone.now()
    new_state = state.ConsentState(
        status=state.VALID,
        consent_id=consent_id,
        policy_version=version.pk,
        decided_at=decided_at,
        method=method,
        accepted=accepted,
    )
    response = _choice_response(request, next_path, new_state, record, stored=stored)
    state.set_cookie(response, request, state.encode(new_state))
    cookies.set_library_cookie(response, decisions)
    cookies.expire_refused(request, response, refused, config)
    return response


def _new_id_refusal(request):
    """A 429 when the client's network has started too many consent ids today (ratelimit.py
    says why); None when this new id is allowed."""
    allowed, retry_after = ratelimit.hit_new_id(ratelimit.network_key(request))
    if allowed:
        return None
    return error_response(
        request,
        429,
        "So many new cookie choices have come from your network today that we cannot record "
        "yours just now. Until you can, nothing optional runs: the site works as if you had "
        "rejected optional cookies. Please try again tomorrow.",
        Retry_After=str(retry_after),
    )


def _choice_response(request, next_path, new_state, record, *, stored):
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
        response = HttpResponseRedirect(next_path)
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
    # Exactly the list stored in the policy version in force (policy.shown_registry).
    groups = config["shown_groups"]
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
def my_receipt(request):
    """The visitor's own signed receipt, for the consent id in their signed cookie. Personal,
    so never stored by any cache (the page cache and proxies skip no-store responses)."""
    current = state.from_request(request)
    records = list(visitor_history(current.consent_id)) if current.is_valid else []
    if not records:
        return error_response(
            request, 404, "This browser holds no recorded cookie choice, so there is no receipt."
        )
    response = HttpResponse(
        receipt_json(current.consent_id, records), content_type="application/json"
    )
    name = f"consent-receipt-{current.consent_id.hex[:8]}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


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


@require_safe
def state_json(request):
    """The visitor's consent state as the server reads it: the signature checked, the policy
    version and the choice's age too. consent.js starts nothing optional until this answers,
    because the cookie it can read itself may be forged (planted from a sibling subdomain and
    never expired where a cache strips cookies from page requests). Personal, so never stored;
    a forged cookie is expired on this very response (middleware.py)."""
    config = consent_config()
    current = state.from_request(request)
    decided = current.is_current(config["version"])
    body = {"decided": decided, "version": config["version"]}
    if decided:
        body.update(
            consentId=current.consent_id.hex,
            accepted=sorted(current.accepted),
            decidedAt=current.decided_at.isoformat(),
        )
    response = JsonResponse(body)
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
