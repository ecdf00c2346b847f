"""PURGE carries the shared token (astermind_site/frontend_cache.py, purge_token.py) and
Varnish learns it from the include `manage.py varnish_purge_vcl` writes. The VCL's own
refusals are pinned against a real Varnish in tests/integration/test_varnish.py; the queue
and retries the PURGEs go through, in test_purge_queue.py."""

import importlib
import logging
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

from astermind_site.frontend_cache import Unreachable, VarnishBackend
from astermind_site.purge_token import InvalidPurgeToken, check_token, purge_token_vcl
from astermind_site.settings.base import frontend_cache_settings
from tests.tasks import run_queued_tasks

TOKEN = "k" * 20 + "-_" + "Z9" * 11
VCL = Path(__file__).resolve().parents[2] / "deploy/varnish/default.vcl"


class Proxy(BaseHTTPRequestHandler):
    """Stands in for Varnish: records each PURGE and answers with `status`."""

    protocol_version = "HTTP/1.1"
    received = []
    status = 200

    def do_PURGE(self):
        Proxy.received.append(
            (self.path, self.headers.get("Host"), self.headers.get("X-Purge-Token"))
        )
        self.send_response(Proxy.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    Proxy.received, Proxy.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_wagtails_purge_path_sends_the_token(settings, proxy):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings(proxy, TOKEN)
    settings.WAGTAILFRONTENDCACHE.pop("pagecache")
    purge_url_from_cache("http://learn.example.com/core-concepts/?page=2")
    assert Proxy.received == []  # queued for the worker
    assert run_queued_tasks() == 1
    assert Proxy.received == [("/core-concepts/?page=2", "learn.example.com", TOKEN)]


def test_a_port_in_the_page_url_stays_in_the_host(proxy):
    VarnishBackend({"LOCATION": proxy, "PURGE_TOKEN": TOKEN}).send("http://localhost:8000/")
    assert Proxy.received == [("/", "localhost:8000", TOKEN)]


def test_a_refused_purge_is_logged_not_raised(proxy, caplog):
    Proxy.status = 403
    backend = VarnishBackend({"LOCATION": proxy, "PURGE_TOKEN": "x" * 40})
    with caplog.at_level(logging.WARNING, logger="wagtail.frontendcache"):
        assert backend.send("http://localhost/a/") is False
    assert [r.getMessage() for r in caplog.records] == [
        "Couldn't purge 'http://localhost/a/' from Varnish: HTTP 403"
    ]


def test_an_unreachable_proxy_is_logged_and_named(caplog):
    backend = VarnishBackend({"LOCATION": "http://127.0.0.1:9", "PURGE_TOKEN": TOKEN})
    with caplog.at_level(logging.WARNING, logger="wagtail.frontendcache"):
        with pytest.raises(Unreachable):
            backend.send("http://localhost/a/")
    assert len(caplog.records) == 1
    assert caplog.records[0].getMessage().startswith("Couldn't purge 'http://localhost/a/'")


@pytest.mark.parametrize(
    "token",
    ["", "short", "x" * 31, "x" * 257, "x" * 40 + '"', "x" * 40 + "\n", "x" * 40 + " y", "é" * 40],
)
def test_tokens_that_are_short_or_could_break_the_vcl_are_refused(token):
    with pytest.raises(InvalidPurgeToken):
        check_token(token)
    with pytest.raises(InvalidPurgeToken):
        purge_token_vcl(token)


def test_the_command_writes_an_include_only_its_owner_and_group_read(settings, tmp_path):
    settings.VARNISH_PURGE_TOKEN = TOKEN
    target = tmp_path / "purge_token.vcl"
    call_command("varnish_purge_vcl", "--output", str(target))
    assert f'req.http.X-Purge-Token != "{TOKEN}"' in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_the_command_refuses_a_missing_token(settings):
    settings.VARNISH_PURGE_TOKEN = ""
    with pytest.raises(CommandError, match="VARNISH_PURGE_TOKEN must be"):
        call_command("varnish_purge_vcl")


@pytest.fixture
def vcl_dir():
    """A folder Varnish's unprivileged user may read (pytest's tmp_path is private)."""
    folder = Path(tempfile.mkdtemp(prefix="astermind-vcl-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(not shutil.which("varnishd"), reason="needs Debian's varnish package")
def test_varnish_compiles_the_shipped_vcl_with_the_include_and_not_without(settings, vcl_dir):
    shutil.copy(VCL, vcl_dir / "default.vcl")
    compile_vcl = ["varnishd", "-C", "-f", vcl_dir / "default.vcl", "-n", vcl_dir / "n"]
    without = subprocess.run(compile_vcl, capture_output=True, text=True, timeout=60)
    assert without.returncode == 2
    assert "purge_token.vcl" in without.stderr
    settings.VARNISH_PURGE_TOKEN = TOKEN
    include = vcl_dir / "purge_token.vcl"
    call_command("varnish_purge_vcl", "--output", str(include))
    shutil.chown(include, group="varnish")  # as the README says to deploy it
    built = subprocess.run(compile_vcl, capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "purge_token_check" in built.stderr  # varnishd -C prints the C code there


@pytest.fixture
def load_production(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "learn.example.com")
    monkeypatch.setenv("VARNISH_PURGE_URLS", "http://127.0.0.1:6081")

    def load():
        sys.modules.pop("astermind_site.settings.production", None)
        sys.modules.pop("astermind_site.settings.base", None)
        return importlib.import_module("astermind_site.settings.production")

    yield load
    sys.modules.pop("astermind_site.settings.production", None)
    sys.modules.pop("astermind_site.settings.base", None)


def test_production_refuses_a_purge_url_without_a_token(monkeypatch, load_production):
    monkeypatch.delenv("VARNISH_PURGE_TOKEN", raising=False)
    with pytest.raises(ImproperlyConfigured, match="VARNISH_PURGE_TOKEN"):
        load_production()


def test_production_hands_the_token_to_each_proxy_backend(monkeypatch, load_production):
    monkeypatch.setenv("VARNISH_PURGE_TOKEN", TOKEN)
    proxies = load_production().WAGTAILFRONTENDCACHE
    assert proxies["proxy0"] == {
        "BACKEND": "astermind_site.frontend_cache.VarnishBackend",
        "LOCATION": "http://127.0.0.1:6081",
        "PURGE_TOKEN": TOKEN,
    }


def test_a_path_without_a_host_still_purges(proxy):
    VarnishBackend({"LOCATION": proxy, "PURGE_TOKEN": TOKEN}).send("/core-concepts/")
    assert Proxy.received == [("/core-concepts/", proxy.removeprefix("http://"), TOKEN)]
