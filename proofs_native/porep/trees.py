"""Poseidon Merkle trees (filecoin-project/merkletree semantics) and their openings.

tree_c and tree_r_last of a sealed sector are oct trees: leaves are stored as given (no leaf
hashing), each level hashes consecutive groups of `arity` children left to right with the Merkle-tag
Poseidon of that arity, and the root is the single node of the top level. There is no per-level
domain separation. 2 KiB sectors go 64 → 8 → 1.

An opening (`MerkleOpening`) lists, level by level from the leaves up, the `arity − 1` siblings of
the path node in left-to-right order; the leaf index fixes where the path node sits in each group,
so an opening only verifies at the index it was made for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from proofs_native.porep.errors import BadLength, UnsupportedArity
from proofs_native.porep.poseidon import hash_bytes

#: A function that hashes one group of children (32-byte nodes) into their parent node.
GroupHash = Callable[[Sequence[bytes]], bytes]


@attrs.frozen(slots=True)
class MerkleOpening:
    """An inclusion path for one leaf of a Merkle tree of some arity."""

    leaf: bytes
    """The opened leaf, a 32-byte node."""
    siblings: tuple[tuple[bytes, ...], ...]
    """Per level from the leaves up, the other `arity − 1` children of the group, left to right."""


def tree_levels(leaves: Sequence[bytes], arity: int, group_hash: GroupHash = hash_bytes) -> list[list[bytes]]:
    """All levels of the tree, leaves first and the root level last; leaves must number a power of arity."""
    if arity < 2:
        raise UnsupportedArity(f"a Merkle tree needs arity ≥ 2, got {arity}")
    count = len(leaves)
    while count > 1 and count % arity == 0:
        count //= arity
    if count != 1 or not leaves:
        raise BadLength(f"{len(leaves)} leaves is not a power of the arity {arity}")
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([group_hash(below[i : i + arity]) for i in range(0, len(below), arity)])
    return levels


def tree_root(leaves: Sequence[bytes], arity: int, group_hash: GroupHash = hash_bytes) -> bytes:
    """The root of the Merkle tree of the given arity over the leaves (taken as they are)."""
    return tree_levels(leaves, arity, group_hash)[-1][0]


def open_leaf(levels: Sequence[Sequence[bytes]], index: int, arity: int) -> MerkleOpening:
    """The opening of leaf `index`: at each level, the siblings in the path node's group of `arity`."""
    if not 0 <= index < len(levels[0]):
        raise BadLength(f"leaf {index} is outside a tree of {len(levels[0])} leaves")
    siblings = []
    position = index
    for level in levels[:-1]:
        start = position - position % arity
        group = level[start : start + arity]
        siblings.append(tuple(node for k, node in enumerate(group) if start + k != position))
        position //= arity
    return MerkleOpening(leaf=levels[0][index], siblings=tuple(siblings))


def opening_root(opening: MerkleOpening, index: int, arity: int, group_hash: GroupHash = hash_bytes) -> bytes:
    """The root an opening leads to when its leaf sits at `index`: rehash each group bottom-up."""
    node = opening.leaf
    position = index
    for others in opening.siblings:
        if len(others) != arity - 1:
            raise BadLength(f"an opening level of an arity-{arity} tree has {arity - 1} siblings")
        slot = position % arity
        node = group_hash([*others[:slot], node, *others[slot:]])
        position //= arity
    if position != 0:
        raise BadLength(f"leaf {index} does not fit a tree of height {len(opening.siblings)}")
    return node


def opening_is_valid(
    opening: MerkleOpening, index: int, root: bytes, arity: int, group_hash: GroupHash = hash_bytes
) -> bool:
    """An opening is valid for (index, root) when rehashing it from `index` reproduces `root`."""
    try:
        return opening_root(opening, index, arity, group_hash) == root
    except (BadLength, ValueError):
        return False
