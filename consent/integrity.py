"""Checking the consent audit trail: every policy version's SHA-256 and the records' chain.

`verify_log()` is what `manage.py verify_consent_log` runs; it reads everything and changes
nothing. The auditor screens show `recent_verification()`, the same check reused for a short
while (settings.CONSENT_VERIFY_CACHE_SECONDS) as long as the log has not grown, so a busy
auditor does not re-read a million records on every page."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from .conf import settings
from .digests import GENESIS, chain_digest, text_digest
from .models import ConsentChainHead, ConsentPolicyVersion, ConsentPrune, ConsentRecord


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    message: str
    checked: int = 0  # records whose digest was recomputed
    checked_versions: int = 0
    first_broken_record_id: int | None = None
    first_broken_version_id: int | None = None

    def __bool__(self):
        return self.ok


def verify_policy_versions():
    """(checked, id of the first version whose text no longer matches its SHA-256 or None)."""
    checked = 0
    versions = ConsentPolicyVersion.objects.order_by("pk").values_list("pk", "text", "sha256")
    for pk, text, sha256 in versions.iterator(chunk_size=200):
        checked += 1
        if text_digest(text) != sha256:
            return checked, pk
    return checked, None


def chain_start():
    """(digest the first remaining record chains onto, last pruned id) after the latest prune."""
    prune = ConsentPrune.objects.order_by("-through_record").first()
    if prune is None:
        return GENESIS, 0
    return prune.through_digest, prune.through_record


def verify_log():
    versions_checked, broken_version = verify_policy_versions()
    if broken_version is not None:
        return VerifyResult(
            ok=False,
            checked_versions=versions_checked,
            first_broken_version_id=broken_version,
            message=f"Broken: policy version {broken_version}'s text does not match its SHA-256.",
        )
    previous, pruned_through = chain_start()
    checked, last_pk = 0, None
    records = ConsentRecord.objects.select_related("policy_version").order_by("pk")

    def broken(record_id, why):
        return VerifyResult(
            ok=False,
            first_broken_record_id=record_id,
            checked=checked,
            checked_versions=versions_checked,
            message=f"Broken at record {record_id}: {why}",
        )

    for record in records.iterator(chunk_size=2000):
        checked += 1
        if record.pk <= pruned_through:
            return broken(record.pk, "it should have been removed by a logged prune.")
        expected = chain_digest(previous, record.canonical_content())
        if record.digest != expected:
            return broken(record.pk, "its digest does not match its content and its predecessor.")
        previous, last_pk = record.digest, record.pk
    head = ConsentChainHead.objects.filter(pk=1).first()
    if head is not None and head.record_id is not None:
        if last_pk is None and head.record_id > pruned_through:
            return broken(head.record_id, "the newest records are missing.")
        if last_pk is not None and (head.record_id, head.digest) != (last_pk, previous):
            return broken(head.record_id, "the newest records do not match the chain head.")
    return VerifyResult(
        ok=True,
        checked=checked,
        checked_versions=versions_checked,
        message=f"Verified: {versions_checked} policy versions and {checked} records.",
    )


@dataclass(frozen=True)
class Verification:
    result: VerifyResult
    checked_at: datetime


def log_fingerprint():
    """What changes whenever the log is added to, pruned or given a new policy version."""
    head = ConsentChainHead.objects.filter(pk=1).values_list("record_id", "digest").first()
    version = ConsentPolicyVersion.objects.aggregate(last=Max("pk"))["last"]
    pruned = ConsentPrune.objects.aggregate(last=Max("through_record"))["last"]
    return text_digest(f"{head}:{version}:{pruned}")


def recent_verification():
    """verify_log(), or its result from the last few minutes if the log has not changed since.

    A rewrite below the ORM that leaves the head alone is found when the reuse ends, at most
    CONSENT_VERIFY_CACHE_SECONDS later, so the screens say when the check ran."""
    seconds = settings.CONSENT_VERIFY_CACHE_SECONDS
    key = f"consent:verified:{log_fingerprint()}"
    if seconds > 0:
        kept = cache.get(key)
        if isinstance(kept, Verification):
            return kept
    verification = Verification(result=verify_log(), checked_at=timezone.now())
    if seconds > 0:
        cache.set(key, verification, seconds)
    return verification
