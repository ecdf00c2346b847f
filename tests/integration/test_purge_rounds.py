"""One publish in the admin is one purge round at the real Varnish: each URL it shows is
PURGEd once (pagecache/batch.py). Before, Wagtail's own handler, the page's save and its
publish each sent their own, so the page's address was PURGEd three times. The page is a
section (its form posts without JavaScript; an article's body needs the editor's script):
it is in every page's header, so its publish purges every page."""

import secrets
import time
from collections import Counter

import pytest

from .admin import page_id, publish_through_admin
from .client import Visitor

pytestmark = pytest.mark.integration

SECTION = "/core-concepts/"
ARTICLE = "/core-concepts/what-is-a-foundation-model/"


def purges_since(varnish, before, expect, seconds=20):
    """PURGEs Varnish received after `before`, once `expect` is among them and none has
    arrived for a second (a queued purge may take a moment)."""
    deadline = time.monotonic() + seconds
    seen = None
    while time.monotonic() < deadline:
        now = Counter(varnish.purged_paths()) - before
        if expect in now and now == seen:
            return now
        seen = now
        time.sleep(1)
    raise AssertionError(f"{expect} not purged within {seconds}s: {seen}")


def test_publishing_a_page_purges_each_address_once(stack, editor, varnish, sql):
    reader = Visitor(varnish)
    reader.get(SECTION)
    assert reader.get(SECTION).header("X-Cache") == "HIT"
    before = Counter(stack.varnish.purged_paths())

    marker = f"Republished once ({secrets.token_hex(4)})."
    publish_through_admin(editor, page_id(sql, "core-concepts"), intro=marker)

    purged = purges_since(stack.varnish, before, SECTION)
    assert {SECTION, ARTICLE, "/", "/feed.xml", "/sitemap.xml", "/models/"} <= set(purged)
    assert max(purged.values()) == 1, {path: n for path, n in purged.items() if n > 1}
    fresh = reader.get(SECTION)
    assert fresh.header("X-Cache") == "MISS" and marker in fresh.text
