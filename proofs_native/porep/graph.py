"""The SDR graph: porep_id, seeds, DRSample base parents and Feistel expander parents.

Every node v of every layer has 14 parents: 6 base (DRG) parents in the same layer, drawn by
"DRSample" bucket sampling from a ChaCha8 stream, and 8 expander parents in the previous layer,
drawn through a keyed Feistel permutation. Both are fixed by the porep_id alone, so rust-fil-proofs
caches them as a file of `nodes × 14 × u32_le` whose SHA-256 it pins in `parent_cache.json`.
"""

from __future__ import annotations

import enum
import hashlib
import math
import struct
from collections.abc import Sequence
from functools import cache

import attrs

from proofs_native.porep.chacha import chacha8_u64s
from proofs_native.porep.errors import BadLength, UnsupportedProofType, UnsupportedSectorSize

#: Base (DRG) parents per node, the predecessor included (`BASE_DEGREE`).
BASE_DEGREE = 6

#: Expander parents per node, in the previous layer (`EXP_DEGREE`).
EXP_DEGREE = 8

#: All parents of a node in layers ≥ 2.
DEGREE = BASE_DEGREE + EXP_DEGREE

#: Bytes per sector node.
NODE_SIZE = 32

#: Domain-separation tag of the DRG seed.
DRSAMPLE_DST = b"Filecoin_DRSample"

#: Domain-separation tag of the Feistel keys.
FEISTEL_DST = b"Filecoin_Feistel"

#: Feistel rounds of the expander permutation.
FEISTEL_ROUNDS = 3


class ApiVersion(enum.Enum):
    """The proofs API version: V1_0_0 puts the predecessor in base slot 5, later versions in slot 0."""

    V1_0_0 = "1.0.0"
    V1_1_0 = "1.1.0"
    V1_2_0 = "1.2.0"


@attrs.frozen(slots=True)
class SealProofType:
    """One RegisteredSealProof: its numeric id, sector size and API version."""

    id: int
    """The `RegisteredSealProof` enum value; it is the first word of the porep_id."""
    sector_size: int
    """Sector size in bytes (unpadded nodes × 32)."""
    api_version: ApiVersion
    """Which graph rules apply (predecessor slot)."""
    layers: int
    """SDR layers for this sector size."""


_SIZES = (2048, 8 << 20, 512 << 20, 32 << 30, 64 << 30)
_LAYERS = {2048: 2, 8 << 20: 2, 512 << 20: 2, 32 << 30: 11, 64 << 30: 11}


def _registered_seal_proofs() -> dict[int, SealProofType]:
    """RegisteredSealProof ids: V1 = 0..4, V1_1 = 5..9, V1_1 synthetic = 10..14, V1_2 NI-PoRep = 15..19."""
    table = {}
    for family, api in enumerate((ApiVersion.V1_0_0, ApiVersion.V1_1_0, ApiVersion.V1_2_0, ApiVersion.V1_2_0)):
        for k, size in enumerate(_SIZES):
            proof_id = family * 5 + k
            table[proof_id] = SealProofType(proof_id, size, api, _LAYERS[size])
    return table


#: Known RegisteredSealProof ids.
REGISTERED_SEAL_PROOFS = _registered_seal_proofs()

#: The id of StackedDrg2KiBV1_1, the default for our 2 KiB sectors.
STACKED_DRG_2KIB_V1_1 = 5


def porep_id_of(registered_seal_proof: int, nonce: int = 0) -> bytes:
    """porep_id = u64_le(RegisteredSealProof id) ‖ u64_le(nonce) ‖ 16 zero bytes."""
    return struct.pack("<QQ", registered_seal_proof, nonce) + bytes(16)


def porep_domain_seed(tag: bytes, porep_id: bytes) -> bytes:
    """A graph seed is sha256(tag ‖ porep_id)."""
    if len(porep_id) != 32:
        raise BadLength(f"a porep_id is 32 bytes, got {len(porep_id)}")
    return hashlib.sha256(tag + porep_id).digest()


def drg_seed(porep_id: bytes) -> bytes:
    """The DRG seed is the first 28 bytes of sha256("Filecoin_DRSample" ‖ porep_id)."""
    return porep_domain_seed(DRSAMPLE_DST, porep_id)[:28]


def feistel_keys(porep_id: bytes) -> tuple[int, int, int, int]:
    """The 4 Feistel keys are the u64 little-endian words of sha256("Filecoin_Feistel" ‖ porep_id)."""
    keys = struct.unpack("<4Q", porep_domain_seed(FEISTEL_DST, porep_id))
    return keys[0], keys[1], keys[2], keys[3]


# --- base (DRG) parents --------------------------------------------------------------------------


def drg_parents(node: int, seed28: bytes, api_version: ApiVersion) -> tuple[int, ...]:
    """The 6 base parents: nodes 0 and 1 get all zeros; else 5 DRSample parents plus the predecessor.

    ChaCha8 is seeded with seed28 ‖ u32_le(node). With meta = 5·node and nb = ⌈log2 meta⌉, each
    random parent draws a bucket b = r mod nb + 1, a distance in [max(2, hi/2), hi] with
    hi = min(meta, 2^b), and maps meta − distance back to a node (node − 1 if it lands on itself).
    """
    if node < 2:
        return (0,) * BASE_DEGREE
    rng = chacha8_u64s(seed28 + struct.pack("<I", node))
    m_prime = BASE_DEGREE - 1
    meta = node * m_prime
    buckets = math.ceil(math.log2(meta))
    chosen = []
    for _ in range(m_prime):
        bucket = next(rng) % buckets + 1
        largest = min(meta, 1 << bucket)
        smallest = max(2, largest >> 1)
        distance = smallest + next(rng) % (largest - smallest + 1)
        parent = (meta - distance) // m_prime
        chosen.append(node - 1 if parent == node else parent)
    if api_version is ApiVersion.V1_0_0:
        return (*chosen, node - 1)
    return (node - 1, *chosen)


