"""Real servers of our own for the integration suite and the serving bench.

Each service runs on a free 127.0.0.1 port with its files in one temporary directory and is
stopped by its own pid, so starting and stopping them never touches the machine's shared
PostgreSQL or Redis. Plain module (no pytest) so `bench/serving.py` can use it too.
"""

import base64
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from tests.servers import free_port, redis_answers

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"  # what `make serve` runs
PROBE_PATH = "/static/css/site.css"  # answered without the database (WhiteNoise)


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout}s")


def status_of(port, path=PROBE_PATH, timeout=2):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def missing_tools():
    """Programs the suite needs that are not installed (apt: postgresql, redis, varnish)."""
    needed = {"redis-server": shutil.which("redis-server"), "varnishd": shutil.which("varnishd")}
    needed["initdb"] = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)
    return [name for name, found in needed.items() if not found]


def stop_pid(pid, timeout=20, sig=signal.SIGTERM):
    """Signal one process we started and wait for it to go; SIGKILL if it will not."""
    if not pid:
        return
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child (a daemon): poll for it instead
            finished = 0 if _alive(pid) else pid
        if finished:
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Postgres:
    """A throwaway cluster (initdb) run as the `postgres` OS user, since initdb refuses root."""

    def __init__(self, workdir):
        self.dir = Path(workdir) / "pg"
        self.data = self.dir / "data"
        self.port = free_port()
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        self.bin = bins[-1]
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args, timeout=60):
        subprocess.run([*self.as_owner, *args], check=True, timeout=timeout, capture_output=True)

    def start(self):
        if not self.data.exists():
            self.dir.mkdir(parents=True)
            if self.as_owner:
                shutil.chown(self.dir, "postgres", "postgres")
            self._run(
                self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log",
            "-o", options, "-w", "-t", "30", "start",
        )  # fmt: skip

    @property
    def pid(self):
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self):
        pid = self.pid
        if pid is None:
            return
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop")
        except (subprocess.SubprocessError, OSError):
            stop_pid(pid, sig=signal.SIGQUIT)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, database, statement, params=(), autocommit=True):
        with psycopg.connect(self.url(database), autocommit=autocommit, connect_timeout=5) as c:
            cursor = c.execute(statement, params)
            return cursor.fetchall() if cursor.description else None


class Process:
    """A foreground server process whose pid we hold; its output goes to a log file."""

    def __init__(self, name, workdir):
        self.name = name
        self.log = Path(workdir) / f"{name}.log"
        self.proc = None

    def spawn(self, args, env=None, cwd=None):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(a) for a in args], stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True,
            )  # fmt: skip

    @property
    def pid(self):
        return self.proc.pid if self.proc and self.proc.poll() is None else None

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            stop_pid(self.proc.pid)
            self.proc.wait(timeout=5)

    def check_alive(self):
        if self.proc is None or self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(f"{self.name} exited early:\n{tail}")
        return True


class Redis(Process):
    def __init__(self, workdir):
        super().__init__("redis", workdir)
        self.port = free_port()
        self.workdir = workdir

    def start(self):
        self.spawn([
            "redis-server", "--port", self.port, "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", self.workdir,
        ])  # fmt: skip
        wait_until(self._pong, 15, "redis-server")

    def _pong(self):
        self.check_alive()
        return redis_answers(self.port)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


# One fresh Ed25519 seed (base64) per run, shared by every process the stack starts, so they
# all sign the consent log's checkpoints with the same key.
CONSENT_LOG_KEY = base64.b64encode(secrets.token_bytes(32)).decode()


def app_env(database_url, redis_url=None, **extra):
    """What `make serve` needs, for the production settings on plain HTTP at 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="astermind_site.settings.production",
        DJANGO_SECRET_KEY="integration-" + secrets.token_urlsafe(32),
        CONSENT_LOG_SIGNING_KEY=CONSENT_LOG_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, timeout=timeout,
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


class Gunicorn(Process):
    """`make serve` without the Makefile: gunicorn on the production settings."""

    def __init__(self, name, workdir, env, workers=2, port=None, timeout=20, extra_args=()):
        super().__init__(name, workdir)
        self.extra_args = list(extra_args)
        self.env = env
        self.workers = workers
        self.port = port or free_port()
        self.timeout = timeout

    def start(self, wait=True):
        env = dict(self.env, HOST="127.0.0.1", PORT=str(self.port))
        env.update(WEB_CONCURRENCY=str(self.workers), GUNICORN_TIMEOUT=str(self.timeout))
        self.spawn(
            [
                BIN / "gunicorn", "--config", GUNICORN_CONF, "--graceful-timeout", "5",
                # Gunicorn 27's control socket has one default path per user: two servers
                # on one machine would share (and remove) each other's.
                "--no-control-socket",
                *self.extra_args,
            ],
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        if wait:
            self.wait_ready()

    def wait_ready(self):
        wait_until(lambda: self.check_alive() and status_of(self.port) == 200, 90, self.name)
