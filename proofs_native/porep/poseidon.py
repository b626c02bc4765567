"""Poseidon over BLS12-381 Fr, exactly as neptune computes it for Filecoin.

This is the hash behind every Poseidon commitment of a sealed sector: the oct trees tree_c and
tree_r_last, the column hash, and comm_r = Poseidon2(comm_c, comm_r_last). The construction
(neptune, "Standard" strength, the Merkle-tree hash type every Filecoin use takes):

- width t = arity + 1; state = [domain tag, x_1, …, x_arity]; Merkle-tree tag = 2^arity − 1;
- S-box x^5; R_F = 8 full rounds (4 before and 4 after the partial rounds), R_P partial rounds
  from neptune's round-number search (55 for t = 3, 57 for t = 9 and t = 12);
- round constants from the Grain LFSR of the Poseidon paper (self-shrinking, rejection sampling);
- MDS matrix the Cauchy matrix M[i][j] = 1 / (i + j + t);
- each round adds t constants, applies the S-box (to every element in a full round, to element 0
  in a partial round), then multiplies by M; the output is state[1].

We run the rounds unoptimized; neptune's optimized form gives the same output. Round constants cost
about a second per width in pure Python, so they are computed on first use and kept in memory.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from functools import cache
from operator import mul

from proofs_native.porep.errors import UnsupportedArity
from proofs_native.porep.field import MODULUS, fr_from_bytes, fr_inverse, fr_to_bytes

#: Full rounds R_F for Standard strength at every width neptune supports.
FULL_ROUNDS = 8

#: Bit length of p as the Grain LFSR is seeded with it (`F::NUM_BITS`).
FIELD_BITS = 255

#: Bit length neptune's round-number search assumes (it rounds 255 up to 256).
ROUND_SEARCH_PRIME_BITS = 256

#: Security level in bits of the round-number search.
SECURITY_BITS = 128

#: The largest arity we accept; neptune's own tables stop well below it.
MAX_ARITY = 64


# --- round numbers -------------------------------------------------------------------------------


def _f32(x: float) -> float:
    """Round a Python float to the nearest IEEE-754 single (neptune's search runs in f32)."""
    result: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return result


def _minimum_full_rounds(t: int, partial_rounds: int) -> int:
    """The fewest full rounds that the Poseidon paper's four bounds (in f32) allow for (t, R_P)."""
    rp, tf, n, m = float(partial_rounds), float(t), float(ROUND_SEARCH_PRIME_BITS), float(SECURITY_BITS)
    statistical = 6.0 if m <= (n - 3.0) * (tf + 1.0) else 10.0
    interpolation = _f32(_f32(_f32(_f32(0.43) * m) + _f32(math.log2(tf))) - rp)
    groebner_1 = _f32(_f32(_f32(0.21) * n) - rp)
    groebner_2 = _f32(_f32(_f32(_f32(_f32(0.14) * n) - 1.0) - rp) / _f32(tf - 1.0))
    return max(math.ceil(bound) for bound in (statistical, interpolation, groebner_1, groebner_2))


@cache
def round_numbers(t: int) -> tuple[int, int]:
    """(R_F, R_P) for width t: the secure pair with a margin (R_F+2, ⌈1.075·R_P⌉) and fewest S-boxes."""
    if not 2 <= t <= MAX_ARITY + 1:
        raise UnsupportedArity(f"Poseidon width {t} is outside 2..{MAX_ARITY + 1}")
    best: tuple[int, int, int] | None = None  # (S-box count, R_F, R_P)
    for rp_test in range(4, 200):
        floor = max(2, _minimum_full_rounds(t, rp_test))
        rf_test = floor + (floor % 2)  # neptune tries even R_F only; the cheapest secure one wins
        if rf_test > 1000:
            continue
        rf, rp = rf_test + 2, math.ceil(_f32(_f32(1.075) * float(rp_test)))
        candidate = (t * rf + rp, rf, rp)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    assert best is not None, "the search space always holds a secure pair"
    return best[1], best[2]


# --- round constants (Grain LFSR) ----------------------------------------------------------------


def _grain_initial_state(t: int, full_rounds: int, partial_rounds: int) -> int:
    """The 80-bit Grain seed as an int whose bit j is LFSR bit s[j] (s[0] is the first bit written).

    Fields MSB first: field type 1 (2 bits), S-box 1 (4), field size 255 (12), t (12), R_F (10),
    R_P (10), then 30 one-bits.
    """
    fields = [(1, 2), (1, 4), (FIELD_BITS, 12), (t, 12), (full_rounds, 10), (partial_rounds, 10)]
    bits: list[int] = []
    for value, width in fields:
        bits.extend((value >> (width - 1 - k)) & 1 for k in range(width))
    bits.extend([1] * 30)
    return sum(bit << j for j, bit in enumerate(bits))


_LFSR_MASK = (1 << 80) - 1
_CHUNK = 18  # the nearest tap is 18 positions behind the new bit, so 18 bits can be made at once
_CHUNK_MASK = (1 << _CHUNK) - 1


def _shrink_table() -> list[tuple[int, int]]:
    """For each 6-bit chunk (3 pairs, oldest pair in the low bits): the kept bits, MSB-first, and count."""
    table = []
    for chunk in range(64):
        value, count = 0, 0
        for pair in range(3):
            b1, b2 = (chunk >> (2 * pair)) & 1, (chunk >> (2 * pair + 1)) & 1
            if b1:
                value, count = (value << 1) | b2, count + 1
        table.append((value, count))
    return table


_SHRINK = _shrink_table()


@cache
def round_constants(t: int) -> tuple[int, ...]:
    """The (R_F+R_P)·t round constants for width t; round r uses entries r·t … r·t+t−1.

    Grain LFSR: new bit = s62 ⊕ s51 ⊕ s38 ⊕ s23 ⊕ s13 ⊕ s0; 160 bits are discarded; pairs (b1, b2)
    yield b2 when b1 = 1; each candidate is the next 255 yielded bits, MSB first, rejected if ≥ p.
    """
    full_rounds, partial_rounds = round_numbers(t)
    wanted = (full_rounds + partial_rounds) * t
    state = _grain_initial_state(t, full_rounds, partial_rounds)
    for _ in range(160):
        new = ((state >> 62) ^ (state >> 51) ^ (state >> 38) ^ (state >> 23) ^ (state >> 13) ^ state) & 1
        state = (state >> 1) | (new << 79)
    constants: list[int] = []
    pending, pending_bits = 0, 0
    while len(constants) < wanted:
        fresh = ((state >> 62) ^ (state >> 51) ^ (state >> 38) ^ (state >> 23) ^ (state >> 13) ^ state) & _CHUNK_MASK
        state = ((state >> _CHUNK) | (fresh << (80 - _CHUNK))) & _LFSR_MASK
        for shift in (0, 6, 12):
            value, count = _SHRINK[(fresh >> shift) & 63]
            pending, pending_bits = (pending << count) | value, pending_bits + count
        if pending_bits >= FIELD_BITS:
            extra = pending_bits - FIELD_BITS
            candidate = pending >> extra
            pending, pending_bits = pending & ((1 << extra) - 1), extra
            if candidate < MODULUS:
                constants.append(candidate)
    return tuple(constants)


# --- MDS -----------------------------------------------------------------------------------------


@cache
def mds_matrix(t: int) -> tuple[tuple[int, ...], ...]:
    """The Cauchy MDS matrix with x_i = i, y_j = t + j: M[i][j] = (i + j + t)^−1 mod p (symmetric)."""
    return tuple(tuple(fr_inverse(i + j + t) for j in range(t)) for i in range(t))


# --- the permutation and the hash ----------------------------------------------------------------


def merkle_tree_tag(arity: int) -> int:
    """The domain tag of neptune's Merkle-tree hash type: 2^arity − 1."""
    return (1 << arity) - 1


def constant_length_tag(length: int) -> int:
    """The domain tag of neptune's constant-length hash type: length · 2^64 (not used by PoRep)."""
    return length << 64


def permute(state: Sequence[int]) -> list[int]:
    """Apply the Poseidon permutation of width len(state): R_F/2 full, R_P partial, R_F/2 full rounds."""
    t = len(state)
    full_rounds, partial_rounds = round_numbers(t)
    constants = round_constants(t)
    columns = mds_matrix(t)  # M is symmetric, so its rows are its columns
    p = MODULUS
    words = list(state)
    half = full_rounds // 2
    for rnd in range(full_rounds + partial_rounds):
        round_constants_here = constants[rnd * t : rnd * t + t]
        if rnd < half or rnd >= half + partial_rounds:
            words = [pow(w + c, 5, p) for w, c in zip(words, round_constants_here, strict=True)]
        else:
            words = [w + c for w, c in zip(words, round_constants_here, strict=True)]
            words[0] = pow(words[0], 5, p)
        words = [sum(map(mul, words, column)) % p for column in columns]
    return words


def hash_elements(elements: Sequence[int], tag: int | None = None) -> int:
    """Poseidon of `arity` Fr elements: state = [tag, elements…], permute, output state[1].

    The tag defaults to the Merkle-tree tag 2^arity − 1, which every Filecoin use takes.
    """
    arity = len(elements)
    if not 1 <= arity <= MAX_ARITY:
        raise UnsupportedArity(f"Poseidon arity {arity} is outside 1..{MAX_ARITY}")
    for element in elements:
        if not 0 <= element < MODULUS:
            raise ValueError(f"{element} is not a reduced BLS12-381 scalar")
    start = [merkle_tree_tag(arity) if tag is None else tag % MODULUS, *elements]
    return permute(start)[1]


def hash_constant_length(elements: Sequence[int], arity: int) -> int:
    """neptune's constant-length hash: tag L·2^64, the L inputs, zeros up to the width arity + 1."""
    if len(elements) > arity:
        raise UnsupportedArity(f"{len(elements)} inputs do not fit a Poseidon of arity {arity}")
    padded = [*elements, *([0] * (arity - len(elements)))]
    return hash_elements(padded, tag=constant_length_tag(len(elements)))


def hash_bytes(nodes: Sequence[bytes]) -> bytes:
    """Poseidon (Merkle tag) of 32-byte little-endian Fr nodes, as a 32-byte little-endian node."""
    return fr_to_bytes(hash_elements([fr_from_bytes(node) for node in nodes]))


def hash2(left: bytes, right: bytes) -> bytes:
    """Poseidon2 with tag 3 of two nodes: comm_r = hash2(comm_c, comm_r_last), and the 2-layer column hash."""
    return hash_bytes([left, right])
