"""Client addresses: where a request came from, and the only forms of it that are ever kept.

No raw address is ever stored: consent records keep a keyed hash of its /24 or /48 network,
the rate limiters' caches (consent, CSP reports, sign-in throttling) a keyed hash of the full
address. Site-wide, so the consent app and the site's own views share one reading of
``X-Forwarded-For``; the settings keep the ``CONSENT_`` names deployments already set
(settings/consent.py).
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxies saw when we sit behind them."""
    proxies = settings.CONSENT_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def truncate_ip(ip):
    """The /24 (IPv4) or /48 (IPv6) network an address belongs to, or '' if unparseable."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def rate_limit_subject(ip):
    """Who shares one rate-limit allowance: an IPv4 address on its own, an IPv6 address by
    its /64 (one subscriber's network, whose other 2^64 addresses are free to its owner)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return ip or "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def ip_hash_key():
    """The key of every hash of a client address (records and rate-limit counters)."""
    secret = settings.CONSENT_IP_HASH_SECRET
    if secret:
        return secret.encode("utf-8")
    # Derived, not reused: the raw SECRET_KEY never keys anything but Django's own uses.
    return salted_hmac("consent.ip-hash", "key", algorithm="sha256").digest()


def hash_ip(ip):
    """Keyed SHA-256 of the truncated network; the raw address is never kept anywhere."""
    network = truncate_ip(ip)
    if not network:
        return ""
    return hmac.new(ip_hash_key(), network.encode("ascii"), hashlib.sha256).hexdigest()
