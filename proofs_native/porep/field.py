"""The BLS12-381 scalar field Fr, as Filecoin stores it.

Poseidon, the replica encoding and every Poseidon commitment (comm_c, comm_r_last, comm_r) work in
Fr. An element travels as its canonical 32-byte little-endian representation (not Montgomery form):
that is what rust-fil-proofs writes to disk, puts in `comm_*` bytes and in sealed CIDs.
"""

from __future__ import annotations

from proofs_native.porep.errors import BadLength, NotAFieldElement

#: The BLS12-381 scalar field modulus p (255 bits).
MODULUS = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001

#: Bytes in one encoded field element (one sector node).
FR_BYTES = 32


def fr_from_bytes(raw: bytes) -> int:
    """An Fr element is 32 little-endian bytes whose integer is below p; anything else is rejected."""
    if len(raw) != FR_BYTES:
        raise BadLength(f"a field element is {FR_BYTES} bytes, got {len(raw)}")
    value = int.from_bytes(raw, "little")
    if value >= MODULUS:
        raise NotAFieldElement(f"0x{raw.hex()} (little-endian) is not below the BLS12-381 scalar modulus")
    return value


def fr_to_bytes(value: int) -> bytes:
    """An Fr element is written as its canonical 32-byte little-endian representation."""
    if not 0 <= value < MODULUS:
        raise NotAFieldElement(f"{value} is not a reduced BLS12-381 scalar")
    return value.to_bytes(FR_BYTES, "little")


def fr_add(a: int, b: int) -> int:
    """Field addition: (a + b) mod p."""
    return (a + b) % MODULUS


def fr_sub(a: int, b: int) -> int:
    """Field subtraction: (a − b) mod p."""
    return (a - b) % MODULUS


def fr_inverse(a: int) -> int:
    """The multiplicative inverse a^(p−2) mod p of a non-zero element."""
    if a % MODULUS == 0:
        raise NotAFieldElement("zero has no inverse in Fr")
    return pow(a, MODULUS - 2, MODULUS)
