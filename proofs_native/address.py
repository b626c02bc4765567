"""Filecoin addresses: who a message, deal or voucher names (go-address, FIP-0048 for protocol 4).

Binary form `protocol byte ‖ payload`:
  0 ID         payload = uvarint(actor id), id < 2^63
  1 secp256k1  payload = blake2b-160(65-byte uncompressed public key)
  2 actor      payload = blake2b-160(data the actor address was derived from)
  3 BLS        payload = 48-byte compressed G1 public key
  4 delegated  payload = uvarint(namespace) ‖ subaddress (at most 54 bytes)
String form: network `f` (mainnet) or `t` (testnet), the protocol digit, then the decimal id
(protocol 0), base32(payload ‖ checksum) (1, 2, 3), or decimal(namespace) `f`
base32(subaddress ‖ checksum) (4). The checksum is the 4-byte blake2b of the binary form;
base32 is RFC 4648 lower-case without padding.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from enum import IntEnum

from multiformats import varint

from proofs_native.errors import InvalidAddress

MAINNET = "f"
TESTNET = "t"
NETWORKS = (MAINNET, TESTNET)
PAYLOAD_HASH_LENGTH = 20
BLS_PUBLIC_KEY_LENGTH = 48
CHECKSUM_LENGTH = 4
MAX_SUBADDRESS_LENGTH = 54
MAX_ID = (1 << 63) - 1
#: 2 (network, protocol) + 19 (decimal of 2^63−1) + 1 (`f`) + 93 (base32 of 54 + 4 bytes).
MAX_STRING_LENGTH = 2 + 19 + 1 + 93

_BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class Protocol(IntEnum):
    """The address protocol: the first byte of the binary form and the digit after the network."""

    ID = 0
    SECP256K1 = 1
    ACTOR = 2
    BLS = 3
    DELEGATED = 4


def blake2b_160(data: bytes) -> bytes:
    """The 20-byte unkeyed blake2b digest that names secp256k1 keys and actors."""
    return hashlib.blake2b(data, digest_size=PAYLOAD_HASH_LENGTH).digest()


def checksum(binary_address: bytes) -> bytes:
    """The 4-byte unkeyed blake2b of `protocol byte ‖ payload` that ends an address string."""
    return hashlib.blake2b(binary_address, digest_size=CHECKSUM_LENGTH).digest()


def _base32(data: bytes) -> str:
    """RFC 4648 base32, lower case, without padding."""
    return base64.b32encode(data).decode("ascii").lower().rstrip("=")


def _unbase32(text: str, *, start: int, where: str) -> bytes:
    """Decode unpadded lower-case base32; `start` is where `text` begins in the address string."""
    for offset, char in enumerate(text):
        if char not in _BASE32_ALPHABET:
            raise InvalidAddress(
                f"{char!r} at position {start + offset} (base32 character {offset}) is not in the base32 "
                "alphabet a-z2-7",
                where=where,
            )
    try:
        data = base64.b32decode(text.upper() + "=" * (-len(text) % 8))
    except binascii.Error:
        raise InvalidAddress(f"{len(text)} base32 characters do not make whole bytes", where=where) from None
    if _base32(data) != text:
        raise InvalidAddress("base32 text has non-zero trailing bits (not canonical)", where=where)
    return data


@dataclass(frozen=True, slots=True)
class Address:
    """A Filecoin address: protocol and payload (the network letter is only part of the string)."""

    protocol: Protocol
    """Which kind of address this is (ID, secp256k1, actor, BLS, delegated)."""
    payload: bytes
    """The protocol's payload, as in the binary form after the protocol byte."""

    def to_bytes(self) -> bytes:
        """The binary form: protocol byte ‖ payload."""
        return bytes([self.protocol]) + self.payload

    @property
    def checksum(self) -> bytes:
        """The 4-byte checksum of the binary form."""
        return checksum(self.to_bytes())

    @property
    def id(self) -> int:
        """The actor id of an ID address."""
        if self.protocol != Protocol.ID:
            raise InvalidAddress(f"a {self.protocol.name} address has no actor id", where=str(self))
        value: int = varint.decode(self.payload)
        return value

    def to_string(self, network: str = MAINNET) -> str:
        """The string form on `network` (`f` mainnet, `t` testnet)."""
        if network not in NETWORKS:
            raise InvalidAddress(f"unknown network {network!r}; use 'f' or 't'", where="address")
        head = f"{network}{int(self.protocol)}"
        if self.protocol == Protocol.ID:
            return head + str(self.id)
        if self.protocol == Protocol.DELEGATED:
            namespace, used, _ = varint.decode_raw(self.payload)
            return f"{head}{namespace}f{_base32(self.payload[used:] + self.checksum)}"
        return head + _base32(self.payload + self.checksum)

    def __str__(self) -> str:
        return self.to_string(MAINNET)


def new_id_address(actor_id: int) -> Address:
    """The ID address of actor `actor_id` (0 ≤ id < 2^63)."""
    if not 0 <= actor_id <= MAX_ID:
        raise InvalidAddress(f"actor id {actor_id} is outside 0 … 2^63−1", where="ID address")
    return Address(Protocol.ID, varint.encode(actor_id))


def new_secp256k1_address(public_key: bytes) -> Address:
    """The address of a secp256k1 key: blake2b-160 of its 65-byte uncompressed form."""
    if len(public_key) != 65 or public_key[0] != 4:
        raise InvalidAddress(
            f"a secp256k1 address hashes a 65-byte uncompressed key (0x04 ‖ x ‖ y), got {len(public_key)} bytes",
            where="secp256k1 address",
        )
    return Address(Protocol.SECP256K1, blake2b_160(public_key))


