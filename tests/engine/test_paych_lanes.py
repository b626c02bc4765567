"""The paych-lanes benchmark model: pinned counts, cross-checked counts, the bug variant."""

from __future__ import annotations

import pytest

from benchmarks.paych_lanes import PINNED, SMALL, PaychLanes, PaychParams, minimal_loop
from checker.explicit import check, symmetry_reduction


def test_small_size_counts_match_the_independent_minimal_loop() -> None:
    states, transitions = minimal_loop(SMALL)
    result = check(PaychLanes(SMALL))
    assert (result.distinct_states, result.transitions) == (states, transitions)
    assert result.ok and result.complete


def test_dfs_and_fingerprints_find_the_same_counts_as_bfs() -> None:
    params = PaychParams(n=2, maxnonce=2, maxamt=2, initbal=1, maxbal=3)
    want = minimal_loop(params)
    for options in ({"strategy": "dfs"}, {"fingerprints": True}):
        result = check(PaychLanes(params), **options)
        assert (result.distinct_states, result.transitions) == want


def test_bug_variant_is_caught_with_a_shortest_trace() -> None:
    result = check(PaychLanes(SMALL, bug=True))
    verdict = result.verdict("to_send_within_balance")
    assert verdict.status == "fails"
    assert verdict.trace is not None
    # One Update redeeming more than the initial balance breaks the bound at once.
    assert len(verdict.trace) == 1
    action, after = verdict.trace.steps[0]
    assert action[0] == "Update" and after[2] > after[0]
    assert result.verdict("to_send_is_sum_of_redeemed").status == "holds"


def test_symmetry_reduction_keeps_verdicts_and_shrinks_the_state_count() -> None:
    plain = check(PaychLanes(SMALL))
    reduced = check(PaychLanes(SMALL), symmetry=True)
    assert reduced.distinct_states < plain.distinct_states
    assert reduced.ok


@pytest.mark.slow
def test_pinned_size_has_203540_states_and_1611158_generated() -> None:
    result = check(PaychLanes(PINNED))
    assert result.distinct_states == 203_540
    # 1,611,157 action instances from distinct states; with the initial state, TLC's
    # "states generated" figure, 1,611,158, which is the number the benchmark brief quotes.
    assert result.transitions == 1_611_157
    assert result.states_generated == 1_611_158
    assert result.ok and result.complete


def test_orbit_sizes_estimate_the_unreduced_count_exactly() -> None:
    report = symmetry_reduction(PaychLanes(SMALL))
    assert report.full is not None
    assert report.orbit_estimate == report.full.distinct_states
    assert report.factor is not None and report.factor > 2
