"""The multi-process checker finds the same counts and verdicts as the single-process one."""

from __future__ import annotations

import pytest

from benchmarks.paych_lanes import SMALL, PaychLanes
from checker.contract import Property
from checker.explicit import DEADLOCK, check
from checker.parallel import parallel_check
from spec.errors import InputError
from tests.engine.toys import Counter, Grid, Tokens


def counts(result: object) -> tuple[int, int, int]:
    return (result.distinct_states, result.transitions, result.max_depth)  # type: ignore[attr-defined]


def test_paych_small_counts_equal_the_single_process_run() -> None:
    model = PaychLanes(SMALL)
    single, multi = check(model), parallel_check(model, workers=2)
    assert counts(multi) == counts(single)
    assert multi.ok and multi.complete and multi.workers == 2


def test_toy_counts_equal_the_single_process_run_for_several_worker_counts() -> None:
    for workers in (1, 2, 3):
        assert counts(parallel_check(Grid(7), workers=workers)) == counts(check(Grid(7)))


def test_symmetry_reduction_works_across_processes() -> None:
    assert parallel_check(Tokens(), workers=2, symmetry=True).distinct_states == 10


def test_bug_variant_fails_with_a_shortest_trace() -> None:
    result = parallel_check(PaychLanes(SMALL, bug=True), workers=2)
    verdict = result.verdict("to_send_within_balance")
    assert verdict.status == "fails" and verdict.trace is not None and len(verdict.trace) == 1


def test_deadlock_is_found_with_its_trace() -> None:
    verdict = parallel_check(Counter(4), workers=2).verdict(DEADLOCK)
    assert verdict.status == "fails" and verdict.trace is not None and len(verdict.trace) == 4


def test_max_depth_bounds_the_run_like_the_single_process_one() -> None:
    assert counts(parallel_check(Grid(6), workers=2, max_depth=3)) == counts(check(Grid(6), max_depth=3))


def test_eventually_properties_are_refused() -> None:
    model = Grid(3, props=[Property("corner", "eventually", "", lambda s: s == (2, 2))])
    with pytest.raises(InputError, match="single-process"):
        parallel_check(model, workers=2)


def test_a_failing_model_reports_the_worker_error() -> None:
    model = Grid(3, props=[Property("boom", "always", "", lambda s: 1 // 0)])
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        parallel_check(model, workers=2)


def test_a_failure_in_the_middle_of_a_level_ends_every_worker_promptly() -> None:
    import time

    model = Grid(6, props=[Property("boom", "always", "", lambda s: 1 // (s[0] + s[1] - 5) or True)])
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        parallel_check(model, workers=2)
    assert time.perf_counter() - start < 5
