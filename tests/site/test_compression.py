"""HTML is gzipped for the public, never for the admin or a signed-in session (BREACH)."""

import gzip

import pytest

from astermind_site.accept_encoding import accepts_gzip


def test_public_pages_are_gzipped_when_the_client_accepts_it(client, home):
    plain = client.get("/")
    zipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2


def test_the_admin_is_never_compressed(admin_client, home):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_visitor_with_a_session_gets_plain_html(admin_client, home):
    response = admin_client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("header", "takes_gzip"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("gzip;q=0.001", True),
        ("gzip ; q=1.000", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0", False),
        ("gzip; q=0.000, deflate", False),
        ("gzip;Q=0", False),
        ("*;q=0", False),
        ("gzip;q=0, *", False),  # gzip's own weight wins over the wildcard
        ("identity", False),
        ("identity, *;q=0", False),
        ("br", False),
        ("", False),
        ("gzip;q=1, identity;q=0.5", True),
        ("gzip;q=0.5, identity;q=1", False),  # the client prefers it plain
        ("gzip;q=abc", False),  # a weight that is not one counts as "not acceptable"
        ("gzip;q=1.5", False),
        ("gzip;q=-1", False),
        ("gzip, gzip;q=0", False),
        ("nogzip, gzipped", False),
        (",,;,gzip", True),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, takes_gzip):
    assert accepts_gzip(header) is takes_gzip


@pytest.mark.parametrize("header", ["gzip;q=0", "gzip;q=0, deflate", "*;q=0", "identity"])
def test_a_client_that_refuses_gzip_gets_plain_html(client, home, header):
    plain = client.get("/")
    refused = client.get("/", HTTP_ACCEPT_ENCODING=header)
    assert refused.status_code == 200
    assert "Content-Encoding" not in refused
    assert refused.content == plain.content
    assert "Accept-Encoding" in refused["Vary"]


def test_the_page_cache_keeps_a_refusal_apart_from_gzip(client, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    refused = client.get("/", HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert "Content-Encoding" not in refused
    assert refused.content.startswith(b"<!DOCTYPE html>") or refused.content.startswith(
        b"<!doctype"
    )
