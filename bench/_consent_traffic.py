"""The consent bench's visitors: keep-alive HTTP clients that post cookie choices the way
consent.js does, a load phase (many distinct choices) and a duplicate phase (the same choice
fired at once from several connections)."""

import http.client
import json
import random
import threading
import time
from urllib.parse import urlencode

CHOICES = [
    ("/cookies/accept/", {}),
    ("/cookies/decline/", {}),
    ("/cookies/preferences/", {"cookie_groups": "analytics"}),
    ("/cookies/preferences/", {"cookie_groups": "personalisation"}),
]


class Visitor:
    """One browser: a keep-alive connection and its consent cookie."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = None

    def post(self, path, fields):
        body = urlencode(fields, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": f"http://127.0.0.1:{self.port}",
            "User-Agent": "consent-bench/1.0",
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in range(2):
            try:
                self.conn.request("POST", path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()  # server closed an idle keep-alive; reconnect once
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("am_consent="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data


def run_load(port, total, clients):
    results = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker(seed):
        rng = random.Random(seed)
        visitor = Visitor(port)
        last = None
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            if rng.random() < 0.2:
                visitor.cookie = None  # a new visitor arrives on this connection
                last = None
            # A change of mind every time, so each request is a distinct choice.
            choice = rng.choice([c for c in range(len(CHOICES)) if c != last])
            last = choice
            path, fields = CHOICES[choice]
            started = time.perf_counter()
            try:
                status, data = visitor.post(path, fields)
            except Exception as exc:  # noqa: BLE001 - counted as a failure, not a crash
                status, data = 599, str(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                results.append((status, data, elapsed))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def run_duplicates(port, visitors, copies):
    """Each visitor sends the same choice `copies` times at once from separate connections."""
    results = []
    lock = threading.Lock()
    ids = []
    for _ in range(visitors):
        first = Visitor(port)
        status, data = first.post("/cookies/decline/", {})
        ids.append(json.loads(data)["consentId"])
        cookie = first.cookie
        barrier = threading.Barrier(copies)

        def fire(cookie=cookie, barrier=barrier):
            visitor = Visitor(port)
            visitor.cookie = cookie
            barrier.wait()
            status, data = visitor.post("/cookies/accept/", {})
            with lock:
                results.append((status, data))

        threads = [threading.Thread(target=fire) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results, ids
