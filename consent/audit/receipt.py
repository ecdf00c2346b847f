"""A visitor's consent history as a receipt anyone can check against the signed log.

The outer fields are those of the Kantara Initiative Consent Receipt Specification v1.1.0
(2018-02-20; `version`, `jurisdiction`, `consentTimestamp`, `collectionMethod`,
`consentReceiptID`, `publicKey`, `language`, `piiPrincipalId`, `piiControllers`, `policyUrl`,
`services` with their `purposes`, `sensitive`, `spiCat`), the vocabulary ISO/IEC TS 27560's
consent record builds on, filled in for the choice in force (the newest record): `language` is
the language of the text that choice was made under ("de" for a choice made on a German page),
and the purposes are named in it.

Under `records` is each choice as the log holds it, with an inclusion proof (RFC 6962) from
its leaf to the root of a signed checkpoint (consent/log, C2SP tlog-checkpoint): with the
log's public key (/cookies/log/key) anyone can check that the record is in the log the
checkpoint commits to, without trusting our database. A record newer than the latest
checkpoint carries `inclusionProof: null` until the next one is signed (at most
CONSENT_CHECKPOINT_INTERVAL later). The whole document is also signed with the site's secret
key, which only we can check, so no outer field can be edited either.

Checking is receipt_check.py's; the views that hand receipts out are consent/views.py (the
visitor's own) and audit/evidence.py (an auditor's download).
"""

import json
import uuid
from datetime import UTC

from django.conf import settings as django_settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, override

from ..conf import settings
from ..languages import django_language
from ..log import latest_checkpoint, published_verifier_key
from ..log.proofs import inclusion_proofs
from ..models import ConsentMethod, ConsentRecord
from ..policy import consent_config

RECEIPT_SALT = "consent.receipt"
RECEIPT_FORMAT = "astermind-consent-receipt/2"
KANTARA_VERSION = "KI-CR-v1.1.0"

# In the language of the choice they describe (receipt_payload activates it).
COLLECTION_METHODS = {
    ConsentMethod.ACCEPT_ALL: gettext_lazy("Website cookie banner: 'Accept all'"),
    ConsentMethod.REJECT_ALL: gettext_lazy("Website cookie banner: 'Reject all'"),
    ConsentMethod.PREFERENCES: gettext_lazy("Website cookie preferences: groups chosen one by one"),
    ConsentMethod.WITHDRAWAL: gettext_lazy("Website cookie preferences: consent withdrawn"),
    ConsentMethod.GPC: gettext_lazy(
        "Global Privacy Control signal sent by the browser (Sec-GPC: 1)"
    ),
}


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
    """The record's fields exactly as its leaf hashes them (digests.canonical_content)."""
    return {
        "record": record.pk,
        "created_at_utc": record.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "method": record.method,
        "decisions": dict(sorted(record.decisions.items())),
        "policy_version": record.policy_version_id,
        "policy_sha256": record.policy_version.sha256,
        "path": record.path,
        "user_agent": record.user_agent,
        "ip_hash": record.ip_hash,
        # The language of the text the choice was made under (hashed into the leaf whenever
        # it is not English: digests.canonical_content).
        "language": record.language,
        "leafIndex": record.leaf_index,
        "leafHash": record.leaf_hash,
    }


def proven_entries(records, checkpoint):
    """Each record's entry with its inclusion proof against `checkpoint` (None: no proof).
    The proofs are built together, from stored subtree roots (log/subtrees.py)."""
    size = checkpoint.tree_size if checkpoint is not None else 0
    covered = {r.leaf_index: r.leaf_hash for r in records if r.leaf_index < size}
    proofs = inclusion_proofs(covered, checkpoint) if covered else {}
    entries = []
    for record in records:
        entry = record_entry(record)
        if record.leaf_index in proofs:
            entry["inclusionProof"] = {
                "treeSize": checkpoint.tree_size,
                "hashes": [h.hex() for h in proofs[record.leaf_index]],
                "checkpoint": checkpoint.note,
            }
        else:
            entry["inclusionProof"] = None
        entries.append(entry)
    return entries


def purposes(record):
    """The Kantara `purposes` of a choice: one per optional cookie group."""
    names = {group["varname"]: group["name"] for group in consent_config(record.language)["groups"]}
    days = settings.CONSENT_CHOICE_MAX_AGE_DAYS
    return [
        {
            "purpose": gettext("%(group)s cookies") % {"group": names.get(group, group)},
            "consentType": "EXPLICIT" if record.method != ConsentMethod.GPC else "GPC",
            "piiCategory": [gettext("Online identifiers (cookies)")],
            "primaryPurpose": False,
            "termination": gettext("Until you change your choice, or %(days)s days after it")
            % {"days": days},
            "thirdPartyDisclosure": False,
            "consented": bool(accepted),
        }
        for group, accepted in sorted(record.decisions.items())
    ]


def _public_key():
    try:
        return published_verifier_key()
    except ImproperlyConfigured:
        return ""


def receipt_payload(consent_id, records, issued_at=None, checkpoint=None):
    """The receipt, its words in the language the choice in force was made in."""
    with override(django_language(records[-1].language)):
        return _receipt_payload(consent_id, records, issued_at, checkpoint)


def _receipt_payload(consent_id, records, issued_at, checkpoint):
    issued_at = issued_at or timezone.now()
    base = django_settings.SITE_BASE_URL
    newest = records[-1]
    return {
        "version": KANTARA_VERSION,
        "format": RECEIPT_FORMAT,
        "consentReceiptID": str(uuid.uuid4()),
        "jurisdiction": settings.CONSENT_RECEIPT_JURISDICTION,
        "consentTimestamp": int(newest.created_at.timestamp()),
        "collectionMethod": str(COLLECTION_METHODS.get(newest.method, newest.method)),
        "publicKey": _public_key(),
        # Kantara's `language`: the language of the text the choice in force was made under.
        "language": newest.language,
        "piiPrincipalId": str(consent_id),
        "piiControllers": [
            {"piiController": django_settings.WAGTAIL_SITE_NAME, "piiControllerUrl": base}
        ],
        "policyUrl": base + reverse("consent_policy"),
        "services": [
            {
                "service": gettext("%(site)s website")
                % {"site": django_settings.WAGTAIL_SITE_NAME},
                "purposes": purposes(newest),
            }
        ],
        "sensitive": False,
        "spiCat": [],
        "issued_at_utc": issued_at.astimezone(UTC).isoformat(),
        "records": proven_entries(records, checkpoint or latest_checkpoint()),
    }


def _signer():
    return signing.Signer(salt=RECEIPT_SALT, algorithm="sha256")


def canonical(payload):
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def signed_receipt(payload):
    """The payload with our secret-key signature over its canonical JSON form."""
    return {**payload, "signature": _signer().signature(canonical(payload))}


def receipt_json(consent_id, records):
    return json.dumps(signed_receipt(receipt_payload(consent_id, records)), indent=2)
