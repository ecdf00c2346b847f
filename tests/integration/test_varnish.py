"""deploy/varnish/default.vcl against a stand-in app whose answers each test chooses, so
every rule is pinned on its own: what is shared, what passes, what is stripped, who may
purge, and what is served while the app fails."""

import gzip
import os
import shutil
import socket
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .client import Visitor
from .varnish import Varnish

pytestmark = pytest.mark.integration

PAGE = b"<!doctype html><title>Page</title>" + b"<p>The same for everyone.</p>" * 40
ANSWERS = {
    "/public/": {"Cache-Control": "public, max-age=60, s-maxage=600"},
    "/short/": {"Cache-Control": "public, max-age=1, s-maxage=1"},
    "/sets-cookie/": {"Cache-Control": "public, s-maxage=600", "Set-Cookie": "csrftoken=x"},
    "/private/": {"Cache-Control": "private, no-cache"},
    "/private-no-store/": {"Cache-Control": "private, no-store"},
    "/no-store/": {"Cache-Control": "public, s-maxage=600, no-store"},
    # A document the app (wrongly) marks public is still fetched each time.
    "/documents/1/minutes.txt": {"Cache-Control": "public, max-age=600, s-maxage=600"},
    "/unmarked/": {},
    "/cookies/": {"Cache-Control": "public, s-maxage=600"},  # passed whatever it says
}


class StandIn(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []  # (method, path, Cookie header) per request the app received
    headers_seen = []  # every header of each of those requests
    failing = False

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if self.path.startswith("/static/"):
            return self.answer(200, {"Cache-Control": "public, max-age=60"}, b"body{}")
        StandIn.seen.append((self.command, self.path, self.headers.get("Cookie")))
        StandIn.headers_seen.append(dict(self.headers))
        if StandIn.failing:
            return self.answer(503, {"Retry-After": "30"}, b"<h1>Back soon</h1>")
        self.answer(200, ANSWERS.get(path, {}), PAGE)

    do_HEAD = do_POST = do_GET

    def answer(self, status, headers, body):
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def varnish_in_front():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp(prefix="astermind-vcl-")
    os.chmod(workdir, 0o755)  # Varnish's worker runs as its own user and reads the VCL here
    varnish = Varnish(workdir, [server.server_port] * 2)
    try:
        varnish.start()
        yield varnish
    finally:
        varnish.stop()
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def proxy(varnish_in_front):
    return varnish_in_front.port


@pytest.fixture
def token(varnish_in_front):
    """The shared PURGE token the app servers would hold (VARNISH_PURGE_TOKEN)."""
    return varnish_in_front.purge_token


@pytest.fixture(autouse=True)
def fresh_stand_in():
    StandIn.seen.clear()
    StandIn.headers_seen.clear()
    StandIn.failing = False
    yield
    StandIn.failing = False


def fetches(path):
    return Counter(seen[1] for seen in StandIn.seen)[path]


def test_what_the_app_marks_public_is_shared(proxy):
    first, second = Visitor(proxy).get("/public/"), Visitor(proxy).get("/public/")
    assert (first.header("X-Cache"), second.header("X-Cache")) == ("MISS", "HIT")
    assert second.body == PAGE and fetches("/public/") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/sets-cookie/",
        "/private/",
        "/private-no-store/",
        "/no-store/",
        "/unmarked/",
        "/documents/1/minutes.txt",
    ],
)
def test_cookie_setting_private_and_unmarked_answers_are_never_shared(proxy, path):
    answers = [Visitor(proxy).get(path) for _ in range(3)]
    assert fetches(path) == 3
    assert all(a.header("X-Cache") != "HIT" for a in answers)
    if path == "/sets-cookie/":
        assert all(a.header("Set-Cookie") == "csrftoken=x" for a in answers)


def test_tracking_parameters_are_dropped_and_share_one_copy(proxy):
    Visitor(proxy).get("/public/?page=2")
    tracked = Visitor(proxy).get("/public/?utm_source=news&page=2&fbclid=abc&gclid=1&utm_term=x")
    assert tracked.header("X-Cache") == "HIT"
    assert [seen[1] for seen in StandIn.seen] == ["/public/?page=2"]


def test_anonymous_pages_get_no_cookies_but_the_consent_endpoints_get_them_all(proxy):
    cookies = {"Cookie": "am_consent=1.abc; csrftoken=t; _ga=GA1.2"}
    Visitor(proxy).get("/public/?c=1", headers=cookies)
    Visitor(proxy).post("/cookies/accept/", {}, headers=cookies)
    Visitor(proxy).get("/cookies/", headers=cookies)
    got = {path: cookie for _method, path, cookie in StandIn.seen}
    assert got["/public/?c=1"] is None
    assert got["/cookies/accept/"] == got["/cookies/"] == cookies["Cookie"]
    assert Visitor(proxy).get("/cookies/").header("X-Cache") == "PASS"


