"""Receipts carry an inclusion proof per record against a signed checkpoint, with Kantara
Consent Receipt field names; `verify_consent_receipt` and the auditor screen say whether one
is valid, which record it proves and against which checkpoint."""

import base64
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from consent.audit.receipt import receipt_json, visitor_history
from consent.audit.receipt_check import verify_receipt
from consent.log import make_checkpoint, published_verifier_key
from consent.log.keys import origin
from consent.log.notes import Verifier, key_id, verifier_key
from consent.models import ConsentMethod, ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config

VERIFY_URL = "/admin/consent/records/verify-receipt/"


def add(consent_id, method=ConsentMethod.ACCEPT_ALL, analytics=True):
    version = ConsentPolicyVersion.objects.get(pk=consent_config()["version"])
    return ConsentRecord.objects.create(
        consent_id=consent_id,
        method=method,
        decisions={"analytics": analytics, "personalisation": False},
        policy_version=version,
        created_at=timezone.now(),
        path="/",
        user_agent="Mozilla/5.0",
        ip_hash="b" * 64,
    )


@pytest.fixture
def visitor(home):
    """A visitor with two choices, a stranger with one, all covered by a checkpoint."""
    mine = uuid.uuid4()
    first = add(mine)
    add(uuid.uuid4())
    second = add(mine, ConsentMethod.WITHDRAWAL, analytics=False)
    checkpoint = make_checkpoint(force=True)
    return mine, [first, second], checkpoint


def receipt_of(consent_id):
    return json.loads(receipt_json(consent_id, list(visitor_history(consent_id))))


def test_a_receipt_has_kantara_fields_for_the_choice_in_force(visitor, settings):
    mine, (first, second), _ = visitor
    receipt = receipt_of(mine)
    assert receipt["version"] == "KI-CR-v1.1.0"
    assert receipt["jurisdiction"] == settings.CONSENT_RECEIPT_JURISDICTION
    assert receipt["consentTimestamp"] == int(second.created_at.timestamp())
    assert receipt["collectionMethod"] == "Website cookie preferences: consent withdrawn"
    # Kantara: the language the consent was obtained in, an ISO 639-1 code (the record's).
    assert receipt["language"] == "en"
    assert receipt["piiPrincipalId"] == str(mine)
    assert receipt["policyUrl"] == "http://localhost/cookies/"
    assert receipt["publicKey"] == published_verifier_key()
    uuid.UUID(receipt["consentReceiptID"])
    purposes = {p["purpose"]: p["consented"] for p in receipt["services"][0]["purposes"]}
    assert purposes == {"Analytics cookies": False, "Personalisation cookies": False}
    assert [r["record"] for r in receipt["records"]] == [first.pk, second.pk]
    assert [r["leafIndex"] for r in receipt["records"]] == [first.leaf_index, second.leaf_index]


def test_a_genuine_receipt_is_valid_and_names_its_records_and_checkpoint(visitor):
    mine, (first, second), checkpoint = visitor
    verdict = verify_receipt(receipt_of(mine))
    assert verdict.valid, verdict.problems
    assert [(p.record, p.leaf_index, p.in_database) for p in verdict.records] == [
        (first.pk, first.leaf_index, True),
        (second.pk, second.leaf_index, True),
    ]
    assert [c.size for c in verdict.checkpoints] == [3]
    assert verdict.checkpoints[0].root.hex() == checkpoint.root_hash


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda r: r["records"][0]["decisions"].update(personalisation=True), "do not hash"),
        (lambda r: r["records"][1].update(method="accept_all"), "do not hash"),
        (lambda r: r.update(piiPrincipalId=str(uuid.uuid4())), "do not hash"),
        (lambda r: r.update(jurisdiction="XX"), "our signature differs"),
        (lambda r: r["records"][0]["inclusionProof"]["hashes"].reverse(), "does not lead"),
    ],
    ids=["decision", "method", "consent-id", "jurisdiction", "proof"],
)
def test_an_edited_receipt_is_not_valid(visitor, edit, problem):
    receipt = receipt_of(visitor[0])
    edit(receipt)
    verdict = verify_receipt(receipt)
    assert not verdict.valid
    assert any(problem in text for text in verdict.problems), verdict.problems


def test_a_checkpoint_signed_by_another_key_is_refused(visitor):
    receipt = receipt_of(visitor[0])
    other = Ed25519PrivateKey.generate().public_key()
    verdict = verify_receipt(receipt, Verifier(origin(), key_id(origin(), other), other))
    assert not verdict.valid
    assert any("not signed by the log's key" in text for text in verdict.problems)


