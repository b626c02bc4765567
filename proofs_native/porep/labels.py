"""SDR labelling: the replica ID and the SHA-256 labels of each layer.

Layer ℓ's label of node v is sha256(replica_id ‖ be32(ℓ) ‖ be64(v) ‖ 20 zero bytes ‖ P) with the
top two bits of the last byte cleared (so it is an Fr element). Node 0 hashes no parents. In layer 1
P is the 6 base-parent labels six times then base parent 0 (37 labels); in later layers P is the 14
parent labels (6 base parents from the same layer, 8 expander parents from the previous one) twice,
then the first 9 of them (37 labels).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

from proofs_native.porep.errors import BadLength
from proofs_native.porep.graph import BASE_DEGREE, StackedGraph


def fr_safe(digest: bytes) -> bytes:
    """A SHA-256 digest is made an Fr element by clearing the top two bits of its last byte."""
    return digest[:31] + bytes([digest[31] & 0x3F])


def replica_id(prover_id: bytes, sector_id: int, ticket: bytes, comm_d: bytes, porep_id: bytes) -> bytes:
    """replica_id = fr_safe(sha256(prover_id ‖ be64(sector_id) ‖ ticket ‖ comm_d ‖ porep_id))."""
    for name, value in (
        ("prover_id", prover_id),
        ("ticket", ticket),
        ("comm_d", comm_d),
        ("porep_id", porep_id),
    ):
        if len(value) != 32:
            raise BadLength(f"{name} is 32 bytes, got {len(value)}")
    if not 0 <= sector_id < 1 << 64:
        raise BadLength(f"a sector number is a u64, got {sector_id}")
    preimage = prover_id + struct.pack(">Q", sector_id) + ticket + comm_d + porep_id
    return fr_safe(hashlib.sha256(preimage).digest())


def expand_parent_labels(parent_labels: Sequence[bytes]) -> bytes:
    """The 37-label parent block P: base-only (6) → 6×6 + first; full (14) → 14 + 14 + first 9."""
    if len(parent_labels) == BASE_DEGREE:
        return b"".join(parent_labels) * 6 + parent_labels[0]
    if len(parent_labels) == 14:
        return b"".join(parent_labels) * 2 + b"".join(parent_labels[:9])
    raise BadLength(f"a label hashes 6 or 14 parent labels, got {len(parent_labels)}")


def label(replica: bytes, layer: int, node: int, parent_labels: Sequence[bytes]) -> bytes:
    """The label of `node` in `layer` (1-based) from its parents' labels (none for node 0)."""
    prefix = replica + struct.pack(">IQ", layer, node) + bytes(20)
    if node == 0:
        return fr_safe(hashlib.sha256(prefix).digest())
    return fr_safe(hashlib.sha256(prefix + expand_parent_labels(parent_labels)).digest())


def label_parents(
    graph: StackedGraph, layer: int, node: int, current: Sequence[bytes], previous: Sequence[bytes] | None
) -> list[bytes]:
    """The parent labels a label hashes: base parents from `current`, expander parents from `previous`."""
    parents = graph.parents[node]
    base = [current[p] for p in parents[:BASE_DEGREE]]
    if layer == 1 or previous is None:
        return base
    return base + [previous[p] for p in parents[BASE_DEGREE:]]


def layer_labels(graph: StackedGraph, replica: bytes, layers: int) -> list[list[bytes]]:
    """All labels, layer 1 first; each layer is labelled node by node in order."""
    result: list[list[bytes]] = []
    previous: list[bytes] | None = None
    for layer in range(1, layers + 1):
        current: list[bytes] = []
        for node in range(graph.nodes):
            parent_labels = [] if node == 0 else label_parents(graph, layer, node, current, previous)
            current.append(label(replica, layer, node, parent_labels))
        result.append(current)
        previous = current
    return result
