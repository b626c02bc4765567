"""Random simulation: determinism by seed, replayable findings, the same property checks."""

from __future__ import annotations

from typing import Any

from benchmarks.paych_lanes import SMALL, PaychLanes
from checker.contract import Property
from checker.explicit import DEADLOCK
from checker.reports import summary_json
from checker.simulate import simulate, walk
from tests.engine.toys import Counter, Grid


def test_same_seed_gives_the_same_run() -> None:
    a = simulate(PaychLanes(SMALL), traces=20, depth=15, seed=3)
    b = simulate(PaychLanes(SMALL), traces=20, depth=15, seed=3)
    assert (a.steps, a.distinct_states) == (b.steps, b.distinct_states)
    c = simulate(PaychLanes(SMALL), traces=20, depth=15, seed=4)
    assert (a.steps, a.distinct_states) != (c.steps, c.distinct_states)


def test_bug_is_found_and_the_finding_replays_from_seed_and_index() -> None:
    model = PaychLanes(SMALL, bug=True)
    result = simulate(model, traces=50, depth=20, seed=11)
    assert result.verdict("to_send_within_balance").status == "fails"
    finding = result.finding("to_send_within_balance")
    assert finding is not None and finding.seed == 11
    again = walk(model, finding.seed, finding.trace_index, 20)
    assert again.steps[: len(finding.trace)] == finding.trace.steps
    assert not model.properties()[0].check(finding.trace.states[-1])


def test_unbroken_properties_hold_only_within_bounds() -> None:
    result = simulate(PaychLanes(SMALL), traces=10, depth=10, seed=0)
    assert result.ok
    assert {v.status for v in result.verdicts} == {"holds within bounds"}


def test_deadlock_is_found_by_simulation() -> None:
    result = simulate(Counter(3), traces=1, depth=10, seed=0)
    verdict = result.verdict(DEADLOCK)
    assert verdict.status == "fails" and verdict.trace is not None and len(verdict.trace) == 3


def test_sometimes_is_witnessed_or_undecided() -> None:
    corner: Property[Any, Any] = Property("corner", "sometimes", "", lambda s: s == (2, 2))
    assert simulate(Grid(3, props=[corner]), traces=5, depth=10, seed=1).verdict("corner").status == "witnessed"
    assert simulate(Grid(3, props=[corner]), traces=5, depth=2, seed=1).verdict("corner").status == (
        "not witnessed within bounds")


def test_stop_at_first_stops_after_the_failing_walk() -> None:
    result = simulate(PaychLanes(SMALL, bug=True), traces=1000, depth=20, seed=2, stop_at_first=True)
    assert result.traces < 1000 and not result.ok


def test_summary_json_names_seed_and_trace_index() -> None:
    result = simulate(PaychLanes(SMALL, bug=True), traces=30, depth=20, seed=5)
    summary = summary_json(result)
    assert summary["seed"] == 5 and summary["engine"] == "simulate"
    assert summary["findings"][0]["trace_index"] >= 0 and summary["outcome"] == "fail"
