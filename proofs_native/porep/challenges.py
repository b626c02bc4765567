"""PoRep challenges: which nodes the prover must open, derived from the replica ID and the seed.

Interactive PoRep (what CommitSector checks): challenge j of partition k is
c = (LE-int(sha256(replica_id ‖ seed ‖ u32_le(k·n + j))) mod (nodes − 1)) + 1, so node 0 is never
challenged. Synthetic PoRep (optional here) draws a fixed set of synthetic challenges from ChaCha20
keyed by blake2b(replica_id ‖ comm_r), then the seed selects n of them.
"""

from __future__ import annotations

import hashlib
import struct

from proofs_native.porep.chacha import chacha_block

#: ChaCha20 nonce of both synthetic-PoRep PRFs.
SYNTHETIC_NONCE = b"synth-porep\x00"

#: blake2b key of the PRF that generates synthetic challenges.
SYNTHETIC_GENERATION_KEY = b"filecoin.io|PoRep|1|Synthetic|1|Generation"

#: blake2b key of the PRF that selects synthetic challenges as PoRep challenges.
SYNTHETIC_SELECTION_KEY = b"filecoin.io|PoRep|1|Synthetic|1|Selection"

#: Synthetic challenges for production sector sizes (at most one per node).
DEFAULT_SYNTHETIC_CHALLENGES = 1 << 18


def challenge_from_bytes(raw: bytes, nodes: int) -> int:
    """A challenge is the little-endian integer of `raw` reduced mod (nodes − 1), plus one."""
    return int.from_bytes(raw, "little") % (nodes - 1) + 1


def interactive_challenges(nodes: int, replica_id: bytes, seed: bytes, count: int, partition: int = 0) -> list[int]:
    """The `count` challenges of `partition`: c_j = challenge_from_bytes(sha256(replica_id ‖ seed ‖ u32_le(j)))."""
    first = partition * count
    return [
        challenge_from_bytes(hashlib.sha256(replica_id + seed + struct.pack("<I", j)).digest(), nodes)
        for j in range(first, first + count)
    ]


def _chacha20_ietf_stream(key: bytes, first_block: int, blocks: int) -> bytes:
    """IETF ChaCha20 keystream (32-bit counter, 96-bit nonce "synth-porep\\0") from a block index."""
    nonce_words = struct.unpack("<3I", SYNTHETIC_NONCE)
    return b"".join(
        chacha_block(key, (first_block + b) | (nonce_words[0] << 32), nonce_words[1] | (nonce_words[2] << 32), 20)
        for b in range(blocks)
    )


def synthetic_challenges(nodes: int, replica_id: bytes, comm_r: bytes, count: int | None = None) -> list[int]:
    """Synthetic challenges: each 32-byte keystream chunk of ChaCha20(blake2b-256_gen(replica_id ‖ comm_r))."""
    total = min(nodes, DEFAULT_SYNTHETIC_CHALLENGES) if count is None else count
    key = hashlib.blake2b(replica_id + comm_r, digest_size=32, key=SYNTHETIC_GENERATION_KEY).digest()
    stream = _chacha20_ietf_stream(key, 0, (total + 1) // 2)
    return [challenge_from_bytes(stream[32 * i : 32 * i + 32], nodes) for i in range(total)]


def synthetic_selection(
    replica_id: bytes, seed: bytes, count: int, synthetic_count: int, partition: int = 0
) -> list[int]:
    """Indices of the synthetic challenges used as PoRep challenges: u32_le chunks of the selection PRF."""
    key = hashlib.blake2b(replica_id + seed, digest_size=32, key=SYNTHETIC_SELECTION_KEY).digest()
    first = partition * count
    first_block, last_block = first // 16, (first + count - 1) // 16
    stream = _chacha20_ietf_stream(key, first_block, last_block - first_block + 1)
    words = struct.unpack(f"<{len(stream) // 4}I", stream)
    skip = first % 16
    return [w % synthetic_count for w in words[skip : skip + count]]


def synthetic_porep_challenges(
    nodes: int, replica_id: bytes, comm_r: bytes, seed: bytes, count: int, synthetic_count: int | None = None
) -> list[int]:
    """The PoRep challenges of synthetic PoRep: the synthetic challenges at the selected indices."""
    synthetic = synthetic_challenges(nodes, replica_id, comm_r, synthetic_count)
    return [synthetic[i] for i in synthetic_selection(replica_id, seed, count, len(synthetic))]
