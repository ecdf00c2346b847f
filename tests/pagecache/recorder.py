"""Stand-ins for the backends a purge reaches: a frontend-cache backend that remembers every
URL (`RecordingBackend`), the app's page cache counting the batches it is sent
(`CountingPageCacheBackend`), and an HTTP server that records each request, as Varnish would
receive them from astermind_site/frontend_cache.py (`varnish_recorder`)."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from pagecache.backends import PageCacheBackend

PURGED = []
BATCHES = []  # one entry per batch the page cache received: its URLs, sorted


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


class CountingPageCacheBackend(PageCacheBackend):
    def purge_batch(self, urls):
        BATCHES.append(sorted(urls))
        super().purge_batch(urls)


class _Varnish(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received = None  # list of (method, Host, path), set per server

    def do_PURGE(self):
        self.received.append((self.command, self.headers.get("Host"), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def varnish_recorder():
    """(base URL, list of requests received) for an HTTP server on 127.0.0.1."""
    received = []
    handler = type("Varnish", (_Varnish,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        server.server_close()
