"""The native proof port's primitives against the ideal semantics: what verifies and what does not."""

from __future__ import annotations

import dataclasses
import itertools

import attrs
import pytest

from model.proofs import IDEAL
from model.scenario import PRESETS
from model.state import Voucher
from proofs_native import commp
from proofs_native.cid import parse_piece_cid_v1
from proofs_native.errors import InvalidSignature
from proofs_native.pip import decode_proof
from proofs_native.porep.seal import comm_d_of
from proofs_native.port import (
    REAL_SECTOR_SIZE,
    NativePIP,
    NativeProofs,
    NativeSealProof,
    payload_size,
    sector_data,
)
from proofs_native.voucher import verify_voucher, voucher_from_cbor
from spec.errors import InputError

DEEP = PRESETS["deep"]  # pieces of 256 and 128 bytes, 512-byte sectors
TINY = PRESETS["tiny"]


@pytest.fixture(scope="module")
def port() -> NativeProofs:
    return NativeProofs(DEEP, seed=7)


def flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


# -- pieces and sectors ---------------------------------------------------------------------------


def test_piece_payloads_fill_their_padded_size_and_follow_the_seed() -> None:
    a, b, c = NativeProofs(DEEP, seed=1), NativeProofs(DEEP, seed=1), NativeProofs(DEEP, seed=2)
    assert [len(a.payload(k)) for k in range(2)] == [254, 127] == [payload_size(s) for s in DEEP.pieces]
    assert a.payload(0) == b.payload(0) and a.payload(0) != c.payload(0)
    assert len(a.payload(5)) == 127 and a.payload(5) == b.payload(5)  # a piece the scenario does not list


def test_comm_p_is_the_real_piece_cid(port: NativeProofs) -> None:
    for k, size in enumerate(DEEP.pieces):
        real = commp.comm_p(port.payload(k))
        assert real.padded_size == size
        assert port.comm_p(k) == real.cid and port.comm_p(k).startswith("baga6ea4seaq")


def test_comm_d_is_the_commitment_of_the_aligned_zero_filled_2kib_sector(port: NativeProofs) -> None:
    comm_d, pips = port.pack_sector(0, 0, (1, 0))  # 128 at 0, then 256 aligned to byte 256
    data = sector_data([port.payload(1), port.payload(0)], [128, 256])
    assert len(data) == REAL_SECTOR_SIZE and data[128:256] == bytes(128) and data[512:] == bytes(REAL_SECTOR_SIZE - 512)
    assert parse_piece_cid_v1(comm_d) == comm_d_of(data)
    assert [decode_proof(p.wire).offset for p in pips] == [0, 256]


def test_pack_sector_is_computed_once(port: NativeProofs) -> None:
    first = port.pack_sector(0, 0, (0,))
    made = port.counts["comm_d"]
    assert port.pack_sector(1, 3, (0,)) == first  # CommD depends on the data only
    assert port.counts["comm_d"] == made and port.cache_hits["comm_d"] >= 1


def test_sectors_larger_than_2kib_are_refused() -> None:
    with pytest.raises(InputError, match="2 KiB"):
        NativeProofs(attrs.evolve(TINY, sector_size=4096))


# -- PIPs -----------------------------------------------------------------------------------------


def test_a_pip_verifies_exactly_where_the_ideal_one_does(port: NativeProofs) -> None:
    packings = [(0,), (1,), (0, 1), (1, 0), (1, 1)]
    native = {p: port.pack_sector(0, 0, p) for p in packings}
    ideal = {p: IDEAL.pack_sector(0, 0, p) for p in packings}
    checked = 0
    for sector, holder in itertools.product(packings, packings):
        for n, piece in itertools.product(range(len(holder)), (0, 1, 2)):
            want = IDEAL.verify_pip(ideal[sector][0], piece, ideal[holder][1][n])
            assert port.verify_pip(native[sector][0], piece, native[holder][1][n]) == want, (sector, holder, n, piece)
            checked += 1
    assert checked == 5 * 8 * 3


def test_a_pip_with_any_bit_flipped_fails(port: NativeProofs) -> None:
    comm_d, pips = port.pack_sector(0, 0, (1, 0))
    wire = pips[1].wire
    assert port.verify_pip(comm_d, 0, pips[1])
    for bit in range(8 * len(wire)):
        assert not port.verify_pip(comm_d, 0, NativePIP(flip(wire, bit))), bit


@pytest.mark.parametrize("pip", [None, ("PIP", 0, 0, 0), b"fPIP", NativePIP(b""), NativePIP(b"\xff" * 200), 42])
def test_a_malformed_pip_is_rejected_without_raising(port: NativeProofs, pip: object) -> None:
    comm_d, _ = port.pack_sector(0, 0, (0,))
    assert port.verify_pip(comm_d, 0, pip) is False


@pytest.mark.parametrize("comm_d", [None, ("Preseal", 4), "not a cid", "bafy2bzaced", 7])
def test_a_malformed_comm_d_is_rejected_without_raising(port: NativeProofs, comm_d: object) -> None:
    _, pips = port.pack_sector(0, 0, (0,))
    assert port.verify_pip(comm_d, 0, pips[0]) is False


