"""Sign-in throttling: django-axes, told to keep as little about a client as it can.

Axes (settings in base.py, "Sign-in throttling") counts failed sign-ins and refuses further
attempts once a limit is reached. This module supplies the three things it lets a project
replace, so that nothing it stores is a raw address or a browser fingerprint:

* `client_pseudonym`: the "IP address" axes keeps is a keyed hash of the client's address,
  written as an IPv6 unique-local address (fd00::/8) because axes stores it in a
  GenericIPAddressField. The same client always gets the same pseudonym (so counting works),
  nobody without the key can turn it back into an address, and rotating
  CONSENT_IP_HASH_SECRET forgets every one. The client's address is found exactly as the
  consent app finds it (addresses.py, honouring CONSENT_TRUSTED_PROXY_COUNT), and an
  IPv6 client is counted by its /64, which one subscriber can walk through at will.
* `PrivateDatabaseHandler`: axes's database handler with the user agent and Accept header
  left empty, and with a second, larger limit for an address on its own (see
  `effective_failures`).
* `lockout_response`: the page a locked-out client sees instead of the sign-in form.

Which neighbour does what next: axes's own middleware turns a lockout into our response; the
superuser screen that lists and clears lockouts is registered in astermind_site/wagtail_hooks.py.
"""

import hashlib
import hmac
import ipaddress
import math

from axes.backends import AxesBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from astermind_site.addresses import client_ip, ip_hash_key, rate_limit_subject

LOCKOUT_TEMPLATE = "wagtailadmin/login_locked.html"


def client_pseudonym(request):
    """A stable, keyed stand-in for the client's address, shaped as an IPv6 ULA."""
    subject = rate_limit_subject(client_ip(request))
    digest = hmac.new(ip_hash_key(), f"login:{subject}".encode(), hashlib.sha256).digest()
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))


def effective_failures(per_account, per_address, account_limit, address_limit):
    """One number axes can compare with its single limit, for two limits of our own.

    Axes locks when the failures it counts reach AXES_FAILURE_LIMIT, taking the largest count
    over its lockout parameters. We count two things with different limits: one account from
    one address (a forgotten password; AXES_FAILURE_LIMIT) and every account from one address
    (password spraying; LOGIN_FAILURE_LIMIT_PER_ADDRESS, larger so colleagues behind one office
    address do not lock each other out at once). The address count is scaled onto the account
    limit, so the lock falls exactly when either count reaches its own limit."""
    if address_limit <= 0:
        return per_account
    return max(per_account, math.floor(per_address * account_limit / address_limit))


class PrivateDatabaseHandler(AxesDatabaseHandler):
    """Axes's database handler, keeping no user agent or Accept header, with two limits.

    Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]."""

    @staticmethod
    def _forget_browser(request):
        if request is not None:
            request.axes_user_agent = ""
            request.axes_http_accept = ""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        self._forget_browser(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        self._forget_browser(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        self._forget_browser(request)
        return super().user_logged_out(sender, request, user, **kwargs)

    def get_failures(self, request, credentials=None):
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:  # parameters set differently: axes's own rule
            return max(counts, default=0)
        per_account, per_address = counts
        return effective_failures(
            per_account,
            per_address,
            get_failure_limit(request, credentials),
            settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
        )


class RequestAxesBackend(AxesBackend):
    """Axes's lockout check for sign-ins that come with a request (every web sign-in).

    Axes refuses to authenticate without a request; a call without one (a management command,
    a shell, a test client's `login`) has no client address to throttle, so it is left to the
    next backend instead of failing. It never signs anyone in itself (ModelBackend, next in
    AUTHENTICATION_BACKENDS, does), but as the first backend it is the one a session made by
    `force_login` names, so it keeps ModelBackend's `get_user` (AxesBackend's base)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """Our friendly page (status AXES_HTTP_RESPONSE_CODE, 429) with a Retry-After header."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(
        request,
        LOCKOUT_TEMPLATE,
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    patch_cache_control(response, no_store=True, private=True)
    return response
