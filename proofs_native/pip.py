"""Piece inclusion proofs (PIP): a piece's CommP really sits at a given place under a CommD.

The sector's data tree has the pieces' subtrees at aligned positions (see `commp.comm_d`).
A proof for one piece is its position (the index of its subtree among the subtrees of its
size) and the sibling roots on the way from that subtree up to CommD. Verifying re-hashes
the path from the claimed CommP: at each level the position's low bit says whether the
running node is the left (0) or the right (1) child.

Wire format (all integers big-endian):
    magic `fPIP` ‖ version u8 (=1) ‖ piece height u8 ‖ sector height u8 ‖ position u64
    ‖ (sector height − piece height) siblings of 32 bytes, lowest first.
A height is log2(size / 32 bytes).
"""

from __future__ import annotations

import bisect
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from proofs_native.commp import (
    NODE_SIZE,
    PieceInfo,
    check_piece_size,
    check_sector_size,
    node_hash,
    piece_offsets,
    zero_commitment,
)
from proofs_native.errors import InclusionProofMismatch, InvalidPieceSize, MalformedProof

MAGIC = b"fPIP"
VERSION = 1
_HEADER = struct.Struct(">4sBBBQ")


@dataclass(frozen=True, slots=True)
class PieceInclusionProof:
    """Where a piece sits in a sector and the sibling roots that lead from it to CommD."""

    piece_size: int
    """The piece's padded size in bytes (a power of two ≥ 128)."""
    sector_size: int
    """The sector's size in bytes (a power of two, ≥ piece_size)."""
    position: int
    """Index of the piece's subtree among the sector's subtrees of piece_size: offset / piece_size."""
    path: tuple[bytes, ...]
    """Sibling roots from the piece's level up to just below CommD, lowest first (32 bytes each)."""

    @property
    def offset(self) -> int:
        """Byte offset of the piece in the (padded) sector."""
        return self.position * self.piece_size

    def root_from(self, piece_commitment: bytes) -> bytes:
        """The root this path leads to when it starts at `piece_commitment`."""
        node, index = piece_commitment, self.position
        for sibling in self.path:
            node = node_hash(sibling, node) if index & 1 else node_hash(node, sibling)
            index >>= 1
        return node

    def to_bytes(self) -> bytes:
        """The proof in its wire format (see the module docstring)."""
        header = _HEADER.pack(MAGIC, VERSION, _height(self.piece_size), _height(self.sector_size), self.position)
        return header + b"".join(self.path)


def _height(size: int) -> int:
    """log2(size / 32) for a power-of-two size."""
    return size.bit_length() - NODE_SIZE.bit_length()


def _region_root(layout: Sequence[tuple[int, int, bytes]], starts: Sequence[int], start: int, size: int) -> bytes:
    """The root of the aligned region [start, start+size) of a sector holding the laid-out pieces."""
    first = bisect.bisect_left(starts, start)
    if first > 0 and layout[first - 1][0] + layout[first - 1][1] > start:
        first -= 1  # a piece starting before the region still covers its start
    last = bisect.bisect_left(starts, start + size)
    if first == last:
        return zero_commitment(size)
    offset, piece_size, commitment = layout[first]
    if last - first == 1 and (offset, piece_size) == (start, size):
        return commitment
    if piece_size > size:  # cannot happen for aligned pieces and aligned regions
        raise AssertionError(f"region [{start}, {start + size}) lies inside a piece")
    half = size // 2
    return node_hash(_region_root(layout, starts, start, half), _region_root(layout, starts, start + half, half))


def prove_inclusion(pieces: Sequence[PieceInfo], sector_size: int, index: int) -> PieceInclusionProof:
    """The inclusion proof of `pieces[index]` in the sector holding `pieces` in order (as in comm_d)."""
    if not 0 <= index < len(pieces):
        raise InvalidPieceSize(f"no piece {index} among {len(pieces)} pieces", where="prove_inclusion")
    offsets = piece_offsets([piece.padded_size for piece in pieces], sector_size)
    layout = [(offset, piece.padded_size, piece.commitment) for offset, piece in zip(offsets, pieces, strict=True)]
    size, offset = pieces[index].padded_size, offsets[index]
    path: list[bytes] = []
    while size < sector_size:
        sibling = offset ^ size
        path.append(_region_root(layout, offsets, sibling, size))
        offset &= ~size
        size *= 2
    return PieceInclusionProof(pieces[index].padded_size, sector_size, offsets[index] // pieces[index].padded_size,
                               tuple(path))


