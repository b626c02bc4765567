"""Eventually-properties under weak fairness, on small hand-made models."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.paych_lanes import SMALL, PaychLanes
from checker.contract import Property
from checker.explicit import check
from checker.itf import replay, trace_to_itf
from checker.liveness import check_liveness, strongly_connected_components
from checker.reports import format_trace
from spec.errors import InputError
from tests.engine.toys import Explicit, Tokens


def reaches(goal: Any, trigger: Any = None) -> Property[Any, Any]:
    return Property("reaches_goal", "eventually", "the goal is reached", lambda s: s == goal, trigger)


def test_eventually_holds_when_every_path_reaches_the_goal() -> None:
    model = Explicit({0: [("a", 1), ("b", 2)], 1: [("c", 3)], 2: [("c", 3)]}, props=[reaches(3)])
    (verdict,) = check_liveness(model)
    assert verdict.status == "holds"


def test_unfair_cycle_is_not_a_violation() -> None:
    # 0 can spin forever, but `go` stays enabled there and is never taken: not weakly fair.
    model = Explicit({0: [("spin", 0), ("go", 1)]}, props=[reaches(1)])
    (verdict,) = check_liveness(model)
    assert verdict.status == "holds"


def test_fair_cycle_is_a_violation_with_a_lasso() -> None:
    # 0 -a-> 1 -b-> 0 forever: `go` is enabled only in 0, so it is not continuously enabled.
    model = Explicit({0: [("a", 1), ("go", 2)], 1: [("b", 0)]}, props=[reaches(2)])
    (verdict,) = check_liveness(model)
    assert verdict.status == "fails" and verdict.trace is not None
    trace = verdict.trace
    assert trace.states == (0, 1) and trace.loop_start == 0
    print(format_trace(model, trace))
    text = format_trace(model, trace)
    assert "↺ the loop starts at this state" in text and "2. b -> back to state 0, and so on forever" in text


def test_fairness_classes_group_actions() -> None:
    # Same spin model, but spin and go are one class: taking spin satisfies it, so spinning is fair.
    model = Explicit({0: [("spin", 0), ("go", 1)]}, props=[reaches(1)], classes={"spin": "x", "go": "x"})
    (verdict,) = check_liveness(model)
    assert verdict.status == "fails" and verdict.trace is not None
    assert verdict.trace.loop_start == 0 and len(verdict.trace) == 0


def test_run_ending_before_the_goal_is_a_violation() -> None:
    model = Explicit({0: [("a", 1), ("b", 2)]}, props=[reaches(2)])
    (verdict,) = check_liveness(model)
    assert verdict.trace is not None and verdict.trace.states == (0, 1) and verdict.trace.loop_start == 1


def test_trigger_states_are_the_ones_asked() -> None:
    # From 1 the goal 3 is inevitable; from 0 (not a trigger state) the run may cycle 0 <-> 4.
    table = {0: [("a", 1), ("x", 4)], 4: [("y", 0)], 1: [("b", 3)]}
    ok = Explicit(table, props=[reaches(3, trigger=lambda s: s == 1)])
    assert check_liveness(ok)[0].status == "holds"
    bad = Explicit(table, props=[reaches(3, trigger=lambda s: s == 0)])
    assert check_liveness(bad)[0].status == "fails"


def test_fair_lasso_visits_the_classes_a_fair_cycle_needs() -> None:
    # A component {0, 1, 2} where `c` is enabled everywhere and only taken on 2 -> 0.
    table = {0: [("a", 1), ("c", 0)], 1: [("b", 0), ("c", 2), ("a", 1)], 2: [("c", 0), ("go", 9)]}
    table[0] = [("a", 1), ("c", 2)]
    model = Explicit(table, props=[reaches(9)])
    (verdict,) = check_liveness(model)
    assert verdict.status == "fails" and verdict.trace is not None
    labels = set(verdict.trace.actions)
    assert "c" in labels


def test_lasso_replays_through_itf_with_its_loop() -> None:
    model = Explicit({0: [("a", 1), ("go", 2)], 1: [("b", 0)]}, props=[reaches(2)])
    verdict = check(model).verdict("reaches_goal")
    assert verdict.trace is not None
    doc = trace_to_itf(model, verdict.trace)
    assert doc["loop"] == 0
    result = replay(model, doc)
    assert result.ok and result.loop_closed


def test_liveness_with_symmetry_is_refused() -> None:
    model = Tokens()
    model.properties = lambda: (  # type: ignore[method-assign]
        Property("full", "eventually", "", lambda s: s == (2, 2, 2)),)
    with pytest.raises(InputError, match="symmetry"):
        check(model, symmetry=True)
    assert check(model).verdict("full").status == "holds"


def test_strongly_connected_components_agree_with_networkx_on_random_graphs() -> None:
    import random

    import networkx as nx  # type: ignore[import-untyped]  # networkx ships no stubs

    rng = random.Random(1)
    for _ in range(200):
        n = rng.randint(1, 30)
        succ = {v: [rng.randrange(n) for _ in range(rng.randint(0, 3))] for v in range(n)}
        graph = nx.DiGraph()
        graph.add_nodes_from(succ)
        graph.add_edges_from((u, v) for u, vs in succ.items() for v in vs)
        mine = sorted(sorted(c) for c in strongly_connected_components(succ))
        theirs = sorted(sorted(c) for c in nx.strongly_connected_components(graph))
        assert mine == theirs


class LivePaych(PaychLanes):
    """The paych benchmark with two eventually-properties."""

    def properties(self) -> tuple[Property[Any, Any], ...]:
        return (
            Property("eventually_collected", "eventually", "", lambda s: s[1] == 3),
            Property("eventually_pays", "eventually", "", lambda s: s[2] > 0),
        )


def test_paych_channel_is_eventually_collected_but_need_not_pay() -> None:
    result = check(LivePaych(SMALL))
    assert result.verdict("eventually_collected").status == "holds"
    verdict = result.verdict("eventually_pays")
    assert verdict.status == "fails" and verdict.trace is not None
    # Shortest: settle, expire, collect with nothing sent, then stay collected forever.
    assert [a[0] for a in verdict.trace.actions] == ["Settle", "Expire", "Collect"]
    assert verdict.trace.loop_start == 3


def test_lasso_ending_in_a_stuck_state_says_the_run_stays_there() -> None:
    model = Explicit({0: [("a", 1), ("b", 2)]}, props=[reaches(2)])
    (verdict,) = check_liveness(model)
    assert verdict.trace is not None
    assert "state 1 has no successor: the run stays there forever" in format_trace(model, verdict.trace)
