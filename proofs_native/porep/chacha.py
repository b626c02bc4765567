"""The ChaCha8 keystream, as far as the SDR base graph needs it.

rust-fil-proofs draws DRG parents from `rand_chacha::ChaCha8Rng::from_seed(seed)`: ChaCha with
8 rounds (4 double rounds), the 32-byte seed as key, a 64-bit block counter starting at 0 and a zero
64-bit stream id. Each `gen::<u64>()` takes the next 8 keystream bytes, little-endian. No stdlib or
well-kept PyPI package gives a raw ChaCha8 keystream (`cryptography` offers ChaCha20 only), so this
is a short pure-Python version of D. J. Bernstein's block function.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from proofs_native.porep.errors import BadLength

#: "expand 32-byte k" as four little-endian words.
SIGMA = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574)

#: ChaCha8 runs 8 rounds, i.e. 4 double rounds (column round + diagonal round).
ROUNDS = 8

_MASK32 = 0xFFFFFFFF


def _quarter_round(s: list[int], a: int, b: int, c: int, d: int) -> None:
    """The ChaCha quarter round on words a, b, c, d of the state, in place."""
    s[a] = (s[a] + s[b]) & _MASK32
    x = s[d] ^ s[a]
    s[d] = ((x << 16) | (x >> 16)) & _MASK32
    s[c] = (s[c] + s[d]) & _MASK32
    x = s[b] ^ s[c]
    s[b] = ((x << 12) | (x >> 20)) & _MASK32
    s[a] = (s[a] + s[b]) & _MASK32
    x = s[d] ^ s[a]
    s[d] = ((x << 8) | (x >> 24)) & _MASK32
    s[c] = (s[c] + s[d]) & _MASK32
    x = s[b] ^ s[c]
    s[b] = ((x << 7) | (x >> 25)) & _MASK32


def chacha_block(key: bytes, counter: int, stream: int = 0, rounds: int = ROUNDS) -> bytes:
    """One 64-byte keystream block: constants, 8 key words, 64-bit counter, 64-bit stream id."""
    if len(key) != 32:
        raise BadLength(f"a ChaCha key is 32 bytes, got {len(key)}")
    initial = [
        *SIGMA,
        *struct.unpack("<8I", key),
        counter & _MASK32,
        (counter >> 32) & _MASK32,
        stream & _MASK32,
        (stream >> 32) & _MASK32,
    ]
    s = list(initial)
    for _ in range(rounds // 2):
        _quarter_round(s, 0, 4, 8, 12)
        _quarter_round(s, 1, 5, 9, 13)
        _quarter_round(s, 2, 6, 10, 14)
        _quarter_round(s, 3, 7, 11, 15)
        _quarter_round(s, 0, 5, 10, 15)
        _quarter_round(s, 1, 6, 11, 12)
        _quarter_round(s, 2, 7, 8, 13)
        _quarter_round(s, 3, 4, 9, 14)
    return struct.pack("<16I", *((w + i) & _MASK32 for w, i in zip(s, initial, strict=True)))


def chacha8_u64s(seed: bytes) -> Iterator[int]:
    """The `gen::<u64>()` draws of ChaCha8Rng seeded with `seed`: successive 8-byte LE keystream words."""
    counter = 0
    while True:
        yield from struct.unpack("<8Q", chacha_block(seed, counter))
        counter += 1
