"""The one query for "the latest record of a consent id", on the record queryset."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


def add(version, consent_id, created_at, method=ConsentMethod.ACCEPT_ALL):
    return ConsentRecord.objects.create(
        consent_id=consent_id,
        method=method,
        decisions={"analytics": method == ConsentMethod.ACCEPT_ALL},
        policy_version=version,
        created_at=created_at,
    )


def test_latest_for_picks_the_newest_record_of_that_consent_id_only(version):
    now = timezone.now()
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    add(version, mine, now - timedelta(days=2))
    newest = add(version, mine, now - timedelta(days=1), ConsentMethod.REJECT_ALL)
    add(version, theirs, now)
    assert ConsentRecord.objects.latest_for(mine) == newest
    assert ConsentRecord.objects.latest_for(uuid.uuid4()) is None


def test_latest_for_breaks_a_tie_by_insertion_order_and_honours_since(version):
    now = timezone.now()
    cid = uuid.uuid4()
    add(version, cid, now - timedelta(hours=1))
    add(version, cid, now, ConsentMethod.ACCEPT_ALL)
    second_at_same_time = add(version, cid, now, ConsentMethod.REJECT_ALL)
    assert ConsentRecord.objects.latest_for(cid) == second_at_same_time
    assert ConsentRecord.objects.latest_for(cid, since=now + timedelta(seconds=1)) is None
    recent = ConsentRecord.objects.latest_for(cid, since=now - timedelta(minutes=5))
    assert recent == second_at_same_time
