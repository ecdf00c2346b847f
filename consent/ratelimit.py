"""Fixed-window counters kept in a Django cache: submissions per client per minute, and new
consent ids per network per day.

With Redis (REDIS_URL) the counters are shared by every gunicorn worker; `add` + `incr` are
atomic there. Clients are keyed by a hash of their address so raw IPs never reach the cache.

Why the second counter: a post without a consent cookie always starts a new consent id, and
the per-client allowance is per IPv4 address or IPv6 /64, so one client holding an IPv6 /48
could write 65,536 x 30 records a minute, each kept for the retention period. New ids are
therefore also counted per /24 or /48 (the networks records keep, addresses.truncate_ip) per
UTC day. A post carrying a valid consent cookie updates its own id and is never counted, so
a visitor can always change their mind.
"""

import hashlib
import hmac
import time

from django.core.cache import caches

from astermind_site.addresses import client_ip, ip_hash_key, rate_limit_subject, truncate_ip

from .conf import settings

DAY = 24 * 60 * 60


def client_key(request):
    # The full IPv4 address (not the /24 the records keep: neighbours must not share a
    # budget), but an IPv6 /64, which one visitor can walk through at will.
    subject = rate_limit_subject(client_ip(request))
    return hmac.new(ip_hash_key(), f"rate:{subject}".encode(), hashlib.sha256).hexdigest()[:32]


def network_key(request):
    """Who shares the new-consent-id allowance: the client's /24 or /48 network."""
    subject = truncate_ip(client_ip(request)) or "unknown"
    return hmac.new(ip_hash_key(), f"newid:{subject}".encode(), hashlib.sha256).hexdigest()[:32]


def window_key(key, now=None, window=None, kind="rate"):
    window = max(1, window or settings.CONSENT_RATE_LIMIT_WINDOW)
    return f"consent:{kind}:{key}:{int((now or time.time()) // window)}"


def hit(key, now=None):
    """Count one request; return (allowed, retry_after_seconds)."""
    return count(key, settings.CONSENT_RATE_LIMIT, settings.CONSENT_RATE_LIMIT_WINDOW, now=now)


def hit_new_id(key, now=None):
    """Count one new consent id for a network; (allowed, seconds until the next UTC day)."""
    limit = settings.CONSENT_NEW_IDS_PER_NETWORK_PER_DAY
    return count(key, limit, DAY, now=now, kind="newid")


def count(key, limit, window, *, now=None, kind="rate"):
    """Count one event in `key`'s current window; (allowed, retry_after_seconds). Windows are
    aligned to the epoch, so a day's window is a UTC day."""
    if limit <= 0:
        return True, 0
    window = max(1, window)
    cache = caches[settings.CONSENT_RATE_LIMIT_CACHE]
    counter = window_key(key, now, window, kind)
    if cache.add(counter, 1, timeout=window + 1):
        seen = 1
    else:
        try:
            seen = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=window + 1)
            seen = 1
    now = now or time.time()
    retry_after = int(window - (now % window)) + 1
    return seen <= limit, retry_after
