"""Real gunicorn processes for the tests: production settings, a free port on 127.0.0.1,
bounded start-up, stopped by their own pid."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 60


def closed_port():
    """A port nothing listens on (bound, then released)."""
    return free_port()


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SITE_BASE_URL", "WEB_CONCURRENCY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="astermind_site.settings.production",
        DJANGO_SECRET_KEY="test-" + "k" * 50,
        # An Ed25519 seed (base64) that signs the consent log's checkpoints in these tests.
        CONSENT_LOG_SIGNING_KEY="dGVzdC1vbmx5LWNvbnNlbnQtbG9nLWtleS0zMmJ5dGU=",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WEB_CONCURRENCY="1",
        HOST="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


class Gunicorn:
    def __init__(self, env, logs):
        self.port = free_port()
        self.env = {**env, "PORT": str(self.port)}
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout_path = logs / f"gunicorn-{self.port}.out"
        self.stderr_path = logs / f"gunicorn-{self.port}.err"
        self.process = None

    def start(self, wait=True):
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=err,
            )
        if wait:
            self.wait_until_listening()
        return self

    def wait_until_listening(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.process.returncode}: {self.stderr()}")
            try:
                status, _, _ = self.request("GET", "/healthz", timeout=5)
            except OSError:
                time.sleep(0.3)
                continue
            if status:
                return
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT}s: {self.stderr()}")

    def request(self, method, path, body=None, headers=None, timeout=20):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def stdout(self):
        return self.stdout_path.read_text(errors="replace")

    def wait_for_exit(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
