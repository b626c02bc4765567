"""Piece inclusion proofs: round trip against CommD, tampering, and the wire format's errors."""

from __future__ import annotations

import dataclasses
import os

import pytest

from proofs_native import fr32
from proofs_native.commp import Piece, comm_d, comm_p, root_of_leaves, zero_commitment
from proofs_native.errors import InclusionProofMismatch, MalformedProof
from proofs_native.pip import check_inclusion, decode_proof, prove_inclusion, verify_inclusion

SECTOR = 8192


def _payloads() -> list[bytes]:
    rng = [254, 127, 1016, 508, 127]  # padded 256, 128, 1024, 512, 128
    return [os.urandom(n) for n in rng]


@pytest.fixture(scope="module")
def sector() -> tuple[list[Piece], bytes]:
    pieces = [Piece(p.padded_size, p.commitment) for p in map(comm_p, _payloads())]
    return pieces, comm_d(pieces, SECTOR)


def test_every_piece_proof_verifies_against_comm_d(sector: tuple[list[Piece], bytes]) -> None:
    pieces, root = sector
    for index, piece in enumerate(pieces):
        proof = prove_inclusion(pieces, SECTOR, index)
        assert verify_inclusion(proof, root, piece.commitment, piece_size=piece.padded_size)
        assert len(proof.path) == (SECTOR // piece.padded_size).bit_length() - 1


def test_proof_places_pieces_at_aligned_offsets(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    offsets = [prove_inclusion(pieces, SECTOR, i).offset for i in range(len(pieces))]
    assert offsets == [0, 256, 1024, 2048, 2560]


def test_comm_d_and_proofs_agree_with_tree_over_real_sector_bytes() -> None:
    payloads = [os.urandom(127), os.urandom(508)]
    pieces = [Piece(p.padded_size, p.commitment) for p in map(comm_p, payloads)]
    data = fr32.pad(payloads[0]) + bytes(384) + fr32.pad(payloads[1]) + bytes(1024)
    assert comm_d(pieces, 2048) == root_of_leaves(data)
    proof = prove_inclusion(pieces, 2048, 1)
    assert verify_inclusion(proof, root_of_leaves(data), pieces[1].commitment, offset=512)


def test_rejects_proof_for_another_piece(sector: tuple[list[Piece], bytes]) -> None:
    pieces, root = sector
    proof = prove_inclusion(pieces, SECTOR, 1)
    assert not verify_inclusion(proof, root, pieces[4].commitment)  # same size, other piece
    with pytest.raises(InclusionProofMismatch, match="does not lead to CommD"):
        check_inclusion(proof, root, pieces[4].commitment)


def test_rejects_proof_with_another_position(sector: tuple[list[Piece], bytes]) -> None:
    pieces, root = sector
    proof = prove_inclusion(pieces, SECTOR, 1)
    for position in range(SECTOR // 128):
        if position != proof.position:
            moved = dataclasses.replace(proof, position=position)
            assert not verify_inclusion(moved, root, pieces[1].commitment)


def test_rejects_proof_claiming_another_offset_or_size(sector: tuple[list[Piece], bytes]) -> None:
    pieces, root = sector
    proof = prove_inclusion(pieces, SECTOR, 2)
    with pytest.raises(InclusionProofMismatch, match="not 0"):
        check_inclusion(proof, root, pieces[2].commitment, offset=0)
    with pytest.raises(InclusionProofMismatch, match="not 512"):
        check_inclusion(proof, root, pieces[2].commitment, piece_size=512)


def test_rejects_proof_with_any_flipped_bit(sector: tuple[list[Piece], bytes]) -> None:
    pieces, root = sector
    wire = prove_inclusion(pieces, SECTOR, 3).to_bytes()
    for byte in range(15, len(wire)):
        for bit in (0, 5):  # low bits, so the result is still well-formed
            tampered = bytearray(wire)
            tampered[byte] ^= 1 << bit
            assert not verify_inclusion(decode_proof(bytes(tampered)), root, pieces[3].commitment)


def test_rejects_proof_against_another_comm_d(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    proof = prove_inclusion(pieces, SECTOR, 0)
    assert not verify_inclusion(proof, zero_commitment(SECTOR), pieces[0].commitment)


def test_proof_round_trips_through_bytes(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    proof = prove_inclusion(pieces, SECTOR, 2)
    wire = proof.to_bytes()
    assert len(wire) == 15 + 32 * 3
    assert decode_proof(wire) == proof


def test_proof_of_piece_filling_the_sector_has_empty_path() -> None:
    piece = comm_p(os.urandom(500))
    proof = prove_inclusion([piece], 512, 0)
    assert proof.path == ()
    assert verify_inclusion(decode_proof(proof.to_bytes()), piece.commitment, piece.commitment)


def test_rejects_truncated_proof_naming_the_missing_bytes(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    wire = prove_inclusion(pieces, SECTOR, 2).to_bytes()
    with pytest.raises(MalformedProof, match="truncated: 3 siblings need 111 bytes in all, got 110"):
        decode_proof(wire[:-1])
    with pytest.raises(MalformedProof, match="truncated: the header needs 15 bytes, got 9"):
        decode_proof(wire[:9])


def test_rejects_proof_with_trailing_bytes(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    with pytest.raises(MalformedProof, match="trailing bytes"):
        decode_proof(prove_inclusion(pieces, SECTOR, 2).to_bytes() + b"\x00")


@pytest.mark.parametrize(
    ("offset", "value", "message"),
    [(0, ord("x"), "does not start with"), (4, 9, "unknown version 9"), (5, 1, "not a power of two between 128 B"),
     (5, 9, "piece height 9 exceeds sector height 8"), (14, 200, "position 200 is outside")],
)
def test_rejects_malformed_header(sector: tuple[list[Piece], bytes], offset: int, value: int, message: str) -> None:
    pieces, _ = sector
    wire = bytearray(prove_inclusion(pieces, SECTOR, 2).to_bytes())
    wire[offset] = value
    with pytest.raises(MalformedProof, match=message):
        decode_proof(bytes(wire))


def test_rejects_sibling_that_cannot_be_a_sha254_node(sector: tuple[list[Piece], bytes]) -> None:
    pieces, _ = sector
    wire = bytearray(prove_inclusion(pieces, SECTOR, 2).to_bytes())
    wire[15 + 32 + 31] |= 0x80
    with pytest.raises(MalformedProof, match="sibling 1 has its top two bits set"):
        decode_proof(bytes(wire))
