"""What the banner, head and footer templates need, in the page's language (the active one,
which the URL decides). Nothing here reads the visitor's cookies: the output is identical for
every visitor of a URL, so pages stay cacheable."""

import logging

from django import template
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Site

from consent.analytics import analytics_config
from consent.conf import settings
from consent.policy import consent_config
from consent.state import choice_max_age

register = template.Library()
logger = logging.getLogger(__name__)


def name_in_sentence(name, language):
    """A group's name as it reads inside a sentence: English lower-cases the first letter
    ("analytics", but "embedded media: YouTube" keeps its capital Y); German nouns keep
    their capital ("Statistik")."""
    if language == "en" and name:
        return name[0].lower() + name[1:]
    return name


def client_text():
    """Every sentence consent.js writes, in the active language (the script holds none).
    {accepted} and {rejected} are lists of group names the script fills in."""
    return {
        "acceptedAll": gettext("You accepted {accepted} cookies."),
        "rejectedAll": gettext("You rejected {rejected} cookies."),
        "mixed": gettext("You accepted {accepted} cookies and rejected {rejected} cookies."),
        # Joins the last two names of a list: "analytics and personalisation".
        "and": gettext(" and "),
        "saved": gettext("Your cookie choices have been saved."),
        "failed": gettext("Sorry, your choice could not be saved. Please try again."),
    }


def client_config(config):
    """The JSON consent.js reads: endpoints, which cookies to expire per group, and its
    sentences in the page's language."""
    return {
        # The version this page's text is (sent with a choice made here) and the versions in
        # force in every language (a choice under any of them stands: state.is_current).
        "version": config["version"],
        "versions": sorted(config["in_force"].values()),
        "language": config["language"],
        "optional": config["optional"],
        "names": {
            group["varname"]: group["name"]
            for group in config["groups"]
            if not group["is_required"]
        },
        # For the confirmation that replaces the banner ("You accepted analytics cookies.").
        "sentenceNames": {
            group["varname"]: name_in_sentence(group["name"], config["language"])
            for group in config["groups"]
            if not group["is_required"]
        },
        "text": client_text(),
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
            # Space-separated, for the boot script's data attribute.
            "versions": " ".join(str(pk) for pk in sorted(config["in_force"].values())),
            "language": config["language"],
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
