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


def public_paths(content):
    """One address for each public page type a visitor reaches, by name."""
    shown = [
        model.slug
        for block in content.article.body
        if block.block_type == "model_table"
        for model in block.value["models"]
        if model is not None and model.live
    ]
    return {
        "home": content.home.url,
        "section": content.section.url,
        "article": content.article.url,
        "search": "/search/?q=foundation",
        "tag": f"/tags/{content.tag_slug}/",
        "author": f"/authors/{content.article.author.slug}/",
        "not-found": "/no-such-page-here/",
        "directory": "/models/",
        "model": f"/models/{shown[0]}/",
        "compare": f"/models/compare/?m={shown[0]}&m={shown[1]}",
    }


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


def distinct_colours(image, at_most=256):
    """How many colours a screenshot holds, counted up to ``at_most``: a page that drew
    nothing (a white or black screen) has one or two; text and images bring hundreds."""
    colours = image.convert("RGB").getcolors(maxcolors=at_most)
    return at_most if colours is None else len(colours)


def overlaps_vertically(box, other):
    """Whether two bounding boxes (Playwright's ``bounding_box()``) share any height."""
    return box["y"] < other["y"] + other["height"] and other["y"] < box["y"] + box["height"]


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


# --------------------------------------------------------------------------- keyboard


def focused_id(page):
    """The id of the element that has focus ("" when it has none, None when nothing has)."""
    return page.evaluate("document.activeElement && document.activeElement.id")


def focus_is_inside(page, selector):
    return page.evaluate(
        "(selector) => document.querySelector(selector).contains(document.activeElement)",
        selector,
    )


def press_keys(page, key, times, *, within=None):
    """Press ``key`` ``times`` times and return the id focused after each press, in order.

    With ``within`` (a CSS selector), fail at the first press that takes focus out of it:
    that is how a focus trap (a modal dialog) is checked.
    """
    trail = []
    for _ in range(times):
        page.keyboard.press(key)
        trail.append(focused_id(page))
        if within is not None:
            assert focus_is_inside(page, within), f"{key} took focus out of {within}: {trail}"
    return trail


def tab_to(page, target, *, within=None, key="Tab", limit=60):
    """Press Tab (or ``key``) until ``target`` has focus, as a keyboard user gets somewhere.

    ``target`` is an element id or a Playwright locator; fails after ``limit`` presses, or
    (with ``within``) as soon as focus leaves that element.
    """

    def reached():
        if isinstance(target, str):
            return focused_id(page) == target
        return target.evaluate("element => element === document.activeElement")

    for _ in range(limit):
        if reached():
            return
        press_keys(page, key, 1, within=within)
    assert reached(), f"{limit} presses of {key} never reached {target}"
