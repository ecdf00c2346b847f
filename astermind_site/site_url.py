"""The site's public address: one setting (SITE_BASE_URL) that every absolute URL follows.

Wagtail builds page URLs (canonical, Open Graph, sitemap, feed items) from its `Site`
record, so that record takes its hostname and port from SITE_BASE_URL the first time
(while it still has Wagtail's placeholder address); after that editors own it in the admin.
Absolute URLs that are not pages (tag listings, robots.txt, images) use the same root.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

# What Wagtail's first migration gives the default site.
PLACEHOLDER_ADDRESS = ("localhost", 80)
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_base_url(base_url):
    """(hostname, port) of a base URL such as https://learn.example.com or http://127.0.0.1:8000."""
    parts = urlsplit(base_url or "")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_BASE_URL must look like https://learn.example.com, not {base_url!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured("SITE_BASE_URL is a bare origin: no path, query or fragment.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise ImproperlyConfigured(f"SITE_BASE_URL has a bad port: {base_url!r}.") from error
    if parts.scheme == "https" and port == 80 or parts.scheme == "http" and port == 443:
        # Wagtail derives the scheme from the port (443 means https), so these cannot round-trip.
        raise ImproperlyConfigured("SITE_BASE_URL pairs https with port 80 or http with 443.")
    return parts.hostname, port


def site_address():
    return parse_base_url(settings.SITE_BASE_URL)


def apply_site_address(site):
    """Give `site` the SITE_BASE_URL address if it still has the placeholder one.

    Returns True when it changed the (unsaved) site. The demo loader calls this when it
    creates or adopts the default site; the post-migrate hook calls it for plain deploys.
    """
    if (site.hostname, site.port) != PLACEHOLDER_ADDRESS:
        return False
    address = site_address()
    if address == PLACEHOLDER_ADDRESS:
        return False
    site.hostname, site.port = address
    return True


def configure_default_site():
    """Apply SITE_BASE_URL to the default site once; editors' later changes are kept."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and apply_site_address(site):
        site.save(update_fields=["hostname", "port"])
        return site
    return None


def is_local_hostname(hostname):
    """This machine or the local network: a development server's address, never a public
    site's (whose hostname is a name, or a public IP)."""
    if hostname == "localhost":
        return True
    try:
        address = ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


def follow_dev_server(site):
    """Development: give `site` the SITE_BASE_URL address when both are local addresses.

    `make run` serves at http://HOST:PORT and passes that as SITE_BASE_URL, so a Site the
    last run (or Wagtail's placeholder) left at another local port follows the server, and
    every absolute link works when clicked. A public hostname an editor chose is kept.
    Returns True when it changed the (unsaved) site.
    """
    address = site_address()
    if (site.hostname, site.port) == address:
        return False
    if not (is_local_hostname(site.hostname) and is_local_hostname(address[0])):
        return False
    site.hostname, site.port = address
    return True


def site_root_url(request=None):
    """The root URL of the request's Wagtail site, or SITE_BASE_URL without one."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return settings.SITE_BASE_URL.rstrip("/")
    return site.root_url


def absolute_url(path, request=None):
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_root_url(request)}/{path.lstrip('/')}"
