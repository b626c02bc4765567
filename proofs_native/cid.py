"""Commitment CIDs: how Filecoin names CommP, CommD and CommR (go-fil-commcid, FRC-0069).

- Piece CID v1 (CommP, CommD): CIDv1, codec `fil-commitment-unsealed` 0xf101, multihash
  `sha2-256-trunc254-padded` 0x1012 over the 32-byte commitment; prints as `baga6ea4seaq…`.
- Sealed CID (CommR): codec `fil-commitment-sealed` 0xf102, multihash
  `poseidon-bls12_381-a2-fc1` 0xb401; prints as `bagboea4b5abc…`.
- Piece CID v2 (FRC-0069, draft): codec `raw` 0x55, multihash `fr32-sha256-trunc254-padbintree`
  0x1011 whose digest is `uvarint(padding) ‖ u8 height ‖ root`, so the CID also tells the
  payload size; prints as `bafkzcib…`.

Encoding (varints, multihash framing, multibase) is done by the `multiformats` library. It
knows the Filecoin codes but has no hash implementation for 0xb401 and does not list 0x1011,
so this module registers both, as "wrap only" (they never hash: we only frame digests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from multiformats import CID, multicodec, multihash, varint

from proofs_native import fr32
from proofs_native.errors import InvalidCID, InvalidPieceSize

UNSEALED_CODEC = "fil-commitment-unsealed"  # 0xf101
SEALED_CODEC = "fil-commitment-sealed"  # 0xf102
RAW_CODEC = "raw"  # 0x55
UNSEALED_HASH = "sha2-256-trunc254-padded"  # 0x1012
SEALED_HASH = "poseidon-bls12_381-a2-fc1"  # 0xb401
PIECE_V2_HASH = "fr32-sha256-trunc254-padbintree"  # 0x1011
PIECE_V2_HASH_CODE = 0x1011
COMMITMENT_SIZE = 32

CommitmentKind = Literal["unsealed", "sealed", "piece-v2"]


def _cannot_hash(data: object, size: int | None = None) -> bytes:
    """Placeholder hash function for multihash codes this package only frames, never computes."""
    raise NotImplementedError("proofs_native only wraps and unwraps this multihash")


def _register_missing_codes() -> None:
    """Teach `multiformats` the FRC-0069 multihash code and a framing-only Poseidon entry."""
    if not multicodec.exists(code=PIECE_V2_HASH_CODE):
        multicodec.register(multicodec.Multicodec(PIECE_V2_HASH, "multihash", PIECE_V2_HASH_CODE, "draft"))
    for name, size in ((PIECE_V2_HASH, None), (SEALED_HASH, COMMITMENT_SIZE)):
        if not multihash.raw.exists(name):
            multihash.raw.register(name, _cannot_hash, size)


_register_missing_codes()

#: Strong references to the three multihash objects: multiformats caches them in a
#: WeakValueDictionary and its lookup can raise KeyError when an entry dies between its
#: membership test and its read (seen under garbage collection); held here, they never die.
_MULTIHASHES = (multihash.get(UNSEALED_HASH), multihash.get(SEALED_HASH), multihash.get(PIECE_V2_HASH))


def _check_commitment(commitment: bytes, where: str) -> bytes:
    """A commitment is exactly 32 bytes."""
    if len(commitment) != COMMITMENT_SIZE:
        raise InvalidCID(f"a commitment is 32 bytes, got {len(commitment)}", where=where)
    return bytes(commitment)


def _encode(codec: str, hashfun: str, digest: bytes) -> str:
    """CIDv1 in base32 (multibase prefix `b`)."""
    return str(CID("base32", 1, codec, (hashfun, digest)))


def piece_cid_v1(commitment: bytes) -> str:
    """The piece CID v1 of a CommP or CommD (`baga6ea4seaq…`)."""
    return _encode(UNSEALED_CODEC, UNSEALED_HASH, _check_commitment(commitment, "piece CID v1"))


def sealed_cid(comm_r: bytes) -> str:
    """The sealed-sector CID of a CommR (`bagboea4b5abc…`)."""
    return _encode(SEALED_CODEC, SEALED_HASH, _check_commitment(comm_r, "sealed CID"))


def fr32_height(padded_size: int) -> int:
    """FRC-0069 tree height of an Fr32 size: log2 of its 32-byte leaves, rounded up to ≥ 128 B."""
    rounded = 1 << (max(fr32.QUAD_PADDED, padded_size) - 1).bit_length()
    return rounded.bit_length() - 6


def v2_height_and_padding(payload_size: int) -> tuple[int, int]:
    """FRC-0069 (height, padding) of a payload: the smallest tree that holds it, and its unused bytes."""
    if payload_size < 0:
        raise InvalidPieceSize(f"payload size {payload_size} is negative", where="piece CID v2")
    quads = max(1, -(-payload_size // fr32.QUAD_UNPADDED))
    height = (quads - 1).bit_length() + 2
    return height, (1 << (height - 2)) * fr32.QUAD_UNPADDED - payload_size


def piece_cid_v2(commitment: bytes, payload_size: int) -> str:
    """The FRC-0069 piece CID v2 (`bafkzcib…`) of a CommP and the payload size it was computed from."""
    height, padding = v2_height_and_padding(payload_size)
    if height > 255:
        raise InvalidPieceSize(f"payload of {payload_size} bytes needs a tree taller than 255", where="piece CID v2")
    digest = varint.encode(padding) + bytes([height]) + _check_commitment(commitment, "piece CID v2")
    return _encode(RAW_CODEC, PIECE_V2_HASH, digest)


@dataclass(frozen=True, slots=True)
class CommitmentCID:
    """A parsed commitment CID."""

    kind: CommitmentKind
    """`unsealed` (piece CID v1 / CommD), `sealed` (CommR) or `piece-v2` (FRC-0069)."""
    commitment: bytes
    """The 32-byte commitment."""
    payload_size: int | None = None
    """Payload bytes (piece CID v2 only)."""
    padded_size: int | None = None
    """Padded piece size in bytes, 32·2^height (piece CID v2 only)."""

    @property
    def v1(self) -> str:
        """The piece CID v1 naming the same commitment (unsealed and v2 only)."""
        if self.kind == "sealed":
            raise InvalidCID("a sealed CID has no piece CID v1", where="piece CID v1")
        return piece_cid_v1(self.commitment)


def _decode(text: str | bytes, where: str) -> CID:
    """Any CID from its string or binary form, or InvalidCID naming the problem."""
    if isinstance(text, str) and not text.strip():
        raise InvalidCID("empty string is not a CID", where=where)
    try:
        return CID.decode(text.strip() if isinstance(text, str) else bytes(text))
    except (KeyError, ValueError, TypeError, IndexError) as err:  # multiformats raises all four
        shown = text if isinstance(text, str) else bytes(text).hex()
        raise InvalidCID(f"{shown!r} is not a CID ({err})", where=where) from None


def _v2_fields(digest: bytes, where: str) -> tuple[int, int, bytes]:
    """Split an FRC-0069 digest into (padding, height, root), rejecting malformed ones."""
    try:
        padding, used, _ = varint.decode_raw(digest)
    except (ValueError, KeyError) as err:
        raise InvalidCID(f"piece CID v2 digest has a bad padding varint ({err})", where=where) from None
    rest = digest[used:]
    if len(rest) != 1 + COMMITMENT_SIZE:
        raise InvalidCID(
            f"piece CID v2 digest must end with 1 height byte and a 32-byte root, has {len(rest)} bytes",
            where=where,
        )
    height = rest[0]
    if height < 2:
        raise InvalidCID(f"piece CID v2 height {height} is below 2 (128 B)", where=where)
    if padding > (1 << (height - 2)) * fr32.QUAD_UNPADDED:
        raise InvalidCID(f"piece CID v2 padding {padding} exceeds the capacity of height {height}", where=where)
    return padding, height, bytes(rest[1:])


def parse_commitment_cid(text: str | bytes, *, where: str = "CID") -> CommitmentCID:
    """Parse a piece CID v1, sealed CID or piece CID v2, with errors naming what is wrong."""
    cid = _decode(text, where)
    codec, hashfun = cid.codec.name, cid.hashfun.name
    if cid.version != 1:
        raise InvalidCID(f"commitment CIDs are CIDv1, this is CIDv{cid.version}", where=where)
    if (codec, hashfun) == (UNSEALED_CODEC, UNSEALED_HASH):
        return CommitmentCID("unsealed", _check_commitment(bytes(cid.raw_digest), where))
    if (codec, hashfun) == (SEALED_CODEC, SEALED_HASH):
        return CommitmentCID("sealed", _check_commitment(bytes(cid.raw_digest), where))
    if (codec, hashfun) == (RAW_CODEC, PIECE_V2_HASH):
        padding, height, root = _v2_fields(bytes(cid.raw_digest), where)
        capacity = (1 << (height - 2)) * fr32.QUAD_UNPADDED
        return CommitmentCID("piece-v2", root, capacity - padding, 32 << height)
    raise InvalidCID(
        f"not a Filecoin commitment CID: codec {codec}, multihash {hashfun} (expected "
        f"{UNSEALED_CODEC}+{UNSEALED_HASH}, {SEALED_CODEC}+{SEALED_HASH} or {RAW_CODEC}+{PIECE_V2_HASH})",
        where=where,
    )


def _expect(parsed: CommitmentCID, kind: CommitmentKind, where: str) -> CommitmentCID:
    """Reject a commitment CID of another kind than asked for."""
    if parsed.kind != kind:
        raise InvalidCID(f"expected a {kind} commitment CID, got a {parsed.kind} one", where=where)
    return parsed


def parse_piece_cid_v1(text: str | bytes, *, where: str = "piece CID") -> bytes:
    """The 32-byte CommP/CommD named by a piece CID v1."""
    return _expect(parse_commitment_cid(text, where=where), "unsealed", where).commitment


def parse_sealed_cid(text: str | bytes, *, where: str = "sealed CID") -> bytes:
    """The 32-byte CommR named by a sealed CID."""
    return _expect(parse_commitment_cid(text, where=where), "sealed", where).commitment


def parse_piece_cid_v2(text: str | bytes, *, where: str = "piece CID v2") -> CommitmentCID:
    """The commitment, payload size and padded size named by an FRC-0069 piece CID v2."""
    return _expect(parse_commitment_cid(text, where=where), "piece-v2", where)


def piece_cid_v2_from_v1(v1: str, payload_size: int) -> str:
    """The piece CID v2 for a piece CID v1 and the payload size behind it."""
    return piece_cid_v2(parse_piece_cid_v1(v1), payload_size)


def piece_cid_v1_from_v2(v2: str) -> str:
    """The piece CID v1 naming the same commitment as a piece CID v2."""
    return piece_cid_v1(parse_piece_cid_v2(v2).commitment)


def to_base16(cid_text: str) -> str:
    """The same CID in multibase base16 (`f…`), as FRC-0069 prints its examples."""
    return _decode(cid_text, "CID").encode("base16")
