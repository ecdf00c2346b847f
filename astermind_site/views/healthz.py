"""/healthz for load balancers and probes, built on django-health-check.

200 when the database, the cache and file storage all work; 503 naming what is down. The
answer is plain text (or JSON when asked for), never cached, and not redirected to HTTPS
(SECURE_REDIRECT_EXEMPT) so a plain-HTTP probe sees the real state.

The storage check writes, reads and deletes a file. Anyone can call /healthz, so that write
happens at most once every HEALTHZ_STORAGE_PROBE_INTERVAL seconds per process; between
probes the last outcome is answered.
"""

import asyncio
import dataclasses
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from health_check import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from astermind_site.cache import OUTAGE_ERRORS, ResilientRedisCache

REDIS_DOWN = (
    "down: Redis is unreachable; pages are served uncached and the consent rate limit "
    "and duplicate check count per process until it returns"
)


@dataclasses.dataclass
class SharedCache(Cache):
    """The library's set-and-get round trip, plus a direct ping when the cache is Redis:
    our Redis backend keeps working from process memory during an outage, which a
    round trip alone would report as healthy."""

    async def run(self):
        backend = caches[self.alias]
        if isinstance(backend, ResilientRedisCache):
            try:
                backend.ping()
            except OUTAGE_ERRORS as error:
                raise ServiceUnavailable(REDIS_DOWN) from error
        await super().run()


class _LastProbe:
    """This process's last storage probe: when (monotonic seconds) and what it raised."""

    lock = threading.Lock()
    at = None
    error = None


clock = time.monotonic  # tests move time by replacing this


@dataclasses.dataclass
class ThrottledStorage(Storage):
    def run(self):
        with _LastProbe.lock:
            now = clock()
            due = (
                _LastProbe.at is None
                or now - _LastProbe.at >= settings.HEALTHZ_STORAGE_PROBE_INTERVAL
            )
            if due:
                try:
                    super().run()
                    _LastProbe.error = None
                except Exception as error:  # kept, and raised to each caller until the next
                    _LastProbe.error = error
                _LastProbe.at = now
            error = _LastProbe.error
        if error is not None:
            raise error.with_traceback(None)


NAMES = {Database: "database", SharedCache: "cache", ThrottledStorage: "storage"}


class HealthzView(HealthCheckView):
    checks = (Database, SharedCache, ThrottledStorage)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        status = {
            NAMES.get(type(result.check), repr(result.check)): (
                str(result.error) if result.error else "ok"
            )
            for result in self.results
        }
        down = sorted(name for name, state in status.items() if state != "ok")
        code = 503 if down else 200
        if request.get_preferred_type(["text/plain", "application/json"]) == "application/json":
            return JsonResponse({"status": "down" if down else "ok", "checks": status}, status=code)
        lines = [f"{'down: ' + ', '.join(down) if down else 'ok'}"]
        lines += [f"{name}: {state}" for name, state in status.items()]
        return HttpResponse("\n".join(lines) + "\n", status=code, content_type="text/plain")


healthz = HealthzView.as_view()
