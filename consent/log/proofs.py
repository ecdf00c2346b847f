"""Proofs against signed checkpoints, for receipts and auditors: a record is in the log
(inclusion), and a later checkpoint extends an earlier one (consistency).

Building a proof reads about log2(n) stored subtree roots and at most two runs of 256 leaf
hashes (subtrees.py); each proof is checked against the checkpoint's root before it is handed
out, and should a stored root be wrong the proof is built again from every leaf (the old way:
one indexed column, in order). Checking one needs only the proof, the leaf and the signed
note."""

import logging
from dataclasses import dataclass

from .. import merkle
from ..models import ConsentCheckpoint, ConsentRecord
from .checkpoints import latest_checkpoint
from .keys import verifier as log_verifier
from .notes import NoteError, open_checkpoint
from .subtrees import StoredTree

logger = logging.getLogger(__name__)


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
    proof = inclusion_proofs({record.leaf_index: record.leaf_hash}, checkpoint)[record.leaf_index]
    return InclusionProof(
        leaf_index=record.leaf_index,
        tree_size=checkpoint.tree_size,
        leaf_hash=record.leaf_hash,
        hashes=[h.hex() for h in proof],
        checkpoint=checkpoint.note,
    )


def inclusion_proofs(leaves, checkpoint):
    """{leaf index: audit path (bytes, leaf upwards)} to `checkpoint`'s root for each
    {leaf index: leaf hash hex} given (all below its size), each checked against that root."""
    size, root = checkpoint.tree_size, bytes.fromhex(checkpoint.root_hash)
    proofs = StoredTree(size).inclusion_proofs(leaves)

    def holds(index, path):
        return merkle.verify_inclusion(index, size, bytes.fromhex(leaves[index]), path, root)

    if all(holds(index, path) for index, path in proofs.items()):
        return proofs
    logger.error("Stored subtree roots of the consent log disagree with checkpoint %s", size)
    every = leaf_hashes(size)
    return {index: merkle.inclusion_proof(index, every) for index in leaves}


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
    return [h.hex() for h in StoredTree(new_size).consistency_proof(old_size)]
