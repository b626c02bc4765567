"""The explicit-state model checker: exhaustive exploration of a model's reachable states.

Breadth-first by default, so every counterexample is a shortest one; depth-first on request.
Every new state is checked against the chosen ``always`` properties (and ``sometimes``
properties are marked witnessed), every transition against the ``step`` properties; a state
with no successors that the model's ``is_terminal`` does not call final is a *deadlock*.
``eventually`` properties are handed to `checker.liveness` on the explored graph.

Memory.  The visited table maps each state's *key* to its parent's key, nothing else:

- the key is the state itself (the default: exact), or its 64-bit ``hash()``
  (``fingerprints=True``: TLC's scheme; the table then keeps no state beyond the BFS frontier,
  ~12% less memory on the benchmark; two distinct states with one hash would silently merge,
  and Python's hash has structural collisions such as ``hash(-1) == hash(-2)``, so it is
  opt-in, and the result reports the collision probability); with ``symmetry=True`` the key is
  taken of the model's ``canonical(state)``;
- the parent's key is a reference to an object already in the table, so a link costs one
  pointer.

A counterexample trace is rebuilt when it is needed, as TLC does: follow the parent keys back to
an initial state, then re-execute forwards, at each step taking the first successor whose key
is the next one on the chain.  Because exploration discovers a state from the first such
successor, re-execution reproduces exactly the concrete states the exploration saw (the model's
`successors` must be deterministic; the rebuild checks it).

The hot loop (`_bfs_plain`; `_bfs` when keys, step checks or witnesses are involved) adds to
the model's `successors` only the key, one table lookup and insert, the property calls (a tuple
of plain callables) and a list append per new state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Literal

import attrs

from checker.contract import Model, Property, Trace
from checker.progress import Progress
from spec.errors import InputError

Strategy = Literal["bfs", "dfs"]
Status = Literal[
    "holds",
    "holds within bounds",
    "fails",
    "witnessed",
    "not witnessed",
    "not witnessed within bounds",
]
Outcome = Literal["pass", "fail", "undecided"]
VerdictKind = Literal["always", "sometimes", "eventually", "step", "deadlock"]

DEADLOCK = "deadlock"
"""The verdict name under which deadlocks are reported."""

_ROOT: Any = object()
"""Parent of an initial state in the visited table."""

_BATCH = 1024
"""Expanded states between two looks at the clock, the state limit and the progress line."""


class _Stop(Exception):
    """Raised inside the loops to end the exploration (first violation, all properties failed)."""


# -- options and results -----------------------------------------------------------------------


@attrs.frozen
class CheckOptions:
    """How to explore: which properties, which order, which bounds."""

    properties: tuple[str, ...] | None = None
    """Names of the properties to check; None: all the model's properties."""
    strategy: Strategy = "bfs"
    """Breadth-first (shortest counterexamples) or depth-first."""
    max_depth: int | None = None
    """Do not expand states at this depth (the initial states are at depth 0)."""
    max_states: int | None = None
    """Stop after about this many distinct states (checked every batch of expansions)."""
    stop_at_first: bool = False
    """Stop at the first violation; otherwise collect one (shortest) trace per failed property."""
    check_deadlock: bool = True
    """Report non-terminal states without successors as deadlocks."""
    symmetry: bool = False
    """Store the model's ``canonical(state)`` instead of the state (needs the hook)."""
    fingerprints: bool = False
    """Store 64-bit hashes instead of states (smaller; collisions are possible, see module doc)."""
    coverage: bool = False
    """Count actions taken and guards fired (``rejections`` hook)."""
    keep_graph: bool | None = None
    """Record every edge (for liveness and graph export); None: only if eventually-properties run."""
    constraint: Callable[[Any], bool] | None = None
    """A state constraint; default: the model's ``within_bound`` hook, if any."""
    progress: Progress | None = None
    """Where to report progress; None: silent."""


