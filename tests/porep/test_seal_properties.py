"""Property: every 32-byte value in a vanilla proof is bound — flipping any bit of any of them gives 0."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from proofs_native.porep.graph import porep_id_of
from proofs_native.porep.proof_format import proof_from_json, proof_to_json
from proofs_native.porep.seal import ReplicaConfig, SealPublicInputs, seal, sector_data_from_payload, verify_seal

CONFIG = ReplicaConfig(porep_id=porep_id_of(5), prover_id=bytes([4]) * 32, sector_id=1234, ticket=bytes([8]) * 32)
SEED = bytes([15]) * 32
SEALED, PROOF = seal(CONFIG, sector_data_from_payload(b"property" * 200, 2048), SEED)
INPUTS = SealPublicInputs(
    porep_id=CONFIG.porep_id,
    prover_id=CONFIG.prover_id,
    sector_id=CONFIG.sector_id,
    ticket=CONFIG.ticket,
    seed=SEED,
    comm_d=SEALED.comm_d,
    comm_r=SEALED.comm_r,
)
DOCUMENT = proof_to_json(PROOF)


def hex_fields(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of every 64-hex-digit string in the proof document."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in hex_fields(value, (*path, key))]
    if isinstance(node, list):
        return [p for index, value in enumerate(node) for p in hex_fields(value, (*path, index))]
    return [path] if isinstance(node, str) and len(node) == 64 else []


FIELDS = hex_fields(DOCUMENT)


def with_bit_flipped(document: Any, path: tuple[str | int, ...], bit: int) -> Any:
    if not path:
        raw = bytearray(bytes.fromhex(document))
        raw[bit // 8] ^= 1 << (bit % 8)
        return raw.hex()
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {k: (with_bit_flipped(v, rest, bit) if k == head else v) for k, v in document.items()}
    return [with_bit_flipped(v, rest, bit) if i == head else v for i, v in enumerate(document)]


def test_the_untouched_proof_verifies_and_has_many_fields() -> None:
    assert verify_seal(INPUTS, PROOF)
    assert len(FIELDS) > 500


@given(field=st.sampled_from(FIELDS), bit=st.integers(0, 255))
def test_flipping_any_bit_of_any_proof_value_is_rejected(field: tuple[str | int, ...], bit: int) -> None:
    assert not verify_seal(INPUTS, proof_from_json(with_bit_flipped(DOCUMENT, field, bit)))


@given(sector_id=st.integers(0, 2**64 - 1).filter(lambda n: n != CONFIG.sector_id))
def test_the_proof_is_rejected_for_any_other_sector_number(sector_id: int) -> None:
    other = SealPublicInputs(
        porep_id=INPUTS.porep_id,
        prover_id=INPUTS.prover_id,
        sector_id=sector_id,
        ticket=INPUTS.ticket,
        seed=INPUTS.seed,
        comm_d=INPUTS.comm_d,
        comm_r=INPUTS.comm_r,
    )
    assert not verify_seal(other, PROOF)
