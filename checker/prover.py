"""The Z3 prover: every invariant is preserved by every action, from the model's own code.

Proof obligations (mypyvy / CrossHair style, kept apart from the encoding):

* **init establishes**: every invariant holds on the scenario's initial world (concretely);
* **step preserves**: for a pre-state *shape* ``S`` and an action instance ``a`` of it,
  ``types(S) ∧ ⋀ invariants(S) ∧ guard(a, S)  ⇒  inv(step(S, a))`` for each always-invariant
  (and ``step_inv(S, a, step(S, a))`` for each step invariant).

**One encoding.**  The transition is `model.actions.step` itself, run under
``arith.symbolic(backend)`` on a world whose quantity fields (`model.state.quantity`) are Z3
integers.  Every ``require`` on a symbolic condition lands in the `Z3Backend` as a path
assumption; the conjunction of those is the action's guard.  Nothing here re-states a
transition.  The one place where the engine must branch is a chain message inside ``SyncBlock``:
`model.chain.apply_message` catches the guard failure of `chain.execute` and runs `chain.reject`
instead.  With symbolic guards both ends are possible, so `symbolic_step` follows each message
of the block both ways — success under the guards `chain.execute` collected, failure (value
refunded by `chain.reject`) under their negation — giving up to 2^n branches for n messages.

**Where shapes come from, and what is proved.**  A *shape* is a world with every quantity
replaced by a fresh Z3 integer: which parties, deals, sectors, channels, lanes, messages in
flight exist and in which phase each is, stay concrete.  Shapes are collected by exploring the
scenario's reachable concrete states breadth first, expanding up to ``per_shape`` states of each
shape (`collect_shapes`; ``per_shape=0`` expands every reachable state).  Each shape is proved for
the candidate action instances of its representative (`model.actions.candidates`, a superset of
the enabled ones whose guards decide).  So the result is induction *relative to the set of
identity shapes reached*: for every shape in the set and every action instance, *all* quantity
valuations satisfying the invariants and lemmas (not only the reachable ones) are mapped by the
action to valuations satisfying them again.  This is sound for what it claims: quantities are
fully general (a proved pair holds for amounts far beyond the explicit checker's small domains),
and each shape in the set is a reachable identity structure.  It claims nothing about shapes
outside the set: with ``per_shape`` small, shapes reached only through other epochs or amounts
may be missing (``--closure`` instead follows every feasible symbolic branch to its post-state's
shape until no new shape appears — the set is then closed under the steps, at a higher cost).

Two shortcuts, both exact: an always-invariant whose read fields (recorded while it was assumed
on the pre-state) are the very same objects after the step is unchanged by it, hence preserved;
a goal that simplifies to the assumed pre-state formula or to True needs no solver call.

Type constraints assumed on every pre-state are explicit and minimal (`type_constraints`): the
epoch and block epoch are ≥ their genesis values, nonces and time locks are ≥ 0.  Everything
else (balances ≥ 0, conservation) comes from the invariants themselves, and lemmas
(``invariants.lemmas``, ``lemma=True``) are assumed like any invariant.

Verdicts: PROVED, COUNTEREXAMPLE (a concrete pre-state, the Z3 model's values substituted, with
a concrete action that replays it), UNKNOWN (solver timeout or ``unknown``).  Only this module and
`checker.bmc` import z3.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs
import z3

from checker.contract import Trace
from checker.protocol_model import ProtocolModel
from invariants import Ctx, Invariant, select
from model import actions as model_actions
from model import arith, chain
from model.actions import Action, candidates, initial, step, successors
from model.errors import GuardFailed
from model.proofs import IDEAL, ProofPort
from model.scenario import Scenario
from model.state import World

Verdict = Literal["PROVED", "COUNTEREXAMPLE", "UNKNOWN"]
_RANK: dict[str, int] = {"PROVED": 0, "UNKNOWN": 1, "COUNTEREXAMPLE": 2}


# --- The backend: what `model.arith` calls on symbolic terms -----------------------------------


class Z3Backend:
    """A `model.arith.SymbolicBackend` on Z3 terms: records every symbolic guard as an assumption."""

    def __init__(self) -> None:
        self.guards: list[tuple[Any, str, str]] = []

    def ite(self, cond: Any, then: Any, other: Any) -> Any:
        """A Z3 if-then-else."""
        return z3.If(cond, then, other)

    def and_(self, *conds: Any) -> Any:
        """A Z3 conjunction."""
        return z3.And(*conds)

    def or_(self, *conds: Any) -> Any:
        """A Z3 disjunction."""
        return z3.Or(*conds)

    def not_(self, cond: Any) -> Any:
        """A Z3 negation."""
        return z3.Not(cond)

    def assume(self, cond: Any, guard: type[GuardFailed], detail: str) -> None:
        """Record that the guard `guard` passed on this path."""
        self.guards.append((cond, guard.__name__, detail))

    def condition(self) -> Any:
        """The conjunction of the recorded guards (the path condition)."""
        return z3.And(*(g for g, _, _ in self.guards)) if self.guards else z3.BoolVal(True)


def is_term(value: Any) -> bool:
    """Whether `value` is a Z3 expression."""
    return isinstance(value, z3.ExprRef)


def as_formula(value: Any) -> Any:
    """A Python bool or a Z3 Boolean, as a Z3 Boolean."""
    return value if is_term(value) else z3.BoolVal(bool(value))


# --- Symbolic worlds: abstraction, substitution ---------------------------------------------------


def _map_quantities(value: Any, leaf: Callable[[Any, str], Any], path: str, inside_quantity: bool) -> Any:
    """Rebuild `value`, replacing every int under a quantity field by ``leaf(int, path)``."""
    if attrs.has(type(value)):
        changes = {}
        for f in attrs.fields(type(value)):
            old = getattr(value, f.name)
            new = _map_quantities(old, leaf, f"{path}.{f.name}", bool(f.metadata.get("quantity")))
            if new is not old:
                changes[f.name] = new
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_map_quantities(v, leaf, f"{path}[{i}]", inside_quantity) for i, v in enumerate(value))
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if inside_quantity and ((isinstance(value, int) and not isinstance(value, bool)) or is_term(value)):
        return leaf(value, path)
    return value


def abstract(world: Any, prefix: str = "") -> tuple[Any, dict[str, Any]]:
    """`world` with every quantity a fresh Z3 Int named by its path; returns it and {name: original value}."""
    values: dict[str, Any] = {}

    def fresh(old: Any, path: str) -> Any:
        name = f"{prefix}{path.lstrip('.')}"
        values[name] = old
        return z3.Int(name)

    return _map_quantities(world, fresh, "", False), values


def shape_key(world: Any) -> Any:
    """The identity shape of a concrete world: every quantity replaced by one placeholder."""
    return _map_quantities(world, lambda _v, _p: "?", "", False)


def substitute(value: Any, evaluate: Callable[[Any], Any]) -> Any:
    """`value` with every Z3 term (anywhere in it) replaced by ``evaluate(term)``."""
    if is_term(value):
        return evaluate(value)
    if attrs.has(type(value)):
        changes = {f.name: substitute(getattr(value, f.name), evaluate) for f in attrs.fields(type(value))}
        return attrs.evolve(value, **changes)
    if isinstance(value, tuple):
        return tuple(substitute(v, evaluate) for v in value)
    return value


def to_python(term: Any) -> Any:
    """A simplified Z3 value as a Python int or bool."""
    term = z3.simplify(term)
    if z3.is_int_value(term):
        return term.as_long()
    if z3.is_true(term):
        return True
    if z3.is_false(term):
        return False
    raise ValueError(f"not a value: {term}")


def evaluator(values: dict[str, Any]) -> Callable[[Any], Any]:
    """Evaluate terms by substituting named constants with given ints."""
    pairs = [(z3.Int(k), z3.IntVal(v)) for k, v in values.items()]

    def ev(term: Any) -> Any:
        return to_python(z3.substitute(term, *pairs) if pairs else term)

    return ev


def model_evaluator(model: Any) -> Callable[[Any], Any]:
    """Evaluate terms in a Z3 model (unconstrained constants become 0)."""
    return lambda term: to_python(model.eval(term, model_completion=True))


# --- The symbolic step ------------------------------------------------------------------------------


@attrs.frozen
class Branch:
    """One way an action instance can go on a symbolic pre-state."""

    label: str
    """The action instance, with the branch taken (``SyncBlock[ok,failed]``)."""
    after: Any
    guard: Any
    """The path condition (a Z3 Boolean)."""


def symbolic_step(world: World, action: Action, sc: Scenario, proofs: ProofPort = IDEAL) -> list[Branch]:
    """Every branch of `action` on a symbolic `world`, by running the model's own transition."""
    if action.name == "SyncBlock":
        return _sync_branches(world, sc, proofs)
    backend = Z3Backend()
    try:
        with arith.symbolic(backend):
            after = step(world, action, sc, proofs)
    except GuardFailed:
        return []  # a concrete guard (identities, phases) rejects it on this shape
    return [Branch(str(action), after, backend.condition())]