@attrs.frozen
class Verdict:
    """The outcome of one property (or of the deadlock check) in one run."""

    name: str
    kind: VerdictKind
    status: Status
    statement: str = ""
    trace: Trace[Any, Any] | None = None
    """Counterexample (failures) or witness (``sometimes``), when there is one."""

    @property
    def outcome(self) -> Outcome:
        """pass, fail, or undecided (not witnessed in a bounded run)."""
        if self.status == "fails" or self.status == "not witnessed":
            return "fail"
        if self.status == "not witnessed within bounds":
            return "undecided"
        return "pass"


@attrs.frozen
class Coverage:
    """How often each action label was taken and each guard rejected a move."""

    actions: Mapping[str, int]
    """Action label -> transitions with that label."""
    guards: Mapping[str, int]
    """Guard name -> moves it rejected (from the ``rejections`` hook)."""
    never_taken: tuple[str, ...] = ()
    """Labels the model declares (``action_labels`` hook) that no transition had."""
    never_fired: tuple[str, ...] = ()
    """Guards the model declares (``guard_names`` hook) that never rejected anything."""


@attrs.define
class StateGraph:
    """The explored graph (kept for liveness and export); nodes are numbered in discovery order."""

    ids: dict[Hashable, int] = attrs.field(factory=dict)
    """Visited-table key -> node number."""
    states: list[Any] = attrs.field(factory=list)
    """Node number -> the concrete state exploration reached it with."""
    initial: list[int] = attrs.field(factory=list)
    edges: list[tuple[int, Any, int]] = attrs.field(factory=list)
    """(source node, action, target node), one per transition."""
    expanded: set[int] = attrs.field(factory=set)
    """Nodes whose successors are all in `edges` (the others were cut by a bound)."""

    def node(self, key: Hashable, state: Any) -> int:
        """The number of the node with visited-table key `key`, adding it if it is new."""
        n = self.ids.get(key)
        if n is None:
            n = self.ids[key] = len(self.states)
            self.states.append(state)
        return n


@attrs.frozen
class CheckResult:
    """Everything a run found: counts, verdicts with traces, timing, coverage."""

    model_name: str
    strategy: Strategy
    distinct_states: int
    transitions: int
    """Enabled action instances summed over every expanded distinct state."""
    initial_states: int
    max_depth: int
    complete: bool
    """Every reachable state was explored (no depth/state bound or constraint cut anything)."""
    stop_reason: str
    verdicts: tuple[Verdict, ...]
    elapsed: float
    symmetry: bool = False
    fingerprints: bool = False
    coverage: Coverage | None = None
    graph: StateGraph | None = None
    liveness_elapsed: float = 0.0
    workers: int = 1
    """Processes that explored (see `checker.parallel`)."""

    @property
    def states_generated(self) -> int:
        """Transitions plus initial states (TLC's "states generated")."""
        return self.transitions + self.initial_states

    @property
    def states_per_second(self) -> float:
        """Distinct states per second of exploration."""
        return self.distinct_states / self.elapsed if self.elapsed > 0 else float("inf")

    @property
    def collision_probability(self) -> float:
        """With fingerprints, an estimate of the chance that two distinct states collided."""
        if not self.fingerprints:
            return 0.0
        n = self.distinct_states
        return min(1.0, n * n / 2.0**65)

    @property
    def outcome(self) -> Outcome:
        """fail if any verdict fails, else undecided if any is undecided, else pass."""
        outcomes = {v.outcome for v in self.verdicts}
        if "fail" in outcomes:
            return "fail"
        return "undecided" if "undecided" in outcomes else "pass"

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return self.outcome != "fail"

    @property
    def failures(self) -> tuple[Verdict, ...]:
        """The failed verdicts."""
        return tuple(v for v in self.verdicts if v.outcome == "fail")

    def verdict(self, name: str) -> Verdict:
        """The verdict of the property called `name`."""
        for v in self.verdicts:
            if v.name == name:
                return v
        raise KeyError(name)


# -- helpers shared with the other engines --------------------------------------------------------


def model_name(model: Any) -> str:
    """The model's ``name`` attribute, or its class name."""
    return str(getattr(model, "name", type(model).__name__))


