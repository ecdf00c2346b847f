"""The policy version in force in each language consent is asked in (consent/languages.py),
and the banner configuration built around it.

Everything a page needs for the banner is built once for every language and cached
(`consent_config`), so a page render costs no queries once warm; saving a group, a cookie, its
details or the wording clears the cache and writes the new policy versions (see signals.py).
Each language has its own text, SHA-256 and chain of versions: a change that only alters the
German text makes only a German version. The text itself is written by policy_text.py (from
the settings and the translation catalogue, registry_text.py); which analytics cookies the
registry shows is analytics.py's.
"""

import logging

from cookie_consent.models import CookieGroup
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from wagtail.models import Site

from .analytics import analytics_config, groups_for_provider
from .conf import settings
from .languages import active_language, consent_languages, normalise
from .models import ConsentPolicyVersion
from .policy_text import policy_text, wording
from .registry_text import translated_groups

logger = logging.getLogger(__name__)

# One entry for every language at once, so the versions in force always agree with each other.
CONFIG_CACHE_KEY = "consent:config:v2"
CONFIG_CACHE_TIMEOUT = 300
# The keys earlier releases cached under, cleared with the rest.
OLD_CONFIG_CACHE_KEYS = ("consent:config:v1",)


def registry_snapshot():
    """Groups in display order, each with its cookies and their details, as plain dicts."""
    groups = []
    for group in CookieGroup.objects.order_by("ordering", "pk").prefetch_related(
        "cookie_set__details"
    ):
        cookies = []
        for cookie in sorted(group.cookie_set.all(), key=lambda c: (c.name, c.pk)):
            details = getattr(cookie, "details", None)
            cookies.append(
                {
                    "name": cookie.name,
                    "purpose": cookie.description,
                    "lifetime": details.lifetime if details else "",
                    "provider": details.provider if details else "",
                    "path": cookie.path or "/",
                    "domain": cookie.domain,
                }
            )
        groups.append(
            {
                "varname": group.varname,
                "name": group.name or group.varname,
                "description": group.description,
                "is_required": group.is_required,
                "is_deletable": group.is_deletable,
                "cookies": cookies,
            }
        )
    return groups


def ensure_policy_version(text, language=None):
    """The latest version in `language` if its text matches, otherwise a new version in that
    language superseding it. Other languages' versions are never touched."""
    language = normalise(language)
    digest = ConsentPolicyVersion.digest(text)
    for _attempt in range(3):
        latest = ConsentPolicyVersion.objects.filter(language=language).order_by("-pk").first()
        if latest is not None and latest.sha256 == digest:
            return latest
        try:
            with transaction.atomic():
                return ConsentPolicyVersion.objects.create(
                    text=text, supersedes=latest, language=language
                )
        except IntegrityError:
            # Another worker wrote the successor first; read it and compare again.
            logger.info("Policy version race lost; re-reading the latest version")
    raise RuntimeError("Could not settle on a consent policy version")


def shown_registry(groups):
    """The registry exactly as the public /cookies/ page lists it: the analytics group
    narrowed to the provider the default site has configured. The policy version stores
    this list, and the page renders this list (config["shown_groups"]), so what an auditor
    reads in a version is what the visitor was shown."""
    site = Site.objects.filter(is_default_site=True).first()
    return groups_for_provider(groups, analytics_config(site))


def build_language_config(language, registry, in_force):
    groups = translated_groups(registry, language)
    shown = shown_registry(groups)
    words = wording(language)
    version = ensure_policy_version(policy_text(words, shown, language), language)
    in_force[language] = version.pk
    return {
        "language": language,
        "version": version.pk,
        "sha256": version.sha256,
        # The version in force in every language, shared by all (filled in by build_configs):
        # a choice made under any of them is current (state.ConsentState.is_current).
        "in_force": in_force,
        "words": words,
        # Every cookie the registry knows, so refused ones are expired whichever provider
        # set them (cookies.py, middleware.py); shown_groups is what /cookies/ lists.
        "groups": groups,
        "shown_groups": shown,
        "optional": [g["varname"] for g in groups if not g["is_required"]],
        "required": [g["varname"] for g in groups if g["is_required"]],
    }


def build_configs():
    """{language: config} for every consent language, from one read of the registry."""
    registry = registry_snapshot()
    in_force = {}
    return {
        language: build_language_config(language, registry, in_force)
        for language in consent_languages()
    }


def cached_configs():
    configs = cache.get(CONFIG_CACHE_KEY)
    if configs is None:
        configs = build_configs()
        cache.set(CONFIG_CACHE_KEY, configs, CONFIG_CACHE_TIMEOUT)
    return configs


def consent_config(language=None):
    """What pages need for the banner, in `language` (default: the page's, i.e. the active
    language). Where the cache is not shared (no Redis), a change saved by another process
    cannot clear this process's copy, so every use checks the newest policy versions first
    (one small query), as choices always do."""
    language = normalise(language) if language else active_language()
    if getattr(settings, "SHARED_CACHE", False):
        return cached_configs()[language]
    return consent_config_in_force(language)


def invalidate_config():
    cache.delete_many([CONFIG_CACHE_KEY, *OLD_CONFIG_CACHE_KEYS])


def newest_versions():
    """{language: pk of its newest policy version}, in one query."""
    rows = ConsentPolicyVersion.objects.values("language").annotate(newest=Max("pk")).order_by()
    return {row["language"]: row["newest"] for row in rows}


def consent_config_in_force(language=None):
    """consent_config(), rebuilt first if the database already holds a newer policy version
    in any language.

    A change clears the cached config through the shared cache (Redis), but while Redis is
    away each server caches in its own memory, which a change made through another server
    cannot clear. A choice must be recorded against the text in force, so the choice view
    pays one small query to compare (the newest version of a language is its one in force)."""
    language = normalise(language) if language else active_language()
    configs = cached_configs()
    newest = newest_versions()
    if any(
        lang in newest and newest[lang] != config["version"] for lang, config in configs.items()
    ):
        invalidate_config()
        configs = cached_configs()
    return configs[language]


def current_version_id(language=None):
    return consent_config(language)["version"]


def versions_in_force():
    """The pk of the version in force in each language: a choice under any of them stands."""
    return frozenset(consent_config()["in_force"].values())