def _sync_branches(world: World, sc: Scenario, proofs: ProofPort) -> list[Branch]:
    """SyncBlock, message by message: each message succeeds (its guards) or is rejected (their negation)."""
    paths: list[tuple[Any, list[Any], list[str]]] = [(attrs.evolve(world, block=()), [], [])]
    for msg in world.block:
        grown: list[tuple[Any, list[Any], list[str]]] = []
        for w, conds, outs in paths:
            backend = Z3Backend()
            try:
                with arith.symbolic(backend):
                    done, result = chain.execute(w, sc, proofs, msg)
                    done = model_actions._read_receipt(done, msg, result, None)
                ok = backend.condition()
                grown.append((done, [*conds, ok], [*outs, "ok"]))
                failing = z3.Not(ok) if backend.guards else None
            except GuardFailed:
                failing = z3.BoolVal(True)
            if failing is not None:
                with arith.symbolic(Z3Backend()):
                    back = model_actions._read_receipt(chain.reject(w, msg), msg, None, GuardFailed())
                grown.append((back, [*conds, failing], [*outs, "failed"]))
        paths = grown
    return [Branch(f"SyncBlock[{','.join(outs)}]", w, z3.And(*conds) if conds else z3.BoolVal(True))
            for w, conds, outs in paths]


