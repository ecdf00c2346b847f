"""Proofs against signed checkpoints, for receipts and auditors: a record is in the log
(inclusion), and a later checkpoint extends an earlier one (consistency).

Building a proof reads the leaf hashes up to the checkpoint's size (one indexed column, in
order); checking one needs only the proof, the leaf and the signed note."""

from dataclasses import dataclass

from .. import merkle
from ..models import ConsentCheckpoint, ConsentRecord
from .checkpoints import latest_checkpoint
from .keys import verifier as log_verifier
from .notes import NoteError, open_checkpoint


def leaf_hashes(size):
    """The first `size` leaf hashes, as bytes, in leaf order."""
    rows = (
        ConsentRecord.objects.filter(leaf_index__lt=size)
        .order_by("leaf_index")
        .values_list("leaf_hash", flat=True)
    )
    leaves = [bytes.fromhex(h) for h in rows.iterator(chunk_size=5000)]
    if len(leaves) != size:
        raise merkle.ProofError(f"the log holds {len(leaves)} of the {size} leaves asked for")
    return leaves


@dataclass(frozen=True)
class InclusionProof:
    leaf_index: int
    tree_size: int
    leaf_hash: str  # hex
    hashes: list  # hex, from the leaf up
    checkpoint: str  # the signed note whose root the proof leads to


def inclusion_proof_for(record, checkpoint=None):
    """`record`'s inclusion proof against `checkpoint` (default: the latest). Raises
    ConsentCheckpoint.DoesNotExist when no checkpoint covers the record yet."""
    checkpoint = checkpoint or latest_checkpoint()
    if checkpoint is None or record.leaf_index >= checkpoint.tree_size:
        raise ConsentCheckpoint.DoesNotExist("no signed checkpoint covers this record yet")
    leaves = leaf_hashes(checkpoint.tree_size)
    proof = merkle.inclusion_proof(record.leaf_index, leaves)
    return InclusionProof(
        leaf_index=record.leaf_index,
        tree_size=checkpoint.tree_size,
        leaf_hash=record.leaf_hash,
        hashes=[h.hex() for h in proof],
        checkpoint=checkpoint.note,
    )


def verify_inclusion(leaf_index, tree_size, leaf_hash, hashes, checkpoint_note, verifier=None):
    """True when `checkpoint_note` is signed by the log's key (or `verifier`), is of
    `tree_size`, and the proof leads from `leaf_hash` at `leaf_index` to its root."""
    try:
        signed = open_checkpoint(checkpoint_note, verifier or log_verifier())
        leaf = bytes.fromhex(leaf_hash)
        proof = [bytes.fromhex(h) for h in hashes]
    except (NoteError, ValueError, TypeError):
        return False
    if signed.size != tree_size:
        return False
    return merkle.verify_inclusion(leaf_index, tree_size, leaf, proof, signed.root)


def consistency_proof_between(old_size, new_size):
    """Hex hashes proving the tree of `new_size` extends the one of `old_size`."""
    return [h.hex() for h in merkle.consistency_proof(old_size, leaf_hashes(new_size))]
