"""A fixed-window counter per client, kept in a Django cache.

With Redis (REDIS_URL) the counter is shared by every gunicorn worker; `add` + `incr` are
atomic there. Clients are keyed by a hash of their address so raw IPs never reach the cache.
"""

import hashlib
import hmac
import time

from django.core.cache import caches

from .addresses import client_ip, ip_hash_key, rate_limit_subject
from .conf import settings


def client_key(request):
    # The full IPv4 address (not the /24 the records keep: neighbours must not share a
    # budget), but an IPv6 /64, which one visitor can walk through at will.
    subject = rate_limit_subject(client_ip(request))
    return hmac.new(ip_hash_key(), f"rate:{subject}".encode(), hashlib.sha256).hexdigest()[:32]


def window_key(key, now=None):
    window = max(1, settings.CONSENT_RATE_LIMIT_WINDOW)
    return f"consent:rate:{key}:{int((now or time.time()) // window)}"


def hit(key, now=None):
    """Count one request; return (allowed, retry_after_seconds)."""
    limit = settings.CONSENT_RATE_LIMIT
    if limit <= 0:
        return True, 0
    window = max(1, settings.CONSENT_RATE_LIMIT_WINDOW)
    cache = caches[settings.CONSENT_RATE_LIMIT_CACHE]
    counter = window_key(key, now)
    if cache.add(counter, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=window + 1)
            count = 1
    now = now or time.time()
    retry_after = int(window - (now % window)) + 1
    return count <= limit, retry_after
