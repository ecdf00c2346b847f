"""Inclusion and consistency proofs in O(log n) reads: stored roots of the log's perfect
subtrees (ConsentLogSubtree) for every complete block of BLOCK leaves and each level above,
and the few leaf hashes below a block.

`extend(size)` appends the roots that the first `size` leaves complete and are not stored yet
(reading only those leaves); checkpoints.make_checkpoint calls it, so between checkpoints a
proof finds everything it needs. `StoredTree(size)` answers merkle.range_root's questions:
it plans which subtree roots and leaf runs a set of proofs needs (one dry run of the
recursion), reads them in two queries and builds the proofs. proofs.py checks each proof
against the checkpoint's root before handing it out and falls back to reading every leaf if a
stored root was wrong, so the cache can slow a proof down but never make a false one.
"""

import logging

from django.db import transaction
from django.db.models import Max, Q

from .. import merkle
from ..models import ConsentLogSubtree, ConsentRecord

logger = logging.getLogger(__name__)

BLOCK_LEVEL = 8
BLOCK = 1 << BLOCK_LEVEL  # leaves under the lowest stored subtree root
READ_CHUNK = 16 * BLOCK


def _stored_counts():
    """{level: how many roots of that level are stored}; stored roots are a prefix."""
    rows = ConsentLogSubtree.objects.values("level").annotate(top=Max("position")).order_by()
    return {row["level"]: row["top"] + 1 for row in rows}


def _save(level, first, hashes):
    ConsentLogSubtree.objects.bulk_create(
        [
            ConsentLogSubtree(level=level, position=first + i, hash=h.hex())
            for i, h in enumerate(hashes)
        ],
        ignore_conflicts=True,  # another worker stored the same (deterministic) roots first
        batch_size=1000,
    )


def extend(size):
    """Store the roots of every perfect subtree of >= BLOCK leaves among the first `size`
    leaves that is not stored yet. Returns how many were added."""
    counts = _stored_counts()
    added = 0
    with transaction.atomic():
        have, want = counts.get(BLOCK_LEVEL, 0), size >> BLOCK_LEVEL
        if want > have:
            leaves = (
                ConsentRecord.objects.filter(
                    leaf_index__gte=have << BLOCK_LEVEL, leaf_index__lt=want << BLOCK_LEVEL
                )
                .order_by("leaf_index")
                .values_list("leaf_hash", flat=True)
            )
            block, roots, position = [], [], have
            for leaf in leaves.iterator(chunk_size=READ_CHUNK):
                block.append(bytes.fromhex(leaf))
                if len(block) == BLOCK:
                    roots.append(merkle.root(block))
                    block = []
                    if len(roots) == 1000:
                        _save(BLOCK_LEVEL, position, roots)
                        position, roots, added = position + len(roots), [], added + len(roots)
            if block:
                raise merkle.ProofError(f"the log lacks leaves below {want << BLOCK_LEVEL}")
            _save(BLOCK_LEVEL, position, roots)
            added += len(roots)
        level = BLOCK_LEVEL + 1
        while size >> level:
            have, want = counts.get(level, 0), size >> level
            if want > have:
                children = dict(
                    ConsentLogSubtree.objects.filter(
                        level=level - 1, position__gte=2 * have, position__lt=2 * want
                    ).values_list("position", "hash")
                )
                roots = [
                    merkle.node_hash(
                        bytes.fromhex(children[2 * p]), bytes.fromhex(children[2 * p + 1])
                    )
                    for p in range(have, want)
                ]
                _save(level, have, roots)
                added += len(roots)
            level += 1
    return added


def extend_quietly(size):
    """extend(), for checkpoints: a failure is logged, never the signer's error (the proofs
    then read what is missing, more slowly)."""
    try:
        return extend(size)
    except Exception:  # noqa: BLE001 - logged; proofs fall back to the leaves
        logger.exception("Could not store the consent log's subtree roots")
        return 0


class StoredTree:
    """The first `size` leaves of the log, as stored subtree roots plus leaf runs."""

    def __init__(self, size):
        self.size = size
        self.nodes = {}  # (level, position) -> bytes
        self.leaves = {}  # leaf index -> bytes

    # -- merkle.range_root's questions, first recorded, then answered ---------------------
    def _plan(self, build):
        wanted_nodes, wanted_runs = set(), []

        def node(level, position):
            wanted_nodes.add((level, position))
            return b""

        def leaves(first, end):
            wanted_runs.append((first, end))
            return [b""] * (end - first)

        build(lambda start, end: merkle.range_root(start, end, BLOCK, node, leaves))
        self._fetch(wanted_nodes, wanted_runs)

    def _fetch(self, wanted_nodes, wanted_runs):
        self._fetch_nodes(wanted_nodes)
        if any(key not in self.nodes for key in wanted_nodes):
            # Not stored yet (a log that grew without checkpoints, or that was there before
            # the roots were kept): store them all once, then read what this proof needs.
            extend_quietly(self.size)
            self._fetch_nodes(wanted_nodes)
        runs = [(a, b) for a, b in wanted_runs if any(i not in self.leaves for i in range(a, b))]
        if runs:
            condition = Q()
            for first, end in runs:
                condition |= Q(leaf_index__gte=first, leaf_index__lt=end)
            rows = ConsentRecord.objects.filter(condition).values_list("leaf_index", "leaf_hash")
            for index, value in rows:
                self.leaves[index] = bytes.fromhex(value)

    def _fetch_nodes(self, wanted_nodes):
        missing = [key for key in wanted_nodes if key not in self.nodes]
        if missing:
            condition = Q()
            for level, position in missing:
                condition |= Q(level=level, position=position)
            rows = ConsentLogSubtree.objects.filter(condition).values_list(
                "level", "position", "hash"
            )
            for level, position, value in rows:
                self.nodes[(level, position)] = bytes.fromhex(value)

    def _node(self, level, position):
        if (level, position) not in self.nodes:
            # Not stored (extend has not run this far): from the leaves, once.
            first = position << level
            self._fetch((), [(first, first + (1 << level))])
            self.nodes[(level, position)] = merkle.root(
                [self._leaf(i) for i in range(first, first + (1 << level))]
            )
        return self.nodes[(level, position)]

    def _leaf(self, index):
        if index not in self.leaves:
            raise merkle.ProofError(f"leaf {index} is missing from the log")
        return self.leaves[index]

    def _leaves(self, first, end):
        return [self._leaf(i) for i in range(first, end)]

    def _subroot(self, start, end):
        return merkle.range_root(start, end, BLOCK, self._node, self._leaves)

    # -- proofs ---------------------------------------------------------------------------
    def inclusion_proofs(self, indexes):
        """{leaf index: [sibling hashes, leaf upwards]} for each index below the size."""
        indexes = sorted(set(indexes))
        self._plan(lambda subroot: [merkle.inclusion_path(i, self.size, subroot) for i in indexes])
        return {i: merkle.inclusion_path(i, self.size, self._subroot) for i in indexes}

    def consistency_proof(self, old_size):
        self._plan(lambda subroot: merkle.consistency_path(old_size, self.size, subroot))
        return merkle.consistency_path(old_size, self.size, self._subroot)