def type_constraints(world: World, values: dict[str, Any]) -> list[Any]:
    """What the model's types say of a symbolic pre-state: epochs from genesis on, nonces and locks ≥ 0."""
    out = []
    for name in values:
        last = name.rsplit(".", 1)[-1]
        if name == "epoch":
            out.append(z3.Int(name) >= 0)
        elif name == "last_block_epoch":
            out.append(z3.Int(name) >= -1)
        elif last in ("nonce", "time_lock", "min_settle_height", "settling_at", "proposed_at"):
            out.append(z3.Int(name) >= 0)
    return out


# --- Shapes -----------------------------------------------------------------------------------------


@attrs.frozen
class Shape:
    """A reached identity shape, by a concrete representative (its quantities are made symbolic)."""

    world: World


@attrs.frozen
class Obligation:
    """The result of one (invariant, action instance branch, shape) obligation."""

    invariant: str
    action: str
    """The action's name (rows group by it)."""
    instance: str
    verdict: Verdict
    seconds: float
    pre: World | None = None
    """COUNTEREXAMPLE: the concrete pre-state."""
    step: Action | None = None
    """COUNTEREXAMPLE: the concrete action that breaks the invariant from `pre`."""
    reason: str = ""


def state_invariants(sc: Scenario, names: Sequence[str] | None = None) -> list[Invariant]:
    """The state invariants (always-kind, lemmas included) that apply to `sc`."""
    return [i for i in select(names, kinds=("always",)) if i.applies_to(sc)]


