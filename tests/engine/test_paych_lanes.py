"""The paych-lanes benchmark model: pinned counts, cross-checked counts, the bug variant."""

from __future__ import annotations

from collections import deque

import pytest

from benchmarks.paych_lanes import PINNED, SMALL, PaychLanes, PaychParams, minimal_loop
from checker.explicit import check, symmetry_reduction


def spec_loop(p: PaychParams) -> tuple[int, int]:
    """The benchmark's text (paych-lanes.md), transcribed as plainly as possible: (states, transitions).

    Written independently of `PaychLanes` and of the benchmark's `minimal_loop`: a state is
    (bal, phase, toSend, paid, refund, lanes) with lanes a tuple of (nonce, redeemed) pairs.
    """
    init = (p.initbal, 0, 0, 0, 0, ((0, 0),) * p.n)
    seen = {init}
    queue = deque([init])
    transitions = 0
    while queue:
        bal, phase, to_send, paid, refund, lanes = queue.popleft()
        nexts = []
        if phase == 0 and bal < p.maxbal:  # AddFunds
            nexts.append((bal + 1, phase, to_send, paid, refund, lanes))
        for lane, (nonce, redeemed) in enumerate(lanes):  # Update(l, n, a)
            for n in range(1, p.maxnonce + 1):
                for a in range(p.maxamt + 1):
                    new_to_send = to_send - redeemed + a
                    if phase <= 1 and n > nonce and 0 <= new_to_send <= bal:
                        new_lanes = (*lanes[:lane], (n, a), *lanes[lane + 1 :])
                        nexts.append((bal, phase, new_to_send, paid, refund, new_lanes))
        if phase == 0:  # Settle
            nexts.append((bal, 1, to_send, paid, refund, lanes))
        if phase == 1:  # Expire
            nexts.append((bal, 2, to_send, paid, refund, lanes))
        if phase == 2:  # Collect
            nexts.append((bal, 3, to_send, to_send, bal - to_send, lanes))
        transitions += len(nexts)
        for t in nexts:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    return len(seen), transitions


def test_small_size_counts_match_an_independent_loop_written_from_the_spec_text() -> None:
    result = check(PaychLanes(SMALL))
    assert (result.distinct_states, result.transitions) == spec_loop(SMALL)
    assert result.ok and result.complete


def test_benchmark_minimal_loop_agrees_with_the_spec_text_loop() -> None:
    assert minimal_loop(SMALL) == spec_loop(SMALL)


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


@pytest.mark.slow
def test_pinned_size_counts_are_the_same_with_two_processes_and_with_fingerprints() -> None:
    from checker.parallel import parallel_check

    for result in (parallel_check(PaychLanes(PINNED), workers=2), check(PaychLanes(PINNED), fingerprints=True)):
        assert (result.distinct_states, result.transitions) == (203_540, 1_611_157)