def new_actor_address(data: bytes) -> Address:
    """An actor address: blake2b-160 of the data it is derived from."""
    return Address(Protocol.ACTOR, blake2b_160(data))


def new_bls_address(public_key: bytes) -> Address:
    """The address of a BLS key: the 48-byte compressed G1 public key itself."""
    if len(public_key) != BLS_PUBLIC_KEY_LENGTH:
        raise InvalidAddress(f"a BLS public key is 48 bytes, got {len(public_key)}", where="BLS address")
    return Address(Protocol.BLS, bytes(public_key))


def new_delegated_address(namespace: int, subaddress: bytes) -> Address:
    """A delegated address: an actor namespace (an ID) and a subaddress of at most 54 bytes."""
    if not 0 <= namespace <= MAX_ID:
        raise InvalidAddress(f"namespace {namespace} is outside 0 … 2^63−1", where="delegated address")
    if len(subaddress) > MAX_SUBADDRESS_LENGTH:
        raise InvalidAddress(
            f"subaddress is {len(subaddress)} bytes, at most {MAX_SUBADDRESS_LENGTH} allowed", where="delegated address"
        )
    return Address(Protocol.DELEGATED, varint.encode(namespace) + bytes(subaddress))


def _protocol(value: int | str, where: str) -> Protocol:
    """The protocol named by a byte or a digit."""
    try:
        return Protocol(int(value))
    except ValueError:
        raise InvalidAddress(f"unknown address protocol {value!r} (known: 0 ID, 1 secp256k1, 2 actor, "
                             "3 BLS, 4 delegated)", where=where) from None


def _check_payload(protocol: Protocol, payload: bytes, where: str) -> bytes:
    """Reject a payload of the wrong shape for its protocol."""
    try:
        if protocol == Protocol.ID:
            if varint.decode(payload) > MAX_ID:
                raise ValueError("id is 2^63 or more")
        elif protocol in (Protocol.SECP256K1, Protocol.ACTOR):
            if len(payload) != PAYLOAD_HASH_LENGTH:
                raise ValueError(f"payload must be {PAYLOAD_HASH_LENGTH} bytes, got {len(payload)}")
        elif protocol == Protocol.BLS:
            if len(payload) != BLS_PUBLIC_KEY_LENGTH:
                raise ValueError(f"payload must be {BLS_PUBLIC_KEY_LENGTH} bytes, got {len(payload)}")
        else:
            namespace, used, _ = varint.decode_raw(payload)
            if namespace > MAX_ID or len(payload) - used > MAX_SUBADDRESS_LENGTH:
                raise ValueError(f"namespace must be < 2^63 and subaddress at most {MAX_SUBADDRESS_LENGTH} bytes")
    except ValueError as err:
        raise InvalidAddress(f"invalid {protocol.name} payload: {err}", where=where) from None
    return payload


def address_from_bytes(data: bytes, *, where: str = "address bytes") -> Address:
    """Parse the binary form, rejecting unknown protocols and malformed payloads."""
    if not data:
        raise InvalidAddress("empty: an address has at least a protocol byte", where=where)
    protocol = _protocol(data[0], where)
    return Address(protocol, _check_payload(protocol, bytes(data[1:]), where))


def parse_address(text: str, *, where: str | None = None) -> Address:
    """Parse an address string (`f…` or `t…`), checking network, protocol, alphabet and checksum."""
    where = where or f"address {text!r}"
    if len(text) < 3 or len(text) > MAX_STRING_LENGTH:
        raise InvalidAddress(f"length {len(text)} is outside 3 … {MAX_STRING_LENGTH} characters", where=where)
    if text[0] not in NETWORKS:
        raise InvalidAddress(f"unknown network {text[0]!r}; addresses start with 'f' or 't'", where=where)
    protocol = _protocol(text[1], where)
    raw = text[2:]
    if protocol == Protocol.ID:
        if not _DECIMAL.fullmatch(raw) or len(raw) > 19:
            raise InvalidAddress("an ID address is a decimal actor id without leading zeros", where=where)
        if int(raw) > MAX_ID:
            raise InvalidAddress(f"actor id {raw} is 2^63 or more", where=where)
        return new_id_address(int(raw))
    prefix, start = b"", 2
    if protocol == Protocol.DELEGATED:
        namespace_text, sep, raw = raw.partition("f")
        if not sep or not _DECIMAL.fullmatch(namespace_text) or int(namespace_text) > MAX_ID:
            raise InvalidAddress("a delegated address is f4<namespace>f<base32>, namespace < 2^63", where=where)
        prefix, start = varint.encode(int(namespace_text)), 3 + len(namespace_text)
    decoded = _unbase32(raw, start=start, where=where)
    if len(decoded) < CHECKSUM_LENGTH:
        raise InvalidAddress("too short to hold the 4-byte checksum", where=where)
    payload, given = prefix + decoded[:-CHECKSUM_LENGTH], decoded[-CHECKSUM_LENGTH:]
    _check_payload(protocol, payload, where)
    expected = checksum(bytes([protocol]) + payload)
    if given != expected:
        raise InvalidAddress(f"invalid checksum {given.hex()} (expected {expected.hex()})", where=where)
    return Address(protocol, payload)
