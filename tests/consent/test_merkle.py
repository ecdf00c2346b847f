"""The Merkle tree against the RFC 6962 test vectors the Certificate Transparency projects use:
eight leaves, the root of every prefix, audit paths and consistency proofs, each hex written out
here (worked by hand from the RFC's definitions, and equal to the published vectors), never
taken from the code under test."""

import pytest

from consent import merkle

DATA = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# Subtree hashes the proofs are made of.
LEAF1 = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
LEAF4 = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
NODE23 = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
NODE45 = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
NODE67 = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
NODE4567 = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
NODE01 = ROOTS[2]
NODE0123 = ROOTS[4]

INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 1, []),
    (0, 8, [LEAF1, NODE23, NODE4567]),
    (5, 8, [LEAF4, NODE67, NODE0123]),
    (2, 3, [NODE01]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", NODE23, LEAF4]),
]
CONSISTENCY = [  # (old size, new size, proof)
    (1, 1, []),
    (1, 8, [LEAF1, NODE23, NODE4567]),
    (6, 8, [NODE45, NODE67, NODE0123]),
    (2, 5, [NODE23, LEAF4]),
]


def leaves(n=8):
    return [merkle.leaf_hash(d) for d in DATA[:n]]


def unhex(hashes):
    return [bytes.fromhex(h) for h in hashes]


def test_empty_tree_and_first_leaf():
    assert merkle.root([]).hex() == EMPTY
    assert merkle.leaf_hash(b"").hex() == ROOTS[1]


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_root_of_every_prefix(size):
    assert merkle.root(leaves(size)).hex() == ROOTS[size]


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_the_frontier_gives_the_same_roots_while_appending(size):
    tree = merkle.Frontier()
    for leaf in leaves(size):
        tree.append(leaf)
    assert (tree.size, tree.root().hex()) == (size, ROOTS[size])
    assert len(tree.hashes) == bin(size).count("1")
    restored = merkle.Frontier(tree.size, tree.hashes)
    assert restored.root().hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs(index, size, path):
    assert [h.hex() for h in merkle.inclusion_proof(index, leaves(size))] == path
    leaf = leaves()[index]
    root = bytes.fromhex(ROOTS[size])
    assert merkle.verify_inclusion(index, size, leaf, unhex(path), root)


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION[1:])
def test_inclusion_fails_for_another_leaf_index_or_path(index, size, path):
    root = bytes.fromhex(ROOTS[size])
    leaf = leaves()[index]
    assert not merkle.verify_inclusion(index, size, leaves()[(index + 1) % size], unhex(path), root)
    assert not merkle.verify_inclusion((index + 1) % size, size, leaf, unhex(path), root)
    assert not merkle.verify_inclusion(index, size, leaf, unhex(path[:-1]), root)
    assert not merkle.verify_inclusion(index, size, leaf, unhex([*path, path[0]]), root)
    assert not merkle.verify_inclusion(index, size + 8, leaf, unhex(path), root)
    assert not merkle.verify_inclusion(size, size, leaf, unhex(path), root)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_proofs(old, new, proof):
    assert [h.hex() for h in merkle.consistency_proof(old, leaves(new))] == proof
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert merkle.verify_consistency(old, new, old_root, new_root, unhex(proof))


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY[1:])
def test_consistency_fails_for_a_rewritten_history(old, new, proof):
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    forged_old = bytes.fromhex(ROOTS[old + 1])
    assert not merkle.verify_consistency(old, new, forged_old, new_root, unhex(proof))
    assert not merkle.verify_consistency(old, new, old_root, bytes.fromhex(EMPTY), unhex(proof))
    assert not merkle.verify_consistency(old, new, old_root, new_root, unhex(proof[:-1]))
    assert not merkle.verify_consistency(old, new, old_root, new_root, [])
    assert not merkle.verify_consistency(new, old, new_root, old_root, unhex(proof))


def test_proofs_for_leaves_outside_the_tree_are_refused():
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(8, leaves())
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(9, leaves())
    with pytest.raises(merkle.ProofError):
        merkle.Frontier(3, [bytes(32)])  # size 3 needs two hashes
