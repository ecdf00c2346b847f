"""The production settings under real gunicorn processes (deploy/gunicorn.conf.py).

Each server gets a copy of the test database (SQLite file or PostgreSQL database made
from it), static files collected once into a temporary directory, one worker, and a free
port; every server is stopped by its own pid.
"""

import gzip
import json
import re
import sqlite3
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection, connections

from tests.site.servers import ROOT, Gunicorn, closed_port, production_env

HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds

# The tests only talk HTTP, but the mark makes pytest-django build the test database
# that `database_url` copies.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("gunicorn")


@pytest.fixture(scope="module")
def static_root(workdir):
    root = workdir / "static"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(root)),
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture(scope="module")
def database_url(django_db_setup, django_db_blocker, workdir):
    """A copy of the migrated test database that the servers may write to."""
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = workdir / "db.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
            yield f"sqlite:///{path}"
            return
        settings = connection.settings_dict
        name = f"site_srv_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        connections.close_all()  # a template database must have no other sessions
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
        user = settings["USER"]
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        try:
            yield f"postgres://{user}{password}@{host}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


@pytest.fixture(scope="module")
def server_env(workdir, static_root, database_url):
    return production_env(
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(workdir / "media"),
    )


@pytest.fixture
def serve(server_env, workdir):
    started = []

    def start(wait=True, **overrides):
        server = Gunicorn({**server_env, **overrides}, workdir / "logs")
        started.append(server)
        return server.start(wait=wait)

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(server_env, workdir):
    """One server with the plain production setup, shared by the tests that only read."""
    running = Gunicorn(server_env, workdir / "logs").start()
    yield running
    running.stop()


def test_pages_are_served_with_security_headers_compression_and_request_ids(server):
    status, headers, body = server.request(
        "GET",
        "/cookies/",
        headers={**HTTPS, "Accept-Encoding": "gzip", "X-Request-ID": "probe-00001"},
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(body)
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Request-ID"] == "probe-00001"
    # Static files come from the collected, hashed manifest with long caching.
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', gzip.decompress(body))
    status, headers, _ = server.request("GET", css.group(1).decode(), headers=HTTPS)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    # One access-log line per request on stdout, carrying the request id.
    assert re.search(r'"GET /cookies/ HTTP/1.1" 200 .* request_id=probe-00001', server.stdout())


def test_plain_http_probes_reach_healthz_and_pages_redirect_to_https(server):
    status, headers, body = server.request("GET", "/healthz")
    assert status == 200, body
    assert body.decode().splitlines()[0] == "ok"
    status, headers, _ = server.request("GET", "/cookies/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{server.port}/cookies/"


def test_a_body_over_the_limit_and_a_malformed_host_are_4xx(server):
    status, _, _ = server.request("POST", "/", body=b"x" * 3_000_000, headers=HTTPS)
    assert status == 413
    for host in ("bad host!", "evil.example", "127.0.0.1:notaport"):
        status, _, _ = server.request("GET", "/", headers={**HTTPS, "Host": host})
        assert status == 400, host
    status, _, _ = server.request("GET", "/", headers={**HTTPS, "X-Long": "y" * 10_000})
    assert status == 431  # over gunicorn's header field limit: Request Header Fields Too Large


def accept_as_json(server):
    """Accept every cookie group from a JSON client on the site's own origin."""
    return server.request(
        "POST",
        "/cookies/accept/",
        body=b"next=%2F",
        headers={
            **HTTPS,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "https://127.0.0.1",
            "Host": "127.0.0.1",
        },
    )


def test_with_redis_down_pages_serve_consent_records_and_healthz_says_cache_down(serve):
    server = serve(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    status, _, _ = server.request("GET", "/", headers=HTTPS)
    assert status == 200
    status, _, body = accept_as_json(server)
    assert status == 200, body
    assert json.loads(body)["accepted"]
    status, _, body = server.request("GET", "/healthz")
    assert status == 503
    assert body.decode().startswith("down: cache\n")
    assert "per process" in body.decode()


def test_with_the_database_down_pages_are_503_and_json_clients_get_json(serve):
    server = serve(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/astermind")
    status, headers, body = server.request(
        "GET", "/", headers={**HTTPS, "Accept": "text/html", "X-Request-ID": "db-down-0001"}
    )
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert b"We will be back in a moment" in body
    assert "style-src 'self' 'sha256-" in headers["Content-Security-Policy"]

    status, headers, body = accept_as_json(server)
    assert status == 503
    assert json.loads(body)["retryAfter"] == 30

    status, _, body = server.request("GET", "/healthz")
    assert status == 503
    assert body.decode().startswith("down: database\n")

    server.stop()
    errors = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
    page_error = next(e for e in errors if e.get("request_id") == "db-down-0001")
    assert page_error["status"] == 503
    assert page_error["path"] == "/"
    assert page_error["exception"].startswith("django.db.utils.OperationalError")


def test_without_collected_static_files_the_server_refuses_to_start(serve, workdir):
    server = serve(wait=False, STATIC_ROOT=str(workdir / "never-collected"))
    assert server.wait_for_exit(timeout=60) != 0
    assert "Static files have not been collected" in server.stderr()
    assert "collectstatic --noinput" in server.stderr()
