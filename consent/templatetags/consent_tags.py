"""What the banner, head and footer templates need. Nothing here reads the visitor's
cookies: the output is identical for every visitor, so pages stay cacheable."""

import logging

from django import template
from django.urls import reverse
from wagtail.models import Site

from consent.conf import settings
from consent.policy import analytics_config, consent_config
from consent.state import choice_max_age

register = template.Library()
logger = logging.getLogger(__name__)


def client_config(config):
    """The JSON consent.js reads: endpoints and which cookies to expire per group."""
    return {
        "version": config["version"],
        "optional": config["optional"],
        # For the confirmation that replaces the banner ("You accepted analytics cookies.").
        "names": {
            group["varname"]: group["name"]
            for group in config["groups"]
            if not group["is_required"]
        },
        "cookies": {
            group["varname"]: [
                [cookie["name"], cookie["path"], cookie["domain"]] for cookie in group["cookies"]
            ]
            for group in config["groups"]
            if not group["is_required"] and group.get("is_deletable", True)
        },
        "gpcUrl": reverse("consent_gpc"),
        "preferencesUrl": reverse("consent_preferences"),
        # The server's reading of the signed cookie, which the script waits for (views.py).
        "stateUrl": reverse("consent_state_json"),
    }


@register.simple_tag(takes_context=True)
def consent_page_config(context):
    """Everything the consent templates render, or None (and nothing renders) on failure."""
    request = context.get("request")
    if request is not None and hasattr(request, "_consent_page_config"):
        return request._consent_page_config
    try:
        config = consent_config()
        site = Site.find_for_request(request) if request is not None else None
        page_config = {
            "version": config["version"],
            "words": config["words"],
            "groups": config["groups"],
            "required_groups": [g for g in config["groups"] if g["is_required"]],
            "optional_groups": [g for g in config["groups"] if not g["is_required"]],
            "cookie_name": settings.CONSENT_COOKIE_NAME,
            "max_age": int(choice_max_age().total_seconds()),
            "analytics": analytics_config(site),
            "client": client_config(config),
        }
    except Exception:  # a broken registry must not take every page down with it
        logger.exception("Consent configuration unavailable; rendering pages without banner")
        page_config = None
    if request is not None:  # head, banner and footer share one computation per request
        request._consent_page_config = page_config
    return page_config
