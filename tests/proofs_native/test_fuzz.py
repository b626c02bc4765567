"""Arbitrary input to every parser either parses or raises that parser's typed error, never anything else."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from proofs_native.address import address_from_bytes, parse_address
from proofs_native.cid import parse_commitment_cid, piece_cid_v1
from proofs_native.errors import InvalidAddress, InvalidCID, MalformedProof, MalformedVoucher
from proofs_native.pip import decode_proof
from proofs_native.voucher import voucher_from_cbor

FAST = settings(max_examples=300, deadline=None)
CID_ALPHABET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz234567fFbBzQ", max_size=80)


@FAST
@given(st.one_of(st.text(max_size=80), CID_ALPHABET, st.binary(max_size=60)))
def test_cid_parser_raises_only_invalid_cid(text: str | bytes) -> None:
    with contextlib.suppress(InvalidCID):
        parse_commitment_cid(text)


@FAST
@given(st.binary(min_size=32, max_size=32), st.integers(1, 63), st.integers(0, 255))
def test_cid_parser_rejects_any_corrupted_piece_cid_character(commitment: bytes, index: int, char: int) -> None:
    # Index 0 is the multibase prefix: another base (e.g. `c`, base32 with padding) is the same CID.
    text = piece_cid_v1(commitment)
    corrupted = text[:index] + chr(char) + text[index + 1 :]
    try:
        parsed = parse_commitment_cid(corrupted)
    except InvalidCID:
        return
    if corrupted.lower() == text:  # multiformats reads base32 case-insensitively
        assert (parsed.kind, parsed.commitment) == ("unsealed", commitment)
    else:  # CIDs carry no checksum: a changed digest character names another commitment
        assert (parsed.kind, parsed.commitment) != ("unsealed", commitment)


@FAST
@given(st.one_of(st.text(max_size=120), st.from_regex(r"[ft][0-4][a-z2-7]{0,100}", fullmatch=True)))
def test_address_parser_raises_only_invalid_address(text: str) -> None:
    try:
        address = parse_address(text)
    except InvalidAddress:
        return
    assert address.to_string(text[0]) == text


@FAST
@given(st.binary(max_size=80))
def test_address_bytes_parser_raises_only_invalid_address(data: bytes) -> None:
    try:
        address = address_from_bytes(data)
    except InvalidAddress:
        return
    assert address.to_bytes() == data


@FAST
@given(st.binary(max_size=200))
def test_proof_decoder_raises_only_malformed_proof(data: bytes) -> None:
    with contextlib.suppress(MalformedProof):
        decode_proof(b"fPIP\x01" + data)


@FAST
@given(st.binary(max_size=120))
def test_voucher_decoder_raises_only_malformed_voucher(data: bytes) -> None:
    try:
        voucher = voucher_from_cbor(b"\x8b" + data)
    except MalformedVoucher:
        return
    assert voucher.to_cbor() == b"\x8b" + data
