"""The explicit-state checker on small hand-made models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from checker.contract import Property
from checker.explicit import DEADLOCK, CheckOptions, ExplicitChecker, check
from spec.errors import InputError
from tests.engine.toys import Counter, Grid, Tokens


def always(name: str, pred: Callable[[Any], Any]) -> Property[Any, Any]:
    return Property(name, "always", name, pred)


def test_grid_counts_states_and_transitions_exactly() -> None:
    result = check(Grid(4))
    assert result.distinct_states == 16
    assert result.transitions == 2 * 4 * 3
    assert result.max_depth == 6
    assert result.complete and result.ok


def test_bfs_counterexample_is_a_shortest_trace() -> None:
    model = Grid(5, props=[always("not_far", lambda s: s[0] + s[1] < 3)])
    verdict = check(model).verdict("not_far")
    assert verdict.status == "fails" and verdict.trace is not None
    assert len(verdict.trace) == 3
    assert sum(verdict.trace.states[-1]) == 3


def test_trace_steps_are_real_transitions_of_the_model() -> None:
    model = Grid(5, props=[always("not_corner", lambda s: s != (4, 4))])
    trace = check(model).verdict("not_corner").trace
    assert trace is not None and len(trace) == 8
    state = trace.initial
    for action, nxt in trace.steps:
        assert (action, nxt) in list(model.successors(state))
        state = nxt


def test_dfs_finds_the_same_states_and_a_valid_trace() -> None:
    model = Grid(5, props=[always("not_corner", lambda s: s != (4, 4))])
    result = check(model, strategy="dfs")
    assert result.distinct_states == 25 and result.transitions == 40
    assert result.verdict("not_corner").status == "fails"


def test_deadlock_is_reported_with_its_trace() -> None:
    result = check(Counter(3))
    verdict = result.verdict(DEADLOCK)
    assert verdict.status == "fails" and verdict.trace is not None
    assert verdict.trace.states[-1] == 3 and len(verdict.trace) == 3
    assert not result.ok


def test_terminal_state_is_not_a_deadlock() -> None:
    assert check(Counter(3, terminal_at_limit=True)).verdict(DEADLOCK).status == "holds"


def test_deadlock_check_can_be_disabled() -> None:
    result = check(Counter(3), check_deadlock=False)
    assert result.ok and all(v.name != DEADLOCK for v in result.verdicts)


def test_unknown_property_name_is_an_error_listing_the_known_ones() -> None:
    model = Grid(2, props=[always("a", lambda s: True), always("b", lambda s: True)])
    with pytest.raises(InputError, match="known properties: a, b"):
        check(model, properties=("c",))


def test_only_the_chosen_properties_are_checked() -> None:
    model = Grid(3, props=[always("bad", lambda s: s[0] < 1), always("good", lambda s: True)])
    result = check(model, properties=("good",))
    assert [v.name for v in result.verdicts] == ["good", DEADLOCK] and result.ok


def test_sometimes_property_is_witnessed_with_a_trace() -> None:
    prop: Property[Any, Any] = Property("reaches_corner", "sometimes", "the corner is reachable", lambda s: s == (2, 2))
    verdict = check(Grid(3, props=[prop])).verdict("reaches_corner")
    assert verdict.status == "witnessed" and verdict.trace is not None and len(verdict.trace) == 4


def test_sometimes_never_reached_fails_after_a_complete_run() -> None:
    prop: Property[Any, Any] = Property("off_grid", "sometimes", "never", lambda s: s == (9, 9))
    assert check(Grid(3, props=[prop])).verdict("off_grid").status == "not witnessed"


def test_sometimes_not_reached_in_a_bounded_run_is_undecided() -> None:
    prop: Property[Any, Any] = Property("corner", "sometimes", "", lambda s: s == (2, 2))
    result = check(Grid(3, props=[prop]), max_depth=2)
    assert not result.complete
    assert result.verdict("corner").status == "not witnessed within bounds"
    assert result.outcome == "undecided"


def test_step_property_violation_has_the_offending_transition_last() -> None:
    prop: Property[Any, Any] = Property("no_up_from_1", "step", "", lambda before, action, after: not (
        before[0] == 1 and action == "up"))
    verdict = check(Grid(3, props=[prop])).verdict("no_up_from_1")
    assert verdict.status == "fails" and verdict.trace is not None
    assert verdict.trace.steps[-1][0] == "up" and verdict.trace.states[-2][0] == 1


def test_stop_at_first_stops_after_one_violation() -> None:
    model = Grid(6, props=[always("a", lambda s: s[0] < 2), always("b", lambda s: s[1] < 4)])
    first = check(model, stop_at_first=True)
    assert first.stop_reason == "first violation" and len(first.failures) == 1
    every = check(model)
    assert {v.name for v in every.failures} == {"a", "b"}


def test_max_depth_bounds_the_exploration() -> None:
    result = check(Grid(5), max_depth=2)
    assert result.distinct_states == 6 and not result.complete
    assert result.verdict(DEADLOCK).status == "holds within bounds"


def test_max_states_stops_the_exploration() -> None:
    result = check(Counter(100_000, terminal_at_limit=True), max_states=10)
    assert result.stop_reason == "max states" and not result.complete


def test_state_constraint_keeps_states_but_does_not_expand_them() -> None:
    result = check(Grid(5), constraint=lambda s: s[0] <= 1)
    # x in 0..2 reached (x = 2 checked, not expanded); all y.
    assert result.distinct_states == 15 and not result.complete


def test_within_bound_hook_is_used_when_no_constraint_is_given() -> None:
    model = Grid(5)
    model.within_bound = lambda s: s[1] <= 0  # type: ignore[attr-defined]
    assert check(model).distinct_states == 10  # y = 0 expanded, y = 1 reached


def test_symmetry_stores_canonical_forms() -> None:
    assert check(Tokens()).distinct_states == 27
    assert check(Tokens(), symmetry=True).distinct_states == 10
    assert check(Tokens(), symmetry=True, fingerprints=True).distinct_states == 10


def test_symmetry_without_canonical_hook_is_an_error() -> None:
    with pytest.raises(InputError, match="canonical"):
        check(Grid(2), symmetry=True)


def test_trace_under_symmetry_is_a_concrete_run() -> None:
    model = Tokens()
    model.properties = lambda: (always("below_5", lambda s: sum(s) < 5),)  # type: ignore[method-assign]
    trace = check(model, symmetry=True).verdict("below_5").trace
    assert trace is not None and len(trace) == 5
    state = trace.initial
    for action, nxt in trace.steps:
        assert (action, nxt) in model.successors(state)
        state = nxt


def test_coverage_counts_actions_and_fired_guards() -> None:
    result = check(Grid(3), coverage=True)
    assert result.coverage is not None
    assert result.coverage.actions == {"right": 6, "up": 6}
    assert result.coverage.never_taken == ("jump",)
    assert result.coverage.guards == {"x_below_size": 3, "y_below_size": 3}
    assert result.coverage.never_fired == ("never_fires",)


def test_options_object_and_checker_class_give_the_same_result() -> None:
    a = ExplicitChecker(Grid(4), CheckOptions(strategy="dfs")).run()
    b = check(Grid(4), strategy="dfs")
    assert (a.distinct_states, a.transitions) == (b.distinct_states, b.transitions)


def test_violating_initial_state_gives_an_empty_trace() -> None:
    verdict = check(Grid(2, props=[always("never", lambda s: False)])).verdict("never")
    assert verdict.trace is not None and len(verdict.trace) == 0


def test_dfs_with_a_depth_bound_reaches_what_bfs_reaches() -> None:
    # DFS may first meet a state by a long path; within a depth bound it must still find it by
    # the short one and expand it.
    for depth in range(1, 8):
        bfs = check(Grid(5), max_depth=depth)
        dfs = check(Grid(5), strategy="dfs", max_depth=depth)
        assert dfs.distinct_states == bfs.distinct_states


def test_fingerprint_mode_rebuilds_the_same_shortest_trace() -> None:
    model = Grid(5, props=[always("not_corner", lambda s: s != (4, 4))])
    exact = check(model).verdict("not_corner").trace
    hashed = check(model, fingerprints=True).verdict("not_corner").trace
    assert exact == hashed and exact is not None and len(exact) == 8
    assert check(model, fingerprints=True).collision_probability < 1e-12


def test_step_properties_see_transitions_into_already_visited_states() -> None:
    # Both paths into (1, 1) are checked, not only the first one.
    seen: list[tuple[object, ...]] = []

    def record(before: object, action: object, after: object) -> bool:
        seen.append((before, action, after))
        return True

    prop: Property[Any, Any] = Property("record", "step", "", record)
    check(Grid(2, props=[prop]))
    assert ((1, 0), "up", (1, 1)) in seen and ((0, 1), "right", (1, 1)) in seen
