"""Piece and data commitments (CommP, CommD): Filecoin's SHA-256 binary Merkle trees.

A piece's payload is zero-padded to a power-of-two number of 127-byte quads, Fr32-padded
(127 → 128 bytes) and cut into 32-byte leaves; CommP is the root of the binary Merkle tree
over those leaves whose node hash is SHA-256 with the two top bits of its last byte cleared
(`sha2-256-trunc254-padded`). A sector's CommD is the root of the same tree over the whole
sector, which Filecoin builds from the pieces' CommPs: each piece starts at a multiple of its
own padded size, gaps and the tail are zero pieces.

Speed: each tree level is hashed in one pass of C-level iteration (`struct` splits the level
into 64-byte pairs, `map` feeds them to `hashlib.sha256`, one slice translation truncates
every digest), so Python code runs per block of leaves, not per node. What remains is
hashlib's own cost per call (object, context init, digest copy: ~300 ns against ~50 ns of
compression), which only more processes can spread (`workers`). Streaming input keeps one
block of payload per task in flight and a stack of at most ~40 subtree roots.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any, Protocol

from proofs_native import fr32
from proofs_native.errors import InvalidPieceSize, PiecesDoNotFit

#: Bytes per Merkle leaf / node (one Fr32 word).
NODE_SIZE = 32
#: Smallest payload Filecoin accepts for a piece (go-fil-commp-hashhash `MinPiecePayload`).
MIN_PIECE_PAYLOAD = 65
#: Largest tree height of a piece: 32 B · 2^31 = 64 GiB (go-fil-commp-hashhash `MaxLayers`).
MAX_LAYERS = 31
#: Largest padded piece size, 64 GiB.
MAX_PIECE_SIZE = NODE_SIZE << MAX_LAYERS
#: Smallest padded piece size: one quad.
MIN_PIECE_SIZE = fr32.QUAD_PADDED
#: Largest size `zero_commitment` answers for (the sizes are computed, so the bound is generous).
MAX_ZERO_SIZE = NODE_SIZE << 63

_TRUNCATE = bytes(b & 0x3F for b in range(256))
_DIGEST: Callable[[Any], bytes] = type(hashlib.sha256()).digest
#: Pairs hashed per `struct` pass when hashing one level.
_LEVEL_BATCH = 16384


def node_hash(left: bytes, right: bytes) -> bytes:
    """H(l, r) = sha256(l ‖ r) with the top two bits of byte 31 cleared (sha2-256-trunc254-padded)."""
    digest = bytearray(hashlib.sha256(left + right).digest())
    digest[31] &= 0x3F
    return bytes(digest)


@lru_cache(maxsize=64)
def _pair_struct(pairs: int) -> struct.Struct:
    """A struct that splits `pairs` · 64 bytes into `pairs` 64-byte strings."""
    return struct.Struct("64s" * pairs)


def hash_level(level: bytes | bytearray | memoryview) -> bytes:
    """Hash one tree level (an even number of 32-byte nodes) into its parent level."""
    view = memoryview(level).cast("B")
    pairs = len(view) // (2 * NODE_SIZE)
    parts: list[bytes] = []
    for start in range(0, pairs, _LEVEL_BATCH):
        count = min(_LEVEL_BATCH, pairs - start)
        halves = _pair_struct(count).unpack_from(view, start * 2 * NODE_SIZE)
        parts.append(b"".join(map(_DIGEST, map(hashlib.sha256, halves))))
    out = bytearray(b"".join(parts))
    out[31::32] = out[31::32].translate(_TRUNCATE)
    return bytes(out)


def _is_power_of_two(n: int) -> bool:
    """True when n is 1, 2, 4, 8, …"""
    return n > 0 and n & (n - 1) == 0


def root_of_leaves(data: bytes | bytearray | memoryview) -> bytes:
    """The Merkle root of `data` read as 32-byte leaves; their count must be a power of two."""
    level = bytes(data)
    if len(level) % NODE_SIZE or not _is_power_of_two(len(level) // NODE_SIZE):
        raise InvalidPieceSize(
            f"a Merkle tree needs a power-of-two number of 32-byte leaves, got {len(level)} bytes",
            where="commp.root_of_leaves",
        )
    while len(level) > NODE_SIZE:
        level = hash_level(level)
    return level


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The sha254 binary Merkle root of 32-byte leaves (taken as they are, not hashed)."""
    for index, leaf in enumerate(leaves):
        if len(leaf) != NODE_SIZE:
            raise InvalidPieceSize(f"leaf is {len(leaf)} bytes, not 32", where=f"leaf {index}")
    return root_of_leaves(b"".join(leaves))


