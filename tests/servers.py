"""Small helpers for tests that talk to real servers on 127.0.0.1."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3

REDIS_PORT = 6379
MOTO_SERVER = Path(sys.executable).with_name("moto_server")


def free_port():
    """A port on 127.0.0.1 that nothing listens on right now (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(port=REDIS_PORT):
    """True when a Redis server on 127.0.0.1:port answers PING with PONG."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class S3Server:
    """moto's standalone S3-compatible server (the `moto[server]` dev dependency) on a free
    127.0.0.1 port, in its own process that `stop()` ends by its pid. Stands in for Amazon
    S3, MinIO or R2 in the storage tests and the integration stack. Like S3 it refuses an
    unsigned GET of an object that has no public ACL; unlike S3 it answers an unsigned bucket
    listing and takes any keys."""

    ACCESS_KEY = "astermind-test-key"
    SECRET_KEY = "astermind-test-secret"  # noqa: S105 (moto checks no signature)
    REGION = "eu-west-2"

    def __init__(self, log_path):
        self.port = free_port()
        self.log_path = Path(log_path)
        self.proc = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [MOTO_SERVER, "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"moto_server exited early:\n{self.log_path.read_text(errors='replace')}"
                )
            if self.answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"moto_server not ready after {timeout}s")

    def answers(self):
        try:
            with urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def credentials(self):
        """The environment boto3 (and so django-storages) reads its keys from."""
        return {"AWS_ACCESS_KEY_ID": self.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": self.SECRET_KEY}

    def client(self):
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=self.REGION,
            aws_access_key_id=self.ACCESS_KEY, aws_secret_access_key=self.SECRET_KEY,
        )  # fmt: skip

    def create_bucket(self, name):
        """What an operator does once, before the site's first upload."""
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.REGION}
        )
        return name

    def storage_url(self, bucket):
        """MEDIA_STORAGE_URL for `bucket` on this server."""
        return f"s3://{bucket}?endpoint_url={self.endpoint}&region={self.REGION}"

    def unsigned_get(self, bucket, key):
        """(status, body) of a GET for `key` with no signature: what anyone who guessed the
        object's address would get."""
        url = f"{self.endpoint}/{bucket}/{urllib.parse.quote(key)}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read()
