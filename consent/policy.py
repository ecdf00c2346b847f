"""The cookie registry as visitors see it, and the policy version that pins it down.

Everything a page needs for the banner is built once and cached (`consent_config`), so a
page render costs no queries once warm; saving a group, a cookie, its details or the
wording clears the cache and writes the new policy version (see signals.py).
"""

import logging

from cookie_consent.models import CookieGroup
from django.core.cache import cache
from django.db import IntegrityError, transaction
from wagtail.models import Site

from .conf import settings
from .models import AnalyticsSettings, ConsentPolicyVersion, ConsentTextSettings

logger = logging.getLogger(__name__)

CONFIG_CACHE_KEY = "consent:config:v1"
CONFIG_CACHE_TIMEOUT = 300


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


def wording():
    texts = ConsentTextSettings.load()
    return {
        "banner_title": texts.banner_title,
        "banner_text": texts.banner_text,
        "preferences_text": texts.preferences_text,
        "policy_text": texts.policy_text,
    }


def policy_text(words, groups):
    """The canonical plain text of what a visitor is asked: hashed and stored per version."""
    lines = [
        "# Banner",
        words["banner_title"],
        words["banner_text"],
        "",
        "# Preferences",
        words["preferences_text"],
        "",
        "# Cookie policy",
        words["policy_text"],
        "",
        "# Cookie registry",
    ]
    for group in groups:
        required = "required, always on" if group["is_required"] else "optional"
        lines.append(f"## {group['name']} [{group['varname']}] ({required})")
        lines.append(group["description"])
        for cookie in group["cookies"]:
            lines.append(
                f"- {cookie['name']} | purpose: {cookie['purpose'] or 'not stated'}"
                f" | lifetime: {cookie['lifetime'] or 'not stated'}"
                f" | provider: {cookie['provider'] or 'not stated'}"
                f" | domain: {cookie['domain'] or 'this site'} | path: {cookie['path']}"
            )
        lines.append("")
    return "\n".join(line.replace("\r\n", "\n") for line in lines).strip() + "\n"


def ensure_policy_version(text):
    """The latest version if its text matches, otherwise a new version superseding it."""
    digest = ConsentPolicyVersion.digest(text)
    for _attempt in range(3):
        latest = ConsentPolicyVersion.objects.order_by("-pk").first()
        if latest is not None and latest.sha256 == digest:
            return latest
        try:
            with transaction.atomic():
                return ConsentPolicyVersion.objects.create(text=text, supersedes=latest)
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


def build_config():
    groups = registry_snapshot()
    shown = shown_registry(groups)
    words = wording()
    version = ensure_policy_version(policy_text(words, shown))
    return {
        "version": version.pk,
        "sha256": version.sha256,
        "words": words,
        # Every cookie the registry knows, so refused ones are expired whichever provider
        # set them (cookies.py, middleware.py); shown_groups is what /cookies/ lists.
        "groups": groups,
        "shown_groups": shown,
        "optional": [g["varname"] for g in groups if not g["is_required"]],
        "required": [g["varname"] for g in groups if g["is_required"]],
    }


def cached_config():
    config = cache.get(CONFIG_CACHE_KEY)
    if config is None:
        config = build_config()
        cache.set(CONFIG_CACHE_KEY, config, CONFIG_CACHE_TIMEOUT)
    return config


def consent_config():
    """What pages need for the banner. Where the cache is not shared (no Redis), a change
    saved by another process cannot clear this process's copy, so every use checks the
    newest policy version first (one small query), as choices always do."""
    if getattr(settings, "SHARED_CACHE", False):
        return cached_config()
    return consent_config_in_force()


def invalidate_config():
    cache.delete(CONFIG_CACHE_KEY)


def consent_config_in_force():
    """consent_config(), rebuilt first if the database already holds a newer policy version.

    A change clears the cached config through the shared cache (Redis), but while Redis is
    away each server caches in its own memory, which a change made through another server
    cannot clear. A choice must be recorded against the text in force, so the choice view
    pays one small query to compare (the newest version is always the one in force)."""
    config = cached_config()
    newest = ConsentPolicyVersion.objects.order_by("-pk").values_list("pk", flat=True).first()
    if newest is not None and newest != config["version"]:
        invalidate_config()
        config = cached_config()
    return config


def current_version_id():
    return consent_config()["version"]


ANALYTICS_FIELDS = (
    "enabled",
    "provider",
    "ga4_measurement_id",
    "plausible_domain",
    "plausible_script_url",
    "matomo_url",
    "matomo_site_id",
    "custom_script_url",
)


def analytics_cache_key(site_id):
    return f"consent:analytics:v1:{site_id}"


def read_analytics_config(site):
    settings_obj = AnalyticsSettings.for_site(site)
    config = {"active": settings_obj.is_active}
    config.update({name: getattr(settings_obj, name) for name in ANALYTICS_FIELDS})
    config["matomo_base"] = settings_obj.matomo_base if settings_obj.matomo_url else ""
    return config


def analytics_config(site):
    """The site's analytics settings as a dict (None when off or incomplete).

    Cached only where every process shares the cache (settings.SHARED_CACHE, i.e. Redis):
    in one process's memory a change saved by another (a second worker, `manage.py shell`)
    could not clear it, and a page purged everywhere would be re-rendered with the old
    provider while the CSP named the old origins. Without a shared cache it costs one small
    query per render instead."""
    if site is None:
        return None
    if not getattr(settings, "SHARED_CACHE", False):
        config = read_analytics_config(site)
    else:
        key = analytics_cache_key(site.pk)
        config = cache.get(key)
        if config is None:
            config = read_analytics_config(site)
            cache.set(key, config, CONFIG_CACHE_TIMEOUT)
    return config if config["active"] else None


# Which analytics cookies each provider sets, by name prefix. The registry lists the cookies
# of every provider we support; /cookies/ shows only those of the provider actually
# configured. "custom" (our first-party script) owns whatever no named provider claims.
ANALYTICS_GROUP = "analytics"
PROVIDER_COOKIE_PREFIXES = {
    "ga4": ("_ga",),
    "matomo": ("_pk_",),
    "plausible": (),  # Plausible sets no cookies
}


def _provider_owns(provider, name):
    if provider in PROVIDER_COOKIE_PREFIXES:
        return name.startswith(PROVIDER_COOKIE_PREFIXES[provider]) if name else False
    claimed = [p for prefixes in PROVIDER_COOKIE_PREFIXES.values() for p in prefixes]
    return not name.startswith(tuple(claimed))


def groups_for_provider(groups, analytics):
    """The registry's groups with the analytics group narrowed to the configured provider's
    cookies (none at all when analytics is off). `analytics` is `analytics_config(site)`."""
    provider = analytics["provider"] if analytics else None
    narrowed = []
    for group in groups:
        if group["varname"] == ANALYTICS_GROUP:
            cookies = [
                c for c in group["cookies"] if provider and _provider_owns(provider, c["name"])
            ]
            group = {**group, "cookies": cookies}
        narrowed.append(group)
    return narrowed