def check_init(sc: Scenario, targets: Sequence[Invariant], proofs: ProofPort = IDEAL) -> list[Obligation]:
    """Init establishes: each state invariant holds on the initial world."""
    world, ctx = initial(sc), Ctx(sc, proofs)
    out = []
    for inv in targets:
        if inv.kind != "always":
            continue
        t = time.perf_counter()
        ok = bool(inv.predicate(world, ctx))
        out.append(Obligation(inv.name, "init", "init", "PROVED" if ok else "COUNTEREXAMPLE",
                              time.perf_counter() - t, world if not ok else None))
    return out


@attrs.frozen
class ShapeResult:
    """What proving one shape gave: its obligations and the concrete representatives of its successors."""

    obligations: tuple[Obligation, ...]
    successors: tuple[World, ...]


class _Reads:
    """A read-only view of a world that records which of its fields are read."""

    __slots__ = ("_fields", "_world")

    def __init__(self, world: World, fields: set[str]) -> None:
        self._world = world
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        self._fields.add(name)
        return getattr(self._world, name)


@attrs.define
class _ShapeProof:
    """One shape's symbolic pre-state, assumptions (in one solver) and the fields each invariant reads."""

    pre: World
    ctx: Ctx
    hyps: dict[str, Any]
    reads: dict[str, set[str]]
    solver: Any


def _prepare(shape: Shape, ctx: Ctx, assumed: Sequence[Invariant], timeout_ms: int) -> _ShapeProof:
    """Abstract the shape, evaluate the assumed invariants on it (recording their reads), load the solver."""
    pre, values = abstract(shape.world)
    hyps: dict[str, Any] = {}
    reads: dict[str, set[str]] = {}
    with arith.symbolic(Z3Backend()):
        for inv in assumed:
            reads[inv.name] = set()
            view: Any = _Reads(pre, reads[inv.name])
            hyps[inv.name] = z3.simplify(as_formula(inv.predicate(view, ctx)))
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*type_constraints(pre, values), *hyps.values())
    return _ShapeProof(pre, ctx, hyps, reads, solver)


def prove_shape(shape: Shape, sc: Scenario, targets: Sequence[Invariant], assumed: Sequence[Invariant],
                timeout_ms: int, proofs: ProofPort = IDEAL, closure: bool = False) -> ShapeResult:
    """Every obligation of one shape: each candidate action's branches against each target invariant."""
    sp = _prepare(shape, Ctx(sc, proofs), assumed, timeout_ms)
    out: list[Obligation] = []
    nexts: list[World] = []
    for action in _instances(shape.world, sc, proofs):
        for branch in symbolic_step(sp.pre, action, sc, proofs):
            sp.solver.push()
            try:
                sp.solver.add(branch.guard)
                if closure:
                    nxt = _successor(sp.solver, branch)
                    if nxt is not None:
                        nexts.append(nxt)
                out.extend(_prove_branch(sp, action, branch, targets))
            finally:
                sp.solver.pop()
    return ShapeResult(tuple(out), tuple(nexts))


def _successor(solver: Any, branch: Branch) -> World | None:
    """A concrete representative of the branch's post-state shape, if the branch is feasible."""
    if solver.check() != z3.sat:
        return None
    # Identity fields never hold solver terms, so the post-state's shape does not depend on the model.
    assert not _has_terms(shape_key(branch.after)), f"a solver term outside a quantity field after {branch.label}"
    after: World = substitute(branch.after, model_evaluator(solver.model()))
    return after


