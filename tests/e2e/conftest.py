"""Fixtures for the browser suite: one Debian chromium per run, a fresh context per visitor.

Every test runs against pytest-django's ``live_server`` (a real HTTP server in a thread) with
a transactional database, so content is created inside each test or a function fixture and
is gone again afterwards. Wagtail's root page and default site come from migrations;
``django_db_serialized_rollback`` restores them after each flush.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.marks import require_mark

from .encoded_once import encoded_once
from .helpers import (
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    EDITOR_PASSWORD,
    NAVIGATION_TIMEOUT_MS,
    SCREENSHOT_DIR,
    saved_screenshots,
)

rendition_counts = {}


def pytest_report_header(config):
    return f"e2e screenshots: {SCREENSHOT_DIR}"


def pytest_terminal_summary(terminalreporter):
    if saved_screenshots:
        terminalreporter.write_line(
            f"e2e: {len(saved_screenshots)} screenshots saved in {SCREENSHOT_DIR}"
        )
    if rendition_counts:
        terminalreporter.write_line(
            f"e2e: renditions encoded {rendition_counts['encoded']}, "
            f"written again from the first encode {rendition_counts['reused']}"
        )


def pytest_collection_modifyitems(items):
    """Every test in this folder drives a browser, so every one must carry the e2e mark
    (an unmarked one would run, and fail, in `make test`)."""
    require_mark(items, Path(__file__).parent, "e2e", "browser tests without @pytest.mark.e2e")


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory.

    An in-memory database is one connection, which the live server hands to every request
    thread; when the admin sends two requests at once (Wagtail's autosave of a new page while
    Publish is pressed) they collide in that connection with "database table is locked".
    A file gives each thread its own connection and SQLite's ordinary locking, as PostgreSQL
    gives each its own.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_name = tmp_path_factory.mktemp("e2e-db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_name)
        options = database.setdefault("OPTIONS", {})
        # Readers and the one writer do not block each other (write-ahead log). A transaction
        # takes the write lock when it begins, so two that would write (Wagtail's autosave and
        # Publish) queue, waiting up to 30 s on a busy machine, instead of the second failing
        # at once with "database is locked" when it tries to upgrade its read lock (Django's
        # documented remedy). A throwaway file: no need to wait for the disk after each flush.
        options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
        options["transaction_mode"] = "IMMEDIATE"
        options["timeout"] = 30


@pytest.fixture(scope="session", autouse=True)
def renditions_encoded_once():
    """Each rendition's pixels are encoded once per browser run (encoded_once.py says why)."""
    with encoded_once() as counts:
        rendition_counts.update(counts)
        yield counts
        rendition_counts.update(counts)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, started once per run (Playwright's own download is never used)."""
    # The sync API keeps an event loop running in this thread, which makes Django refuse
    # ORM calls from the test; the live server's own threads are unaffected.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Visitor:
    """One browser context (one visitor) and everything its pages asked the network for."""

    context: object
    page: object
    base_url: str
    requests: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)

    def goto(self, path, **kwargs):
        response = self.page.goto(path, **kwargs)
        assert response is not None, f"no response for {path}"
        return response

    @property
    def origin(self):
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def foreign_requests(self):
        """URLs the pages requested from any origin other than the site's own."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin
        ]

    def requests_matching(self, fragment):
        return [url for url in self.requests if fragment in url]

    def cookie_names(self):
        return sorted(cookie["name"] for cookie in self.context.cookies())

    def new_page(self):
        """Another tab in the same context (same cookies, same request log)."""
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        return page


@pytest.fixture
def visitor_factory(browser, live_server):
    """Open a fresh visitor: ``visitor_factory(viewport=PHONE, javascript=False, ...)``."""
    contexts = []

    def open_visitor(
        viewport=DESKTOP,
        javascript=True,
        extra_http_headers=None,
        init_script=None,
        bypass_csp=False,
        block_foreign=True,
        color_scheme="light",
    ):
        context = browser.new_context(
            color_scheme=color_scheme,
            base_url=live_server.url,
            viewport=viewport,
            java_script_enabled=javascript,
            extra_http_headers=extra_http_headers,
            bypass_csp=bypass_csp,
            locale="en-GB",
        )
        contexts.append(context)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        if init_script:
            context.add_init_script(init_script)
        visitor = Visitor(context=context, page=None, base_url=live_server.url)
        context.on("request", lambda request: visitor.requests.append(request.url))
        if block_foreign:
            # The machine has no outside network: answer foreign requests at once instead of
            # letting them hang. They are still recorded above, so tests can assert on them.
            own = visitor.origin
            context.route(
                lambda url: not url.startswith(own + "/") and url != own,
                lambda route: route.abort("blockedbyclient"),
            )
        visitor.page = visitor.new_page()
        return visitor

    yield open_visitor
    for context in contexts:
        context.close()


@pytest.fixture
def visitor(visitor_factory):
    """A desktop visitor with JavaScript on."""
    return visitor_factory()


# --------------------------------------------------------------------------- content


@pytest.fixture
def site_db(live_server, django_db_serialized_rollback, transactional_db):
    """A database the live server shares, restored to its migrated state after each test.

    Caches (django-cookie-consent's group cache, Wagtail's site root paths) live in this
    process and would remember rows of the previous test: tests/conftest.py's autouse
    ``fresh_caches`` empties them before and after every test, this one included."""


@dataclass
class Content:
    home: object
    section: object
    article: object
    tag_slug: str


@pytest.fixture
def content(site_db):
    """The site as a visitor meets it: home, a section, the foundation-model article, a tag."""
    from articles.models import ArticlePage
    from tests.tasks import run_queued_tasks

    call_command("load_demo_content", verbosity=0)
    # As `make demo` does: the worker makes the renditions the load queued, so no page a
    # test opens encodes its pictures while the browser waits.
    run_queued_tasks()
    article = ArticlePage.objects.live().get(slug="what-is-a-foundation-model")
    section = article.get_parent().specific
    return Content(
        home=section.get_parent().specific,
        section=section,
        article=article,
        tag_slug=article.tags.order_by("slug").first().slug,
    )


@pytest.fixture
def editor(site_db, make_user):
    """A superuser who signs in through the admin's login form (``make_user`` and the other
    account fixtures live in tests/conftest.py)."""
    return make_user("editor", superuser=True, password=EDITOR_PASSWORD)
