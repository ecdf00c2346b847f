"""Varnish of our own in front of the app servers, from the shipped deploy/varnish/default.vcl."""

import re
import secrets
import subprocess
from pathlib import Path

from astermind_site.purge_token import INCLUDE_NAME, purge_token_vcl
from tests.servers import free_port

from .services import ROOT, status_of, stop_pid, wait_until

VCL_TEMPLATE = ROOT / "deploy" / "varnish" / "default.vcl"


def render_vcl(ports, template=VCL_TEMPLATE):
    """The shipped VCL with its two backends pointed at our app servers."""
    text = Path(template).read_text()
    for backend, port in zip(("app_a", "app_b"), ports, strict=True):
        pattern = rf'(backend {backend} \{{[^}}]*?\.port = ")\d+(")'
        text, found = re.subn(pattern, rf"\g<1>{port}\g<2>", text)
        if found != 1:
            raise ValueError(f"{template}: no single .port for backend {backend}")
    return text


class Varnish:
    def __init__(self, workdir, backend_ports, purge_token=None):
        self.dir = Path(workdir) / "varnish"
        self.port = free_port()
        self.backend_ports = backend_ports
        # What the app servers get as VARNISH_PURGE_TOKEN.
        self.purge_token = purge_token or secrets.token_urlsafe(32)
        self.pid_file = self.dir / "varnishd.pid"

    def start(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        vcl = self.dir / "default.vcl"
        vcl.write_text(render_vcl(self.backend_ports))
        # What `manage.py varnish_purge_vcl --output` writes beside the deployed VCL.
        (self.dir / INCLUDE_NAME).write_text(purge_token_vcl(self.purge_token))
        subprocess.run(
            [
                "varnishd", "-a", f"127.0.0.1:{self.port}", "-f", vcl, "-s", "malloc,64m",
                "-n", self.dir / "instance", "-P", self.pid_file, "-T", "none",
                "-p", "thread_pool_min=50",
            ],
            check=True, timeout=60, capture_output=True,
        )  # fmt: skip
        wait_until(lambda: status_of(self.port) == 200, 30, "varnishd")

    @property
    def pid(self):
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self):
        stop_pid(self.pid)

    def purged_paths(self):
        """The path of every PURGE this Varnish has received, in order (varnishlog reads the
        instance's shared-memory log)."""
        found = subprocess.run(
            [
                "varnishlog", "-n", self.dir / "instance", "-d", "-g", "request",
                "-q", 'ReqMethod eq "PURGE"', "-i", "ReqURL",
            ],
            check=True, timeout=30, capture_output=True, text=True,
        )  # fmt: skip
        return [line.split()[-1] for line in found.stdout.splitlines() if "ReqURL" in line]