@lru_cache(maxsize=1)
def _zero_levels() -> tuple[bytes, ...]:
    """Z0 = 32 zero bytes, Z(k+1) = H(Zk, Zk), up to MAX_ZERO_SIZE."""
    levels = [bytes(NODE_SIZE)]
    while NODE_SIZE << (len(levels) - 1) < MAX_ZERO_SIZE:
        levels.append(node_hash(levels[-1], levels[-1]))
    return tuple(levels)


def level_of(size: int, *, where: str = "size") -> int:
    """The tree height of a power-of-two size in bytes: log2(size / 32)."""
    if size < NODE_SIZE or not _is_power_of_two(size) or size > MAX_ZERO_SIZE:
        raise InvalidPieceSize(f"{size} is not a power of two between 32 B and 2^68 B", where=where)
    return size.bit_length() - NODE_SIZE.bit_length()


def zero_commitment(padded_size: int) -> bytes:
    """The commitment of an all-zero padded piece of `padded_size` bytes (a power of two ≥ 32)."""
    return _zero_levels()[level_of(padded_size, where="zero_commitment")]


def check_piece_size(padded_size: int, *, where: str = "piece size") -> int:
    """Return `padded_size` if it is a valid padded piece size: a power of two, 128 B … 64 GiB."""
    if not _is_power_of_two(padded_size) or not MIN_PIECE_SIZE <= padded_size <= MAX_PIECE_SIZE:
        raise InvalidPieceSize(
            f"padded piece size {padded_size} is not a power of two between 128 B and 64 GiB", where=where
        )
    return padded_size


def check_sector_size(sector_size: int, *, where: str = "sector size") -> int:
    """Return `sector_size` if it is a power of two between 128 B and 64 GiB."""
    if not _is_power_of_two(sector_size) or not MIN_PIECE_SIZE <= sector_size <= MAX_PIECE_SIZE:
        raise InvalidPieceSize(
            f"sector size {sector_size} is not a power of two between 128 B and 64 GiB", where=where
        )
    return sector_size


