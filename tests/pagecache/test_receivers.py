"""Receivers are connected per sender (pagecache/signals.py, articles/signals.py,
consent/signals.py): a consent record insert, the busiest write the site makes, calls only
the consent log's own receiver, and no page-cache, registry or article one."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from consent.models import ConsentRecord
from consent.signals import record_saved

APPS_THAT_PURGE = ("pagecache", "directory", "articles", "factcheck")


def receivers(signal, sender):
    sync, asynchronous = signal._live_receivers(sender)
    return [*sync, *asynchronous]


def test_a_consent_record_insert_calls_only_the_consent_logs_receiver(db):
    assert receivers(post_save, ConsentRecord) == [record_saved]


def test_no_page_cache_or_registry_receiver_hears_about_consent_records(db):
    for signal in (pre_save, post_save, pre_delete, post_delete):
        heard_by = {r.__module__.split(".")[0] for r in receivers(signal, ConsentRecord)}
        assert not heard_by & set(APPS_THAT_PURGE), (signal, heard_by)
