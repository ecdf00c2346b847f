"""Checking a consent receipt (receipt.py builds them): is it genuine, which record does it
prove, against which signed checkpoint.

A receipt passes when every record in it hashes to its leaf, every leaf's inclusion proof
leads to the root of a checkpoint signed by the log's key, and our secret-key signature over
the whole document matches (so its outer, human-readable fields were not edited either). The
database is consulted last, only to say whether it still agrees: a record the receipt proves
but the database has lost or changed is reported as a rewrite of the log.

Used by `manage.py verify_consent_receipt` and the auditor screen (audit/receipt_views.py).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from django.core import signing

from ..digests import DEFAULT_LANGUAGE, record_leaf_hash
from ..log import keys, verify_inclusion
from ..log.notes import NoteError, open_checkpoint
from ..models import ConsentCheckpoint, ConsentRecord
from .receipt import RECEIPT_FORMAT, _signer, canonical

MAX_RECEIPT_BYTES = 2 * 1024 * 1024


@dataclass
class ProvenRecord:
    record: object  # the record's id as the receipt gives it
    leaf_index: int
    in_database: bool


@dataclass
class ReceiptVerdict:
    valid: bool = False
    consent_id: str = ""
    records: list = field(default_factory=list)  # ProvenRecord
    checkpoints: list = field(default_factory=list)  # notes.Checkpoint, one per size
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # true but not a failure

    def __bool__(self):
        return self.valid

    def summary(self):
        lines = ["Valid receipt." if self.valid else "NOT a valid receipt."]
        for proven in self.records:
            where = "in the database" if proven.in_database else "missing from the database"
            lines.append(f"Record {proven.record} (leaf {proven.leaf_index}): proven, {where}.")
        for checkpoint in self.checkpoints:
            when = checkpoint.time.isoformat() if checkpoint.time else "no time"
            lines.append(
                f"Checkpoint: {checkpoint.origin}, size {checkpoint.size}, "
                f"root {checkpoint.root.hex()}, signed {when}."
            )
        lines += [f"Problem: {problem}" for problem in self.problems]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def parse_receipt(text):
    """The receipt document from JSON text; ValueError with a reason when it is not one."""
    if isinstance(text, bytes):
        if len(text) > MAX_RECEIPT_BYTES:
            raise ValueError("the file is too large to be a receipt")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError("the file is not UTF-8 text") from exc
    if len(text) > MAX_RECEIPT_BYTES:
        raise ValueError("the text is too large to be a receipt")
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ValueError("the text is not JSON") from exc
    if not isinstance(document, dict) or document.get("format") != RECEIPT_FORMAT:
        raise ValueError(f"the JSON is not a consent receipt ({RECEIPT_FORMAT})")
    return document


def leaf_of(entry, consent_id):
    """The leaf hash a record entry's fields make (digests.record_leaf_hash)."""
    record = SimpleNamespace(
        consent_id=consent_id,
        method=entry["method"],
        decisions=entry["decisions"],
        policy_version_id=entry["policy_version"],
        created_at=datetime.fromisoformat(entry["created_at_utc"]),
        path=entry["path"],
        user_agent=entry["user_agent"],
        ip_hash=entry["ip_hash"],
        # Receipts from before records had a language hold none: those records are English.
        language=entry.get("language", DEFAULT_LANGUAGE),
    )
    return record_leaf_hash(record, entry["policy_sha256"])


def verify_receipt(document, verifier=None):
    """A ReceiptVerdict for a parsed receipt (truthy when valid). `verifier`: the log's public
    key (notes.Verifier); by default this site's own."""
    verdict = ReceiptVerdict()
    if not isinstance(document, dict) or document.get("format") != RECEIPT_FORMAT:
        verdict.problems.append(f"not a consent receipt ({RECEIPT_FORMAT})")
        return verdict
    try:
        verifier = verifier or keys.verifier()
    except Exception as exc:  # noqa: BLE001 - a site without a key cannot check proofs
        verdict.problems.append(f"this site has no log key to check proofs with ({exc})")
        return verdict
    verdict.consent_id = str(document.get("piiPrincipalId", ""))
    entries = document.get("records")
    if not isinstance(entries, list) or not entries:
        verdict.problems.append("the receipt lists no records")
        return verdict
    seen = {}
    for number, entry in enumerate(entries, 1):
        _check_entry(verdict, number, entry, verifier, seen)
    _check_signature(verdict, document)
    verdict.checkpoints = [seen[size] for size in sorted(seen)]
    verdict.valid = not verdict.problems
    return verdict


def _check_entry(verdict, number, entry, verifier, seen):
    try:
        leaf = leaf_of(entry, verdict.consent_id)
        leaf_index = int(entry["leafIndex"])
        proof = entry["inclusionProof"]
    except (KeyError, TypeError, ValueError, AttributeError):
        verdict.problems.append(f"record entry {number} is incomplete or malformed")
        return
    label = f"record {entry.get('record')} (leaf {leaf_index})"
    if leaf != entry.get("leafHash"):
        verdict.problems.append(f"{label}: its fields do not hash to its leaf (edited)")
        return
    if proof is None:
        verdict.problems.append(
            f"{label} is newer than the checkpoint the receipt was issued with: "
            "download the receipt again after the next checkpoint"
        )
        return
    try:
        note, size, hashes = proof["checkpoint"], int(proof["treeSize"]), proof["hashes"]
        checkpoint = open_checkpoint(note, verifier)
    except (KeyError, TypeError, ValueError, NoteError) as exc:
        verdict.problems.append(f"{label}: its checkpoint is not signed by the log's key ({exc})")
        return
    if not verify_inclusion(leaf_index, size, leaf, hashes, note, verifier):
        verdict.problems.append(f"{label}: its inclusion proof does not lead to the root")
        return
    seen[checkpoint.size] = checkpoint
    stored = ConsentRecord.objects.filter(leaf_index=leaf_index).values_list("leaf_hash", flat=True)
    in_database = list(stored) == [leaf]
    verdict.records.append(ProvenRecord(entry.get("record"), leaf_index, in_database))
    if not in_database:
        verdict.notes.append(
            f"{label} is proven by the signed log but the database no longer holds it as "
            "signed: the database was rewritten"
        )
    kept = ConsentCheckpoint.objects.filter(tree_size=size).values_list("note", flat=True)
    if list(kept) not in ([], [note]):
        verdict.notes.append(f"the database's checkpoint of size {size} differs from the receipt's")


def _check_signature(verdict, document):
    payload = {key: value for key, value in document.items() if key != "signature"}
    given = document.get("signature")
    if not isinstance(given, str) or not signing.constant_time_compare(
        _signer().signature(canonical(payload)), given
    ):
        verdict.problems.append("the receipt's other fields were edited (our signature differs)")