def select_properties(model: Model[Any, Any], names: Iterable[str] | None) -> list[Property[Any, Any]]:
    """The model's properties called `names` (all if None); unknown names raise InputError."""
    props = list(model.properties())
    if names is None:
        return props
    by_name = {p.name: p for p in props}
    wanted = list(names)
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name)) or "(none)"
        raise InputError(f"unknown property {', '.join(map(repr, unknown))}; known properties: {known}")
    return [by_name[n] for n in dict.fromkeys(wanted)]


def action_label(model: Any, action: Any) -> str:
    """The model's label for `action` (``action_label`` hook, default ``str``)."""
    hook = getattr(model, "action_label", None)
    return str(hook(action)) if hook is not None else str(action)


def _key_function(model: Any, options: CheckOptions) -> Callable[[Any], Hashable] | None:
    canonical = getattr(model, "canonical", None)
    if options.symmetry and canonical is None:
        raise InputError(f"symmetry reduction asked for, but {model_name(model)} has no canonical()")
    if options.symmetry and options.fingerprints:
        assert canonical is not None
        return lambda s: hash(canonical(s))
    if options.symmetry:
        return canonical
    if options.fingerprints:
        return hash
    return None


# -- the checker ------------------------------------------------------------------------------------


class ExplicitChecker:
    """Exhaustive explicit-state exploration of one model with one set of options."""

    def __init__(self, model: Model[Any, Any], options: CheckOptions | None = None) -> None:
        self.model = model
        self.options = options = options if options is not None else CheckOptions()
        if options.strategy not in ("bfs", "dfs"):
            raise InputError(f"unknown strategy {options.strategy!r}; use 'bfs' or 'dfs'")
        self.props = select_properties(model, options.properties)
        self.always = [p for p in self.props if p.kind == "always"]
        self.sometimes = [p for p in self.props if p.kind == "sometimes"]
        self.step = [p for p in self.props if p.kind == "step"]
        self.eventually = [p for p in self.props if p.kind == "eventually"]
        self.keyf = _key_function(model, options)
        keep = options.keep_graph if options.keep_graph is not None else bool(self.eventually)
        if self.eventually and not keep:
            raise InputError("eventually-properties need the state graph (keep_graph)")
        if self.eventually and options.symmetry:
            raise InputError(
                "eventually-properties are checked without symmetry reduction "
                "(a lasso through canonical representatives is not a run); drop symmetry"
            )
        self.graph: StateGraph | None = StateGraph() if keep else None
        self.constraint = options.constraint or getattr(model, "within_bound", None)
        self.is_terminal: Callable[[Any], Any] = getattr(model, "is_terminal", None) or (lambda s: False)
        self.seen: dict[Hashable, Hashable] = {}
        self.failed: dict[str, Trace[Any, Any]] = {}
        self.witnessed: dict[str, Trace[Any, Any]] = {}
        self.deadlock: Trace[Any, Any] | None = None
        self.transitions = 0
        self.depth = 0
        self.cut = False
        self.stop_reason = "complete"
        self.action_counts: dict[Any, int] = {}
        self.guard_counts: dict[str, int] = {}

    # -- keys and traces --

    def key(self, state: Any) -> Hashable:
        """The visited-table key of `state`."""
        return state if self.keyf is None else self.keyf(state)

    def trace_to(self, key: Hashable, *tail: tuple[Any, Any]) -> Trace[Any, Any]:
        """Rebuild the trace to the visited state `key` by re-execution, then append `tail`."""
        chain = []
        k = key
        seen = self.seen
        while k is not _ROOT:
            chain.append(k)
            k = seen[k]
        chain.reverse()
        keyf = self.key
        for init in self.model.initial_states():
            if keyf(init) == chain[0]:
                break
        else:  # pragma: no cover - would be a bug in the engine or a non-deterministic model
            raise RuntimeError("trace rebuild: no initial state has the recorded key")
        state = init
        steps: list[tuple[Any, Any]] = []
        for want in chain[1:]:
            for action, nxt in self.model.successors(state):  # noqa: B007 - used after the loop
                if keyf(nxt) == want:
                    break
            else:
                raise RuntimeError(
                    "trace rebuild diverged: the model's successors() is not deterministic "
                    f"(no successor of step {len(steps)} has the recorded key)"
                )
            steps.append((action, nxt))
            state = nxt
        return Trace(init, tuple(steps) + tail)

    # -- what happens on a finding (rare: kept out of the loop bodies) --

    def _after_finding(self) -> None:
        if self.options.stop_at_first:
            self.stop_reason = "first violation"
            raise _Stop

    def sometimes_pending(self) -> list[Property[Any, Any]]:
        """The sometimes-properties not witnessed yet."""
        return [p for p in self.sometimes if p.name not in self.witnessed]

    def _invariants(self) -> tuple[Callable[[Any], Any], ...]:
        return tuple(p.check for p in self.always if p.name not in self.failed)

    def _witnesses(self) -> tuple[Callable[[Any], Any], ...]:
        return tuple(p.check for p in self.sometimes_pending())

    def _steps(self) -> tuple[Callable[[Any, Any, Any], Any], ...]:
        return tuple(p.check for p in self.step if p.name not in self.failed)

    def on_state(self, parent: Hashable, action: Any, state: Any) -> tuple[
        tuple[Callable[[Any], Any], ...], tuple[Callable[[Any], Any], ...]
    ]:
        """Record the invariants `state` breaks and the sometimes-properties it witnesses."""
        trace: Trace[Any, Any] | None = None

        def get_trace() -> Trace[Any, Any]:
            nonlocal trace
            if trace is None:
                trace = self.trace_to(parent, (action, state)) if parent is not _ROOT else Trace(state)
            return trace

        found = False
        for p in self.always:
            if p.name not in self.failed and not p.check(state):
                self.failed[p.name] = get_trace()
                found = True
        for p in self.sometimes_pending():
            if p.check(state):
                self.witnessed[p.name] = get_trace()
        if found:
            self._after_finding()
        return self._invariants(), self._witnesses()

    def on_step(self, parent: Hashable, action: Any, state: Any, before: Any) -> tuple[
        Callable[[Any, Any, Any], Any], ...
    ]:
        """Record the step properties the transition (before, action, state) breaks."""
        for p in self.step:
            if p.name not in self.failed and not p.check(before, action, state):
                self.failed[p.name] = self.trace_to(parent, (action, state))
        self._after_finding()
        return self._steps()

    def on_deadlock(self, key: Hashable) -> None:
        """Record a deadlock at the visited state `key` (the first one found)."""
        if self.deadlock is None:
            self.deadlock = self.trace_to(key)
            self._after_finding()

    def on_expand(self, state: Any, key: Hashable, succ: list[tuple[Any, Any]]) -> None:
        """Coverage counters and graph edges for one expanded state (only when asked for)."""
        if self.options.coverage:
            counts = self.action_counts
            for action, _ in succ:
                counts[action] = counts.get(action, 0) + 1
            rejections = getattr(self.model, "rejections", None)
            if rejections is not None:
                guards = self.guard_counts
                for _, guard in rejections(state):
                    guards[guard] = guards.get(guard, 0) + 1
        graph = self.graph
        if graph is not None:
            src = graph.ids[key]
            graph.expanded.add(src)
            keyf, node, edge = self.key, graph.node, graph.edges.append
            for action, nxt in succ:
                edge((src, action, node(keyf(nxt), nxt)))

    # -- exploration --

    def run(self) -> CheckResult:
        """Explore, then check liveness on the explored graph if asked; return the result."""
        start = time.perf_counter()
        try:
            self._explore_initial()
            if self.options.strategy == "bfs":
                self._bfs()
            else:
                self._dfs()
        except _Stop:
            pass
        elapsed = time.perf_counter() - start
        if self.options.progress is not None:
            self.options.progress.finish(len(self.seen), self.depth)
        verdicts = self._verdicts()
        live_elapsed = 0.0
        if self.eventually:  # on a partial graph (bounds, first violation) failures are still real
            from checker.liveness import check_eventually

            t0 = time.perf_counter()
            assert self.graph is not None
            for p in self.eventually:
                verdicts.append(
                    check_eventually(self.model, self.graph, p, complete=self._complete())
                )
            live_elapsed = time.perf_counter() - t0
        return CheckResult(
            model_name=model_name(self.model),
            strategy=self.options.strategy,
            distinct_states=len(self.seen),
            transitions=self.transitions,
            initial_states=self._n_initial,
            max_depth=self.depth,
            complete=self._complete(),
            stop_reason=self.stop_reason,
            verdicts=tuple(verdicts),
            elapsed=elapsed,
            symmetry=self.options.symmetry,
            fingerprints=self.options.fingerprints,
            coverage=self._coverage() if self.options.coverage else None,
            graph=self.graph,
            liveness_elapsed=live_elapsed,
        )

    def _complete(self) -> bool:
        return self.stop_reason == "complete" and not self.cut

    def _explore_initial(self) -> None:
        self._frontier: list[Any] = []
        self._fkeys: list[Hashable] = []
        self._n_initial = 0
        invariants, witnesses = self._invariants(), self._witnesses()
        constraint = self.constraint
        for state in self.model.initial_states():
            k = self.key(state)
            if k in self.seen:
                continue
            self.seen[k] = _ROOT
            self._n_initial += 1
            if self.graph is not None:
                self.graph.initial.append(self.graph.node(k, state))
            if any(not c(state) for c in invariants) or any(c(state) for c in witnesses):
                invariants, witnesses = self.on_state(_ROOT, None, state)
            if constraint is not None and not constraint(state):
                self.cut = True
                continue
            self._frontier.append(state)
            self._fkeys.append(k)

    def _plain(self) -> bool:
        """True when the plain BFS loop applies: states are their own keys, only invariants to check."""
        return (
            self.keyf is None and not self.step and not self.sometimes_pending()
            and self.constraint is None and self.graph is None and not self.options.coverage
        )

    def _bfs_plain(self) -> None:
        """`_bfs` without keys, step checks, witnesses, constraint, coverage or graph: the hot loop."""
        opts = self.options
        successors = self.model.successors
        is_terminal = self.is_terminal
        seen = self.seen
        invariants = self._invariants()
        check_deadlock = opts.check_deadlock
        progress = opts.progress
        max_states = opts.max_states
        frontier = self._frontier
        while frontier:
            if opts.max_depth is not None and self.depth >= opts.max_depth:
                self.stop_reason = "max depth"
                return
            new: list[Any] = []
            push = new.append
            transitions = 0
            for lo in range(0, len(frontier), _BATCH):
                hi = lo + _BATCH
                for state in frontier[lo:hi]:
                    succ = successors(state)
                    if type(succ) is not list:
                        succ = list(succ)
                    if not succ:
                        if check_deadlock and not is_terminal(state):
                            self.on_deadlock(state)
                        continue
                    transitions += len(succ)
                    for action, nxt in succ:
                        if nxt in seen:
                            continue
                        seen[nxt] = state
                        for chk in invariants:
                            if not chk(nxt):
                                invariants = self.on_state(state, action, nxt)[0]
                                break
                        push(nxt)
                if progress is not None:
                    progress.update(len(seen), len(frontier) - hi + len(new), self.depth)
                if max_states is not None and len(seen) >= max_states and (new or hi < len(frontier)):
                    self.transitions += transitions
                    self.stop_reason = "max states"
                    self.depth += 1 if new else 0
                    return
            self.transitions += transitions
            if new:
                self.depth += 1
            frontier = new

    def _bfs(self) -> None:
        """Level-synchronous breadth-first search, general form (keys, step checks, witnesses...)."""
        if self._plain():
            self._bfs_plain()
            return
        opts = self.options
        successors = self.model.successors
        is_terminal = self.is_terminal
        keyf = self.keyf
        seen = self.seen
        invariants, witnesses, step_checks = self._invariants(), self._witnesses(), self._steps()
        constraint = self.constraint
        check_deadlock = opts.check_deadlock
        extra = opts.coverage or self.graph is not None
        progress = opts.progress
        max_states = opts.max_states
        frontier, fkeys = self._frontier, self._fkeys
        if keyf is None:
            fkeys = frontier
        while frontier:
            if opts.max_depth is not None and self.depth >= opts.max_depth:
                self.stop_reason = "max depth"
                return
            new: list[Any] = []
            newkeys: list[Hashable] = new if keyf is None else []
            push, pushkey = new.append, newkeys.append
            for lo in range(0, len(frontier), _BATCH):
                hi = lo + _BATCH
                for state, skey in zip(frontier[lo:hi], fkeys[lo:hi], strict=True):
                    succ = successors(state)
                    if type(succ) is not list:
                        succ = list(succ)
                    if not succ:
                        if check_deadlock and not is_terminal(state):
                            self.on_deadlock(skey)
                        if extra:
                            self.on_expand(state, skey, succ)
                        continue
                    self.transitions += len(succ)
                    if extra:
                        self.on_expand(state, skey, succ)
                    for action, nxt in succ:
                        if step_checks:
                            for schk in step_checks:
                                if not schk(state, action, nxt):
                                    step_checks = self.on_step(skey, action, nxt, state)
                                    break
                        k = nxt if keyf is None else keyf(nxt)
                        if k in seen:
                            continue
                        seen[k] = skey
                        for chk in invariants:
                            if not chk(nxt):
                                invariants, witnesses = self.on_state(skey, action, nxt)
                                break
                        for chk in witnesses:
                            if chk(nxt):
                                invariants, witnesses = self.on_state(skey, action, nxt)
                                break
                        if constraint is not None and not constraint(nxt):
                            self.cut = True
                            continue
                        push(nxt)
                        if keyf is not None:
                            pushkey(k)
                if progress is not None:
                    progress.update(len(seen), len(frontier) - hi + len(new), self.depth)
                if max_states is not None and len(seen) >= max_states and (new or hi < len(frontier)):
                    self.stop_reason = "max states"
                    self.depth += 1 if new else 0
                    return
            if new:
                self.depth += 1
            frontier, fkeys = new, newkeys

    def _dfs(self) -> None:
        """Depth-first search; with a depth bound, a state reached again by a shorter path is re-expanded."""
        opts = self.options
        successors = self.model.successors
        keyf = self.key
        seen = self.seen
        invariants, witnesses, step_checks = self._invariants(), self._witnesses(), self._steps()
        constraint = self.constraint
        max_depth = opts.max_depth
        depth_of: dict[Hashable, int] = {}
        stack = [(s, k, 0) for s, k in zip(reversed(self._frontier), reversed(self._fkeys), strict=True)]
        expanded = 0
        while stack:
            state, skey, depth = stack.pop()
            if depth > self.depth:
                self.depth = depth
            if max_depth is not None and depth >= max_depth:
                self.cut = True
                continue
            succ = list(successors(state))
            expanded += 1
            if not expanded % _BATCH:
                if opts.progress is not None:
                    opts.progress.update(len(seen), len(stack), depth)
                if opts.max_states is not None and len(seen) >= opts.max_states:
                    self.stop_reason = "max states"
                    return
            if not succ and opts.check_deadlock and not self.is_terminal(state):
                self.on_deadlock(skey)
            self.transitions += len(succ)
            if opts.coverage or self.graph is not None:
                self.on_expand(state, skey, succ)
            todo = []
            for action, nxt in succ:
                for schk in step_checks:
                    if not schk(state, action, nxt):
                        step_checks = self.on_step(skey, action, nxt, state)
                        break
                k = keyf(nxt)
                if k in seen:
                    if max_depth is not None and depth + 1 < depth_of.get(k, 0):
                        seen[k] = skey  # a shorter path: expand again below the bound
                        depth_of[k] = depth + 1
                        todo.append((nxt, k, depth + 1))
                    continue
                seen[k] = skey
                if max_depth is not None:
                    depth_of[k] = depth + 1
                if any(not c(nxt) for c in invariants) or any(c(nxt) for c in witnesses):
                    invariants, witnesses = self.on_state(skey, action, nxt)
                if constraint is not None and not constraint(nxt):
                    self.cut = True
                    continue
                todo.append((nxt, k, depth + 1))
            stack.extend(reversed(todo))

    # -- verdicts --

    def _verdicts(self) -> list[Verdict]:
        complete = self._complete()
        out = []
        for p in self.props:
            if p.kind in ("always", "step"):
                if p.name in self.failed:
                    out.append(Verdict(p.name, p.kind, "fails", p.statement, self.failed[p.name]))
                else:
                    status: Status = "holds" if complete else "holds within bounds"
                    out.append(Verdict(p.name, p.kind, status, p.statement))
            elif p.kind == "sometimes":
                if p.name in self.witnessed:
                    out.append(Verdict(p.name, p.kind, "witnessed", p.statement, self.witnessed[p.name]))
                else:
                    status = "not witnessed" if complete else "not witnessed within bounds"
                    out.append(Verdict(p.name, p.kind, status, p.statement))
        if self.options.check_deadlock:
            statement = "Every reachable state has a successor or is terminal."
            if self.deadlock is not None:
                out.append(Verdict(DEADLOCK, "deadlock", "fails", statement, self.deadlock))
            else:
                status = "holds" if complete else "holds within bounds"
                out.append(Verdict(DEADLOCK, "deadlock", status, statement))
        return out

    def _coverage(self) -> Coverage:
        labels: dict[str, int] = {}
        for action, n in self.action_counts.items():
            label = action_label(self.model, action)
            labels[label] = labels.get(label, 0) + n
        declared = getattr(self.model, "action_labels", None)
        never_taken = tuple(sorted(set(declared()) - set(labels))) if declared is not None else ()
        guard_names = getattr(self.model, "guard_names", None)
        never_fired = (
            tuple(sorted(set(guard_names()) - set(self.guard_counts))) if guard_names is not None else ()
        )
        return Coverage(dict(sorted(labels.items())), dict(sorted(self.guard_counts.items())),
                        never_taken, never_fired)