def _has_terms(value: Any) -> bool:
    """Whether a Z3 term occurs anywhere in `value`."""
    if is_term(value):
        return True
    if attrs.has(type(value)):
        return any(_has_terms(getattr(value, f.name)) for f in attrs.fields(type(value)))
    return isinstance(value, tuple) and any(_has_terms(v) for v in value)


def _instances(world: World, sc: Scenario, proofs: ProofPort) -> Iterator[Action]:
    """The candidate action instances of a representative (SyncBlock once: its branches are symbolic)."""
    if world.block:
        yield Action("SyncBlock", ())
        return
    yield from candidates(world, sc, proofs)


def _prove_branch(sp: _ShapeProof, action: Action, branch: Branch,
                  targets: Sequence[Invariant]) -> list[Obligation]:
    """One branch (its guard asserted): refute each target on the post-state (or on the step)."""
    out = []
    for inv in targets:
        t = time.perf_counter()
        verdict, cex, reason = _refute(sp, action, branch, inv)
        out.append(Obligation(inv.name, action.name, branch.label, verdict, time.perf_counter() - t,
                              cex[0], cex[1], reason))
    return out


def _unchanged(sp: _ShapeProof, inv: Invariant, after: World) -> bool:
    """Whether every field the (assumed) invariant reads is the very same object after the step."""
    fields = sp.reads.get(inv.name)
    return fields is not None and all(getattr(after, f) is getattr(sp.pre, f) for f in fields)


def _refute(sp: _ShapeProof, action: Action, branch: Branch,
            inv: Invariant) -> tuple[Verdict, tuple[World | None, Action | None], str]:
    """Look for a post-state (or step) violating `inv` under the solver's assumptions."""
    if inv.kind != "step" and _unchanged(sp, inv, branch.after):
        return "PROVED", (None, None), "reads nothing the action changes"
    with arith.symbolic(Z3Backend()):
        goal = (inv.predicate(sp.pre, action, branch.after, sp.ctx) if inv.kind == "step"
                else inv.predicate(branch.after, sp.ctx))
    goal = z3.simplify(as_formula(goal))
    if z3.is_true(goal) or (inv.name in sp.hyps and goal.eq(sp.hyps[inv.name])):
        return "PROVED", (None, None), "unchanged by the action"
    solver = sp.solver
    solver.push()
    try:
        solver.add(z3.Not(goal))
        r = solver.check()
        if r == z3.sat:
            return "COUNTEREXAMPLE", concrete_counterexample(sp.pre, action, branch, solver.model(), sp.ctx), ""
        if r == z3.unknown:
            return "UNKNOWN", (None, None), solver.reason_unknown()
        return "PROVED", (None, None), ""
    finally:
        solver.pop()


def concrete_counterexample(pre: World, action: Action, branch: Branch, model: Any,
                            ctx: Ctx) -> tuple[World, Action]:
    """The Z3 model's values substituted into the pre-state, with the concrete action that replays the branch."""
    world = substitute(pre, model_evaluator(model))
    if action.name != "SyncBlock":
        return world, action
    outcomes = model_actions.sync_outcome(world, ctx.scenario, ctx.proofs)
    return world, Action("SyncBlock", outcomes)


# --- The whole run -------------------------------------------------------------------------------------


@attrs.frozen
class Row:
    """One line of the table: an invariant against an action name, over all its instances."""

    invariant: str
    action: str
    verdict: Verdict
    instances: int
    seconds: float