def padded_piece_size(payload_size: int) -> int:
    """The padded size of a piece holding `payload_size` bytes: the power-of-two quads count times 128."""
    quads = max(1, -(-payload_size // fr32.QUAD_UNPADDED))
    return (1 << (quads - 1).bit_length()) * fr32.QUAD_PADDED


@dataclass(frozen=True, slots=True)
class PieceCommitment:
    """A piece's commitment and sizes, as Filecoin's `ClientCalcCommP` reports them."""

    commitment: bytes
    """The 32-byte CommP (root of the piece's Merkle tree)."""
    payload_size: int
    """Bytes of payload the piece was computed from (before zero and Fr32 padding)."""
    padded_size: int
    """Padded piece size in bytes: a power of two ≥ 128."""

    @property
    def cid(self) -> str:
        """The piece CID v1 (`baga6ea4seaq…`)."""
        from proofs_native.cid import piece_cid_v1

        return piece_cid_v1(self.commitment)

    @property
    def cid_v2(self) -> str:
        """The FRC-0069 piece CID v2 (`bafkzcib…`), which also records the payload size."""
        from proofs_native.cid import piece_cid_v2

        return piece_cid_v2(self.commitment, self.payload_size)


class PieceInfo(Protocol):
    """Anything with a padded size and a 32-byte commitment can be placed in a sector."""

    @property
    def padded_size(self) -> int: ...

    @property
    def commitment(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece to place in a sector: its padded size and CommP."""

    padded_size: int
    """Padded piece size in bytes: a power of two ≥ 128."""
    commitment: bytes
    """The piece's 32-byte CommP."""


class SubtreeStack:
    """Roots of complete subtrees laid left to right, merged as soon as two have equal size.

    This is Filecoin's piece aggregation (rust-fil-proofs `pieces.rs`, go-commp-utils
    `PieceAggregateCommP`): pushing a subtree first pads with zero subtrees until the
    current end is a multiple of the new subtree's size.
    """

    def __init__(self) -> None:
        self._frames: list[tuple[int, bytes]] = []

    @property
    def size(self) -> int:
        """Bytes covered so far (pieces plus alignment padding)."""
        return sum(size for size, _ in self._frames)

    def _reduce(self) -> None:
        """Merge the two top frames while they have the same size."""
        frames = self._frames
        while len(frames) >= 2 and frames[-1][0] == frames[-2][0]:
            size, right = frames.pop()
            _, left = frames.pop()
            frames.append((2 * size, node_hash(left, right)))

    def _push_raw(self, size: int, root: bytes) -> None:
        self._frames.append((size, root))
        self._reduce()

    def push(self, size: int, root: bytes) -> None:
        """Append a subtree of `size` bytes, first zero-padding so it starts at a multiple of `size`."""
        while self._frames and self._frames[-1][0] < size:
            top = self._frames[-1][0]
            self._push_raw(top, zero_commitment(top))
        self._push_raw(size, root)

    def finish(self, target_size: int | None = None) -> tuple[int, bytes]:
        """Close the tree: zero-fill to one subtree, then (if given) up to `target_size` bytes."""
        if not self._frames:
            if target_size is None:
                raise InvalidPieceSize("no data to commit to", where="commitment")
            return target_size, zero_commitment(target_size)
        while len(self._frames) > 1:
            top = self._frames[-1][0]
            self._push_raw(top, zero_commitment(top))
        size, root = self._frames[0]
        while target_size is not None and size < target_size:
            root = node_hash(root, zero_commitment(size))
            size *= 2
        return size, root


def subtree_root(payload: bytes | bytearray | memoryview) -> bytes:
    """The root over Fr32-padded `payload`, a power-of-two number of 127-byte quads (worker entry point)."""
    return root_of_leaves(fr32.pad(payload))


#: Blocks of payload handed to a worker process per task when hashing in parallel (4 × ~1 MiB).
TASK_BLOCKS = 4


class CommPHasher:
    """Incremental CommP: `write` payload bytes in any pieces, then `digest`.

    With `workers` > 1, whole blocks are padded and hashed in that many worker processes
    (at most 2·workers tasks in flight, so memory stays bounded); the subtree roots come
    back in order and are merged here. Use it as a context manager to stop the workers.
    """

    def __init__(self, *, minimum_payload: int = MIN_PIECE_PAYLOAD, workers: int = 1) -> None:
        self._minimum = minimum_payload
        self._buffer = bytearray()
        self._stack = SubtreeStack()
        self._payload = 0
        self._workers = max(1, workers)
        self._unit_quads = fr32.BLOCK_QUADS * (TASK_BLOCKS if self._workers > 1 else 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[Future[bytes]] = deque()

    def __enter__(self) -> CommPHasher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if any (pending work is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._pending.clear()

    @property
    def payload_size(self) -> int:
        """Bytes written so far."""
        return self._payload

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Feed payload bytes; whole blocks are padded and hashed now (or sent to workers), the rest waits."""
        view = memoryview(data).cast("B")
        unit = self._unit_quads * fr32.QUAD_UNPADDED
        self._payload += len(view)
        if self._payload > fr32.unpadded_size(MAX_PIECE_SIZE):
            raise InvalidPieceSize("payload is larger than the largest piece (64 GiB padded)", where="commp")
        start = 0
        if self._buffer:
            start = min(len(view), unit - len(self._buffer))
            self._buffer += view[:start]
            if len(self._buffer) < unit:
                return
            self._push_unit(bytes(self._buffer))
            self._buffer = bytearray()
        while len(view) - start >= unit:
            self._push_unit(view[start : start + unit])
            start += unit
        self._buffer += view[start:]

    @property
    def unit_size(self) -> int:
        """Payload bytes hashed as one subtree (one worker task when parallel)."""
        return self._unit_quads * fr32.QUAD_UNPADDED

    def _push_unit(self, payload: bytes | memoryview) -> None:
        """Hash one unit of payload here, or queue it for a worker."""
        if self._workers == 1:
            self._stack.push(self._unit_quads * fr32.QUAD_PADDED, subtree_root(payload))
            return
        self._queue(subtree_root, bytes(payload))

    def _queue(self, task: Callable[..., bytes], *args: object) -> None:
        """Run `task(*args)` in a worker; keep at most 2·workers tasks in flight."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self._workers)
        self._pending.append(self._pool.submit(task, *args))
        while len(self._pending) > 2 * self._workers:
            self._collect_one()

    def write_file_unit(self, path: str, offset: int) -> None:
        """Account for one unit of payload that a worker reads from `path` at `offset` and hashes itself.

        Nothing but the file name and offset crosses to the worker, so the parent stays idle.
        Only valid between whole units (nothing buffered) and with workers > 1.
        """
        if self._buffer or self._workers == 1:
            raise ValueError("write_file_unit needs workers > 1 and no partial unit buffered")
        self._payload += self.unit_size
        self._queue(_file_unit_root, path, offset, self.unit_size)

    def _collect_one(self) -> None:
        """Wait for the oldest worker task and push its root."""
        root = self._pending.popleft().result()
        self._stack.push(self._unit_quads * fr32.QUAD_PADDED, root)

    def digest(self) -> PieceCommitment:
        """The commitment of everything written (zero-padded to a power-of-two number of quads)."""
        if self._payload < self._minimum:
            raise InvalidPieceSize(
                f"payload of {self._payload} bytes is smaller than the minimum piece payload of "
                f"{self._minimum} bytes",
                where="commp",
            )
        while self._pending:
            self._collect_one()
        stack = self._stack
        if self._buffer or self._payload == 0:
            tail = padded_piece_size(len(self._buffer))
            quads = tail // fr32.QUAD_PADDED
            tail_data = bytes(self._buffer) + bytes(quads * fr32.QUAD_UNPADDED - len(self._buffer))
            # Copy the stack so digest() can be called again without changing it.
            stack = SubtreeStack()
            stack._frames = list(self._stack._frames)
            stack.push(tail, subtree_root(tail_data))
        size, root = stack.finish()
        return PieceCommitment(commitment=root, payload_size=self._payload, padded_size=size)


def comm_p(
    source: bytes | bytearray | memoryview | IO[bytes],
    *,
    minimum_payload: int = MIN_PIECE_PAYLOAD,
    chunk_size: int = 4 * fr32.BLOCK_QUADS * fr32.QUAD_UNPADDED,
    on_progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> PieceCommitment:
    """CommP of a payload given as bytes or as a binary stream (read in chunks, never whole).

    `workers` > 1 hashes blocks in that many processes (worth it from a few MiB on).
    """
    with CommPHasher(minimum_payload=minimum_payload, workers=workers) as hasher:
        if isinstance(source, bytes | bytearray | memoryview):
            hasher.write(source)
            return hasher.digest()
        buffer = bytearray(chunk_size)
        view = memoryview(buffer)
        while True:
            count = source.readinto(view) if hasattr(source, "readinto") else _read_into(source, view)
            if not count:
                break
            hasher.write(view[:count])
            if on_progress is not None:
                on_progress(hasher.payload_size)
        return hasher.digest()


def _file_unit_root(path: str, offset: int, length: int) -> bytes:
    """Worker task: read `length` bytes of `path` at `offset` and return their subtree root."""
    with open(path, "rb") as stream:
        data = os.pread(stream.fileno(), length, offset)
    if len(data) != length:
        raise OSError(f"{path} ended at byte {offset + len(data)}, before {offset + length} (changed while read?)")
    return subtree_root(data)


def comm_p_file(path: str, *, workers: int = 1, minimum_payload: int = MIN_PIECE_PAYLOAD) -> PieceCommitment:
    """CommP of a file; with `workers` > 1 every worker reads and hashes its own ~4 MiB units of it."""
    with open(path, "rb") as stream:
        if workers <= 1:
            return comm_p(stream, minimum_payload=minimum_payload)
        with CommPHasher(minimum_payload=minimum_payload, workers=workers) as hasher:
            whole = os.fstat(stream.fileno()).st_size // hasher.unit_size
            for index in range(whole):
                hasher.write_file_unit(path, index * hasher.unit_size)
            stream.seek(whole * hasher.unit_size)
            for chunk in iter(lambda: stream.read(hasher.unit_size), b""):
                hasher.write(chunk)
            return hasher.digest()


def _read_into(source: IO[bytes], view: memoryview) -> int:
    """Fallback for streams without `readinto`."""
    chunk = source.read(len(view))
    view[: len(chunk)] = chunk
    return len(chunk)


def piece_offsets(sizes: Iterable[int], sector_size: int) -> list[int]:
    """Byte offsets of pieces placed in order, each at the next multiple of its own padded size.

    Messages number the pieces from 1 (`piece 1` is the first).
    """
    check_sector_size(sector_size)
    offsets: list[int] = []
    end = 0
    for index, size in enumerate(sizes, start=1):
        check_piece_size(size, where=f"piece {index}")
        start = -(-end // size) * size
        end = start + size
        if end > sector_size:
            raise PiecesDoNotFit(
                f"piece of {size} bytes would end at byte {end} (aligned to start at {start}), "
                f"past the sector's {sector_size} bytes",
                where=f"piece {index}",
            )
        offsets.append(start)
    return offsets


def comm_d(pieces: Sequence[PieceInfo], sector_size: int) -> bytes:
    """A sector's CommD from its pieces in order, aligned and zero-filled as Filecoin does."""
    piece_offsets([piece.padded_size for piece in pieces], sector_size)
    for index, piece in enumerate(pieces, start=1):
        if len(piece.commitment) != NODE_SIZE:
            raise InvalidPieceSize(
                f"commitment is {len(piece.commitment)} bytes, not 32", where=f"piece {index}"
            )
    stack = SubtreeStack()
    for piece in pieces:
        stack.push(piece.padded_size, piece.commitment)
    return stack.finish(sector_size)[1]
