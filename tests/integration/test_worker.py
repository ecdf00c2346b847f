"""The background worker on the real stack (issue 19, section 2): `manage.py run_worker` beside
the two gunicorn servers (worker.py), on the stack's PostgreSQL.

- Renditions: a page published with a new image has its renditions made by the worker; the
  first request after that encodes nothing, on either server or through Varnish.
- Queued purges: publishing with Varnish paused (it takes connections and never answers) or
  stopped answers as fast as with it up, and the PURGE reaches Varnish once it is back.
- Scheduled publishing: the worker's run publishes a page whose time has come, and Varnish and
  both servers show it (purged as a publish is).
"""

import os
import secrets
import signal
import statistics
import subprocess
import time
from pathlib import Path

import pytest

from .admin import page_id, publish_through_admin
from .client import Visitor
from .services import manage, wait_until
from .worker import run_scheduled_publishing, served_when, wait_for_queue

pytestmark = pytest.mark.integration

NEW_ARTICLE = "/core-concepts/made-by-the-worker/"
IMAGE_TITLE = "Drawn for the worker test"
SECTION = "/techniques/"  # its edit form posts without JavaScript
SCHEDULED = "/techniques/retrieval-augmented-generation/"
# Lead image: 3 sizes x 3 formats (cards use two of those sizes); its shared crop: 1.
LEAD_RENDITIONS = 10

PUBLISH_NEW_ARTICLE = f"""
import io
from PIL import Image as Drawing
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from articles.models import ArticlePage, Author, SectionPage
buffer = io.BytesIO()
Drawing.new("RGB", (1280, 720), (40, 90, 160)).save(buffer, "PNG")
image = Image(title={IMAGE_TITLE!r}, file=ImageFile(buffer, name="worker-test.png"))
image.save()
article = ArticlePage(
    title="Made by the worker", slug="made-by-the-worker", lead_image=image,
    standfirst="Its pictures were encoded before anyone asked.", author=Author.objects.first(),
)
SectionPage.objects.get(slug="core-concepts").add_child(instance=article)
article.save_revision().publish()
"""


def renditions(sql, image_title=None):
    if image_title is None:
        return sql("SELECT count(*) FROM wagtailimages_rendition")[0][0]
    return sql(
        "SELECT count(*) FROM wagtailimages_rendition r JOIN wagtailimages_image i"
        " ON i.id = r.image_id WHERE i.title = %s",
        image_title,
    )[0][0]


def test_the_first_request_after_publishing_a_page_with_a_new_image_encodes_nothing(stack, sql):
    wait_for_queue(sql)  # the demo's own renditions, which `make demo` makes before serving
    manage(stack.env, "shell", "-c", PUBLISH_NEW_ARTICLE)
    wait_until(lambda: renditions(sql, IMAGE_TITLE) == LEAD_RENDITIONS, 180, "the renditions")
    wait_for_queue(sql)
    before = renditions(sql)
    for port in (stack.apps[0].port, stack.apps[1].port, stack.varnish.port):
        page = Visitor(port).get(NEW_ARTICLE)
        assert page.status == 200, (port, page.status)
        assert 'type="image/avif"' in page.text
        assert Visitor(port).get("/core-concepts/").status == 200  # its card
    assert renditions(sql) == before, "a request encoded an image"


def varnish_purges(stack):
    """(path, status) of every PURGE Varnish has handled since it last started (its log)."""
    out = subprocess.run(
        [
            "varnishncsa", "-n", stack.varnish.dir / "instance", "-d",
            "-q", 'ReqMethod eq "PURGE"', "-F", "%U %s",
        ],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    return [tuple(line.split()) for line in out.splitlines()]


def varnish_pids(stack):
    """Our Varnish's manager and its child (the cache process that answers)."""
    manager = stack.varnish.pid
    children = Path(f"/proc/{manager}/task/{manager}/children").read_text().split()
    return [manager, *map(int, children)]


def timed_publish(editor, pk):
    marker = f"Published at {time.time():.3f} ({secrets.token_hex(3)})."
    started = time.monotonic()
    publish_through_admin(editor, pk, intro=marker)
    return time.monotonic() - started, marker


def test_a_publish_with_varnish_down_is_as_fast_and_the_purge_arrives_when_it_returns(
    stack, editor, sql
):
    pk, reader = page_id(sql, "techniques"), Visitor(stack.varnish.port)
    wait_for_queue(sql)
    up = []
    for _ in range(3):
        seconds, marker = timed_publish(editor, pk)
        up.append(seconds)
        assert marker in served_when(reader, SECTION, lambda r, m=marker: m in r.text).text

    # Paused: Varnish's port takes the connection and nothing answers. A PURGE sent while the
    # editor waits would hold the publish for its whole timeout (5 s).
    pids = varnish_pids(stack)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        hung = [timed_publish(editor, pk)[0] for _ in range(2)]
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)

    stack.varnish.stop()
    try:
        down = [timed_publish(editor, pk) for _ in range(3)]
    finally:
        stack.varnish.start()
    last_marker = down[-1][1]
    # The worker tries again with a growing delay; restarted, Varnish logs the PURGE it gets.
    wait_until(lambda: (SECTION, "200") in varnish_purges(stack), 150, "the retried PURGE")
    assert last_marker in reader.get(SECTION).text

    medians = {
        "up": statistics.median(up),
        "paused": statistics.median(hung),
        "down": statistics.median(s for s, _ in down),
    }
    print(
        "publish through the admin, median seconds: "
        + ", ".join(f"Varnish {state} {value:.2f}" for state, value in medians.items())
        + f"; load average {os.getloadavg()[0]:.2f}"
    )
    assert medians["down"] < medians["up"] + 1.5, medians
    assert medians["paused"] < medians["up"] + 1.5, medians


def test_a_page_scheduled_in_the_past_is_published_by_the_worker_and_purged(stack, sql):
    a, b, varnish = stack.apps[0].port, stack.apps[1].port, stack.varnish.port
    reader = Visitor(varnish)
    reader.get(SCHEDULED)
    assert reader.get(SCHEDULED).header("X-Cache") == "HIT"
    marker = f"Live when its time came ({secrets.token_hex(4)})."
    manage(
        stack.env, "shell", "-c",
        "from datetime import timedelta; from django.utils import timezone;"
        "from articles.models import ArticlePage;"
        "page = ArticlePage.objects.get(slug='retrieval-augmented-generation');"
        f"page.standfirst = {marker!r};"
        "page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))",
    )  # fmt: skip
    assert marker not in reader.get(SCHEDULED).text  # scheduled, not yet published

    run_scheduled_publishing(stack)
    through_varnish = served_when(reader, SCHEDULED, lambda r: marker in r.text, timeout=60)
    assert marker in through_varnish.text, "Varnish still serves the page from before"
    for port in (a, b):
        assert marker in Visitor(port).get(SCHEDULED).text
    (live,) = sql("SELECT has_unpublished_changes FROM wagtailcore_page WHERE url_path LIKE %s",
                  "%/retrieval-augmented-generation/")  # fmt: skip
    assert live == (False,)