def test_the_german_consent_endpoints_get_every_cookie_too(proxy):
    """/de/cookies/state.json reads the signed cookie for German pages' consent.js."""
    cookies = {"Cookie": "am_consent=1.abc; csrftoken=t"}
    Visitor(proxy).get("/de/cookies/state.json", headers=cookies)
    Visitor(proxy).get("/de/cookies/", headers=cookies)
    got = {path: cookie for _method, path, cookie in StandIn.seen}
    assert got["/de/cookies/state.json"] == got["/de/cookies/"] == cookies["Cookie"]
    assert Visitor(proxy).get("/de/cookies/").header("X-Cache") == "PASS"


@pytest.mark.parametrize("path", ["/admin/pages/3/edit/", "/public/?preview=1"])
def test_admin_and_previews_pass(proxy, path):
    for _ in range(2):
        assert Visitor(proxy).get(path).header("X-Cache") == "PASS"
    assert fetches(path) == 2


def test_a_session_cookie_passes_with_its_cookies(proxy):
    Visitor(proxy).get("/public/?s=1")
    editor = Visitor(proxy).get("/public/?s=1", headers={"Cookie": "sessionid=abc"})
    assert editor.header("X-Cache") == "PASS"
    assert StandIn.seen[-1][2] == "sessionid=abc"


def test_purge_only_from_the_app_servers(proxy, token):
    Visitor(proxy).get("/public/?p=1")
    outsider = purge(proxy, "/public/?p=1", source="127.0.0.2", token=token)
    assert outsider.startswith(b"HTTP/1.1 405")
    assert Visitor(proxy).get("/public/?p=1").header("X-Cache") == "HIT"
    assert purge(proxy, "/public/", token=token).startswith(b"HTTP/1.1 200")
    # A purge names a path: every copy of it goes (any host, query or encoding).
    assert Visitor(proxy).get("/public/?p=1").header("X-Cache") == "MISS"


@pytest.mark.parametrize(
    "sent",
    [None, "", "wrong-" + "x" * 40, "TOKEN-IN-ANOTHER-CASE"],
    ids=["no header", "empty", "wrong", "other case"],
)
def test_purge_from_the_app_address_without_the_token_is_refused(proxy, token, sent):
    """Behind a TLS terminator on the same host every visitor comes from 127.0.0.1."""
    if sent == "TOKEN-IN-ANOTHER-CASE":
        sent = token.swapcase()
    Visitor(proxy).get("/public/?t=1")
    refused = purge(proxy, "/public/", token=sent)
    assert refused.startswith(b"HTTP/1.1 403")
    assert Visitor(proxy).get("/public/?t=1").header("X-Cache") == "HIT"
    assert purge(proxy, "/public/", token=token).startswith(b"HTTP/1.1 200")
    assert Visitor(proxy).get("/public/?t=1").header("X-Cache") == "MISS"


def test_the_token_never_reaches_the_app(proxy, token):
    Visitor(proxy).get("/unmarked/?k=1", headers={"X-Purge-Token": token})
    assert StandIn.headers_seen[-1].get("X-Purge-Token") is None


def test_html_is_compressed_for_clients_that_accept_it(proxy):
    Visitor(proxy).get("/public/?z=1")
    zipped = Visitor(proxy).get("/public/?z=1", headers={"Accept-Encoding": "gzip"})
    assert zipped.header("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped.body) == PAGE and len(zipped.body) < len(PAGE) / 4
    assert Visitor(proxy).get("/public/?z=1").body == PAGE  # and plain for those that do not


def test_a_stale_copy_is_served_while_the_app_fails(proxy):
    assert Visitor(proxy).get("/short/").status == 200
    time.sleep(12)  # past its s-maxage and the short grace a healthy app gets
    StandIn.failing = True
    stale = Visitor(proxy).get("/short/")
    assert stale.status == 200 and stale.body == PAGE
    never_cached = Visitor(proxy).get("/short/?other=1")
    assert never_cached.status == 503 and never_cached.header("Retry-After") == "30"
    assert b"Back soon" in never_cached.body  # the app's own page, not Varnish's


def purge(port, path, source="127.0.0.1", token=None):
    token_line = "" if token is None else f"X-Purge-Token: {token}\r\n"
    request = f"PURGE {path} HTTP/1.1\r\nHost: localhost\r\n{token_line}Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as s:
        s.sendall(request.encode())
        return s.recv(4096)
