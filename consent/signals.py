"""Keep the cached banner configuration and the policy version in step with the registry, sign
a log checkpoint after a committed record when one is due, and have the worker hold each new
checkpoint against the records (tasks.py) once it is committed (connected in apps.py)."""

from cookie_consent.models import Cookie, CookieGroup
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .analytics import analytics_cache_key
from .log.checkpoints import maybe_checkpoint
from .models import (
    AnalyticsSettings,
    ConsentCheckpoint,
    ConsentRecord,
    ConsentTextSettings,
    CookieDetails,
)
from .policy import consent_config, invalidate_config
from .tasks import queue_check

WATCHED = (CookieGroup, Cookie, CookieDetails, ConsentTextSettings, AnalyticsSettings)


def _refresh():
    invalidate_config()
    # Writing the new version right away, not on the next page view, keeps the version
    # history complete even for a change nobody saw before it was changed again.
    consent_config()


def registry_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if sender is AnalyticsSettings:
        # The provider decides which analytics cookies /cookies/ lists, and that list is part
        # of the policy text, so a change of provider is a new policy version too.
        cache.delete(analytics_cache_key(kwargs["instance"].site_id))
    invalidate_config()
    transaction.on_commit(_refresh)


def record_saved(sender, instance, created, raw=False, **kwargs):
    """A new consent record: once its transaction commits, sign a checkpoint if one is due."""
    if created and not raw:
        transaction.on_commit(maybe_checkpoint)


def checkpoint_signed(sender, instance, created, raw=False, **kwargs):
    """A new checkpoint: once it is committed, queue the worker's check of it."""
    if created and not raw:
        transaction.on_commit(queue_check)


def connect():
    """Per sender: a consent record insert calls only ``record_saved``."""
    for sender in WATCHED:
        for signal in (post_save, post_delete):
            signal.connect(registry_changed, sender=sender, dispatch_uid="consent_registry")
    post_save.connect(record_saved, sender=ConsentRecord, dispatch_uid="consent_log_checkpoint")
    post_save.connect(
        checkpoint_signed, sender=ConsentCheckpoint, dispatch_uid="consent_log_check_queued"
    )
