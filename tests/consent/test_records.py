"""Record rules: pseudonymous, truncated, keyed, append-only, deduplicated, prunable."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from astermind_site.addresses import hash_ip, truncate_ip
from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord, ImmutableRecordError
from consent.records import (
    Submission,
    clean_path,
    record_choice,
    resolve_method,
    truncate_user_agent,
)


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


def make_record(version, now=None, **kwargs):
    defaults = {
        "consent_id": uuid.uuid4(),
        "method": ConsentMethod.ACCEPT_ALL,
        "decisions": {"analytics": True, "personalisation": True},
        "policy_version": version,
        "ip": "203.0.113.9",
        "user_agent": "UA",
        "path": "/",
    }
    defaults.update(kwargs)
    return record_choice(Submission(**defaults), now=now)


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.20", "198.51.100.0/24"),
        ("not-an-ip", ""),
        ("", ""),
    ],
)
def test_ip_is_truncated_to_24_or_48(ip, network):
    assert truncate_ip(ip) == network


def test_ip_hash_is_keyed_shared_within_the_network_and_never_the_address():
    first, neighbour, other = hash_ip("203.0.113.5"), hash_ip("203.0.113.250"), hash_ip("8.8.8.8")
    assert first == neighbour != other
    assert len(first) == 64 and "203" not in first
    with override_settings(CONSENT_IP_HASH_SECRET="another-secret"):
        assert hash_ip("203.0.113.5") != first


def test_record_never_holds_the_raw_ip(version):
    record, _ = make_record(version, ip="198.51.100.23")
    stored = " ".join(
        str(value) for value in ConsentRecord.objects.values().get(pk=record.pk).values()
    )
    assert "198.51.100" not in stored
    assert record.ip_hash == hash_ip("198.51.100.1")


def test_a_submission_is_the_stored_form_of_what_arrived(version):
    submission = Submission(
        consent_id=uuid.uuid4(),
        method="accept_all",
        decisions={"analytics": True, "personalisation": False},
        policy_version=version,
        path="/articles/?q=my+name#top",
        ip="198.51.100.23",
        user_agent="U" * 500,
    )
    fields = submission.record_fields()
    assert fields["method"] is ConsentMethod.ACCEPT_ALL
    assert fields["path"] == "/articles/"
    assert len(fields["user_agent"]) == 200
    assert fields["ip_hash"] == hash_ip("198.51.100.1")
    assert "198.51.100" not in repr(submission) and "ip" not in fields


def test_user_agent_is_cut_to_200_and_path_loses_its_query():
    assert len(truncate_user_agent("x" * 500)) == 200
    assert clean_path("/search/?q=my+name#top") == "/search/"


def test_change_of_mind_appends_a_record(version):
    cid = uuid.uuid4()
    make_record(version, consent_id=cid)
    make_record(
        version,
        consent_id=cid,
        method=ConsentMethod.WITHDRAWAL,
        decisions={"analytics": False, "personalisation": False},
    )
    assert ConsentRecord.objects.filter(consent_id=cid).count() == 2


def test_identical_submission_within_window_is_stored_once(version):
    cid = uuid.uuid4()
    first, created = make_record(version, consent_id=cid)
    again, created_again = make_record(version, consent_id=cid)
    assert created and not created_again
    assert again.pk == first.pk
    assert ConsentRecord.objects.filter(consent_id=cid).count() == 1


def test_dedupe_falls_back_to_the_database_when_the_cache_forgets(version):
    from django.core.cache import cache

    cid = uuid.uuid4()
    make_record(version, consent_id=cid)
    cache.clear()
    _, created = make_record(version, consent_id=cid)
    assert not created
    assert ConsentRecord.objects.filter(consent_id=cid).count() == 1


def test_identical_submission_after_window_is_stored_again(version):
    cid = uuid.uuid4()
    make_record(version, consent_id=cid)
    later = timezone.now() + timedelta(seconds=30)
    from django.core.cache import cache

    cache.clear()  # the claim would have expired by then too
    _, created = make_record(version, consent_id=cid, now=later)
    assert created
    assert ConsentRecord.objects.filter(consent_id=cid).count() == 2


def test_records_cannot_be_updated_or_deleted(version):
    record, _ = make_record(version)
    record.method = ConsentMethod.REJECT_ALL
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()
    with pytest.raises(ImmutableRecordError):
        ConsentRecord.objects.filter(pk=record.pk).update(method="gpc")
    with pytest.raises(ImmutableRecordError):
        ConsentRecord.objects.all().delete()
    assert ConsentRecord.objects.get(pk=record.pk).method == ConsentMethod.ACCEPT_ALL


def test_policy_versions_are_immutable(version):
    version.text = "rewritten history"
    with pytest.raises(ImmutableRecordError):
        version.save()


@pytest.mark.parametrize(
    ("action", "before", "decisions", "expected"),
    [
        ("accept_all", set(), {"analytics": True}, ConsentMethod.ACCEPT_ALL),
        ("reject_all", set(), {"analytics": False}, ConsentMethod.REJECT_ALL),
        ("reject_all", {"analytics"}, {"analytics": False}, ConsentMethod.WITHDRAWAL),
        (
            "preferences",
            {"analytics"},
            {"analytics": True, "personalisation": False},
            ConsentMethod.PREFERENCES,
        ),
        ("preferences", {"personalisation"}, {"personalisation": False}, ConsentMethod.WITHDRAWAL),
        ("gpc", {"analytics"}, {"analytics": False}, ConsentMethod.GPC),
    ],
)
def test_method_resolution(action, before, decisions, expected):
    assert resolve_method(action, before, decisions) == expected


def test_prune_blanks_only_records_past_retention(version, capsys):
    now = timezone.now()
    old = [make_record(version, now=now - timedelta(days=400))[0] for _ in range(3)]
    recent, _ = make_record(version, now=now - timedelta(days=30))
    with override_settings(CONSENT_RECORD_RETENTION_DAYS=396):
        call_command("prune_consent_records")
    assert "Blanked 3 consent records" in capsys.readouterr().out
    assert ConsentRecord.objects.count() == 4
    assert set(
        ConsentRecord.objects.filter(pruned_at__isnull=False).values_list("pk", flat=True)
    ) == {r.pk for r in old}
    kept = ConsentRecord.objects.get(pk=recent.pk)
    assert (kept.consent_id, kept.path, kept.pruned_at) == (recent.consent_id, recent.path, None)


def test_prune_dry_run_and_days_override(version, capsys):
    make_record(version, now=timezone.now() - timedelta(days=20))
    call_command("prune_consent_records", "--days", "10", "--dry-run")
    assert "Would blank 1 consent record " in capsys.readouterr().out
    assert ConsentRecord.objects.filter(pruned_at__isnull=True).count() == 1
    call_command("prune_consent_records", "--days", "10")
    assert "Blanked 1 consent record " in capsys.readouterr().out
    assert ConsentRecord.objects.filter(pruned_at__isnull=True).count() == 0


def test_prune_with_nothing_to_do_says_so(version, capsys):
    make_record(version)
    call_command("prune_consent_records")
    assert "Blanked 0 consent records" in capsys.readouterr().out
    assert ConsentRecord.objects.filter(pruned_at__isnull=True).count() == 1


def test_changing_back_within_the_window_is_a_new_record(version):
    cid = uuid.uuid4()
    accept = {"analytics": True, "personalisation": True}
    refuse = {"analytics": False, "personalisation": False}
    make_record(version, consent_id=cid, decisions=accept)
    make_record(version, consent_id=cid, method=ConsentMethod.WITHDRAWAL, decisions=refuse)
    _, created = make_record(version, consent_id=cid, decisions=accept)
    assert created
    assert ConsentRecord.objects.filter(consent_id=cid).count() == 3
