"""The cookie registry as visitors see it, and the policy version that pins it down, in each
language consent is asked in (consent/languages.py).

Everything a page needs for the banner is built once for every language and cached
(`consent_config`), so a page render costs no queries once warm; saving a group, a cookie, its
details or the wording clears the cache and writes the new policy versions (see signals.py).
Each language has its own text, SHA-256 and chain of versions: a change that only alters the
German text makes only a German version. The texts come from the settings (ConsentTextSettings)
and the translation catalogue (consent/locale/, registry_text.py).
"""

import logging

from cookie_consent.models import CookieGroup
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext, override, pgettext
from wagtail.models import Site

from .conf import settings
from .languages import (
    active_language,
    consent_languages,
    default_language,
    django_language,
    normalise,
)
from .models import (
    DEFAULT_WORDING,
    WORDING_FIELDS,
    AnalyticsSettings,
    ConsentPolicyVersion,
    ConsentTextSettings,
)
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


def wording(language=None):
    """The banner and policy wording in `language`: English exactly as saved; another language
    as saved in its own fields, or else the catalogue's translation of the default wording."""
    language = normalise(language)
    own = ConsentTextSettings.load().own_wording(language)
    if language == default_language():
        return own
    with override(django_language(language)):
        return {name: own[name] or gettext(DEFAULT_WORDING[name]) for name in WORDING_FIELDS}


def policy_text(words, groups, language=None):
    """The canonical plain text of what a visitor is asked: hashed and stored per version.

    `words` and `groups` are already in `language`; this adds the text's own headings and
    labels in it. English gives, byte for byte, the text versions were made of before there
    were languages, so the English version in force stays in force. Its headings and labels
    are looked up with the context "consent policy text", which keeps other catalogues'
    translations of short words such as "optional" out."""
    with override(django_language(language)):
        return _policy_text(words, groups)


def _policy_text(words, groups):
    not_stated = pgettext("consent policy text", "not stated")
    this_site = pgettext("consent policy text", "this site")
    lines = [
        pgettext("consent policy text", "# Banner"),
        words["banner_title"],
        words["banner_text"],
        "",
        pgettext("consent policy text", "# Preferences"),
        words["preferences_text"],
        "",
        pgettext("consent policy text", "# Cookie policy"),
        words["policy_text"],
        "",
        pgettext("consent policy text", "# Cookie registry"),
    ]
    labels = {
        "purpose": pgettext("consent policy text", "purpose"),
        "lifetime": pgettext("consent policy text", "lifetime"),
        "provider": pgettext("consent policy text", "provider"),
        "domain": pgettext("consent policy text", "domain"),
        "path": pgettext("consent policy text", "path"),
    }
    for group in groups:
        if group["is_required"]:
            required = pgettext("consent policy text", "required, always on")
        else:
            required = pgettext("consent policy text", "optional")
        lines.append(f"## {group['name']} [{group['varname']}] ({required})")
        lines.append(group["description"])
        for cookie in group["cookies"]:
            lines.append(
                f"- {cookie['name']} | {labels['purpose']}: {cookie['purpose'] or not_stated}"
                f" | {labels['lifetime']}: {cookie['lifetime'] or not_stated}"
                f" | {labels['provider']}: {cookie['provider'] or not_stated}"
                f" | {labels['domain']}: {cookie['domain'] or this_site}"
                f" | {labels['path']}: {cookie['path']}"
            )
        lines.append("")
    return "\n".join(line.replace("\r\n", "\n") for line in lines).strip() + "\n"


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