@attrs.frozen
class ProveReport:
    """Everything a prove run found."""

    scenario: str
    obligations: tuple[Obligation, ...]
    shapes: int
    workers: int
    seconds: float
    skipped: tuple[str, ...] = ()
    """Invariants not proved because they are not inductive properties (sometimes / eventually)."""
    complete: bool = True
    """False when the shape exploration stopped at ``max_shapes`` (the result is then bounded)."""

    def rows(self) -> list[Row]:
        """Obligations grouped per (invariant, action name): worst verdict, instance count, total time."""
        groups: dict[tuple[str, str], list[Obligation]] = {}
        for o in self.obligations:
            groups.setdefault((o.invariant, o.action), []).append(o)
        rows = []
        for (inv, act), obs in groups.items():
            worst = max((o.verdict for o in obs), key=lambda v: _RANK[v])
            rows.append(Row(inv, act, worst, len(obs), sum(o.seconds for o in obs)))
        return sorted(rows, key=lambda r: (r.invariant, r.action != "init", r.action))

    def counterexamples(self) -> list[Obligation]:
        """The COUNTEREXAMPLE obligations, one per (invariant, action name)."""
        seen: dict[tuple[str, str], Obligation] = {}
        for o in self.obligations:
            if o.verdict == "COUNTEREXAMPLE":
                seen.setdefault((o.invariant, o.action), o)
        return list(seen.values())

    def totals(self) -> dict[str, int]:
        """Row counts per verdict, and obligation counts."""
        rows = self.rows()
        out = {v: sum(1 for r in rows if r.verdict == v) for v in ("PROVED", "COUNTEREXAMPLE", "UNKNOWN")}
        out["rows"] = len(rows)
        out["obligations"] = len(self.obligations)
        return out


def collect_shapes(sc: Scenario, proofs: ProofPort = IDEAL, max_shapes: int = 50_000,
                   per_shape: int = 2) -> list[World]:
    """Representatives of reached shapes (see `iter_shapes`)."""
    return list(iter_shapes(sc, proofs, max_shapes, per_shape))


def iter_shapes(sc: Scenario, proofs: ProofPort = IDEAL, max_shapes: int = 50_000,
                per_shape: int = 2) -> Iterator[World]:
    """Representatives of reached shapes, as found: breadth first, expanding up to `per_shape` states of each.

    Expanding every reachable state finds every reachable shape but costs the full state space;
    expanding one state per shape misses shapes that only other amounts or epochs lead to.  A few
    per shape is the trade-off (``per_shape=0``: expand every state).
    """
    start = initial(sc)
    expanded: dict[Any, int] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        world = queue.popleft()
        key = shape_key(world)
        if key not in expanded:
            if len(expanded) >= max_shapes:
                return
            expanded[key] = 0
            yield world
        if per_shape and expanded[key] >= per_shape:
            continue
        expanded[key] += 1
        for _, nxt in successors(world, sc, proofs):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)


