"""Voucher signing bytes and signatures: Zondax filecoin-signing-tools vectors (domain.md §5) and tampering."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from proofs_native.address import new_id_address, parse_address
from proofs_native.errors import InvalidSignature, MalformedKey, MalformedSignature, MalformedVoucher
from proofs_native.signing import (
    Key,
    Signature,
    SigType,
    bls_public_key,
    is_valid,
    recover_secp256k1,
    sign_bls,
    signature_from_bytes,
    verify,
)
from proofs_native.voucher import (
    Merge,
    ModVerifyParams,
    SignedVoucher,
    decode_big_int,
    encode_big_int,
    sign_voucher,
    verify_voucher,
    voucher_from_cbor,
)

# Zondax/filecoin-signing-tools test_vectors/voucher.json ("verify" and "sign" cases).
VERIFY_VOUCHER = base64.b64decode(
    "i0MA8gcAAED2AAFEAAGGoACAWEIBayRmYQQCatrELBc2rwfu0jJk0EmVr+eVccDsThtM1ZVzkrC53a6qVgrgFkB8OHoiZSlNmW/nmCU7G2POhE"
    "eo2gE="
)
SIGN_VOUCHER = base64.b64decode(
    "i1UC4ASYHGSYlfRGVWN0/yX0s11MpvQAAED2AQFDACcQAIBYQgFRD/3a1fsyc7TLRUgeQ5BAPhB1rDuVt1qvDuwccTODWCJ+OAe4R/+HIGH9pg"
    "BYjrghhA4JdgJugTWfzFflbOGSAA=="
)
SIGNER = "t1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba"
# test_vectors/wallet.json: the secp256k1 key behind SIGNER, and a BLS key.
SECP_KEY = Key(SigType.SECP256K1, base64.b64decode("8VcW07ADswS4BV2cxi5rnIadVsyTDDhY1NfDH19T8Uo="))
WALLET_BLS_KEY = Key(SigType.BLS, base64.b64decode("P2pSgkvsZSgi0LOczuHmSXT1+l/hvSs3fVBb4y8OgVo="))
# test_vectors/bls_wallet.json and bls_signature.json: a BLS key, and its signature over a message's CBOR.
BLS_KEY = Key(SigType.BLS, base64.b64decode("0x7Y0GGX92MeWBF9mcWuR5EYPxe2dy60r8XIQOD31BI="))
BLS_PUBKEY = "ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc07904"
BLS_MESSAGE = bytes.fromhex(
    "8a005501fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628583103ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1"
    "cd2fb5c29058def79b01b4d1556ade74ffc079040144000186a01961a8430009c4430009c40040"
)
BLS_SIGNATURE = (
    "a0e8380977d2ccc5dd4d5ebd823406ed22fde880a3bd0fa8426c16b34013c487c51107f5e2808031b680ff200aa16f770a12a82022cc0fd2"
    "a7b0302baacee87862fed11be087609d3b0daf90869558574e15b94b375a0f34bce9478e975bb02c"
)


def test_zondax_voucher_decodes_to_its_fields() -> None:
    voucher = voucher_from_cbor(VERIFY_VOUCHER)
    assert voucher.channel_addr.to_string("t") == "t01010"
    assert (voucher.time_lock_min, voucher.time_lock_max, voucher.secret_pre_image, voucher.extra) == (0, 0, b"", None)
    assert (voucher.lane, voucher.nonce, voucher.amount, voucher.min_settle_height) == (0, 1, 100000, 0)
    assert voucher.merges == ()
    assert voucher.signature is not None and voucher.signature.type == SigType.SECP256K1
    assert voucher.to_cbor() == VERIFY_VOUCHER


def test_voucher_signing_bytes_match_filecoin() -> None:
    voucher = voucher_from_cbor(VERIFY_VOUCHER)
    assert voucher.signing_bytes().hex() == "8b4300f207000040f6000144000186a00080f6"


def test_voucher_secp256k1_signer_is_recovered() -> None:
    voucher = voucher_from_cbor(VERIFY_VOUCHER)
    assert voucher.signature is not None
    public = recover_secp256k1(voucher.signature.data, voucher.signing_bytes())
    assert Key(SigType.SECP256K1, SECP_KEY.private_key).public_key == public
    verify_voucher(voucher, parse_address(SIGNER))


def test_wallet_key_is_the_voucher_signer() -> None:
    assert SECP_KEY.address.to_string("t") == SIGNER


@pytest.mark.parametrize("wire", [VERIFY_VOUCHER, SIGN_VOUCHER])
def test_signing_reproduces_zondax_signatures_bit_for_bit(wire: bytes) -> None:
    unsigned = dataclasses.replace(voucher_from_cbor(wire), signature=None)
    assert sign_voucher(unsigned, SECP_KEY).to_cbor() == wire


def test_zondax_sign_case_builds_from_its_fields() -> None:
    voucher = SignedVoucher(channel_addr=parse_address("t24acjqhdetck7irsvmn2p6jpuwnouzjxuoa22rva"), amount=10000,
                            lane=1, nonce=1)
    assert sign_voucher(voucher, SECP_KEY).to_cbor() == SIGN_VOUCHER


def test_bls_public_key_uses_little_endian_private_key() -> None:
    assert bls_public_key(BLS_KEY.private_key).hex() == BLS_PUBKEY
    assert WALLET_BLS_KEY.address.to_string("t") == (
        "t3uxb75vcy3ilwbsaavao52v7gfnfh6aics4a7nj26dwpcmj4mxxgnzholkupuplafdrbd55frpoolfnm7wlda")


def test_bls_signature_matches_zondax_and_verifies() -> None:
    signature = sign_bls(BLS_KEY.private_key, BLS_MESSAGE)
    assert signature.data.hex() == BLS_SIGNATURE
    verify(signature, BLS_KEY.address, BLS_MESSAGE)


def test_bls_signed_voucher_verifies() -> None:
    voucher = sign_voucher(SignedVoucher(channel_addr=new_id_address(1010), amount=5, nonce=2), BLS_KEY)
    verify_voucher(voucher_from_cbor(voucher.to_cbor()), BLS_KEY.address)


@pytest.mark.parametrize("key", [SECP_KEY, BLS_KEY], ids=["secp256k1", "bls"])
def test_rejects_voucher_signed_by_another_key(key: Key) -> None:
    other = Key.from_seed(key.type, b"mallory")
    voucher = sign_voucher(SignedVoucher(channel_addr=new_id_address(7), amount=10), other)
    with pytest.raises(InvalidSignature):
        verify_voucher(voucher, key.address)


@pytest.mark.parametrize("key", [SECP_KEY, BLS_KEY], ids=["secp256k1", "bls"])
@pytest.mark.parametrize(
    "change",
    [{"amount": 100001}, {"nonce": 2}, {"lane": 1}, {"min_settle_height": 1}, {"time_lock_max": 5},
     {"secret_pre_image": b"x"}, {"merges": (Merge(1, 1),)}, {"channel_addr": new_id_address(1011)}],
)
def test_rejects_modified_voucher(key: Key, change: dict[str, object]) -> None:
    signed = sign_voucher(SignedVoucher(channel_addr=new_id_address(1010), amount=100000, nonce=1), key)
    tampered = dataclasses.replace(signed, **change)  # type: ignore[arg-type]
    with pytest.raises(InvalidSignature):
        verify_voucher(tampered, key.address)


def test_rejects_bls_signature_over_other_bytes() -> None:
    signature = sign_bls(BLS_KEY.private_key, BLS_MESSAGE)
    assert not is_valid(signature, BLS_KEY.address, BLS_MESSAGE + b"\x00")
    with pytest.raises(InvalidSignature, match="not a signature by"):
        verify(signature, BLS_KEY.address, BLS_MESSAGE[:-1])


def test_rejects_signature_of_one_scheme_against_address_of_another() -> None:
    signature = SECP_KEY.sign(b"hello")
    with pytest.raises(InvalidSignature, match="cannot come from"):
        verify(signature, BLS_KEY.address, b"hello")


def test_rejects_unsigned_voucher() -> None:
    with pytest.raises(InvalidSignature, match="not signed"):
        verify_voucher(SignedVoucher(channel_addr=new_id_address(1)), SECP_KEY.address)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"\x09" + bytes(65), "unknown signature type 9"), (b"\x01" + bytes(64), "65 bytes"),
     (b"\x02" + bytes(95), "96 bytes")],
)
def test_rejects_malformed_signature_bytes(data: bytes, message: str) -> None:
    with pytest.raises(MalformedSignature, match=message):
        signature_from_bytes(data)


def test_rejects_secp256k1_signature_with_bad_recovery_id() -> None:
    signature = SECP_KEY.sign(b"hello")
    bad = Signature(SigType.SECP256K1, signature.data[:64] + b"\x07")
    with pytest.raises(MalformedSignature, match="recovery id 7"):
        verify(bad, SECP_KEY.address, b"hello")


def test_rejects_secp256k1_signature_with_zero_r_and_s() -> None:
    with pytest.raises(MalformedSignature, match="no public key can be recovered"):
        verify(Signature(SigType.SECP256K1, bytes(65)), SECP_KEY.address, b"hello")


def test_rejects_bls_signature_that_is_not_a_curve_point() -> None:
    with pytest.raises(MalformedSignature, match="not a compressed BLS12-381 G2 point"):
        verify(Signature(SigType.BLS, b"\x00" * 96), BLS_KEY.address, b"hello")


def test_rejects_private_key_of_wrong_length_or_zero() -> None:
    with pytest.raises(MalformedKey, match="32 bytes, got 31"):
        Key(SigType.SECP256K1, bytes(31)).sign(b"x")
    with pytest.raises(MalformedKey, match="zero"):
        Key(SigType.BLS, bytes(32)).sign(b"x")


def test_voucher_with_extra_merges_and_negative_epoch_round_trips() -> None:
    voucher = SignedVoucher(
        channel_addr=parse_address("t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y"), time_lock_min=-5, time_lock_max=2**40,
        secret_pre_image=b"\x11" * 32, extra=ModVerifyParams(new_id_address(99), 3, b"\x80"), lane=2**64 - 1,
        nonce=7, amount=10**30, min_settle_height=12, merges=(Merge(1, 2), Merge(3, 4)),
    )
    signed = sign_voucher(voucher, SECP_KEY)
    assert voucher_from_cbor(signed.to_cbor()) == signed
    verify_voucher(voucher_from_cbor(signed.to_cbor()), SECP_KEY.address)


@pytest.mark.parametrize("value", [0, 1, 255, 256, 100000, 10**30, -1, -(10**20)])
def test_big_int_encoding_round_trips(value: int) -> None:
    assert decode_big_int(encode_big_int(value)) == value


def test_big_int_encoding_matches_filecoin() -> None:
    assert encode_big_int(0) == b""
    assert encode_big_int(100000).hex() == "000186a0"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (VERIFY_VOUCHER[:-3], "not CBOR"),
        (VERIFY_VOUCHER + b"\x00", "not canonical"),
        (bytes.fromhex("8a4300f207000040f6000144000186a00080"), "expected an array of 11"),
        (bytes.fromhex("8b4300f207000040f6f50144000186a00080f6"), "voucher.lane: expected an unsigned 64-bit integer"),
        (bytes.fromhex("8b4300f20700004040000144000186a00080f6"), "voucher.extra: expected an array of 3"),
        (bytes.fromhex("8b4300f207000005f6000144000186a00080f6"), "voucher.secret_pre_image: expected a byte string"),
        (bytes.fromhex("8b4300f207000040f618000144000186a00080f6"), "not canonical"),
        (bytes.fromhex("8b4305f207000040f6000144000186a00080f6"), "voucher.channel_addr: unknown address protocol 5"),
        (bytes.fromhex("8b4300f207000040f6000144020186a00080f6"), "voucher.amount: big-int sign byte is 2"),
        (bytes.fromhex("8b4300f207000040f6000144000186a000818101f6"), "voucher.merges\\[0\\]: expected an array of 2"),
        (bytes.fromhex("8b4300f207000040f6000144000186a0008042090a"), "unknown signature type 9"),
    ],
)
def test_rejects_malformed_voucher_naming_the_field(data: bytes, message: str) -> None:
    with pytest.raises(MalformedVoucher, match=message):
        voucher_from_cbor(data)