def check_inclusion(
    proof: PieceInclusionProof,
    comm_d: bytes,
    piece_commitment: bytes,
    *,
    piece_size: int | None = None,
    offset: int | None = None,
) -> None:
    """Raise InclusionProofMismatch unless the proof leads from this piece (and place, if given) to CommD."""
    if piece_size is not None and piece_size != proof.piece_size:
        raise InclusionProofMismatch(
            f"proof is for a piece of {proof.piece_size} bytes, not {piece_size}", where="piece inclusion proof"
        )
    if offset is not None and offset != proof.offset:
        raise InclusionProofMismatch(
            f"proof places the piece at byte {proof.offset}, not {offset}", where="piece inclusion proof"
        )
    if proof.root_from(piece_commitment) != comm_d:
        raise InclusionProofMismatch(
            f"path from the piece at position {proof.position} does not lead to CommD {comm_d.hex()}",
            where="piece inclusion proof",
        )


def verify_inclusion(
    proof: PieceInclusionProof,
    comm_d: bytes,
    piece_commitment: bytes,
    *,
    piece_size: int | None = None,
    offset: int | None = None,
) -> bool:
    """True when the proof leads from this piece (and place, if given) to CommD."""
    try:
        check_inclusion(proof, comm_d, piece_commitment, piece_size=piece_size, offset=offset)
    except InclusionProofMismatch:
        return False
    return True


def decode_proof(data: bytes, *, where: str = "piece inclusion proof") -> PieceInclusionProof:
    """Parse the wire format, rejecting truncated, padded or inconsistent proofs with the byte offset."""
    if len(data) < _HEADER.size:
        raise MalformedProof(f"truncated: the header needs {_HEADER.size} bytes, got {len(data)}", where=where)
    magic, version, piece_height, sector_height, position = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise MalformedProof(f"does not start with {MAGIC!r} (got {bytes(magic)!r})", where=f"{where} byte 0")
    if version != VERSION:
        raise MalformedProof(f"unknown version {version} (this code reads {VERSION})", where=f"{where} byte 4")
    piece_size, sector_size = NODE_SIZE << piece_height, NODE_SIZE << sector_height
    try:
        check_piece_size(piece_size, where=f"{where} byte 5 (piece height {piece_height})")
        check_sector_size(sector_size, where=f"{where} byte 6 (sector height {sector_height})")
    except InvalidPieceSize as err:
        raise MalformedProof(err.message, where=err.where) from None
    if piece_size > sector_size:
        raise MalformedProof(
            f"piece height {piece_height} exceeds sector height {sector_height}", where=f"{where} byte 5"
        )
    if position >= sector_size // piece_size:
        raise MalformedProof(
            f"position {position} is outside a sector of {sector_size // piece_size} such pieces",
            where=f"{where} byte 7",
        )
    depth = sector_height - piece_height
    expected = _HEADER.size + depth * NODE_SIZE
    if len(data) != expected:
        problem = "truncated" if len(data) < expected else "has trailing bytes"
        raise MalformedProof(
            f"{problem}: {depth} siblings need {expected} bytes in all, got {len(data)}", where=where
        )
    path = tuple(bytes(data[i : i + NODE_SIZE]) for i in range(_HEADER.size, expected, NODE_SIZE))
    for level, sibling in enumerate(path):
        if sibling[31] & 0xC0:
            raise MalformedProof(
                f"sibling {level} has its top two bits set, so no sha254 node can be it",
                where=f"{where} byte {_HEADER.size + level * NODE_SIZE + 31}",
            )
    return PieceInclusionProof(piece_size, sector_size, position, path)
