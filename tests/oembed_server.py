"""A small oEmbed provider on 127.0.0.1 for tests: a real HTTP server in a thread.

It answers `/oembed?url=…` with a video description whose thumbnail lives on the same server
(`/thumb.jpg`, a real JPEG), and counts every request by path, so a test can tell whether a
page render, a save or a browser asked it anything."""

import io
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image

TITLE = "Attention, explained slowly"


def jpeg_bytes(width=480, height=360):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


class OEmbedServer:
    def __init__(self, thumbnail_type="image/jpeg", thumbnail=None):
        self.hits = Counter()
        self.thumbnail_type = thumbnail_type
        self.thumbnail = jpeg_bytes() if thumbnail is None else thumbnail
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                if parts.path == "/oembed":
                    url = parse_qs(parts.query).get("url", [""])[0]
                    body = json.dumps(
                        {
                            "type": "video",
                            "version": "1.0",
                            "title": TITLE,
                            "provider_name": "YouTube",
                            "author_name": "A test channel",
                            "thumbnail_url": f"{server.base}/thumb.jpg",
                            "width": 480,
                            "height": 270,
                            "html": f'<iframe src="{url}"></iframe>',
                        }
                    ).encode()
                    self.answer(200, "application/json", body)
                elif parts.path == "/thumb.jpg":
                    self.answer(200, server.thumbnail_type, server.thumbnail)
                else:
                    self.answer(404, "text/plain", b"not here")

            def answer(self, status, kind, body):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def finders(self, url_patterns):
        """WAGTAILEMBEDS_FINDERS naming this server as the oEmbed provider for url_patterns."""
        return [
            {
                "class": "wagtail.embeds.finders.oembed",
                "providers": [{"endpoint": f"{self.base}/oembed", "urls": list(url_patterns)}],
            }
        ]