def test_verifications_are_counted_as_accepted_or_rejected() -> None:
    port = NativeProofs(TINY, seed=0)
    comm_d, pips = port.pack_sector(0, 0, (0,))
    port.verify_pip(comm_d, 0, pips[0])
    port.verify_pip(comm_d, 1, pips[0])
    assert port.counts["pip_made"] == 1 and port.counts["pip_verified"] == 1 and port.counts["pip_rejected"] == 1


# -- seals ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sealed() -> tuple[NativeProofs, str]:
    port = NativeProofs(TINY, seed=3)
    comm_d, _ = port.pack_sector(0, 0, (0,))
    return port, comm_d


def test_an_honest_seal_verifies(sealed: tuple[NativeProofs, str]) -> None:
    port, comm_d = sealed
    out = port.seal(0, 0, comm_d)
    assert out.comm_d == comm_d and out.comm_r.startswith("bagboea4b5abc")
    assert isinstance(out.proof, NativeSealProof)
    assert port.verify_seal(0, 0, comm_d, out.comm_r, out.proof)


def test_a_corrupt_seal_does_not_verify(sealed: tuple[NativeProofs, str]) -> None:
    port, comm_d = sealed
    bad = port.seal(0, 0, comm_d, ok=False)
    assert bad.proof != port.seal(0, 0, comm_d).proof
    assert not port.verify_seal(0, 0, comm_d, bad.comm_r, bad.proof)
    assert not port.verify_seal(0, 0, comm_d, port.seal(0, 0, comm_d).comm_r, bad.proof)
    assert port.counts["seal_corrupt"] == 1


def test_a_seal_proves_only_its_own_miner_sector_data_and_commr(sealed: tuple[NativeProofs, str]) -> None:
    port, comm_d = sealed
    honest, other_sector = port.seal(0, 0, comm_d), port.seal(0, 1, comm_d)
    assert port.verify_seal(0, 1, comm_d, other_sector.comm_r, other_sector.proof)
    assert not port.verify_seal(0, 0, comm_d, other_sector.comm_r, other_sector.proof)  # other_sector_proof
    assert not port.verify_seal(1, 0, comm_d, honest.comm_r, honest.proof)  # another miner
    assert not port.verify_seal(0, 0, comm_d, other_sector.comm_r, honest.proof)  # another CommR
    other_d, _ = port.pack_sector(0, 0, (1,))
    assert not port.verify_seal(0, 0, other_d, honest.comm_r, honest.proof)  # another CommD


@pytest.mark.parametrize("proof", [None, ("SealProof", 0, 0, 0, 0), "proof"])
def test_a_malformed_seal_proof_is_rejected(sealed: tuple[NativeProofs, str], proof: object) -> None:
    port, comm_d = sealed
    assert port.verify_seal(0, 0, comm_d, port.seal(0, 0, comm_d).comm_r, proof) is False
    assert port.verify_seal(0, 0, comm_d, "not a cid", port.seal(0, 0, comm_d).proof) is False


def test_seals_are_memoised(sealed: tuple[NativeProofs, str]) -> None:
    port, comm_d = sealed
    first = port.seal(0, 0, comm_d)
    made = port.counts["seal"]
    assert port.seal(0, 0, comm_d) is first and port.counts["seal"] == made and port.cache_hits["seal"] >= 1


def test_sealing_data_the_port_never_packed_is_an_error(sealed: tuple[NativeProofs, str]) -> None:
    port, _ = sealed
    with pytest.raises(ValueError, match="not a sector this port packed"):
        port.seal(0, 0, "baga6ea4seaqunknown")


# -- signatures -----------------------------------------------------------------------------------


def test_a_voucher_verifies_for_its_signer_only_as_ideal_says(port: NativeProofs) -> None:
    for signer, expected in itertools.product(range(DEEP.parties), repeat=2):
        v = Voucher(0, 1, 2, 3, signer=signer, condition=1, merges=(0,))
        assert port.verify_voucher(v, expected) == IDEAL.verify_voucher(v, expected) == (signer == expected)
    assert port.counts["signature"] == DEEP.parties
    assert port.counts["signature_verified"] == DEEP.parties
    assert port.counts["signature_rejected"] == DEEP.parties * (DEEP.parties - 1)


def test_the_signature_is_filecoins_over_the_signed_voucher(port: NativeProofs) -> None:
    v = Voucher(1, 2, 5, -1, signer=0, time_lock=3, min_settle_height=4)
    signed = voucher_from_cbor(port.signed_voucher(v).to_cbor())
    assert signed.channel_addr == port.channel_address(1) and (signed.lane, signed.nonce, signed.amount) == (2, 5, -1)
    assert (signed.time_lock_min, signed.min_settle_height) == (3, 4)
    verify_voucher(signed, port.address(0))
    with pytest.raises(InvalidSignature):
        verify_voucher(dataclasses.replace(signed, amount=2), port.address(0))
    with pytest.raises(InvalidSignature):
        verify_voucher(signed, port.address(1))


def test_keys_and_channel_addresses_follow_the_seed() -> None:
    a, b, c = NativeProofs(TINY, seed=1), NativeProofs(TINY, seed=1), NativeProofs(TINY, seed=2)
    assert a.address(0) == b.address(0) != c.address(0)
    assert a.address(0) != a.address(1)
    assert a.channel_address(0) == b.channel_address(0) != c.channel_address(0)
    assert str(a.address(0)).startswith("f1") and str(a.channel_address(0)).startswith("f2")
