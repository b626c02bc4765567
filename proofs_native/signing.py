"""Filecoin signatures: secp256k1 (recoverable ECDSA over blake2b-256) and BLS (min-pk, G2 signatures).

A signature travels as `type byte ‖ data`: type 1 is secp256k1 with 65 bytes `r ‖ s ‖ v`
(v the recovery id), type 2 is BLS with a 96-byte compressed G2 point, type 3 (delegated,
Ethereum-style) is recognised but not verified here.

- secp256k1 signs `blake2b-256(message)` deterministically (RFC 6979). A signature is checked
  by recovering the public key and comparing blake2b-160 of its uncompressed form with the
  payload of the signer's `f1` address. Native code: `coincurve` (libsecp256k1).
- BLS follows the basic scheme with ciphersuite `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_`:
  public key = sk·G1 (48 bytes compressed, the `f3` payload), signature = sk·H(message) in G2,
  checked with the pairing equation e(pk, H(m)) = e(G1, sig). Filecoin serializes private
  keys as little-endian scalars. Native code: `py-arkworks-bls12381` (Rust arkworks).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

import coincurve
from py_arkworks_bls12381 import GT, G1Point, G2Point, Scalar

from proofs_native.address import Address, Protocol, new_bls_address, new_secp256k1_address
from proofs_native.errors import InvalidSignature, MalformedKey, MalformedSignature

BLS_DST = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_"
SECP256K1_SIGNATURE_LENGTH = 65
BLS_SIGNATURE_LENGTH = 96
PRIVATE_KEY_LENGTH = 32
#: Order of the BLS12-381 scalar field (and of G1, G2).
BLS_ORDER = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
#: Order of the secp256k1 group.
SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


class SigType(IntEnum):
    """The first byte of a serialized signature."""

    SECP256K1 = 1
    BLS = 2
    DELEGATED = 3


_SIGNATURE_LENGTHS = {SigType.SECP256K1: SECP256K1_SIGNATURE_LENGTH, SigType.BLS: BLS_SIGNATURE_LENGTH}


def blake2b_256(data: bytes) -> bytes:
    """The 32-byte unkeyed blake2b digest that secp256k1 signatures sign."""
    return hashlib.blake2b(data, digest_size=32).digest()


@dataclass(frozen=True, slots=True)
class Signature:
    """A typed signature as Filecoin serializes it."""

    type: SigType
    """Which scheme made it (1 secp256k1, 2 BLS, 3 delegated)."""
    data: bytes
    """The signature bytes: 65 for secp256k1 (r ‖ s ‖ v), 96 for BLS (compressed G2)."""

    def to_bytes(self) -> bytes:
        """`type byte ‖ data`."""
        return bytes([self.type]) + self.data


def signature_from_bytes(data: bytes, *, where: str = "signature") -> Signature:
    """Parse `type byte ‖ data`, rejecting unknown types and wrong lengths."""
    if not data:
        raise MalformedSignature("empty: a signature starts with its type byte", where=where)
    try:
        sig_type = SigType(data[0])
    except ValueError:
        raise MalformedSignature(
            f"unknown signature type {data[0]} (known: 1 secp256k1, 2 BLS, 3 delegated)", where=where
        ) from None
    expected = _SIGNATURE_LENGTHS.get(sig_type)
    if expected is not None and len(data) - 1 != expected:
        raise MalformedSignature(
            f"a {sig_type.name} signature has {expected} bytes after the type byte, got {len(data) - 1}", where=where
        )
    return Signature(sig_type, bytes(data[1:]))


# ---- keys ---------------------------------------------------------------------------------------


def _check_private_key(private_key: bytes, order: int, *, little_endian: bool, scheme: str) -> int:
    """The private key as an integer, if it is 32 bytes and in 1 … order−1."""
    if len(private_key) != PRIVATE_KEY_LENGTH:
        raise MalformedKey(f"a {scheme} private key is 32 bytes, got {len(private_key)}", where=f"{scheme} key")
    value = int.from_bytes(private_key, "little" if little_endian else "big")
    if not 0 < value < order:
        raise MalformedKey(f"{scheme} private key is zero or not below the group order", where=f"{scheme} key")
    return value


def secp256k1_public_key(private_key: bytes) -> bytes:
    """The 65-byte uncompressed public key (0x04 ‖ x ‖ y) of a big-endian secp256k1 private key."""
    _check_private_key(private_key, SECP256K1_ORDER, little_endian=False, scheme="secp256k1")
    return coincurve.PrivateKey(private_key).public_key.format(compressed=False)


def bls_public_key(private_key: bytes) -> bytes:
    """The 48-byte compressed G1 public key of a little-endian BLS private key (Filecoin's byte order)."""
    scalar = _check_private_key(private_key, BLS_ORDER, little_endian=True, scheme="BLS")
    return (G1Point() * Scalar(scalar)).to_compressed_bytes()


@dataclass(frozen=True, slots=True)
class Key:
    """A private key of one scheme, with the address it signs for."""

    type: SigType
    """secp256k1 or BLS."""
    private_key: bytes
    """32 bytes: big-endian for secp256k1, little-endian for BLS (as Filecoin wallets store them)."""

    @property
    def public_key(self) -> bytes:
        """65-byte uncompressed secp256k1 key or 48-byte compressed BLS G1 key."""
        if self.type == SigType.SECP256K1:
            return secp256k1_public_key(self.private_key)
        if self.type == SigType.BLS:
            return bls_public_key(self.private_key)
        raise MalformedKey(f"cannot use {self.type.name} keys here", where="key")

    @property
    def address(self) -> Address:
        """The `f1` (secp256k1) or `f3` (BLS) address of this key."""
        if self.type == SigType.SECP256K1:
            return new_secp256k1_address(self.public_key)
        return new_bls_address(self.public_key)

    def sign(self, message: bytes) -> Signature:
        """Sign `message` with this key (see `sign`)."""
        return sign(self, message)

    @staticmethod
    def from_seed(sig_type: SigType, seed: bytes) -> Key:
        """A deterministic key for tests and models: blake2b-256(seed) reduced into the valid range.

        This is not how Filecoin wallets derive keys; it only makes runs reproducible.
        """
        order = SECP256K1_ORDER if sig_type == SigType.SECP256K1 else BLS_ORDER
        value = int.from_bytes(blake2b_256(b"filspec key " + seed), "big") % (order - 1) + 1
        if sig_type == SigType.SECP256K1:
            return Key(sig_type, value.to_bytes(PRIVATE_KEY_LENGTH, "big"))
        return Key(sig_type, value.to_bytes(PRIVATE_KEY_LENGTH, "little"))


# ---- signing and verifying ---------------------------------------------------------------------


def sign_secp256k1(private_key: bytes, message: bytes) -> Signature:
    """Recoverable ECDSA over blake2b-256(message): 65 bytes r ‖ s ‖ v (RFC 6979 nonce)."""
    _check_private_key(private_key, SECP256K1_ORDER, little_endian=False, scheme="secp256k1")
    data = coincurve.PrivateKey(private_key).sign_recoverable(message, hasher=blake2b_256)
    return Signature(SigType.SECP256K1, data)


def sign_bls(private_key: bytes, message: bytes) -> Signature:
    """BLS signature sk·H(message) in G2 (basic scheme, Filecoin's DST), 96 bytes compressed."""
    scalar = _check_private_key(private_key, BLS_ORDER, little_endian=True, scheme="BLS")
    point = G2Point.hash_to_curve(message, BLS_DST) * Scalar(scalar)
    return Signature(SigType.BLS, point.to_compressed_bytes())


def sign(key: Key, message: bytes) -> Signature:
    """Sign `message` with a secp256k1 or BLS key."""
    if key.type == SigType.SECP256K1:
        return sign_secp256k1(key.private_key, message)
    if key.type == SigType.BLS:
        return sign_bls(key.private_key, message)
    raise MalformedKey(f"cannot sign with {key.type.name} keys", where="key")


def recover_secp256k1(signature: bytes, message: bytes) -> bytes:
    """The 65-byte uncompressed public key that made a secp256k1 signature over `message`."""
    if len(signature) != SECP256K1_SIGNATURE_LENGTH:
        raise MalformedSignature(f"a secp256k1 signature is 65 bytes, got {len(signature)}", where="signature")
    if signature[64] > 3:
        raise MalformedSignature(f"recovery id {signature[64]} is not 0 … 3", where="signature byte 64")
    try:
        public = coincurve.PublicKey.from_signature_and_message(signature, message, hasher=blake2b_256)
    except ValueError as err:
        raise MalformedSignature(f"no public key can be recovered ({err})", where="signature") from None
    return public.format(compressed=False)


def _verify_secp256k1(data: bytes, signer: Address, message: bytes) -> None:
    """Recover the key and compare its blake2b-160 with the signer's payload."""
    recovered = new_secp256k1_address(recover_secp256k1(data, message))
    if recovered.payload != signer.payload:
        raise InvalidSignature(f"signed by {recovered}, not by {signer}", where="secp256k1 signature")


def _g1(data: bytes, where: str) -> G1Point:
    """A compressed G1 point in the prime-order subgroup, not the identity."""
    try:
        point = G1Point.from_compressed_bytes(data)
    except ValueError as err:
        raise MalformedKey(f"not a compressed BLS12-381 G1 point ({err})", where=where) from None
    if point == G1Point.identity() or not point.is_in_subgroup():
        raise MalformedKey("the public key is the identity or outside the prime-order subgroup", where=where)
    return point


def _g2(data: bytes, where: str) -> G2Point:
    """A compressed G2 point in the prime-order subgroup."""
    try:
        point = G2Point.from_compressed_bytes(data)
    except ValueError as err:
        raise MalformedSignature(f"not a compressed BLS12-381 G2 point ({err})", where=where) from None
    if not point.is_in_subgroup():
        raise MalformedSignature("the signature is outside the prime-order subgroup of G2", where=where)
    return point


def _verify_bls(data: bytes, signer: Address, message: bytes) -> None:
    """Check e(pk, H(m)) = e(G1, sig) with pk the signer's payload."""
    public = _g1(signer.payload, f"BLS public key of {signer}")
    point = _g2(data, "BLS signature")
    if not GT.pairing_check([public, -G1Point()], [G2Point.hash_to_curve(message, BLS_DST), point]):
        raise InvalidSignature(f"not a signature by {signer} over these bytes", where="BLS signature")


_VERIFIERS: dict[SigType, tuple[Protocol, Callable[[bytes, Address, bytes], None]]] = {
    SigType.SECP256K1: (Protocol.SECP256K1, _verify_secp256k1),
    SigType.BLS: (Protocol.BLS, _verify_bls),
}


def verify(signature: Signature, signer: Address, message: bytes) -> None:
    """Raise InvalidSignature unless `signature` over `message` was made by the key behind `signer`."""
    if signature.type not in _VERIFIERS:
        raise MalformedSignature(f"{signature.type.name} signatures are not supported here", where="signature")
    protocol, check = _VERIFIERS[signature.type]
    if signer.protocol != protocol:
        raise InvalidSignature(
            f"a {signature.type.name} signature cannot come from {signer} (a {signer.protocol.name} address)",
            where="signature",
        )
    expected = _SIGNATURE_LENGTHS[signature.type]
    if len(signature.data) != expected:
        raise MalformedSignature(
            f"a {signature.type.name} signature is {expected} bytes, got {len(signature.data)}", where="signature"
        )
    check(signature.data, signer, message)


def is_valid(signature: Signature, signer: Address, message: bytes) -> bool:
    """True when `verify` accepts; malformed signatures and keys are simply not valid."""
    try:
        verify(signature, signer, message)
    except (InvalidSignature, MalformedSignature, MalformedKey):
        return False
    return True
