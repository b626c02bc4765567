"""Bounded model checking with symbolic amounts: K steps from genesis, every amount a Z3 integer.

The scenario's amounts (initial balances, pledge, collateral, block reward, minimum prices, and
every value of the deal-price, channel-funds and retrieval-price domains) become unconstrained
parameters (Z3 integers ≥ 0).  Identities, counts and epochs stay concrete, so the choice of
action at each step is a concrete *instance* (`model.actions.candidates` on the symbolic world)
and the search is a depth-first tree over action-instance sequences.  Along a path the solver
holds the path condition (the guards collected by `model.arith.require`, through
`checker.prover.Z3Backend`); each child pushes its guard and is pruned when infeasible, and every
reached node is checked against the invariants (one query: the negation of their conjunction,
skipping those whose read fields the step left untouched).  A chain message in ``SyncBlock`` is
followed both ways, as in the prover.

A violation is returned as a normal trace: the solver's amounts substituted give a concrete
scenario, on which the action sequence is re-executed with the model's concrete step (so the
trace is checked, not trusted), then rendered as text, Mermaid and ITF.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import z3

from checker.contract import Trace
from checker.prover import (
    Branch,
    Z3Backend,
    _Reads,
    as_formula,
    is_term,
    model_evaluator,
    substitute,
    symbolic_step,
)
from invariants import Ctx, Invariant, select
from model import arith
from model.actions import Action, candidates, initial, step, sync_outcome
from model.proofs import IDEAL, ProofPort
from model.scenario import Scenario
from model.state import World

#: Scenario fields that are amounts of tokens (each becomes a symbolic parameter).
AMOUNTS: tuple[str, ...] = ("client_balance", "provider_balance", "pledge_collateral", "collateral_per_sector",
                            "block_reward", "provider_min_price", "retrieval_min_price")
#: Scenario fields that are domains of amounts (each value becomes a symbolic parameter).
DOMAINS: tuple[str, ...] = ("deal_prices", "channel_funds", "retrieval_prices")


def symbolic_scenario(sc: Scenario) -> tuple[Scenario, list[Any]]:
    """`sc` with every amount a Z3 Int (named ``sc.<field>`` / ``sc.<field>[i]``), and their constraints (≥ 0)."""
    changes: dict[str, Any] = {f: z3.Int(f"sc.{f}") for f in AMOUNTS}
    for f in DOMAINS:
        changes[f] = tuple(z3.Int(f"sc.{f}[{i}]") for i in range(len(getattr(sc, f))))
    params = [*(changes[f] for f in AMOUNTS), *(v for f in DOMAINS for v in changes[f])]
    return attrs.evolve(sc, **changes), [p >= 0 for p in params]


@attrs.frozen
class Violation:
    """A violating run found by BMC, re-executed concretely."""

    invariant: str
    trace: Trace[World, Action]
    scenario: Scenario
    """The concrete scenario (the solver's amounts)."""
    amounts: dict[str, Any]
    """The solver's value of each scenario amount (an int, or a tuple for a domain)."""


@attrs.frozen
class BmcResult:
    """What a BMC run found."""

    steps: int
    violation: Violation | None
    nodes: int
    """Feasible action-instance prefixes explored."""
    pruned: int
    """Branches cut because their guard was infeasible."""
    seconds: float


class _Search:
    """Depth-first search over action instances with an incremental solver."""

    def __init__(self, sc: Scenario, invariants: Sequence[Invariant], steps: int, proofs: ProofPort,
                 timeout_ms: int) -> None:
        self.concrete = sc
        self.sc, constraints = symbolic_scenario(sc)
        self.ctx = Ctx(self.sc, proofs)
        self.proofs = proofs
        self.state_invs = [i for i in invariants if i.kind == "always"]
        self.step_invs = [i for i in invariants if i.kind == "step"]
        self.steps = steps
        self.solver = z3.Solver()
        self.solver.set("timeout", timeout_ms)
        self.solver.add(*constraints)
        self.nodes = 0
        self.pruned = 0

    def run(self) -> tuple[str, list[tuple[Action, Branch]]] | None:
        """The first violation found: (invariant, path of (action, branch))."""
        start = initial(self.sc)
        found = self._violated(None, None, start)
        if found is not None:
            return found, []
        return self._dfs(start, [])

    def _dfs(self, world: World, path: list[tuple[Action, Branch]]) -> tuple[str, list[tuple[Action, Branch]]] | None:
        """Extend `path` by every feasible action-instance branch, depth first."""
        if len(path) >= self.steps:
            return None
        for action in self._instances(world):
            for branch in symbolic_step(world, action, self.sc, self.proofs):
                self.solver.push()
                try:
                    self.solver.add(branch.guard)
                    if self.solver.check() != z3.sat:
                        self.pruned += 1
                        continue
                    self.nodes += 1
                    here = [*path, (action, branch)]
                    bad = self._violated(world, action, branch.after)
                    if bad is not None:
                        return bad, here
                    found = self._dfs(branch.after, here)
                    if found is not None:
                        return found
                finally:
                    self.solver.pop()
        return None

    def _instances(self, world: World) -> Iterator[Action]:
        """Action instances to try (SyncBlock once: its branches are symbolic)."""
        if world.block:
            yield Action("SyncBlock", ())
            return
        with arith.symbolic(Z3Backend()):
            yield from list(candidates(world, self.sc, self.proofs))

    def _violated(self, before: World | None, action: Action | None, after: World) -> str | None:
        """The name of an invariant some valuation on this path violates at `after`, or None."""
        goals: list[tuple[str, Any]] = []
        with arith.symbolic(Z3Backend()):
            for inv in self.state_invs:
                if before is not None and _untouched(inv, before, after, self.ctx):
                    continue
                goals.append((inv.name, as_formula(inv.predicate(after, self.ctx))))
            if before is not None and action is not None:
                goals.extend((inv.name, as_formula(inv.predicate(before, action, after, self.ctx)))
                             for inv in self.step_invs)
        goals = [(n, g) for n, g in ((n, z3.simplify(g)) for n, g in goals) if not z3.is_true(g)]
        if not goals:
            return None
        self.solver.push()
        try:
            self.solver.add(z3.Not(z3.And(*(g for _, g in goals))))
            if self.solver.check() != z3.sat:
                return None
            m = self.solver.model()
            return next(n for n, g in goals if z3.is_false(m.eval(g, model_completion=True)))
        finally:
            self.solver.pop()


def _untouched(inv: Invariant, before: World, after: World, ctx: Ctx) -> bool:
    """Whether every field `inv` reads on `after` is the very object it read on `before` (checked there)."""
    fields: set[str] = set()
    with arith.symbolic(Z3Backend()):
        inv.predicate(_Reads(before, fields), ctx)
    return all(getattr(after, f) is getattr(before, f) for f in fields)


def bmc(sc: Scenario, steps: int, names: Sequence[str] | None = None, *, proofs: ProofPort = IDEAL,
        timeout_ms: int = 10_000) -> BmcResult:
    """Search every run of up to `steps` actions, with symbolic amounts, for an invariant violation."""
    t0 = time.perf_counter()
    invariants = [i for i in select(names) if i.applies_to(sc) and i.kind in ("always", "step")]
    search = _Search(sc, invariants, steps, proofs, timeout_ms)
    found = search.run()
    violation = None
    if found is not None:
        violation = _concretize(search, found[0], found[1])
    return BmcResult(steps, violation, search.nodes, search.pruned, time.perf_counter() - t0)


def _concretize(search: _Search, name: str, path: list[tuple[Action, Branch]]) -> Violation:
    """The violating path with the solver's amounts: a concrete scenario and a re-executed concrete trace."""
    solver = search.solver
    solver.push()
    for _, branch in path:
        solver.add(branch.guard)
    solver.check()
    ev = model_evaluator(solver.model())
    solver.pop()
    amounts: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for f in (*AMOUNTS, *DOMAINS):
        value = getattr(search.sc, f)
        changes[f] = substitute(value, ev)
        amounts[f] = changes[f]
    sc = attrs.evolve(search.concrete, **changes)
    world = initial(sc)
    steps: list[tuple[Action, World]] = []
    for action, _ in path:
        concrete = Action(action.name, tuple(substitute(a, ev) if is_term(a) else a for a in action.args))
        if concrete.name == "SyncBlock":
            concrete = Action("SyncBlock", sync_outcome(world, sc, search.proofs))
        world = step(world, concrete, sc, search.proofs)
        steps.append((concrete, world))
    return Violation(name, Trace(initial(sc), tuple(steps)), sc, amounts)
