"""Scheduled publishing runs in the worker and purges as a publish does
(astermind_site/scheduled.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from wagtail.signals import page_published

from astermind_site.scheduled import publish_scheduled_pages, queue_next_run
from tests.factories import ArticlePageFactory
from tests.tasks import failed_tasks, queued, run_queued_tasks

from .conftest import RecordingProxy

pytestmark = pytest.mark.django_db

URL = "/core-concepts/scheduled/"


def test_a_page_scheduled_in_the_past_is_published_by_the_worker_and_purged(
    settings, client, section, purge_proxy, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    article = ArticlePageFactory(parent=section, slug="scheduled", standfirst="As it was.")
    client.get(URL)
    assert client.get(URL).headers["X-Cache"] == "HIT"
    article.standfirst = "Live at the time the editor chose."
    article.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    assert "As it was." in client.get(URL).content.decode()  # scheduled, not yet live

    queue_next_run(delay=0)  # what `manage.py run_worker` does when it starts
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_tasks()
    run_queued_tasks()  # the PURGEs the publish queued once it committed
    assert failed_tasks() == []

    served = client.get(URL)
    assert served.headers["X-Cache"] == "MISS"
    assert "Live at the time the editor chose." in served.content.decode()
    assert (URL, 200) in RecordingProxy.received
    assert ("/core-concepts/", 200) in RecordingProxy.received


def test_each_run_queues_the_next_one_a_minute_on(db):
    queue_next_run(delay=0)
    started = timezone.now()
    assert run_queued_tasks() == 1
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.task_path == "astermind_site.scheduled.publish_scheduled_pages"
    assert started + timedelta(seconds=59) < waiting.run_after < started + timedelta(seconds=62)


def test_one_chain_however_often_it_is_started(db):
    assert queue_next_run(delay=0) is True
    assert queue_next_run(delay=0) is False  # a second worker starting: already waiting
    assert len(queued(publish_scheduled_pages)) == 1


class Refused(Exception):
    pass


def test_a_publish_that_fails_rolls_back_alone_and_is_tried_again(section):
    """Each object is one transaction (management/commands/publish_scheduled.py): a failing
    receiver of page_published leaves that page unpublished and still scheduled, and the
    page due before it published. Wagtail's command had saved it live before the signal."""
    due = timezone.now() - timedelta(seconds=10)
    first = ArticlePageFactory(parent=section, slug="first", live=False)
    broken = ArticlePageFactory(parent=section, slug="broken", live=False)
    first.save_revision(approved_go_live_at=due)
    broken.save_revision(approved_go_live_at=due + timedelta(seconds=1))

    def refuse(sender, instance, **kwargs):
        if instance.slug == "broken":
            raise Refused

    page_published.connect(refuse)
    try:
        with pytest.raises(Refused):
            call_command("publish_scheduled")
    finally:
        page_published.disconnect(refuse)
    assert Page.objects.get(pk=first.pk).live is True
    broken_now = Page.objects.get(pk=broken.pk)
    assert broken_now.live is False
    assert broken_now.revisions.filter(approved_go_live_at__isnull=False).count() == 1
    call_command("publish_scheduled")  # the next run
    assert Page.objects.get(pk=broken.pk).live is True


def test_a_dry_run_changes_nothing(section, capsys):
    page = ArticlePageFactory(parent=section, slug="later", live=False)
    page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    call_command("publish_scheduled", dryrun=True)
    assert "Revisions to be published:" in capsys.readouterr().out
    assert Page.objects.get(pk=page.pk).live is False
