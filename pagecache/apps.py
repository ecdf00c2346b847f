from django.apps import AppConfig

from . import conf  # noqa: F401  (puts the PAGE_CACHE_* defaults on django.conf.settings)


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import signals  # noqa: F401  (connects the content-change receivers)
