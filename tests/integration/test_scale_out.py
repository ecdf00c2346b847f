"""Two app servers on one PostgreSQL and one Redis, Varnish in front: nothing a request needs
lives in one server's memory, and a change made through one is in force on all at once."""

import secrets
import threading
import time

import pytest

from .admin import change_banner_text, page_id, publish_through_admin
from .client import Visitor
from .worker import served_when

pytestmark = pytest.mark.integration

SECTION = "/core-concepts/"
ARTICLE = "/core-concepts/what-is-a-foundation-model/"


def test_every_server_renders_the_same_page(app_a, app_b):
    """Byte-identical HTML from either server is what lets one cached copy serve both."""
    for path in ("/", SECTION, ARTICLE):
        first, second = Visitor(app_a).get(path), Visitor(app_b).get(path)
        assert first.status == second.status == 200, path
        assert first.body == second.body, f"{path} differs between servers"


def test_page_published_through_a_is_served_fresh_by_b_and_through_varnish(
    editor, app_a, app_b, varnish, sql
):
    reader = Visitor(varnish)
    reader.get(SECTION)
    cached = reader.get(SECTION)
    assert cached.status == 200
    assert cached.header("X-Cache") == "HIT", (
        "Varnish did not keep the section page: Cache-Control was "
        f"{cached.header('Cache-Control')!r}"
    )
    before_on_b = Visitor(app_b).get(SECTION)
    assert before_on_b.status == 200

    marker = f"Edited on server A ({secrets.token_hex(4)})."
    publish_through_admin(editor, page_id(sql, "core-concepts"), intro=marker)

    on_b = Visitor(app_b).get(SECTION)
    assert marker in on_b.text, "server B still serves the page as it was before publishing"
    # Varnish's PURGE is sent by the worker, a moment after the publish (worker.py).
    through_varnish = served_when(reader, SECTION, lambda r: marker in r.text)
    assert marker in through_varnish.text, "Varnish still serves the old page: no purge seen"
    assert through_varnish.header("X-Cache") == "MISS"
    assert marker in reader.get(SECTION).text


def test_choices_posted_alternately_to_both_servers_are_each_recorded_once(stack, sql):
    visitor = Visitor(stack.apps[0].port, forwarded_for="198.51.100.11")
    records, consent_ids = [], set()
    for turn, action in enumerate(["accept", "decline", "preferences"] * 4):
        port = stack.apps[turn % 2].port
        fields = {"cookie_groups": "analytics"} if action == "preferences" else {}
        response = visitor.choose(action, port=port, **fields)
        assert response.status == 200, response.text
        answer = response.json()
        assert answer["stored"] is True, answer
        records.append(answer["record"])
        consent_ids.add(answer["consentId"])
    assert len(consent_ids) == 1, "the visitor's consent id changed between servers"
    rows = sql(
        "SELECT id FROM consent_consentrecord WHERE consent_id = %s::uuid ORDER BY id",
        consent_ids.pop(),
    )
    assert [row[0] for row in rows] == sorted(records)
    assert len(set(records)) == len(records) == 12


def test_the_same_choice_sent_to_both_servers_at_once_is_stored_once(stack, sql):
    visitor = Visitor(stack.apps[0].port, forwarded_for="198.51.100.12")
    first = visitor.choose("accept").json()
    answers, barrier = [], threading.Barrier(6)

    def send(port):
        clone = Visitor(port, forwarded_for=visitor.forwarded_for)
        clone.cookies = dict(visitor.cookies)
        barrier.wait(timeout=10)
        answers.append(clone.choose("decline", port=port))

    threads = [threading.Thread(target=send, args=(app.port,)) for app in stack.apps * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [r.status for r in answers] == [200] * 6, [r.text for r in answers]
    assert sum(r.json()["stored"] for r in answers) == 1
    (count,) = sql(
        "SELECT count(*) FROM consent_consentrecord WHERE consent_id = %s::uuid",
        first["consentId"],
    )[0]
    assert count == 2  # the accept, then one decline


def test_the_rate_limit_is_shared_by_both_servers(stack):
    limit = int(stack.env["CONSENT_RATE_LIMIT"])
    window = int(stack.env["CONSENT_RATE_LIMIT_WINDOW"])
    # Start early in a fixed window so all posts fall into the same one.
    while time.time() % window > window - 20:
        time.sleep(0.5)
    visitor = Visitor(stack.apps[0].port, forwarded_for="198.51.100.13")
    statuses = []
    for turn in range(limit + 1):
        action = "accept" if turn % 2 else "decline"
        statuses.append(visitor.choose(action, port=stack.apps[turn % 2].port).status)
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429, "each server (or worker) counted on its own"
    refused = visitor.choose("accept", port=stack.apps[1].port)
    assert refused.status == 429 and int(refused.header("Retry-After")) > 0


def test_policy_changed_through_a_is_what_b_records_against_at_once(stack, editor, sql):
    b = stack.apps[1].port
    visitor = Visitor(b, forwarded_for="198.51.100.14")
    before = visitor.choose("accept").json()["version"]

    wording = f"We ask before any analytics run (revision {secrets.token_hex(4)})."
    change_banner_text(editor, wording)

    after = visitor.choose("decline").json()
    assert after["version"] != before, "server B recorded against the old policy version"
    query = "SELECT text FROM consent_consentpolicyversion WHERE id = %s"
    (text,) = sql(query, after["version"])[0]
    assert wording in text
    (latest,) = sql("SELECT max(id) FROM consent_consentpolicyversion")[0]
    assert after["version"] == latest
