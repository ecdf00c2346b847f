"""A visitor's consent history as a signed JSON receipt.

The receipt is plain JSON anyone can read, plus a signature made with the site's secret key
(django.core.signing, HMAC-SHA256 under its own salt). Whoever holds the key can show that
the receipt came from us and was not edited: `verify_receipt` re-checks it.
"""

import json
from datetime import UTC

from django.core import signing
from django.http import Http404
from django.utils import timezone

from ..models import ConsentRecord

RECEIPT_SALT = "consent.receipt"
RECEIPT_FORMAT = "astermind-consent-receipt/1"


def visitor_history(consent_id):
    """Every record of one consent id, oldest first, with its policy version."""
    return (
        ConsentRecord.objects.filter(consent_id=consent_id)
        .select_related("policy_version")
        .order_by("created_at", "pk")
    )


def history_or_404(consent_id):
    """The visitor's history as a list; 404 where that consent id has no records."""
    records = list(visitor_history(consent_id))
    if not records:
        raise Http404("No records for this consent id.")
    return records


def record_entry(record):
    return {
        "record": record.pk,
        "created_at_utc": record.created_at.astimezone(UTC).isoformat(),
        "method": record.method,
        "decisions": dict(sorted(record.decisions.items())),
        "policy_version": record.policy_version_id,
        "policy_sha256": record.policy_version.sha256,
        "path": record.path,
        "user_agent": record.user_agent,
        "ip_hash": record.ip_hash,
    }


def receipt_payload(consent_id, records, issued_at=None):
    issued_at = issued_at or timezone.now()
    return {
        "format": RECEIPT_FORMAT,
        "consent_id": str(consent_id),
        "issued_at_utc": issued_at.astimezone(UTC).isoformat(),
        "records": [record_entry(record) for record in records],
    }


def _signer():
    return signing.Signer(salt=RECEIPT_SALT, algorithm="sha256")


def signed_receipt(payload):
    """The payload with a signature over its canonical JSON form."""
    return {**payload, "signature": _signer().signature(canonical(payload))}


def canonical(payload):
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def verify_receipt(document):
    """True when `document` (a parsed receipt) carries our valid signature over its content."""
    if not isinstance(document, dict) or not isinstance(document.get("signature"), str):
        return False
    payload = {key: value for key, value in document.items() if key != "signature"}
    expected = _signer().signature(canonical(payload))
    return signing.constant_time_compare(expected, document["signature"])


def receipt_json(consent_id, records):
    return json.dumps(signed_receipt(receipt_payload(consent_id, records)), indent=2)
