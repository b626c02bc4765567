"""No second encoding: the symbolic step, with the concrete values substituted, is the concrete step."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import prover
from model.actions import Action, candidates, initial, step, successors, sync_outcome
from model.errors import GuardFailed
from model.scenario import PRESETS, Scenario
from model.state import World


def _walk(sc: Scenario, seed: int, length: int) -> World:
    """A reachable world: `length` random enabled steps from the initial one (seeded)."""
    rng = random.Random(seed)
    world = initial(sc)
    for _ in range(length):
        nxt = list(successors(world, sc))
        if not nxt:
            break
        world = rng.choice(nxt)[1]
    return world


def _check_world(world: World, sc: Scenario) -> None:
    """Every candidate action: exactly the branches whose guard holds on the values give the concrete step."""
    pre, values = prover.abstract(world)
    ev = prover.evaluator(values)
    acts = [Action("SyncBlock", ())] if world.block else list(candidates(world, sc))
    for action in acts:
        concrete = Action("SyncBlock", sync_outcome(world, sc)) if world.block else action
        try:
            expected: World | None = step(world, concrete, sc)
        except GuardFailed:
            expected = None
        taken = [b for b in prover.symbolic_step(pre, action, sc) if ev(b.guard)]
        if expected is None:
            assert taken == [], f"{action} is rejected concretely but a symbolic branch is open"
            continue
        assert len(taken) == 1, f"{action}: {len(taken)} branches hold on the concrete values"
        assert prover.substitute(taken[0].after, ev) == expected, f"{action}: symbolic ≠ concrete post-state"


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(["tiny", "default"]), seed=st.integers(0, 2**32 - 1), length=st.integers(0, 25))
def test_symbolic_step_with_values_substituted_equals_concrete_step(name: str, seed: int, length: int) -> None:
    sc = PRESETS[name]
    # replay: _check_world(_walk(PRESETS[name], seed, length), PRESETS[name])
    _check_world(_walk(sc, seed, length), sc)


def test_abstract_makes_every_quantity_a_fresh_symbol_and_keeps_identities() -> None:
    sc = PRESETS["default"]
    world = _walk(sc, 7, 12)
    pre, values = prover.abstract(world)
    assert prover.substitute(pre, prover.evaluator(values)) == world
    assert pre.accounts and all(prover.is_term(a) for a in pre.accounts)
    assert prover.shape_key(world) == prover.shape_key(prover.substitute(pre, lambda t: 0))
