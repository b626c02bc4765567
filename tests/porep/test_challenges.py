"""PoRep challenges: interactive derivation and rust-fil-proofs' hard-coded synthetic vector."""

from __future__ import annotations

from proofs_native.porep.challenges import (
    interactive_challenges,
    synthetic_challenges,
    synthetic_porep_challenges,
)
from proofs_native.porep.field import fr_to_bytes


def test_synthetic_challenges_match_rust_fil_proofs_hardcoded_vector() -> None:
    challenges = synthetic_challenges(1 << 10, fr_to_bytes(55), fr_to_bytes(101), 21)
    assert challenges == [
        178, 297, 869, 211, 875, 477, 94, 781, 124, 332, 856, 801, 176, 692, 429, 691, 290, 204, 986, 210, 973,
    ]  # fmt: skip


def test_synthetic_porep_challenges_match_rust_fil_proofs_hardcoded_vector() -> None:
    chosen = synthetic_porep_challenges(1 << 10, fr_to_bytes(55), fr_to_bytes(101), bytes([1]) * 32, 10, 21)
    assert chosen == [176, 781, 801, 986, 290, 211, 692, 856, 986, 332]


def test_interactive_challenges_never_pick_node_zero_and_stay_in_range() -> None:
    challenges = interactive_challenges(64, bytes(range(32)), bytes(32), 500)
    assert all(1 <= c < 64 for c in challenges)


def test_partitions_continue_the_same_challenge_sequence() -> None:
    rid, seed = bytes([7]) * 32, bytes([9]) * 32
    whole = interactive_challenges(1 << 30, rid, seed, 40)
    split = [c for k in range(5) for c in interactive_challenges(1 << 30, rid, seed, 8, k)]
    assert whole == split
