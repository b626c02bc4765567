"""Random simulation: seeded random walks through a model, checking the same properties.

`simulate(model, traces=N, depth=D, seed=S)` runs N walks of at most D steps.  Walk ``i`` draws
from its own ``random.Random(f"{seed}/{i}")`` (never the global RNG), so any walk can be
re-run alone with `walk(model, seed, i, depth)`, and a whole run is reproduced by its seed.
Every state is checked against the ``always`` properties, every step against the ``step``
properties, ``sometimes`` properties are marked witnessed, and a non-terminal state without
successors is a deadlock.  Simulation never explores everything, so a property that is not
broken "holds within bounds"; ``eventually`` properties are left to the explicit checker.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from typing import Any

import attrs

from checker.contract import Model, Property, Trace
from checker.explicit import DEADLOCK, Status, Verdict, model_name, select_properties
from checker.progress import Progress


@attrs.frozen
class Finding:
    """Where a simulated failure (or witness) came from: enough to re-run it."""

    name: str
    seed: int
    trace_index: int
    trace: Trace[Any, Any]


@attrs.frozen
class SimulationResult:
    """Counts, verdicts and the replayable findings of a simulation run."""

    model_name: str
    seed: int
    traces: int
    """Walks run (fewer than asked when stopped at the first violation)."""
    depth: int
    steps: int
    """Transitions taken over all walks."""
    distinct_states: int
    """Distinct states visited over all walks (by hash)."""
    verdicts: tuple[Verdict, ...]
    findings: tuple[Finding, ...]
    elapsed: float

    @property
    def steps_per_second(self) -> float:
        """Steps per second of wall time."""
        return self.steps / self.elapsed if self.elapsed > 0 else float("inf")

    @property
    def ok(self) -> bool:
        """True when no property failed."""
        return all(v.outcome != "fail" for v in self.verdicts)

    def verdict(self, name: str) -> Verdict:
        """The verdict of the property called `name`."""
        return next(v for v in self.verdicts if v.name == name)

    def finding(self, name: str) -> Finding | None:
        """The seed and walk index that broke (or witnessed) `name`, if any."""
        return next((f for f in self.findings if f.name == name), None)

    def summary_fields(self) -> dict[str, Any]:
        """Fields for the JSON summary (see `checker.reports.summary_json`)."""
        return {
            "engine": "simulate", "model": self.model_name, "seed": self.seed, "traces": self.traces,
            "depth": self.depth, "steps": self.steps, "distinct_states": self.distinct_states,
            "steps_per_s": round(self.steps_per_second, 1),
            "findings": [{"property": f.name, "seed": f.seed, "trace_index": f.trace_index,
                          "trace_length": len(f.trace)} for f in self.findings],
        }


def rng_for(seed: int, index: int) -> random.Random:
    """The random generator of walk `index` of a run seeded with `seed`."""
    return random.Random(f"{seed}/{index}")


def walk(model: Model[Any, Any], seed: int, index: int, depth: int) -> Trace[Any, Any]:
    """Re-run walk `index` of the run seeded `seed` without checks: the whole walk the run took."""
    rng = rng_for(seed, index)
    state = init = rng.choice(list(model.initial_states()))
    steps: list[tuple[Any, Any]] = []
    for _ in range(depth):
        succ = list(model.successors(state))
        if not succ:
            break
        action, state = rng.choice(succ)
        steps.append((action, state))
    return Trace(init, tuple(steps))


def simulate(
    model: Model[Any, Any],
    *,
    traces: int = 100,
    depth: int = 100,
    seed: int = 0,
    properties: Iterable[str] | None = None,
    stop_at_first: bool = False,
    check_deadlock: bool = True,
    progress: Progress | None = None,
) -> SimulationResult:
    """Run `traces` seeded random walks of at most `depth` steps, checking the properties."""
    props = select_properties(model, properties)
    always = [p for p in props if p.kind == "always"]
    step_props = [p for p in props if p.kind == "step"]
    sometimes = [p for p in props if p.kind == "sometimes"]
    is_terminal = getattr(model, "is_terminal", None) or (lambda s: False)
    initial = list(model.initial_states())
    successors = model.successors
    found: dict[str, Finding] = {}
    visited: set[int] = set()
    steps_total = 0
    start = time.perf_counter()
    runs = 0

    def record(name: str, index: int, init: Any, path: list[tuple[Any, Any]]) -> None:
        if name not in found:
            found[name] = Finding(name, seed, index, Trace(init, tuple(path)))

    for index in range(traces):
        runs += 1
        rng = rng_for(seed, index)
        choice = rng.choice
        state = init = choice(initial)
        path: list[tuple[Any, Any]] = []
        visited.add(hash(state))
        _check_state(always, sometimes, state, index, init, path, found, record)
        for _ in range(depth):
            succ = successors(state)
            if type(succ) is not list:
                succ = list(succ)
            if not succ:
                if check_deadlock and not is_terminal(state):
                    record(DEADLOCK, index, init, path)
                break
            action, nxt = choice(succ)
            path.append((action, nxt))
            for p in step_props:
                if not p.check(state, action, nxt):
                    record(p.name, index, init, path)
            state = nxt
            visited.add(hash(state))
            _check_state(always, sometimes, state, index, init, path, found, record)
        steps_total += len(path)
        if progress is not None:
            progress.update(len(visited), traces - index - 1, len(path))
        if stop_at_first and any(_fails(name, sometimes) for name in found):
            break
    elapsed = time.perf_counter() - start
    if progress is not None:
        progress.finish(len(visited), depth)
    verdicts = []
    for p in props:
        if p.kind == "eventually":
            continue
        f = found.get(p.name)
        status: Status
        if p.kind == "sometimes":
            status = "witnessed" if f else "not witnessed within bounds"
        else:
            status = "fails" if f else "holds within bounds"
        verdicts.append(Verdict(p.name, p.kind, status, p.statement, f.trace if f else None))
    if check_deadlock:
        f = found.get(DEADLOCK)
        verdicts.append(Verdict(DEADLOCK, "deadlock", "fails" if f else "holds within bounds",
                                "Every reachable state has a successor or is terminal.",
                                f.trace if f else None))
    return SimulationResult(
        model_name=model_name(model), seed=seed, traces=runs, depth=depth, steps=steps_total,
        distinct_states=len(visited), verdicts=tuple(verdicts),
        findings=tuple(found.values()), elapsed=elapsed,
    )


def _fails(name: str, sometimes: list[Property[Any, Any]]) -> bool:
    return all(p.name != name for p in sometimes)


def _check_state(always: list[Property[Any, Any]], sometimes: list[Property[Any, Any]], state: Any,
                 index: int, init: Any, path: list[tuple[Any, Any]], found: dict[str, Finding],
                 record: Any) -> None:
    for p in always:
        if not p.check(state):
            record(p.name, index, init, path)
    for p in sometimes:
        if p.name not in found and p.check(state):
            record(p.name, index, init, path)
