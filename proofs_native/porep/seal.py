"""SealSector and VerifySeal: Stacked DRG sealing of a small sector and its vanilla proof.

`Seal(SectorID, ReplicaCfg) → SealOutputs` (the diagram's SealSector) runs in two phases, as
rust-fil-proofs does:

1. pre-commit (`seal_pre_commit`): CommD over the Fr32 sector data; replica_id from (prover,
   sector number, ticket, CommD, porep_id); the SDR labels of every layer; the replica
   `data + last-layer label` (in Fr); tree_c over the column hashes, tree_r_last over the replica;
   CommR = Poseidon2(comm_c, comm_r_last).
2. commit (`seal_commit`): from the interactive seed, derive the challenges and open, for each
   challenged node c: the data node in the CommD tree, the replica node in tree_r_last, and the
   columns (all layer labels) of c and of its 14 parents in tree_c.

`verify_seal(public inputs, proof) → bool` (the diagram's VerifySeal → {1, 0}) recomputes the
challenges, checks every opening against CommD, comm_c and comm_r_last, checks
CommR = Poseidon2(comm_c, comm_r_last), recomputes each challenged label of every layer from its
parents' labels, and checks the encoding replica = data + last label.

Out of scope: the Groth16 SNARK that wraps this vanilla proof on chain (192 bytes per partition).
Checking the vanilla proof directly establishes the same statements, only not succinctly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from proofs_native import fr32
from proofs_native.commp import merkle_root, node_hash
from proofs_native.porep.challenges import interactive_challenges
from proofs_native.porep.errors import (
    BadLength,
    NotAFieldElement,
    PorepError,
    UnsupportedProofType,
    UnsupportedSectorSize,
)
from proofs_native.porep.field import fr_add, fr_from_bytes, fr_to_bytes
from proofs_native.porep.graph import (
    BASE_DEGREE,
    NODE_SIZE,
    REGISTERED_SEAL_PROOFS,
    SealProofType,
    StackedGraph,
    node_parents,
    stacked_graph,
)
from proofs_native.porep.labels import label, layer_labels, replica_id
from proofs_native.porep.poseidon import hash2, hash_bytes
from proofs_native.porep.trees import MerkleOpening, open_leaf, opening_is_valid, tree_levels

#: Arity of tree_c and tree_r_last for the sector sizes we seal (SectorShapeBase: oct, one tree).
TREE_ARITY = 8

#: Arity of the CommD tree (sha256-trunc254 binary tree).
DATA_TREE_ARITY = 2

#: Sector sizes we seal: their oct trees have a single base tree (nodes a power of 8).
SUPPORTED_SECTOR_SIZES = (2048, 8 << 20)

#: Interactive PoRep challenges per partition, and partitions, by sector size (filecoin-proofs constants).
INTERACTIVE_CHALLENGES = {2048: 2, 8 << 20: 2}
PARTITIONS = {2048: 1, 8 << 20: 1}

#: RegisteredSealProof ids of interactive PoRep (V1 and V1_1), the variant CommitSector checks here.
INTERACTIVE_PROOF_IDS = range(10)


def _data_group_hash(group: Sequence[bytes]) -> bytes:
    """The CommD tree hashes a pair of children with the sha256-trunc254 node hash."""
    if len(group) != DATA_TREE_ARITY:
        raise BadLength(f"the CommD tree is binary, got a group of {len(group)}")
    return node_hash(group[0], group[1])


def column_hash(labels: Sequence[bytes]) -> bytes:
    """A column's leaf in tree_c is Poseidon (arity = layers, Merkle tag) of its labels, layer 1 first."""
    return hash_bytes(labels)


# --- records -------------------------------------------------------------------------------------


def _bytes32(_instance: object, attribute: attrs.Attribute[bytes], value: bytes) -> None:
    """attrs validator: the field is exactly 32 bytes."""
    if not isinstance(value, bytes) or len(value) != 32:
        raise BadLength(f"{attribute.name} must be 32 bytes")


