"""The Merkle tree of RFC 6962 / RFC 9162 section 2.1, as pure functions over leaf hashes.

Hand-written rather than taken from a library: the algorithms are a page of the RFC, the
Python packages that implement them (e.g. for Sigstore or CT) bring their own formats and
dependencies, and the verifier must be small enough for an auditor to read.

Hashes are bytes. A leaf's hash is SHA-256(0x00 || data), an interior node's
SHA-256(0x01 || left || right); the tree over n leaves splits at k, the largest power of two
below n. `Frontier` keeps the right edge of a growing tree (at most log2 n hashes), so the log
can append and know its root without re-reading every leaf.
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not fit the sizes it is said to be for."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n):
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves):
    """MTH of the leaf hashes given (a sequence).

    Computed level by level, pairing left to right and carrying an odd last node up as it
    is: the same tree as MTH's split at the largest power of two (each left subtree is
    perfect, so the pairing never crosses a split), without the recursion's list copies,
    which cost O(n log n) on the million-leaf log."""
    level = list(leaves)
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(index, leaves):
    """PATH(index, D[n]) of RFC 6962 2.1.1: the sibling hashes from the leaf up."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ProofError(f"leaf {index} is not in a tree of {n}")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return inclusion_proof(index, leaves[:k]) + [root(leaves[k:])]
    return inclusion_proof(index - k, leaves[k:]) + [root(leaves[:k])]


def root_from_inclusion(index, size, leaf, proof):
    """The root the proof leads to from `leaf` at `index` in a tree of `size` (RFC 9162
    2.1.3.2); raises ProofError when the proof has the wrong length for those numbers."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(sibling, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    return r


def verify_inclusion(index, size, leaf, proof, expected_root):
    try:
        return root_from_inclusion(index, size, leaf, proof) == expected_root
    except ProofError:
        return False


def consistency_proof(old_size, leaves):
    """PROOF(m, D[n]) of RFC 6962 2.1.2 for the first `old_size` leaves of `leaves`."""
    n = len(leaves)
    if not 0 < old_size <= n:
        raise ProofError(f"no consistency proof from {old_size} to {n}")
    return _subproof(old_size, leaves, True)


def _subproof(m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = _split(n)
    if m <= k:
        return _subproof(m, leaves[:k], complete) + [root(leaves[k:])]
    return _subproof(m - k, leaves[k:], False) + [root(leaves[:k])]


def verify_consistency(old_size, new_size, old_root, new_root, proof):
    """RFC 9162 2.1.4.2: does the tree of `new_size` with `new_root` extend the one of
    `old_size` with `old_root`?"""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


class Frontier:
    """The right edge of a tree being appended to: one perfect-subtree root per set bit of
    its size, largest first. `root()` folds them right to left, as MTH splits."""

    def __init__(self, size=0, hashes=()):
        self.size, self.hashes = size, list(hashes)
        if len(self.hashes) != bin(size).count("1"):
            raise ProofError("a frontier holds one hash per set bit of its size")

    def append(self, leaf):
        merges, n = 0, self.size
        while n & 1:
            merges, n = merges + 1, n >> 1
        self.hashes.append(leaf)
        for _ in range(merges):
            right = self.hashes.pop()
            self.hashes[-1] = node_hash(self.hashes[-1], right)
        self.size += 1

    def root(self):
        if not self.hashes:
            return EMPTY_ROOT
        result = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            result = node_hash(left, result)
        return result


# --- proofs from subtree roots, for a log too big to hold every leaf in memory ---------------
# The same recursions as inclusion_proof and consistency_proof, over a range of leaves named
# by its ends: `subroot(start, end)` gives MTH(D[start:end]). consent/log/subtrees.py answers
# it from stored subtree roots and a few leaves, so a proof costs O(log n) reads, not n.


def inclusion_path(index, size, subroot, start=0):
    """PATH(index, D[start:start + size]), as inclusion_proof, with roots from `subroot`."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    if size == 1:
        return []
    k = _split(size)
    if index < k:
        return inclusion_path(index, k, subroot, start) + [subroot(start + k, start + size)]
    return inclusion_path(index - k, size - k, subroot, start + k) + [subroot(start, start + k)]


def consistency_path(old_size, new_size, subroot):
    """PROOF(old_size, D[new_size]), as consistency_proof, with roots from `subroot`."""
    if not 0 < old_size <= new_size:
        raise ProofError(f"no consistency proof from {old_size} to {new_size}")
    return _subpath(old_size, 0, new_size, True, subroot)


def _subpath(m, start, n, complete, subroot):
    if m == n:
        return [] if complete else [subroot(start, start + n)]
    k = _split(n)
    if m <= k:
        return _subpath(m, start, k, complete, subroot) + [subroot(start + k, start + n)]
    return _subpath(m - k, start + k, n - k, False, subroot) + [subroot(start, start + k)]


def range_root(start, end, smallest, node, leaves):
    """MTH(D[start:end]) from perfect, aligned subtrees of at least `smallest` leaves (a power
    of two), `node(level, position)` giving the root of leaves [position << level,
    (position + 1) << level), and from runs shorter than that, `leaves(first, end)` giving
    their leaf hashes. Ranges a proof asks for start on a boundary of their first split, so
    the recursion, which is MTH's own, only ever meets aligned perfect subtrees."""
    size = end - start
    if size >= smallest and size & (size - 1) == 0 and start % size == 0:
        return node(size.bit_length() - 1, start // size)
    if size <= smallest:
        return root(leaves(start, end))
    k = _split(size)
    return node_hash(
        range_root(start, start + k, smallest, node, leaves),
        range_root(start + k, end, smallest, node, leaves),
    )
