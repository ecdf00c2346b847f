"""Hostile or broken requests against the real servers, direct and through Varnish: a client
error (4xx) or a closed connection, never a 5xx, and the site keeps serving meanwhile."""

import threading
import time

import pytest

from .client import Visitor, raw_request, slow_body, slow_client, status_of

pytestmark = pytest.mark.integration


@pytest.fixture(params=["gunicorn", "varnish"])
def port(request, stack):
    return stack.apps[0].port if request.param == "gunicorn" else stack.varnish.port


def test_a_consent_body_over_the_limit_is_refused(port):
    response = Visitor(port, forwarded_for="198.51.100.41").choose(
        "accept", cookie_groups=["analytics"] * 400
    )
    assert response.status == 413, response.status


def test_a_form_body_over_the_upload_limit_is_refused(port):
    body = b"q=" + b"x" * 3_000_000  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    head = (
        f"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    status = status_of(raw_request(port, head.encode() + body))
    assert status is not None and 400 <= status < 500, status


@pytest.mark.parametrize(
    "host",
    ["evil.example", "127.0.0.1:notaport", "bad host", "[::1", "a" * 300, "127.0.0.1@evil.example"],
)
def test_a_malformed_or_foreign_host_is_a_client_error(port, host):
    answer = raw_request(
        port, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )
    status = status_of(answer)
    assert status is not None and 400 <= status < 500, answer[:200]


def test_a_request_without_host_is_a_client_error(varnish):
    status = status_of(raw_request(varnish, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"))
    assert status == 400, status


# Slow clients: the app servers are sync gunicorn workers that sit behind the proxy
# (deploy/gunicorn.conf.py), which holds a slow client until its request is complete.


def while_slow_clients_wait(stack, slow):
    """Run `slow` from twice as many clients as server A has workers; meanwhile fetch an
    uncached page five times through Varnish. Returns (slow results, statuses served)."""
    results, served = [], []
    threads = [
        threading.Thread(target=lambda: results.append(slow()))
        for _ in range(stack.apps[0].workers * 2)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    for _ in range(5):
        served.append(Visitor(stack.varnish.port).get("/search/?q=model").status)
    for thread in threads:
        thread.join(timeout=70)
    assert len(results) == len(threads), "a slow client was still being waited for"
    return results, served


def test_slow_headers_are_cut_off_by_the_proxy_while_others_are_served(stack, varnish):
    """Headers trickling in one line a second: Varnish stops waiting (a 4xx or a closed
    connection, within its idle timeout) and other visitors are served meanwhile."""
    results, served = while_slow_clients_wait(
        stack, lambda: slow_client(varnish, pause=1.0, give_up=60)
    )
    assert served == [200] * 5, f"other visitors were not served meanwhile: {served}"
    for answer, waited in results:
        status = status_of(answer)
        assert status is None or 400 <= status < 500, answer[:200]
        assert waited < 30, f"the slow client was held for {waited:.0f}s"


def test_a_slow_body_never_ties_up_an_app_worker(stack, varnish):
    """A consent post whose body arrives a byte a second is read by Varnish, not by a
    gunicorn worker: other visitors are served meanwhile, and the poster gets no 5xx."""
    body = b"cookie_groups=analytics&x=" + b"y" * 8
    head = (
        f"POST /cookies/preferences/ HTTP/1.1\r\nHost: 127.0.0.1:{varnish}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    results, served = while_slow_clients_wait(
        stack, lambda: slow_body(varnish, head.encode(), body, pause=0.7)
    )
    assert served == [200] * 5, f"other visitors were not served meanwhile: {served}"
    for answer in results:
        status = status_of(answer)
        assert status is None or status < 500, answer[:200]
