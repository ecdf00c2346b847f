"""Screenshots of the auditor list and the log-status page on the 1,000,000-record bench log
(bench/consent_scale.py makes it), as an admin sees them: 1280×800 and 360×640, light and
dark, into docs/screenshots/issue-19/.

    .venv/bin/python bench/consent_screenshots.py

Starts `manage.py runserver --insecure` on a free port with the bench's settings and database
(the checkpoints there are signed with the test settings' key), signs in through the admin's
login form as a throwaway superuser and drives Debian's chromium through Playwright. The
numbers are bench/consent_scale.py's; this only shows the screens.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser suite's own)

OUT = ROOT / "docs" / "screenshots" / "issue-19"
URL = os.environ.get(
    "CONSENT_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_consent_scale"
)
USER, PASSWORD = "screenshots-admin", "screens-of-issue-19"  # noqa: S105 - a throwaway account
PAGES = {"records": "/admin/consent/records/", "log-status": "/admin/consent/records/log-status/"}
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 640}}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, **kwargs):
    env = {
        **os.environ,
        "DATABASE_URL": URL,
        "DJANGO_SETTINGS_MODULE": "astermind_site.settings.test",
    }
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=env, **kwargs)


def main():
    script = (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"u, _ = U.objects.get_or_create(username={USER!r}); u.is_superuser = u.is_staff = True; "
        f"u.set_password({PASSWORD!r}); u.save()"
    )
    assert manage("shell", "-c", script).wait() == 0
    port = free_port()
    server = manage("runserver", "--insecure", "--noreload", f"127.0.0.1:{port}")
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                for size, viewport in VIEWPORTS.items():
                    context = browser.new_context(
                        base_url=base, viewport=viewport, color_scheme=scheme
                    )
                    page = context.new_page()
                    page.set_default_timeout(60_000)
                    page.goto("/admin/login/")
                    page.get_by_label("Username").fill(USER)
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    expect(page).to_have_url(re.compile(r"/admin/$"))
                    for name, path in PAGES.items():
                        page.goto(path)
                        path_out = OUT / f"{name}-{size}-{scheme}.png"
                        page.screenshot(path=str(path_out), full_page=True)
                        print(path_out.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
