"""Server-side housekeeping for consent: the HTML never changes, only response cookies do.

* A consent cookie that is malformed, oversized or badly signed is expired, so the page's
  script (which cannot check signatures) sees an undecided visitor from the first paint.
* Cookies of optional groups the visitor has not currently accepted (undecided, refused,
  withdrawn, expired or asked under an older policy) are expired whenever the browser sends
  them. This is opt-in by default, like django-cookie-consent's CleanCookiesMiddleware, but
  driven by our signed, versioned cookie rather than the library's.
"""

import logging

from cookie_consent.conf import settings as cc_settings

from . import state
from .conf import settings
from .cookies import expire_cookies
from .policy import consent_config

logger = logging.getLogger(__name__)

# Cookies that are never in the registry's optional groups; seeing only these, skip the work.
_ALWAYS = {"sessionid", "csrftoken", "messages"}


class ConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            self.process_response(request, response)
        except Exception:  # housekeeping must never turn a page into a 500
            logger.exception("Consent cookie housekeeping failed")
        return response

    def process_response(self, request, response):
        name = settings.CONSENT_COOKIE_NAME
        if name in response.cookies:
            # A choice view just wrote the state; judge the other cookies against it.
            current = state.decode(response.cookies[name].value or None)
        else:
            current = state.from_request(request)
            if current.status == state.INVALID:
                state.delete_cookie(response)
                if cc_settings.COOKIE_CONSENT_NAME in request.COOKIES:
                    response.delete_cookie(cc_settings.COOKIE_CONSENT_NAME)
        if not set(request.COOKIES) - _ALWAYS - {name, cc_settings.COOKIE_CONSENT_NAME}:
            return
        config = consent_config()
        not_granted = [
            group
            for group in config["groups"]
            if not group["is_required"] and not current.grants(group["varname"], config["in_force"])
        ]
        expire_cookies(request, response, not_granted)
