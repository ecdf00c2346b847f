"""`purge_proxy`: a stand-in for Varnish (a real HTTP server on 127.0.0.1) that records each
PURGE it gets and refuses the first `RecordingProxy.refusals`, set as the site's only proxy."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from astermind_site.settings.base import frontend_cache_settings

PURGE_TOKEN = "q" * 20 + "-_" + "Z9" * 11


class RecordingProxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received = []  # (path, status answered)
    refusals = 0

    def do_PURGE(self):  # noqa: N802 - http.server's naming
        refuse = RecordingProxy.refusals > 0
        RecordingProxy.refusals -= refuse
        status = 503 if refuse else 200
        RecordingProxy.received.append((self.path, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_proxy(settings):
    """The proxy's address; WAGTAILFRONTENDCACHE is the page cache and this proxy."""
    RecordingProxy.received, RecordingProxy.refusals = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingProxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    location = f"http://127.0.0.1:{server.server_port}"
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings(location, PURGE_TOKEN)
    yield location
    server.shutdown()
    server.server_close()