def test_a_record_newer_than_the_checkpoint_has_no_proof_yet(visitor):
    mine = visitor[0]
    add(mine, ConsentMethod.ACCEPT_ALL)
    receipt = receipt_of(mine)
    assert receipt["records"][-1]["inclusionProof"] is None
    verdict = verify_receipt(receipt)
    assert not verdict.valid
    assert any("download the receipt again" in text for text in verdict.problems)
    make_checkpoint(force=True)
    assert verify_receipt(receipt_of(mine)).valid


# --- manage.py verify_consent_receipt ------------------------------------------------------


def write(tmp_path, text):
    path = tmp_path / "receipt.json"
    path.write_text(text)
    return str(path)


def test_command_says_valid_which_record_and_which_checkpoint(visitor, tmp_path, capsys):
    mine, (first, second), checkpoint = visitor
    call_command("verify_consent_receipt", write(tmp_path, json.dumps(receipt_of(mine))))
    out = capsys.readouterr().out
    assert out.startswith("Valid receipt.")
    assert f"Record {first.pk} (leaf {first.leaf_index}): proven, in the database." in out
    assert f"size 3, root {checkpoint.root_hash}" in out


def test_command_with_the_published_key_and_with_a_wrong_one(visitor, tmp_path, capsys):
    path = write(tmp_path, json.dumps(receipt_of(visitor[0])))
    call_command("verify_consent_receipt", path, public_key=published_verifier_key())
    assert capsys.readouterr().out.startswith("Valid receipt.")
    # Another key, one whose base64 holds a "+" (as about half do).
    wrong = ""
    while "+" not in wrong.split("+", 2)[-1]:
        wrong = verifier_key(origin(), Ed25519PrivateKey.generate().public_key())
    with pytest.raises(CommandError, match="NOT a valid receipt"):
        call_command("verify_consent_receipt", path, public_key=wrong)


@pytest.mark.parametrize(
    ("text", "message"),
    [("not json", "not JSON"), ("[1, 2]", "not a consent receipt"), ('{"format": 1}', "not a")],
)
def test_command_refuses_what_is_not_a_receipt(db, tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("verify_consent_receipt", write(tmp_path, text))


def test_command_refuses_an_edited_receipt(visitor, tmp_path):
    receipt = receipt_of(visitor[0])
    receipt["records"][0]["decisions"]["analytics"] = False
    with pytest.raises(CommandError, match="do not hash to its leaf"):
        call_command("verify_consent_receipt", write(tmp_path, json.dumps(receipt)))


# --- the auditor screen --------------------------------------------------------------------


def test_auditor_pastes_a_receipt(visitor, auditor_client):
    mine, (first, _), checkpoint = visitor
    assert auditor_client.get(VERIFY_URL).status_code == 200
    response = auditor_client.post(VERIFY_URL, {"receipt_text": json.dumps(receipt_of(mine))})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-valid="true"' in html and "Valid receipt" in html
    assert f'<th scope="row">{first.pk}</th>' in html
    assert checkpoint.root_hash in html


def test_auditor_uploads_an_edited_receipt(visitor, auditor_client):
    receipt = receipt_of(visitor[0])
    receipt["records"][1]["decisions"]["analytics"] = True
    upload = SimpleUploadedFile("r.json", json.dumps(receipt).encode(), "application/json")
    response = auditor_client.post(VERIFY_URL, {"receipt_file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-valid="false"' in html and "Not a valid receipt" in html


@pytest.mark.parametrize(
    "data",
    [{}, {"receipt_text": "nonsense"}, {"receipt_text": '"' + "x" * 10 + '"'}],
    ids=["empty", "not-json", "not-a-receipt"],
)
def test_auditor_screen_answers_bad_input_with_400(db, auditor_client, data):
    response = auditor_client.post(VERIFY_URL, data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_binary_upload_is_400(db, auditor_client):
    upload = SimpleUploadedFile("r.json", base64.b64decode("/w==") * 20, "application/json")
    assert auditor_client.post(VERIFY_URL, {"receipt_file": upload}).status_code == 400


def test_only_auditors_reach_the_screen(db, editor_client):
    assert editor_client.get(VERIFY_URL).status_code == 302
    assert editor_client.post(VERIFY_URL, {"receipt_text": "{}"}).status_code == 302


def test_the_records_listing_links_to_the_screen(db, auditor_client):
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert VERIFY_URL in html
