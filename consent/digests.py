"""What the consent log hashes, as pure functions (no models), so the runtime, the data
migrations and the verifier compute exactly the same thing.

Each record's leaf in the log's Merkle tree (consent/merkle.py) is the RFC 6962 leaf hash of its
canonical content. The content names the policy version *and its SHA-256*, so rewriting a
version's text and hash together still changes every leaf that was given under it.
`chain_digest` is the older hash chain, kept only for migration 0004."""

import hashlib
import json
from datetime import UTC

from django.utils import timezone

from .merkle import leaf_hash

GENESIS = ""
# The language every record had before records carried one; left out of the canonical content.
DEFAULT_LANGUAGE = "en"


def canonical_content(record, policy_sha256):
    """One stable text for a record: sorted keys, UTC time to the microsecond, ASCII only."""
    created_at = record.created_at
    if timezone.is_naive(created_at):
        created_at = created_at.replace(tzinfo=UTC)
    content = {
        "consent_id": str(record.consent_id),
        "method": str(record.method),
        "decisions": record.decisions,
        "policy_version": record.policy_version_id,
        "policy_sha256": policy_sha256,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "path": record.path,
        "user_agent": record.user_agent,
        "ip_hash": record.ip_hash,
    }
    # Historical models in migrations 0004 and 0006 have no language field: English.
    language = getattr(record, "language", DEFAULT_LANGUAGE)
    if language != DEFAULT_LANGUAGE:
        content["language"] = language
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


def record_leaf_hash(record, policy_sha256):
    """The record's Merkle leaf hash, hex: SHA-256(0x00 || canonical content)."""
    return leaf_hash(canonical_content(record, policy_sha256).encode("utf-8")).hex()


def chain_digest(previous_digest, content):
    return hashlib.sha256(f"{previous_digest}\n{content}".encode()).hexdigest()


def text_digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
