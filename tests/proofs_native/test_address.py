"""Filecoin addresses against go-address vectors (domain.md §4), including its negative cases."""

from __future__ import annotations

import pytest

from proofs_native.address import (
    Address,
    Protocol,
    address_from_bytes,
    new_actor_address,
    new_bls_address,
    new_delegated_address,
    new_id_address,
    new_secp256k1_address,
    parse_address,
)
from proofs_native.errors import InvalidAddress

SECP_PUBKEY = bytes.fromhex(
    "049402fac37e6432a416a3a0ca5426b5185ab3b24f6134efa25ce487c82d2e4e13bf452511e0d2245421f8613bc10d72fa216666a96c3bc13"
    "920d3ff233fd0bc05"
)
BLS_PUBKEY = bytes.fromhex(
    "ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd"
)
GO_ADDRESS_STRINGS = [
    "t00", "t01", "t010", "t0150", "t0499", "t01024", "t01729", "t0999999",
    "t15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq", "t12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a",
    "t1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva", "t1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa",
    "t24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i", "t25nml2cfbljvn4goqtclhifepvfnicv6g7mfmmvq",
    "t2nuqrg7vuysaue2pistjjnt3fadsdzvyuatqtfei", "t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y",
    "t3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a",
    "t3wmuu6crofhqmm3v4enos73okk2l366ck6yc4owxwbdtkmpk42ohkqxfitcpa57pjdcftql4tojda2poeruwa",
    "f432f77777777x32lpna", "f49223372036854775807fiic6zsy",
]


@pytest.mark.parametrize(
    ("actor_id", "expected"),
    [(0, "t00"), (1, "t01"), (10, "t010"), (150, "t0150"), (499, "t0499"), (1024, "t01024"), (1729, "t01729"),
     (999999, "t0999999"), (2**63 - 1, "t09223372036854775807")],
)
def test_id_address_strings_match_go_address(actor_id: int, expected: str) -> None:
    address = new_id_address(actor_id)
    assert address.to_string("t") == expected
    assert parse_address(expected) == address and address.id == actor_id


def test_secp256k1_address_is_blake2b_160_of_public_key() -> None:
    address = new_secp256k1_address(SECP_PUBKEY)
    assert address.payload.hex() == "ea0f0ea039b291a0f08fd179e0556a8c3277c0d3"
    assert str(address) == "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"
    assert address.to_string("t") == "t15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"


def test_actor_address_matches_go_address() -> None:
    address = new_actor_address(bytes.fromhex("76128190cdf068d1418044acc03e0b6781970d60"))
    assert address.payload.hex() == "e54dea4f9bc5b47d261819826d5e1fbf8bc5503b"
    assert str(address) == "f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i"


def test_bls_address_carries_public_key() -> None:
    assert str(new_bls_address(BLS_PUBKEY)) == (
        "f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a")


def test_delegated_addresses_match_go_address() -> None:
    assert str(new_delegated_address(32, b"\xff" * 5)) == "f432f77777777x32lpna"
    assert str(new_delegated_address(2**63 - 1, b"")) == "f49223372036854775807fiic6zsy"


@pytest.mark.parametrize("text", GO_ADDRESS_STRINGS)
def test_address_strings_round_trip_through_string_and_bytes(text: str) -> None:
    address = parse_address(text)
    assert address.to_string(text[0]) == text
    assert address_from_bytes(address.to_bytes()) == address


def test_mainnet_and_testnet_strings_name_the_same_address() -> None:
    assert parse_address("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq") == parse_address(
        "t15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", "unknown network 'Q'"),
        ("t5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", "unknown address protocol '5'"),
        ("t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y", "invalid checksum"),
        ("t0banananananannnnnnnnnnnnnnnnnnnnnnn", "decimal actor id"),
        ("t0banananananannnnnnn", "decimal actor id"),
        ("t2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y", r"'1' at position 18 \(base32 character 16\)"),
        ("t2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y", r"'T' at position 16 \(base32 character 14\)"),
        ("t2", "length 2"),
        ("t1234", "do not make whole bytes"),
        ("t09223372036854775808", "2\\^63 or more"),
        ("t1" + "a" * 39, "invalid checksum"),
        ("t4f", "f4<namespace>f<base32>"),
    ],
)
def test_rejects_malformed_address_string_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(InvalidAddress, match=message) as caught:
        parse_address(text)
    assert text in str(caught.value)  # the message says which address


def test_rejects_address_with_bad_checksum() -> None:
    with pytest.raises(InvalidAddress, match="invalid checksum"):
        parse_address("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdra")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x05\x01", "unknown address protocol 5"),
        (b"\x00", "invalid ID payload"),
        (b"\x00\x80", "invalid ID payload"),
        (b"\x01" + bytes(19), "20 bytes, got 19"),
        (b"\x02" + bytes(21), "20 bytes, got 21"),
        (b"\x03" + bytes(47), "48 bytes, got 47"),
        (b"\x03" + bytes(49), "48 bytes, got 49"),
        (b"\x04\x20" + bytes(55), "subaddress at most 54 bytes"),
    ],
)
def test_rejects_malformed_address_bytes(data: bytes, message: str) -> None:
    with pytest.raises(InvalidAddress, match=message):
        address_from_bytes(data)


def test_rejects_id_of_2_to_the_63() -> None:
    with pytest.raises(InvalidAddress, match="outside"):
        new_id_address(2**63)


def test_protocols_have_filecoin_numbers() -> None:
    assert [int(p) for p in Protocol] == [0, 1, 2, 3, 4]
    assert Address(Protocol.ID, b"\x00").to_string("t") == "t00"
