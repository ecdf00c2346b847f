"""Constants and helpers shared by the browser tests (fixtures live in conftest.py)."""

import re
from pathlib import Path

from playwright.sync_api import expect

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "e2e-screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
# Short waits: everything is served from this machine, so a slow answer is a failure.
ACTION_TIMEOUT_MS = 5_000
NAVIGATION_TIMEOUT_MS = 15_000
SERIOUS_IMPACTS = ("serious", "critical")
EDITOR_PASSWORD = "correct-horse-e2e"  # noqa: S105 - a throwaway account in the test database


saved_screenshots = []


def axe_violations(page, selector=None):
    """Serious and critical axe-core violations on the page (or inside ``selector``)."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `bash tests/e2e/setup.sh`"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async (selector) => {
            const context = selector ? { include: [selector] } : document;
            return await axe.run(context, { resultTypes: ['violations'] });
        }""",
        selector,
    )
    return [v for v in results["violations"] if v["impact"] in SERIOUS_IMPACTS]


def describe_violations(violations):
    """A readable list for an assertion message: rule, impact, help and the first targets."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def save_screenshot(page, name, full_page=True):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    saved_screenshots.append(path)
    return path


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def log_in(page, user, password=EDITOR_PASSWORD):
    """Sign in to the Wagtail admin through its login form."""
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def add_block(page, stream, kind):
    """Append a block to a StreamField through its last "Insert a block" button."""
    stream.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