# --- expander parents (Feistel) ------------------------------------------------------------------


def _feistel_round(right: int, key: int, right_mask: int) -> int:
    """F(R, K) = the first 8 bytes of blake2b-512(be64(R) ‖ be64(K)), big-endian, masked."""
    digest = hashlib.blake2b(struct.pack(">QQ", right, key)).digest()
    return int.from_bytes(digest[:8], "big") & right_mask


def _feistel_encode(index: int, keys: Sequence[int], half_bits: int) -> int:
    """Three Feistel rounds (L, R) → (R, L ⊕ F(R, K_i)) over two halves of `half_bits` bits."""
    right_mask = (1 << half_bits) - 1
    left, right = index >> half_bits & right_mask, index & right_mask
    for key in keys[:FEISTEL_ROUNDS]:
        left, right = right, left ^ _feistel_round(right, key, right_mask)
    return (left << half_bits) | right


def feistel_half_bits(elements: int) -> int:
    """Each Feistel half has log4 bits, the smallest k ≥ 1 with 4^k ≥ elements."""
    half_bits = 1
    while 4**half_bits < elements:
        half_bits += 1
    return half_bits


def feistel_permute(elements: int, index: int, keys: Sequence[int]) -> int:
    """A permutation of [0, elements): Feistel-encode, cycle-walking until the value is in range."""
    half_bits = feistel_half_bits(elements)
    value = _feistel_encode(index, keys, half_bits)
    while value >= elements:
        value = _feistel_encode(value, keys, half_bits)
    return value


def expander_parents(node: int, nodes: int, keys: Sequence[int]) -> tuple[int, ...]:
    """The 8 expander parents: parent i = feistel_permute(8·nodes, 8·node + i) / 8."""
    elements = nodes * EXP_DEGREE
    return tuple(feistel_permute(elements, node * EXP_DEGREE + i, keys) // EXP_DEGREE for i in range(EXP_DEGREE))


# --- the stacked graph ---------------------------------------------------------------------------


@attrs.frozen(slots=True)
class StackedGraph:
    """The SDR graph of one sector size and porep_id; parents of node v are `parents[v]`."""

    nodes: int
    """Number of 32-byte nodes in a layer."""
    porep_id: bytes
    """The 32-byte porep_id the seeds derive from."""
    api_version: ApiVersion
    """Graph rules version (predecessor slot)."""
    parents: tuple[tuple[int, ...], ...]
    """For each node: 6 base parents then 8 expander parents."""


def _check_node_count(nodes: int) -> None:
    """A graph has a power-of-two number of nodes, at least 2."""
    if nodes < 2 or nodes & (nodes - 1):
        raise UnsupportedSectorSize(f"a graph needs a power-of-two node count ≥ 2, got {nodes}")


def node_parents(nodes: int, porep_id: bytes, api_version: ApiVersion, node: int) -> tuple[int, ...]:
    """The 14 parents of one node (6 DRG, then 8 expander), without building the whole graph."""
    _check_node_count(nodes)
    if not 0 <= node < nodes:
        raise BadLength(f"node {node} is outside a graph of {nodes} nodes")
    return drg_parents(node, drg_seed(porep_id), api_version) + expander_parents(node, nodes, feistel_keys(porep_id))


@cache
def stacked_graph(nodes: int, porep_id: bytes, api_version: ApiVersion) -> StackedGraph:
    """Build (once, then cached) the parents of every node: 6 DRG parents, then 8 expander parents."""
    _check_node_count(nodes)
    seed28 = drg_seed(porep_id)
    keys = feistel_keys(porep_id)
    parents = tuple(drg_parents(v, seed28, api_version) + expander_parents(v, nodes, keys) for v in range(nodes))
    return StackedGraph(nodes=nodes, porep_id=porep_id, api_version=api_version, parents=parents)


def graph_for_proof(registered_seal_proof: int, porep_id: bytes | None = None) -> StackedGraph:
    """The graph of a RegisteredSealProof; porep_id defaults to the one the id derives (nonce 0)."""
    proof_type = REGISTERED_SEAL_PROOFS.get(registered_seal_proof)
    if proof_type is None:
        raise UnsupportedProofType(f"unknown RegisteredSealProof id {registered_seal_proof}")
    pid = porep_id_of(registered_seal_proof) if porep_id is None else porep_id
    return stacked_graph(proof_type.sector_size // NODE_SIZE, pid, proof_type.api_version)


def parent_cache_bytes(graph: StackedGraph) -> bytes:
    """The parent cache file: for each node, its 14 parents as u32 little-endian."""
    return b"".join(struct.pack(f"<{DEGREE}I", *row) for row in graph.parents)


def parent_cache_digest(graph: StackedGraph) -> str:
    """The sha256 hex digest of the parent cache file, as `parent_cache.json` records it."""
    return hashlib.sha256(parent_cache_bytes(graph)).hexdigest()
