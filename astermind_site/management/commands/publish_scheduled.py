"""Wagtail's `publish_scheduled`, with each object's change in a transaction of its own.

Wagtail's command saves a page (one transaction) and only then sends `page_published` (or
`page_unpublished` for an expired page), after that transaction has committed. The page
cache batches a change's purges per outermost transaction (pagecache/batch.py), so each
scheduled page cost two purge rounds, the second with the same URLs as the first. Here the
save and the signal share one `transaction.atomic()`, so each page is one round, as the
editor's button is (astermind_site/middleware/admin_transaction.py).

One transaction per object, not one for the whole run: a page whose publish fails rolls back
alone and leaves the pages before it published. Each revision is locked and read again
inside its transaction, so a second worker (or a cron `publish_scheduled` beside the worker)
that reaches the same revision finds it already published and skips it. `--dryrun` is
Wagtail's, unchanged. The worker runs this command every minute: astermind_site/scheduled.py.
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled
from wagtail.models import DraftStateMixin, Page, Revision


def scheduled_models():
    """Pages first, then every other model with drafts (snippets), as Wagtail orders them."""
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return [Page, *others]


def unpublish_expired(now):
    for model in scheduled_models():
        expired = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for pk in list(expired.values_list("pk", flat=True)):
            with transaction.atomic():
                obj = model.objects.select_for_update().filter(pk=pk, live=True).first()
                if obj is not None:
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")


def publish_due(now):
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            revision = (
                Revision.objects.select_for_update()
                .filter(pk=pk, approved_go_live_at__lt=now)
                .first()
            )
            if revision is not None:
                revision.publish(log_action="wagtail.publish.scheduled")


class Command(WagtailPublishScheduled):
    help = "Publish and unpublish what editors scheduled, one transaction per object."

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        now = timezone.now()
        unpublish_expired(now)
        publish_due(now)
