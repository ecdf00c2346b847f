"""`make run`: the address it serves is the one every absolute link points at."""

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from astermind_site.site_url import follow_dev_server, is_local_hostname
from tests.factories import ArticlePageFactory
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60


@pytest.mark.parametrize(
    ("hostname", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("[::1]", True),
        ("0.0.0.0", True),  # noqa: S104 - a name compared, not bound
        ("192.168.1.20", True),
        ("learn.example.com", False),
        ("8.8.8.8", False),
    ],
)
def test_which_hostnames_are_a_development_servers(hostname, local):
    assert is_local_hostname(hostname) is local


def test_a_local_site_follows_the_base_url_and_a_public_one_stays(settings):
    settings.SITE_BASE_URL = "http://127.0.0.1:9001"
    site = Site(hostname="127.0.0.1", port=8000)
    assert follow_dev_server(site) and (site.hostname, site.port) == ("127.0.0.1", 9001)
    assert not follow_dev_server(site)  # already there
    public = Site(hostname="learn.example.com", port=443)
    assert not follow_dev_server(public) and public.port == 443
    settings.SITE_BASE_URL = "https://learn.example.com"
    assert not follow_dev_server(Site(hostname="localhost", port=80))


def test_the_command_is_for_development_only(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("follow_dev_server", verbosity=0)


def test_the_command_moves_the_site_and_every_absolute_link_with_it(client, section, settings):
    ArticlePageFactory(parent=section, title="Anchored", slug="anchored")
    settings.DEBUG = True
    settings.SITE_BASE_URL = "http://127.0.0.1:9001"
    call_command("follow_dev_server", verbosity=0)
    html = client.get("/core-concepts/anchored/").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:9001/core-concepts/anchored/">' in html
    feed = client.get("/feed.xml").content.decode()
    assert 'href="http://127.0.0.1:9001/core-concepts/anchored/"' in feed
    assert "http://localhost" not in feed


# --- the real thing: the Makefile's commands, then its development server ------------------


def make_run_commands(port, host="127.0.0.1"):
    """The manage.py command lines `make run` would run, in order (make -n prints them)."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_BASE_URL"}
    printed = subprocess.run(
        ["make", "-n", "run", f"HOST={host}", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in printed.splitlines() if "manage.py" in line]
    # The worker beside the server is started in the background: `... & worker=$!; \`.
    return [shlex.split(line.split(" & ")[0]) for line in lines]


def name_of(command):
    return command[command.index("manage.py") + 1]


def in_background(command):
    """The worker `make run` starts beside runserver (it runs until runserver stops)."""
    return name_of(command) == "run_worker" and "--batch" not in command


def test_make_run_passes_its_own_address_to_every_development_step():
    commands = make_run_commands(9001)
    assert [name_of(c) for c in commands] == [
        "compile_catalogues",
        "create_consent_signing_key",
        "migrate",
        "load_demo_content",
        "consent_demo_setup",
        "ensure_dev_admin",
        "run_worker",  # --batch: the demo's renditions, before the first request
        "follow_dev_server",
        "run_worker",  # beside the server
        "runserver",
    ]
    assert [in_background(c) for c in commands].count(True) == 1
    assert in_background(commands[-2])
    assert all(c[0] == "SITE_BASE_URL=http://127.0.0.1:9001" for c in commands)
    # Listening everywhere still gives links to an address a browser can open.
    everywhere = make_run_commands(9001, host="0.0.0.0")  # noqa: S104
    assert everywhere[-1][0] == "SITE_BASE_URL=http://127.0.0.1:9001"
    assert everywhere[-1][-1] == "0.0.0.0:9001"


def dev_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SITE_BASE_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def run_step(command, env):
    assignment, *argv = command
    name, value = assignment.split("=", 1)
    argv[0] = sys.executable  # the venv's python, as $(PY) is
    subprocess.run(argv, cwd=ROOT, env={**env, name: value}, check=True, capture_output=True)
    return {**env, name: value}, argv


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(url, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"runserver exited {process.returncode}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"runserver did not answer within {START_TIMEOUT}s")


def test_every_absolute_link_of_the_served_demo_works_when_clicked(tmp_path):
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    *steps, serve = make_run_commands(port)
    env = dev_env(tmp_path)
    for step in steps:
        if not in_background(step):
            step_env, _ = run_step(step, env)
    assignment, *argv = serve
    argv[0] = sys.executable
    argv.append("--noreload")  # one process, stopped by its own pid
    server = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=step_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{origin}/", server)
        seen = set()
        for path in ("/", "/core-concepts/what-is-a-foundation-model/", "/sitemap.xml"):
            status, body = fetch(origin + path)
            assert status == 200, path
            seen.update(re.findall(r"(?:https?:)?//(?:localhost|127\.0\.0\.1)[^\"'<\s]*", body))
        status, feed = fetch(f"{origin}/feed.xml")
        seen.update(re.findall(r'href="(http://[^"]+)"', feed))
        assert seen
        assert all(url.startswith(f"{origin}/") or url == origin for url in seen), seen
        for url in sorted(seen):
            assert fetch(url)[0] == 200, url
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
