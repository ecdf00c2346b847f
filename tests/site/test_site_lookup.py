"""The request's Wagtail site from one cache entry (astermind_site/site_lookup.py): the same
choice as Wagtail's query, no query once warm, and a changed site seen at the next request."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from astermind_site.site_lookup import SiteLookupMiddleware, choose_site


def site(pk, hostname, port=80, default=False):
    return Site(pk=pk, hostname=hostname, port=port, is_default_site=default, root_page_id=1)


DEFAULT = site(1, "learn.example", 443, default=True)
OTHER_PORT = site(2, "learn.example", 8000)
PREVIEW = site(3, "preview.example", 8080)
STAGING_A = site(4, "staging.example", 81)
STAGING_B = site(5, "staging.example", 82)
SITES = [DEFAULT, OTHER_PORT, PREVIEW, STAGING_A, STAGING_B]


@pytest.mark.parametrize(
    ("hostname", "port", "expected"),
    [
        ("learn.example", 8000, OTHER_PORT),  # hostname and port
        ("learn.example", 443, DEFAULT),
        ("learn.example", 9999, DEFAULT),  # the default has the hostname
        ("preview.example", 9999, PREVIEW),  # the only site with the hostname
        ("staging.example", 82, STAGING_B),
        ("staging.example", 99, DEFAULT),  # two with the hostname, neither port: default
        ("unknown.example", 80, DEFAULT),
        ("unknown.example", None, DEFAULT),  # a port that is not a number
    ],
)
def test_the_choice_follows_wagtails_rules(hostname, port, expected):
    assert choose_site(SITES, hostname, port) is expected


def test_without_a_default_an_unknown_or_ambiguous_host_has_no_site():
    no_default = [OTHER_PORT, PREVIEW, STAGING_A, STAGING_B]
    assert choose_site(no_default, "unknown.example", 80) is None
    assert choose_site(no_default, "staging.example", 99) is None
    assert choose_site(no_default, "preview.example", 1) is PREVIEW


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("host", "port"), [("localhost", "80"), ("other.example", "80"), ("localhost", "8000")]
)
def test_the_same_site_as_wagtails_own_query(home, host, port):
    Site.objects.create(hostname="other.example", port=80, root_page=home)
    request = RequestFactory().get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=port)
    found = lookup(request)
    assert found.pk == get_site_for_hostname(host, port).pk


def lookup(request):
    seen = {}

    def view(request):
        seen["site"] = Site.find_for_request(request)
        return HttpResponse()

    SiteLookupMiddleware(view)(request)
    return seen["site"]


@pytest.mark.django_db
def test_a_warm_lookup_reads_no_site_row_and_a_saved_site_is_seen_next(home):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    first = lookup(request)
    assert first.root_page_id == home.pk
    with CaptureQueriesContext(connection) as ctx:
        assert lookup(RequestFactory().get("/", HTTP_HOST="localhost")).pk == first.pk
    assert ctx.captured_queries == []
    first.site_name = "Renamed in the admin"
    first.save()
    assert lookup(RequestFactory().get("/", HTTP_HOST="localhost")).site_name == (
        "Renamed in the admin"
    )
    first.delete()
    assert lookup(RequestFactory().get("/", HTTP_HOST="localhost")) is None
