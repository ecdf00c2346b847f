from django.apps import AppConfig

from . import conf  # noqa: F401  (puts the PAGE_CACHE_* defaults on django.conf.settings)


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # After wagtail.contrib.frontend_cache's ready() (INSTALLED_APPS order), whose purge
        # on publish this takes off: signals.py says why.
        from astermind_site import kept

        from . import signals, versioned

        signals.connect()
        kept.register(versioned.cached, versioned.shell)
