"""SealSector / VerifySeal round trip on a 2 KiB sector, and every tampering case returns 0."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from proofs_native.cid import sealed_cid
from proofs_native.commp import comm_p, zero_commitment
from proofs_native.porep.errors import MalformedProof
from proofs_native.porep.graph import porep_id_of
from proofs_native.porep.proof_format import proof_from_bytes, proof_from_json, proof_to_bytes, proof_to_json
from proofs_native.porep.seal import (
    ReplicaConfig,
    SealedSector,
    SealPublicInputs,
    VanillaProof,
    comm_d_of,
    rejection_reason,
    seal,
    seal_commit,
    sealed_sector_from_replica,
    sector_data_from_payload,
    verify_seal,
)
from proofs_native.porep.trees import MerkleOpening

PAYLOAD = bytes(range(256)) * 7 + b"filspec"  # 1799 bytes
#: Our own regression anchors for (CONFIG, PAYLOAD): no upstream end-to-end 2 KiB vector exists.
PINNED_COMM_D = "cba05ffc9e6ee3072da56c292365b58361a8de9d859a26045a2f1f6f2f236f2a"
PINNED_COMM_R = "a188f33b4bb12af8e1a743a85a448d1640e4f1d6f773b42860aeced287c4b920"
SEED = bytes.fromhex("56964257e0d6c11e074117b36172fff3ebd1a6ec18fa79555e58df5a9d889dcb")
CONFIG = ReplicaConfig(
    porep_id=porep_id_of(5),
    prover_id=bytes.fromhex("101cbe4b9c42604f04c703c396f788c6cb2d6d7d58f45430b12eb2edd640076c"),
    sector_id=9259733836259213201,
    ticket=bytes.fromhex("e8867f2000d5597a0a5f4382c52b8b89890019df5320d486a067f38e6c68624b"),
)


def public_inputs(config: ReplicaConfig, sealed: SealedSector, seed: bytes = SEED) -> SealPublicInputs:
    return SealPublicInputs(
        porep_id=config.porep_id,
        prover_id=config.prover_id,
        sector_id=config.sector_id,
        ticket=config.ticket,
        seed=seed,
        comm_d=sealed.comm_d,
        comm_r=sealed.comm_r,
    )


@pytest.fixture(scope="module")
def sealed_and_proof() -> tuple[SealedSector, VanillaProof]:
    return seal(CONFIG, sector_data_from_payload(PAYLOAD, 2048), SEED)


def flip_bit(raw: bytes, byte: int = 0, bit: int = 0) -> bytes:
    return raw[:byte] + bytes([raw[byte] ^ (1 << bit)]) + raw[byte + 1 :]


def test_seal_then_verify_accepts(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, proof = sealed_and_proof
    assert rejection_reason(public_inputs(CONFIG, sealed), proof) is None
    assert verify_seal(public_inputs(CONFIG, sealed), proof) is True
    assert len(proof.challenges) == 2
    assert all(len(entry.columns) == 15 for entry in proof.challenges)


def test_seal_is_deterministic_and_pinned(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, _ = sealed_and_proof
    again, _ = seal(CONFIG, sector_data_from_payload(PAYLOAD, 2048), SEED)
    assert again.comm_r == sealed.comm_r
    assert sealed.comm_d.hex() == PINNED_COMM_D
    assert sealed.comm_r.hex() == PINNED_COMM_R


def test_comm_d_equals_comm_p_of_the_payload_as_one_full_piece(
    sealed_and_proof: tuple[SealedSector, VanillaProof],
) -> None:
    piece = comm_p(PAYLOAD)
    assert piece.padded_size == 2048
    assert piece.commitment == sealed_and_proof[0].comm_d


def test_comm_d_of_empty_sector_is_zero_commitment() -> None:
    sealed, proof = seal(CONFIG, sector_data_from_payload(b"", 2048), SEED)
    assert sealed.comm_d == zero_commitment(2048)
    assert sealed.comm_d.hex().startswith("fc7e928296e516fa")
    assert verify_seal(public_inputs(CONFIG, sealed), proof)


def test_comm_r_cid_uses_sealed_codec(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    assert sealed_cid(sealed_and_proof[0].comm_r).startswith("bagboea4b5abc")
    # rust-fil-proofs seal_regression_records-v16 (2 KiB V1_1): comm_r bytes → its sealed CID.
    record = bytes.fromhex("d67d57ea6808fd67bdedb331388b5005d3f837b6153c37ff90e720f10f34fc29")
    assert sealed_cid(record) == "bagboea4b5abcbvt5k7vgqch5m6663mzrhcfvabot7a33mfj4g77zbzza6ehtj7bj"


def test_comm_d_of_sector_data_is_the_data_tree_root(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, _ = sealed_and_proof
    assert comm_d_of(b"".join(sealed.data)) == sealed.comm_d


def test_replica_is_data_plus_last_label(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, _ = sealed_and_proof
    rebuilt = sealed_sector_from_replica(CONFIG, b"".join(sealed.data), sealed.replica_bytes)
    assert rebuilt.comm_r == sealed.comm_r


def test_rejects_proof_from_tampered_replica(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, _ = sealed_and_proof
    for node in (0, 17, 63):
        tampered = bytearray(sealed.replica_bytes)
        tampered[32 * node + 3] ^= 0x10
        cheat = sealed_sector_from_replica(CONFIG, b"".join(sealed.data), bytes(tampered))
        assert not verify_seal(public_inputs(CONFIG, sealed), seal_commit(cheat, SEED))


@pytest.mark.parametrize(
    "change",
    [
        {"comm_d": zero_commitment(2048)},
        {"sector_id": CONFIG.sector_id + 1},
        {"ticket": bytes(32)},
        {"prover_id": bytes(32)},
        {"comm_r": bytes(32)},
        {"porep_id": porep_id_of(0)},
    ],
    ids=["comm_d", "sector_number", "ticket", "prover_id", "comm_r", "porep_id"],
)
def test_rejects_wrong_public_input(
    sealed_and_proof: tuple[SealedSector, VanillaProof], change: dict[str, object]
) -> None:
    sealed, proof = sealed_and_proof
    assert not verify_seal(attrs.evolve(public_inputs(CONFIG, sealed), **change), proof)


def test_rejects_proof_reused_for_another_sector(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    _, proof = sealed_and_proof
    other_config = attrs.evolve(CONFIG, sector_id=CONFIG.sector_id + 7)
    other, own_proof = seal(other_config, sector_data_from_payload(PAYLOAD, 2048), SEED)
    assert verify_seal(public_inputs(other_config, other), own_proof)
    assert not verify_seal(public_inputs(other_config, other), proof)


def _tamper_data_sibling(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[0]
    siblings = list(entry.data_opening.siblings)
    siblings[2] = (flip_bit(siblings[2][0], 5, 1),)
    opening = MerkleOpening(entry.data_opening.leaf, tuple(siblings))
    return attrs.evolve(p, challenges=(attrs.evolve(entry, data_opening=opening), *p.challenges[1:]))


def _tamper_data_leaf(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[1]
    opening = attrs.evolve(entry.data_opening, leaf=flip_bit(entry.data_opening.leaf))
    return attrs.evolve(p, challenges=(p.challenges[0], attrs.evolve(entry, data_opening=opening)))


def _tamper_replica_leaf(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[0]
    opening = attrs.evolve(entry.replica_opening, leaf=flip_bit(entry.replica_opening.leaf, 1, 0))
    return attrs.evolve(p, challenges=(attrs.evolve(entry, replica_opening=opening), *p.challenges[1:]))


def _tamper_replica_sibling(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[0]
    level0 = list(entry.replica_opening.siblings[0])
    level0[3] = flip_bit(level0[3], 0, 7)
    opening = MerkleOpening(entry.replica_opening.leaf, (tuple(level0), *entry.replica_opening.siblings[1:]))
    return attrs.evolve(p, challenges=(attrs.evolve(entry, replica_opening=opening), *p.challenges[1:]))


def _tamper_parent_label(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[0]
    columns = list(entry.columns)
    parent = columns[9]
    columns[9] = attrs.evolve(parent, labels=(flip_bit(parent.labels[0], 4, 4), *parent.labels[1:]))
    return attrs.evolve(p, challenges=(attrs.evolve(entry, columns=tuple(columns)), *p.challenges[1:]))


def _tamper_column_sibling(p: VanillaProof) -> VanillaProof:
    entry = p.challenges[1]
    columns = list(entry.columns)
    col = columns[0]
    level1 = list(col.opening.siblings[1])
    level1[0] = flip_bit(level1[0], 30, 2)
    opening = MerkleOpening(col.opening.leaf, (col.opening.siblings[0], tuple(level1)))
    columns[0] = attrs.evolve(col, opening=opening)
    return attrs.evolve(p, challenges=(p.challenges[0], attrs.evolve(entry, columns=tuple(columns))))


def _tamper_comm_c(p: VanillaProof) -> VanillaProof:
    return attrs.evolve(p, comm_c=flip_bit(p.comm_c, 2, 2))


def _drop_challenge(p: VanillaProof) -> VanillaProof:
    return attrs.evolve(p, challenges=p.challenges[:1])


def _swap_challenges(p: VanillaProof) -> VanillaProof:
    return attrs.evolve(p, challenges=p.challenges[::-1])


@pytest.mark.parametrize(
    "tamper",
    [
        _tamper_data_sibling,
        _tamper_data_leaf,
        _tamper_replica_leaf,
        _tamper_replica_sibling,
        _tamper_parent_label,
        _tamper_column_sibling,
        _tamper_comm_c,
        _drop_challenge,
        _swap_challenges,
    ],
)
def test_rejects_tampered_proof(
    sealed_and_proof: tuple[SealedSector, VanillaProof], tamper: Callable[[VanillaProof], VanillaProof]
) -> None:
    sealed, proof = sealed_and_proof
    assert not verify_seal(public_inputs(CONFIG, sealed), tamper(proof))


def test_proof_file_round_trips(sealed_and_proof: tuple[SealedSector, VanillaProof]) -> None:
    sealed, proof = sealed_and_proof
    decoded = proof_from_bytes(proof_to_bytes(proof))
    assert decoded == proof
    assert verify_seal(public_inputs(CONFIG, sealed), decoded)


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d.pop("comm_c"), "top level"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["challenges"][1]["columns"][3]["labels"].__setitem__(1, "zz" * 32), "labels[1]"),
        (lambda d: d["challenges"][0]["replica"].update(leaf="00"), "challenges[0].replica.leaf"),
        (lambda d: d["challenges"][0].update(node=-1), "challenges[0].node"),
    ],
)
def test_malformed_proof_names_where(
    sealed_and_proof: tuple[SealedSector, VanillaProof], edit: Callable[[dict[str, object]], object], where: str
) -> None:
    document = proof_to_json(sealed_and_proof[1])
    edit(document)
    with pytest.raises(MalformedProof) as caught:
        proof_from_json(document)
    assert where in str(caught.value)


def test_malformed_proof_bytes_are_rejected() -> None:
    with pytest.raises(MalformedProof, match="not JSON"):
        proof_from_bytes(b"{not json")
    with pytest.raises(MalformedProof, match="UTF-8"):
        proof_from_bytes(b"\xff\xfe")
