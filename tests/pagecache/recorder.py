"""A frontend-cache backend standing in for Varnish: it remembers every URL it is sent."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)
