"""A small HTTP client for the real servers: one visitor's cookies, any port, raw sockets.

The production settings mark the session and CSRF cookies `Secure`; in the deployment a TLS
terminator sits in front, here the tests speak plain HTTP to 127.0.0.1. This jar therefore
keeps and sends every cookie regardless of `Secure`, as a browser behind TLS would.
"""

import http.client
import json
import select
import socket
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT = 30


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name, default=None):
        return self.headers.get(name, default)


class Visitor:
    def __init__(self, port, forwarded_for=None):
        self.port = port
        self.cookies = {}
        self.forwarded_for = forwarded_for  # the client address a trusted proxy would name

    def request(self, method, path, body=None, headers=None, port=None):
        port = port or self.port
        sent = {"Host": f"127.0.0.1:{port}", "User-Agent": "astermind-integration"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        sent.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, response):
        for line in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                gone = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if gone or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, headers=None, port=None):
        port = port or self.port
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        sent.update(headers or {})
        return self.request("POST", path, urlencode(fields, doseq=True), sent, port)

    def choose(self, action, port=None, as_json=True, **fields):
        """A cookie choice as the banner script (JSON) or the no-JS form (a page) sends it."""
        headers = {"Accept": "application/json"} if as_json else {"Accept": "text/html"}
        headers["Sec-Fetch-Site"] = "same-origin"
        return self.post(f"/cookies/{action}/", fields, headers=headers, port=port)

    def login(self, username, password, port=None):
        page = self.get("/admin/login/", port=port)
        if page.status != 200:
            raise AssertionError(f"login page answered {page.status}: {page.text[:500]}")
        fields = form_fields(page.text, action_contains="/admin/login/")
        fields.update(username=username, password=password)
        response = self.post("/admin/login/", fields, port=port)
        if response.status != 302:
            raise AssertionError(f"login failed: {response.status} {response.text[:500]}")
        return response


class _FormParser(HTMLParser):
    """The fields a browser would submit from the forms on a page, without JavaScript."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "id": attrs.get("id") or "",
                               "fields": []})  # fmt: skip
        if not self.forms or "name" not in attrs and tag not in ("option",):
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            fields.append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value  # first option is the default
            if "selected" in attrs:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            value = chosen if chosen is not None else first
            if value is not None and self.forms:
                self.forms[-1]["fields"].append([name, value])
            self._select = None


def find_form(html, action_contains=None, form_id=None):
    """(action, fields) of the first matching form; fields as a dict (last value wins)."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form_id and form["id"] != form_id:
            continue
        if action_contains and action_contains not in form["action"]:
            continue
        return form["action"], {name: value for name, value in form["fields"]}
    raise AssertionError(f"no form (id={form_id}, action~{action_contains}) on the page")


def form_fields(html, action_contains=None, form_id=None):
    return find_form(html, action_contains, form_id)[1]


def raw_request(port, data, timeout=10):
    """Send raw bytes in one go; return the raw answer (b"" if the server just closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return _read_answer(sock)


def _read_answer(sock):
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def slow_client(port, path="/", pause=1.0, give_up=60):
    """A client that sends its request headers one line every `pause` seconds and never
    finishes them. Returns (raw answer, seconds until the server answered or hung up)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=give_up) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
        line = 0
        while time.monotonic() - started < give_up:
            ready, _, _ = select.select([sock], [], [], pause)
            if ready:
                return _read_answer(sock), time.monotonic() - started
            try:
                sock.sendall(f"X-Slow-{line}: {'x' * 10}\r\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                return _read_answer(sock), time.monotonic() - started
            line += 1
    raise AssertionError(f"the server still waited for the headers after {give_up}s")


def slow_body(port, head, body, pause=1.0):
    """Complete headers, then the body one byte every `pause` seconds; the raw answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        for byte in body:
            ready, _, _ = select.select([sock], [], [], pause)
            if ready:
                break
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
        return _read_answer(sock)


def status_of(answer):
    """The status code of a raw HTTP answer, or None for no answer."""
    if not answer.startswith(b"HTTP/"):
        return None
    return int(answer.split(b" ", 2)[1])
