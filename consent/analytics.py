"""The site's analytics settings as the banner, the CSP and /cookies/ read them, and which
of the registry's analytics cookies the configured provider sets.

policy.py puts the narrowed registry into each policy version (what /cookies/ lists is what a
visitor was asked about); csp.py allows the provider's origins; signals.py clears the cached
settings when they are saved.
"""

from django.core.cache import cache

from .conf import settings
from .models import AnalyticsSettings

# Seconds a site's analytics settings stay cached where the cache is shared (Redis).
ANALYTICS_CACHE_TIMEOUT = 300

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
            cache.set(key, config, ANALYTICS_CACHE_TIMEOUT)
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
