"""Fr32 padding: how Filecoin fits arbitrary bytes into BLS12-381 field elements.

Every 127 input bytes (1016 bits, read little-endian) are cut into four 254-bit chunks, and
each chunk is written as a 32-byte little-endian word whose top two bits are zero, so every
word is a valid element of the scalar field Fr. 127 bytes become 128; zeros pad to zeros.

The work is done on whole blocks at once: `struct` moves each 127-byte quad to a 128-byte
slot, and four masked shifts of one big integer move the four chunks of every quad to their
word boundaries. No Python code runs per quad or per byte.
"""

from __future__ import annotations

import struct
from functools import lru_cache

from proofs_native.errors import InvalidFr32, InvalidPieceSize

#: Unpadded bytes per quad (four 254-bit chunks).
QUAD_UNPADDED = 127
#: Padded bytes per quad (four 32-byte words).
QUAD_PADDED = 128
#: Quads handled per big-integer pass; bounds the size of the cached masks.
BLOCK_QUADS = 8192

_CHUNK_BITS = 254
_CHUNK_MASK = (1 << _CHUNK_BITS) - 1
_WORD_TOP_BITS = 0b11 << 254


@lru_cache(maxsize=4)
def _plan(quads: int) -> tuple[struct.Struct, struct.Struct, tuple[int, int, int, int], int]:
    """Structs and masks for a block of `quads` quads (cached: blocks mostly share one size)."""
    split = struct.Struct(f"{'127s' * quads}")
    spread = struct.Struct(f"{'127sx' * quads}")
    masks = tuple(
        int.from_bytes((_CHUNK_MASK << (_CHUNK_BITS * j)).to_bytes(QUAD_PADDED, "little") * quads, "little")
        for j in range(4)
    )
    top = int.from_bytes((_WORD_TOP_BITS * (1 + (1 << 256) + (1 << 512) + (1 << 768))).to_bytes(
        QUAD_PADDED, "little") * quads, "little")
    return split, spread, (masks[0], masks[1], masks[2], masks[3]), top


def _pad_block(block: bytes | memoryview, quads: int) -> bytes:
    """Fr32-pad exactly `quads` quads: chunk j of each quad moves up by 2·j bits."""
    split, spread, (m0, m1, m2, m3), _ = _plan(quads)
    x = int.from_bytes(spread.pack(*split.unpack(block)), "little")
    y = (x & m0) | ((x & m1) << 2) | ((x & m2) << 4) | ((x & m3) << 6)
    return y.to_bytes(quads * QUAD_PADDED, "little")


def _unpad_block(block: bytes | memoryview, quads: int, offset: int) -> bytes:
    """Undo `_pad_block` for `quads` quads; `offset` (bytes) only places an error message."""
    _, spread, (m0, m1, m2, m3), top = _plan(quads)
    x = int.from_bytes(block, "little")
    if x & top:
        word = next(i for i in range(quads * 4) if block[32 * i + 31] & 0xC0)
        raise InvalidFr32(
            "word has its top two bits set, so it is not Fr32-padded data",
            where=f"byte offset {offset + 32 * word}",
        )
    y = (x & m0) | ((x >> 2) & m1) | ((x >> 4) & m2) | ((x >> 6) & m3)
    return b"".join(spread.unpack(y.to_bytes(quads * QUAD_PADDED, "little")))


def pad(data: bytes | bytearray | memoryview) -> bytes:
    """Fr32-pad `data`, whose length must be a multiple of 127 bytes, into 128 bytes per 127."""
    view = memoryview(data).cast("B")
    if len(view) % QUAD_UNPADDED:
        raise InvalidPieceSize(
            f"Fr32 padding needs a multiple of {QUAD_UNPADDED} bytes, got {len(view)}", where="fr32.pad"
        )
    quads = len(view) // QUAD_UNPADDED
    step = BLOCK_QUADS * QUAD_UNPADDED
    return b"".join(
        _pad_block(view[i : i + step], min(BLOCK_QUADS, quads - i // QUAD_UNPADDED))
        for i in range(0, len(view), step)
    )


def unpad(data: bytes | bytearray | memoryview) -> bytes:
    """Undo Fr32 padding: 128 bytes become 127; rejects words whose top two bits are set."""
    view = memoryview(data).cast("B")
    if len(view) % QUAD_PADDED:
        raise InvalidPieceSize(
            f"Fr32 unpadding needs a multiple of {QUAD_PADDED} bytes, got {len(view)}", where="fr32.unpad"
        )
    quads = len(view) // QUAD_PADDED
    step = BLOCK_QUADS * QUAD_PADDED
    return b"".join(
        _unpad_block(view[i : i + step], min(BLOCK_QUADS, quads - i // QUAD_PADDED), i)
        for i in range(0, len(view), step)
    )


def padded_size(unpadded: int) -> int:
    """The Fr32-padded size of `unpadded` bytes (a multiple of 127): 128 bytes per 127."""
    return unpadded // QUAD_UNPADDED * QUAD_PADDED


def unpadded_size(padded: int) -> int:
    """The payload capacity of `padded` Fr32 bytes (a multiple of 128): 127 bytes per 128."""
    return padded // QUAD_PADDED * QUAD_UNPADDED