def _u64(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    """attrs validator: the field is an unsigned 64-bit integer."""
    if not 0 <= value < 1 << 64:
        raise BadLength(f"{attribute.name} must be a u64, got {value}")


@attrs.frozen(slots=True)
class ReplicaConfig:
    """What a sector is sealed under (the diagram's ReplicaCfg plus the sector number)."""

    porep_id: bytes = attrs.field(validator=_bytes32)
    """32 bytes: u64_le(RegisteredSealProof id) ‖ u64_le(nonce) ‖ 16 zero bytes."""
    prover_id: bytes = attrs.field(validator=_bytes32)
    """32 bytes identifying the miner (its actor ID, left-aligned little-endian in Filecoin)."""
    sector_id: int = attrs.field(validator=_u64)
    """The sector number, a u64."""
    ticket: bytes = attrs.field(validator=_bytes32)
    """32 bytes of chain randomness drawn at pre-commit."""


@attrs.frozen(slots=True)
class SealPublicInputs:
    """What VerifySeal checks a proof against; everything but the seed is on chain after pre-commit."""

    porep_id: bytes = attrs.field(validator=_bytes32)
    """The porep_id the sector was sealed under."""
    prover_id: bytes = attrs.field(validator=_bytes32)
    """The miner's prover id."""
    sector_id: int = attrs.field(validator=_u64)
    """The sector number."""
    ticket: bytes = attrs.field(validator=_bytes32)
    """The pre-commit ticket."""
    seed: bytes = attrs.field(validator=_bytes32)
    """The interactive randomness drawn after pre-commit; it picks the challenges."""
    comm_d: bytes = attrs.field(validator=_bytes32)
    """CommD, the sha256-trunc254 root over the unsealed sector data."""
    comm_r: bytes = attrs.field(validator=_bytes32)
    """CommR = Poseidon2(comm_c, comm_r_last)."""


@attrs.frozen(slots=True)
class ColumnOpening:
    """One column of tree_c: the labels of a node in every layer and its Merkle opening."""

    node: int
    """The node whose column this is."""
    labels: tuple[bytes, ...]
    """Its label in layer 1, 2, …, last."""
    opening: MerkleOpening
    """The opening in tree_c; its leaf must equal column_hash(labels)."""


@attrs.frozen(slots=True)
class ChallengeProof:
    """Everything that lets the verifier check one challenged node."""

    node: int
    """The challenged node (must equal the derived challenge)."""
    data_opening: MerkleOpening
    """The data node in the CommD (sha256-trunc254 binary) tree."""
    replica_opening: MerkleOpening
    """The replica node in tree_r_last."""
    columns: tuple[ColumnOpening, ...]
    """The columns of the node, then of its 14 parents in parent order (6 base, 8 expander)."""


@attrs.frozen(slots=True)
class VanillaProof:
    """The vanilla (pre-SNARK) interactive PoRep proof of one sector."""

    registered_seal_proof: int
    """The RegisteredSealProof id the proof is for."""
    comm_c: bytes
    """Root of tree_c."""
    comm_r_last: bytes
    """Root of tree_r_last."""
    challenges: tuple[ChallengeProof, ...]
    """One entry per interactive challenge, in challenge order."""


@attrs.frozen(slots=True)
class SealedSector:
    """The prover's state after pre-commit: what seal_commit opens."""

    config: ReplicaConfig
    """What the sector was sealed under."""
    proof_type: SealProofType
    """Sector size, layers and graph version."""
    data: tuple[bytes, ...]
    """The Fr32 sector data, as 32-byte nodes."""
    replica: tuple[bytes, ...]
    """The replica nodes, 32-byte little-endian Fr: data + last-layer label."""
    labels: tuple[tuple[bytes, ...], ...]
    """The labels of every layer, layer 1 first."""
    data_tree: tuple[tuple[bytes, ...], ...]
    """All levels of the CommD tree."""
    tree_c: tuple[tuple[bytes, ...], ...]
    """All levels of tree_c (leaves are column hashes)."""
    tree_r_last: tuple[tuple[bytes, ...], ...]
    """All levels of tree_r_last (leaves are replica nodes)."""

    @property
    def comm_d(self) -> bytes:
        """CommD, the root of the data tree."""
        return self.data_tree[-1][0]

    @property
    def comm_c(self) -> bytes:
        """comm_c, the root of tree_c."""
        return self.tree_c[-1][0]

    @property
    def comm_r_last(self) -> bytes:
        """comm_r_last, the root of tree_r_last."""
        return self.tree_r_last[-1][0]

    @property
    def comm_r(self) -> bytes:
        """CommR = Poseidon2(comm_c, comm_r_last)."""
        return hash2(self.comm_c, self.comm_r_last)

    @property
    def replica_bytes(self) -> bytes:
        """The replica file: the replica nodes back to back."""
        return b"".join(self.replica)


# --- sector data ---------------------------------------------------------------------------------


def proof_type_of(porep_id: bytes) -> SealProofType:
    """The RegisteredSealProof a porep_id names: its first 8 bytes, little-endian."""
    if len(porep_id) != 32:
        raise BadLength(f"a porep_id is 32 bytes, got {len(porep_id)}")
    proof_id = int.from_bytes(porep_id[:8], "little")
    proof_type = REGISTERED_SEAL_PROOFS.get(proof_id)
    if proof_type is None:
        raise UnsupportedProofType(f"porep_id names RegisteredSealProof {proof_id}, which does not exist")
    if proof_id not in INTERACTIVE_PROOF_IDS:
        raise UnsupportedProofType(
            f"RegisteredSealProof {proof_id} is synthetic or non-interactive PoRep; "
            "this implementation seals interactive PoRep (V1 = 0..4, V1_1 = 5..9) only"
        )
    if proof_type.sector_size not in SUPPORTED_SECTOR_SIZES:
        raise UnsupportedSectorSize(
            f"RegisteredSealProof {proof_id} seals {proof_type.sector_size} bytes; "
            f"this implementation seals {', '.join(map(str, SUPPORTED_SECTOR_SIZES))} bytes only"
        )
    return proof_type


def max_payload(sector_size: int) -> int:
    """A sector holds 127/128 of its size in payload bytes (2032 for 2 KiB)."""
    return sector_size // fr32.QUAD_PADDED * fr32.QUAD_UNPADDED


def sector_data_from_payload(payload: bytes, sector_size: int) -> bytes:
    """The sector data: the payload zero-filled to 127/128 of the sector, then Fr32-padded."""
    room = max_payload(sector_size)
    if len(payload) > room:
        raise BadLength(f"a {sector_size}-byte sector holds at most {room} payload bytes, got {len(payload)}")
    return fr32.pad(payload + bytes(room - len(payload)))


def _nodes_of(data: bytes, sector_size: int, what: str) -> tuple[bytes, ...]:
    """Split sector-sized bytes into 32-byte nodes, each a valid Fr element."""
    if len(data) != sector_size:
        raise BadLength(f"{what} must be {sector_size} bytes, got {len(data)}")
    nodes = tuple(data[i : i + NODE_SIZE] for i in range(0, sector_size, NODE_SIZE))
    for index, node in enumerate(nodes):
        try:
            fr_from_bytes(node)
        except NotAFieldElement as err:
            raise NotAFieldElement(f"{what} node {index} is not a field element") from err
    return nodes


def comm_d_of(sector_data: bytes) -> bytes:
    """CommD is the sha256-trunc254 binary Merkle root over the Fr32 sector data's 32-byte nodes."""
    return merkle_root([sector_data[i : i + NODE_SIZE] for i in range(0, len(sector_data), NODE_SIZE)])


def encode_node(data_node: bytes, key: bytes) -> bytes:
    """Replica encoding: replica = data + key in Fr, the key being the node's last-layer label."""
    return fr_to_bytes(fr_add(fr_from_bytes(data_node), fr_from_bytes(key)))


def graph_of(proof_type: SealProofType, porep_id: bytes) -> StackedGraph:
    """The SDR graph a proof type and porep_id define."""
    return stacked_graph(proof_type.sector_size // NODE_SIZE, porep_id, proof_type.api_version)


# --- SealSector ----------------------------------------------------------------------------------


def _freeze(levels: list[list[bytes]]) -> tuple[tuple[bytes, ...], ...]:
    return tuple(tuple(level) for level in levels)


def _seal_sector(
    config: ReplicaConfig, sector_data: bytes, replica_of: Callable[[tuple[bytes, ...], list[list[bytes]]], bytes]
) -> SealedSector:
    """Label the sector's layers, take its replica from `replica_of(data, labels)`, build the three trees."""
    proof_type = proof_type_of(config.porep_id)
    data = _nodes_of(sector_data, proof_type.sector_size, "sector data")
    data_tree = _freeze(tree_levels(data, DATA_TREE_ARITY, _data_group_hash))
    rid = replica_id(config.prover_id, config.sector_id, config.ticket, data_tree[-1][0], config.porep_id)
    labels = layer_labels(graph_of(proof_type, config.porep_id), rid, proof_type.layers)
    replica_nodes = _nodes_of(replica_of(data, labels), proof_type.sector_size, "replica")
    columns = [column_hash([layer[v] for layer in labels]) for v in range(len(data))]
    return SealedSector(
        config=config,
        proof_type=proof_type,
        data=data,
        replica=replica_nodes,
        labels=_freeze(labels),
        data_tree=data_tree,
        tree_c=_freeze(tree_levels(columns, TREE_ARITY)),
        tree_r_last=_freeze(tree_levels(replica_nodes, TREE_ARITY)),
    )


def encode_replica(data: Sequence[bytes], labels: Sequence[Sequence[bytes]]) -> bytes:
    """The replica: each data node encoded under its last-layer label."""
    return b"".join(encode_node(d, k) for d, k in zip(data, labels[-1], strict=True))


def seal_pre_commit(config: ReplicaConfig, sector_data: bytes) -> SealedSector:
    """SealSector, pre-commit phase: label the layers, encode the data into the replica, commit to both."""
    return _seal_sector(config, sector_data, encode_replica)


def sealed_sector_from_replica(config: ReplicaConfig, sector_data: bytes, replica: bytes) -> SealedSector:
    """The prover state for a given replica (what seal_pre_commit computes, or a cheat's altered copy)."""
    return _seal_sector(config, sector_data, lambda _data, _labels: replica)


def _column(sealed: SealedSector, node: int) -> ColumnOpening:
    """Open node's column in tree_c."""
    return ColumnOpening(
        node=node,
        labels=tuple(layer[node] for layer in sealed.labels),
        opening=open_leaf(sealed.tree_c, node, TREE_ARITY),
    )


def seal_challenges(proof_type: SealProofType, rid: bytes, seed: bytes) -> list[int]:
    """The interactive challenges of a sector: INTERACTIVE_CHALLENGES per partition, every partition."""
    nodes = proof_type.sector_size // NODE_SIZE
    count = INTERACTIVE_CHALLENGES[proof_type.sector_size]
    return [
        c
        for partition in range(PARTITIONS[proof_type.sector_size])
        for c in interactive_challenges(nodes, rid, seed, count, partition)
    ]


def seal_commit(sealed: SealedSector, seed: bytes) -> VanillaProof:
    """SealSector, commit phase: open every challenged node's data, replica and parent columns."""
    if len(seed) != 32:
        raise BadLength(f"the seed is 32 bytes, got {len(seed)}")
    config = sealed.config
    rid = replica_id(config.prover_id, config.sector_id, config.ticket, sealed.comm_d, config.porep_id)
    graph = graph_of(sealed.proof_type, config.porep_id)
    proofs = []
    for challenge in seal_challenges(sealed.proof_type, rid, seed):
        proofs.append(
            ChallengeProof(
                node=challenge,
                data_opening=open_leaf(sealed.data_tree, challenge, DATA_TREE_ARITY),
                replica_opening=open_leaf(sealed.tree_r_last, challenge, TREE_ARITY),
                columns=tuple(_column(sealed, v) for v in (challenge, *graph.parents[challenge])),
            )
        )
    return VanillaProof(
        registered_seal_proof=sealed.proof_type.id,
        comm_c=sealed.comm_c,
        comm_r_last=sealed.comm_r_last,
        challenges=tuple(proofs),
    )


def seal(config: ReplicaConfig, sector_data: bytes, seed: bytes) -> tuple[SealedSector, VanillaProof]:
    """Seal(SectorID, ReplicaCfg) → SealOutputs: pre-commit, then the commit proof for `seed`."""
    sealed = seal_pre_commit(config, sector_data)
    return sealed, seal_commit(sealed, seed)


# --- VerifySeal ----------------------------------------------------------------------------------


class _Rejected(PorepError):
    """Internal: one check of verify_seal failed (verify_seal turns it into False)."""


def _check(condition: bool, rule: str) -> None:
    """Reject the proof unless `condition` holds."""
    if not condition:
        raise _Rejected(rule)


def _verify_challenge(
    inputs: SealPublicInputs,
    proof: VanillaProof,
    proof_type: SealProofType,
    rid: bytes,
    challenge: int,
    entry: ChallengeProof,
) -> None:
    """Check one challenged node; raise _Rejected on the first failed rule."""
    # Verify that the entry opens the derived challenge.
    _check(entry.node == challenge, "the proof opens another node than the challenge")
    # Verify that the data node is in the CommD tree at the challenge.
    _check(
        opening_is_valid(entry.data_opening, challenge, inputs.comm_d, DATA_TREE_ARITY, _data_group_hash),
        "data opening does not lead to CommD",
    )
    # Verify that the replica node is in tree_r_last at the challenge.
    _check(
        opening_is_valid(entry.replica_opening, challenge, proof.comm_r_last, TREE_ARITY),
        "replica opening does not lead to comm_r_last",
    )
    # Verify that the columns are those of the challenge and its parents, each in tree_c.
    nodes = proof_type.sector_size // NODE_SIZE
    parents = node_parents(nodes, inputs.porep_id, proof_type.api_version, challenge)
    expected_nodes = (challenge, *parents)
    _check(tuple(c.node for c in entry.columns) == expected_nodes, "columns are not the node and its parents")
    for column in entry.columns:
        _check(len(column.labels) == proof_type.layers, "a column does not hold one label per layer")
        _check(column.opening.leaf == column_hash(column.labels), "a column leaf is not its column hash")
        _check(
            opening_is_valid(column.opening, column.node, proof.comm_c, TREE_ARITY),
            "a column opening does not lead to comm_c",
        )
    # Verify that each layer's label of the challenge follows from its parents' labels.
    own, parent_columns = entry.columns[0], entry.columns[1:]
    for layer in range(1, proof_type.layers + 1):
        base = [p.labels[layer - 1] for p in parent_columns[:BASE_DEGREE]]
        expander = [p.labels[layer - 2] for p in parent_columns[BASE_DEGREE:]] if layer > 1 else []
        recomputed = label(rid, layer, challenge, base + expander)
        _check(recomputed == own.labels[layer - 1], f"the layer-{layer} label does not follow from its parents")
    # Verify that the replica node encodes the data node under the last label.
    _check(
        entry.replica_opening.leaf == encode_node(entry.data_opening.leaf, own.labels[-1]),
        "the replica node is not data + last label",
    )


def rejection_reason(inputs: SealPublicInputs, proof: VanillaProof) -> str | None:
    """Why VerifySeal rejects the proof (the first rule it breaks), or None when it accepts it."""
    try:
        proof_type = proof_type_of(inputs.porep_id)
        # Verify that the proof is for the proof type the porep_id names.
        _check(proof.registered_seal_proof == proof_type.id, "the proof is for another RegisteredSealProof")
        # Verify that CommR binds comm_c and comm_r_last.
        _check(hash2(proof.comm_c, proof.comm_r_last) == inputs.comm_r, "CommR ≠ Poseidon2(comm_c, comm_r_last)")
        rid = replica_id(inputs.prover_id, inputs.sector_id, inputs.ticket, inputs.comm_d, inputs.porep_id)
        challenges = seal_challenges(proof_type, rid, inputs.seed)
        # Verify that there is one entry per challenge.
        _check(len(proof.challenges) == len(challenges), "wrong number of challenge proofs")
        for challenge, entry in zip(challenges, proof.challenges, strict=True):
            _verify_challenge(inputs, proof, proof_type, rid, challenge, entry)
    except (PorepError, ValueError) as err:
        return str(err)
    return None


def verify_seal(inputs: SealPublicInputs, proof: VanillaProof) -> bool:
    """VerifySeal → {1, 0}: True exactly when every opening, label and the encoding check out."""
    return rejection_reason(inputs, proof) is None


__all__ = [
    "ChallengeProof",
    "ColumnOpening",
    "ReplicaConfig",
    "SealPublicInputs",
    "SealedSector",
    "VanillaProof",
    "rejection_reason",
    "seal",
    "seal_commit",
    "seal_pre_commit",
    "verify_seal",
]
