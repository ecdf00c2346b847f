"""The consent log as a verifiable log: a Merkle tree (RFC 6962 / 9162) over the records' leaf
hashes, with checkpoints signed by a key that lives outside the database (C2SP tlog-checkpoint).

The Python API other parts use (receipts, the auditor screens, commands):

- ``latest_checkpoint()`` → the newest ConsentCheckpoint (``.tree_size``, ``.root_hash`` hex,
  ``.created_at``, ``.note``: the signed text exactly as published) or None.
- ``make_checkpoint(force=False)`` → sign the log as it stands now (when due, or always with
  force); returns the checkpoint at the current size.
- ``inclusion_proof_for(record, checkpoint=None)`` → InclusionProof(leaf_index, tree_size,
  leaf_hash, hashes, checkpoint): the record's audit path (hex, leaf upwards) to the root of
  `checkpoint` (default: the latest); raises ConsentCheckpoint.DoesNotExist if none covers it.
- ``verify_inclusion(leaf_index, tree_size, leaf_hash, hashes, checkpoint_note, verifier=None)``
  → bool: the note is signed by the log's key, is of that size, and the proof leads there.
- ``consistency_proof_between(old_size, new_size)`` → hex hashes (RFC 6962 2.1.2).
- ``verify_log(outside=[(name, note)], progress=callable)`` → LogReport (``ok``, ``problems``,
  ``summary()``): everything `manage.py verify_consent_log` checks.
- ``published_verifier_key()`` → the public key in note verifier form (``name+id+base64``),
  ``verifier()`` → the same as notes.Verifier, ``origin()`` → the log's name.

Modules: merkle.py (one level up, pure hashing and proofs), notes.py (the signed-note and
checkpoint text), keys.py (the signing key), checkpoints.py (signing), proofs.py, verify.py,
views.py (the public URLs). Retention, which blanks records but keeps their leaves, is
consent/pruning.py.
"""

from .checkpoints import latest_checkpoint, make_checkpoint
from .keys import origin, published_verifier_key, verifier
from .proofs import (
    InclusionProof,
    consistency_proof_between,
    inclusion_proof_for,
    verify_inclusion,
)
from .verify import LogReport, verify_log

__all__ = [
    "InclusionProof",
    "LogReport",
    "consistency_proof_between",
    "inclusion_proof_for",
    "latest_checkpoint",
    "make_checkpoint",
    "origin",
    "published_verifier_key",
    "verifier",
    "verify_inclusion",
    "verify_log",
]
