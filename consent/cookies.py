"""Cookies other than our signed state cookie: django-cookie-consent's own cookie, and
expiring the cookies of groups a visitor has not (or no longer) accepted. Used by the choice
views when a choice is made and by the middleware on every other response."""

from cookie_consent.cache import all_cookie_groups
from cookie_consent.conf import settings as cc_settings
from cookie_consent.util import set_cookie_dict_to_response


def _matches(pattern, name):
    return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern


def expire_cookies(request, response, groups):
    """Expire every cookie of `groups` the browser sent, unless the response sets it anew."""
    for group in groups:
        if group["is_required"] or not group.get("is_deletable", True):
            continue
        for cookie in group["cookies"]:
            for name in request.COOKIES:
                if _matches(cookie["name"], name) and name not in response.cookies:
                    response.delete_cookie(
                        name, path=cookie["path"] or "/", domain=cookie["domain"] or None
                    )


def set_library_cookie(response, decisions):
    """django-cookie-consent's own cookie, so its template tags and views agree with ours."""
    groups = all_cookie_groups()
    values = {
        name: (groups[name].get_version() if accepted else cc_settings.COOKIE_CONSENT_DECLINE)
        for name, accepted in decisions.items()
        if name in groups
    }
    set_cookie_dict_to_response(response, values)


def expire_refused(request, response, refused, config):
    """Expire the cookies of the groups a choice has just refused."""
    expire_cookies(request, response, [g for g in config["groups"] if g["varname"] in refused])