def _batched(items: Iterator[World], size: int) -> Iterator[list[World]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    batch: list[World] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _work(job: tuple[list[World], Scenario, list[str], list[str], int, ProofPort, bool]) -> list[ShapeResult]:
    """Worker entry: prove a chunk of shapes (invariants passed by name, re-selected here)."""
    worlds, sc, target_names, assumed_names, timeout_ms, proofs, closure = job
    targets = list(select(target_names))
    assumed = list(select(assumed_names))
    return [prove_shape(Shape(w), sc, targets, assumed, timeout_ms, proofs, closure) for w in worlds]


def _chunks(items: Sequence[World], n: int) -> list[list[World]]:
    """Round-robin chunks (shapes of similar size spread over workers)."""
    return [c for c in (list(items[i::n]) for i in range(n)) if c]


def prove(sc: Scenario, names: Sequence[str] | None = None, *, timeout_ms: int = 10_000, workers: int | None = None,
          proofs: ProofPort = IDEAL, max_shapes: int = 50_000, closure: bool = False,
          lemmas: bool = True, per_shape: int = 2) -> ProveReport:
    """Prove the chosen invariants (all when None) inductive for every action of `sc`.

    Shapes: by default those of concrete reachable states (`collect_shapes`).  With `closure`,
    shapes are explored symbolically from the initial world instead: each feasible branch's
    post-state, with the solver's values, represents a successor shape; every new shape is proved
    in turn, level by level, until no new shape appears (slower, but closed under the steps).
    Shapes are proved in parallel over `workers` processes.  Without `lemmas`, lemmas are
    neither assumed nor proved (to show what an invariant needs).
    """
    t0 = time.perf_counter()
    chosen = [i for i in select(names) if i.applies_to(sc) and (lemmas or not i.lemma)]
    targets = [i for i in chosen if i.kind in ("always", "step")]
    skipped = tuple(i.name for i in chosen if i.kind not in ("always", "step"))
    assumed = [i for i in state_invariants(sc) if lemmas or not i.lemma]
    obligations = check_init(sc, targets, proofs)
    n = max(1, workers if workers is not None else (os.cpu_count() or 1))
    names_t, names_a = [i.name for i in targets], [i.name for i in assumed]
    pool = multiprocessing.get_context("fork").Pool(n) if n > 1 else None
    try:
        if closure:
            shapes, complete = _prove_closure(sc, pool, n, obligations, max_shapes,
                                              (names_t, names_a, timeout_ms, proofs))
        else:
            shapes = _prove_sampled(sc, pool, obligations, iter_shapes(sc, proofs, max_shapes, per_shape),
                                    (names_t, names_a, timeout_ms, proofs))
            complete = shapes < max_shapes
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return ProveReport(sc.name, tuple(obligations), shapes, n, time.perf_counter() - t0, skipped, complete)


_Config = tuple[list[str], list[str], int, ProofPort]
"""Target names, assumed names, timeout, proof port: what every job carries."""


def _prove_sampled(sc: Scenario, pool: Any, out: list[Obligation], shapes: Iterator[World], cfg: _Config) -> int:
    """Prove shapes as the exploration finds them (batches stream to the workers); return how many."""
    count = 0

    def jobs() -> Iterator[tuple[list[World], Scenario, list[str], list[str], int, ProofPort, bool]]:
        nonlocal count
        for batch in _batched(shapes, 64):
            count += len(batch)
            yield (batch, sc, *cfg, False)

    results = pool.imap_unordered(_work, jobs()) if pool is not None else map(_work, jobs())
    for part in results:
        for res in part:
            out.extend(res.obligations)
    return count


def _prove_closure(sc: Scenario, pool: Any, n: int, out: list[Obligation], max_shapes: int,
                   cfg: _Config) -> tuple[int, bool]:
    """Prove shapes level by level from the initial one, following every feasible branch to a new shape."""
    frontier = [initial(sc)]
    seen = {shape_key(frontier[0])}
    while frontier and len(seen) <= max_shapes:
        jobs = [(chunk, sc, *cfg, True)
                for chunk in _chunks(frontier, n * 4 if pool is not None and len(frontier) > n else 1)]
        results = pool.map(_work, jobs) if pool is not None and len(jobs) > 1 else [_work(j) for j in jobs]
        frontier = []
        for part in results:
            for res in part:
                out.extend(res.obligations)
                for nxt in res.successors:
                    key = shape_key(nxt)
                    if key not in seen:
                        seen.add(key)
                        frontier.append(nxt)
    return len(seen), not frontier


def known_invariants() -> Iterable[str]:
    """Every registered invariant name."""
    return (i.name for i in select(None))


# --- Counterexamples as traces ------------------------------------------------------------------------


def counterexample_trace(sc: Scenario, ob: Obligation, proofs: ProofPort = IDEAL) -> Trace[World, Action]:
    """A counterexample to induction as a one-step trace: its concrete pre-state, action and post-state."""
    assert ob.pre is not None
    if ob.step is None:
        return Trace(ob.pre)
    return Trace(ob.pre, ((ob.step, step(ob.pre, ob.step, sc, proofs)),))


class StartingFrom(ProtocolModel):
    """The protocol model with one given initial state (to replay a counterexample to induction)."""

    def __init__(self, scenario: Scenario, start: World, proofs: ProofPort = IDEAL) -> None:
        super().__init__(scenario, proofs, start=start)