def check(model: Model[Any, Any], options: CheckOptions | None = None, **kwargs: Any) -> CheckResult:
    """Explore `model` exhaustively and check its properties (options as an object or keywords)."""
    if options is None:
        options = CheckOptions(**kwargs)
    elif kwargs:
        options = attrs.evolve(options, **kwargs)
    return ExplicitChecker(model, options).run()


# -- symmetry ----------------------------------------------------------------------------------------


@attrs.frozen
class SymmetryReport:
    """States explored with and without symmetry reduction."""

    reduced: CheckResult
    full: CheckResult | None
    """The unreduced run, when asked for."""
    orbit_estimate: int | None
    """Sum of the model's ``orbit_size`` over the stored representatives, when it has the hook."""

    @property
    def unreduced_states(self) -> int | None:
        """The unreduced count: measured if the full run was made, else the orbit estimate."""
        return self.full.distinct_states if self.full is not None else self.orbit_estimate

    @property
    def factor(self) -> float | None:
        """How many times fewer states the reduced run stored."""
        full = self.unreduced_states
        return full / self.reduced.distinct_states if full is not None and self.reduced.distinct_states else None


def symmetry_reduction(
    model: Model[Any, Any], options: CheckOptions | None = None, *, full_run: bool = True
) -> SymmetryReport:
    """Check `model` with symmetry reduction (and, if `full_run`, without) and compare the counts."""
    opts = options if options is not None else CheckOptions()
    checker = ExplicitChecker(model, attrs.evolve(opts, symmetry=True))
    reduced = checker.run()
    orbit_size = getattr(model, "orbit_size", None)
    estimate = None
    if orbit_size is not None and not opts.fingerprints:
        estimate = sum(int(orbit_size(k)) for k in checker.seen)
    full = check(model, attrs.evolve(opts, symmetry=False)) if full_run else None
    return SymmetryReport(reduced, full, estimate)
