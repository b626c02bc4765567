"""Multi-process explicit-state checking: hash-partitioned, level-synchronous BFS.

Design (chosen by measurement on CPython, where threads cannot share the interpreter):

- ``W`` worker processes are forked, so they inherit the model without pickling it.  Worker
  ``w`` *owns* every state whose key hashes to ``w`` modulo ``W``: it alone keeps those states'
  visited set, checks them against the ``always`` properties and expands them.
- BFS proceeds level by level.  During a level each worker expands its frontier; successors
  it owns are looked up and inserted at once, successors owned by another worker are collected
  in a per-destination *set* (which already removes the many duplicates one level produces).
  At the end of the level each worker sends each other worker one batch (a
  `multiprocessing.Queue`, whose feeder thread pickles while the worker goes on), then takes
  its incoming batches, keeps the states it has not seen, and reports to the coordinator.
- The coordinator (the calling process) only counts and decides: go on, or stop (no frontier
  left, depth or state bound, first violation).

So the cross-process traffic is one pickled list of states per level and pair of workers,
instead of one message per state; with two cores and the paych-lanes model the speed-up is
printed by ``benchmarks/bench_checker.py``.  Counts are the same as the single-process run's:
every distinct state is expanded exactly once, by its owner.

Workers keep no parent links.  When something fails, the counterexamples are rebuilt by the
single-process checker, bounded at the depth of the deepest failure (shortest traces, at the
cost of re-exploring that far).  ``sometimes`` witnesses are reported without a trace.
Coverage, graph keeping and ``eventually`` properties need the single-process checker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Hashable
from typing import Any

import attrs

from checker.contract import Model, Trace
from checker.explicit import (
    DEADLOCK,
    CheckOptions,
    CheckResult,
    Status,
    Verdict,
    _key_function,
    check,
    model_name,
    select_properties,
)
from spec.errors import InputError


def _worker(me: int, workers: int, model: Model[Any, Any], options: CheckOptions,
            inboxes: list[Any], control: Any, results: Any) -> None:
    """Run `_explore_partition`, reporting an exception to the coordinator instead of hanging it."""
    try:
        _explore_partition(me, workers, model, options, inboxes, control, results)
    except BaseException:
        import traceback

        results.put((me, "error", traceback.format_exc()))


def _explore_partition(
    me: int, workers: int, model: Model[Any, Any], options: CheckOptions,
    inboxes: list[Any], control: Any, results: Any,
) -> None:
    """One worker: expand the states it owns, level by level, until the coordinator says stop."""
    props = select_properties(model, options.properties)
    invariants = [(p.name, p.check) for p in props if p.kind == "always"]
    witnesses = [(p.name, p.check) for p in props if p.kind == "sometimes"]
    step_checks = [(p.name, p.check) for p in props if p.kind == "step"]
    keyf = _key_function(model, options)
    constraint = options.constraint or getattr(model, "within_bound", None)
    is_terminal: Callable[[Any], Any] = getattr(model, "is_terminal", None) or (lambda s: False)
    successors = model.successors
    seen: set[Hashable] = set()
    findings: dict[str, tuple[int, Any]] = {}
    witnessed: set[str] = set()
    cut = False
    transitions = 0
    depth = 0

    def admit(state: Any, frontier: list[Any]) -> None:
        """Check a state new to this worker and queue it for expansion."""
        nonlocal cut, invariants, witnesses
        for name, chk in invariants:
            if not chk(state):
                findings.setdefault(name, (depth, state))
        if findings:
            invariants = [(n, c) for n, c in invariants if n not in findings]
        for name, chk in witnesses:
            if chk(state):
                witnessed.add(name)
        if witnessed:
            witnesses = [(n, c) for n, c in witnesses if n not in witnessed]
        if constraint is not None and not constraint(state):
            cut = True
            return
        frontier.append(state)

    frontier: list[Any] = []
    for state in model.initial_states():
        k = state if keyf is None else keyf(state)
        if hash(k) % workers == me and k not in seen:
            seen.add(k)
            admit(state, frontier)
    results.put((me, "level", len(frontier), len(seen), transitions, dict(findings), sorted(witnessed), cut))
    while control.get() == "go":
        depth += 1
        outboxes: list[set[Any]] = [set() for _ in range(workers)]
        send = [o.add for o in outboxes]
        new: list[Any] = []
        push = new.append
        add = seen.add
        check_invariants = bool(invariants)
        for state in frontier:
            succ = successors(state)
            if type(succ) is not list:
                succ = list(succ)
            if not succ:
                if options.check_deadlock and not is_terminal(state):
                    findings.setdefault(DEADLOCK, (depth - 1, state))
                continue
            transitions += len(succ)
            for action, nxt in succ:
                if step_checks:
                    for name, schk in step_checks:
                        if name not in findings and not schk(state, action, nxt):
                            findings[name] = (depth, nxt)
                k = nxt if keyf is None else keyf(nxt)
                owner = hash(k) % workers
                if owner != me:
                    send[owner](nxt)
                    continue
                if k in seen:
                    continue
                add(k)
                if check_invariants or witnesses or constraint is not None:
                    admit(nxt, new)
                    check_invariants = bool(invariants)
                else:
                    push(nxt)
        for other in range(workers):
            if other != me:
                inboxes[other].put(list(outboxes[other]))
        for _ in range(workers - 1):
            for nxt in inboxes[me].get():
                k = nxt if keyf is None else keyf(nxt)
                if k not in seen:
                    add(k)
                    admit(nxt, new)
        frontier = new
        results.put((me, "level", len(frontier), len(seen), transitions, dict(findings), sorted(witnessed),
                     cut))


@attrs.frozen
class _Report:
    frontier: int
    seen: int
    transitions: int
    findings: dict[str, tuple[int, Any]]
    witnessed: list[str]
    cut: bool


def parallel_check(
    model: Model[Any, Any], options: CheckOptions | None = None, *, workers: int | None = None,
    **kwargs: Any,
) -> CheckResult:
    """Explore `model` with `workers` processes (default: CPU count); same counts as `check`."""
    opts = options if options is not None else CheckOptions()
    if kwargs:
        opts = attrs.evolve(opts, **kwargs)
    workers = workers or os.cpu_count() or 1
    props = select_properties(model, opts.properties)
    if opts.strategy != "bfs":
        raise InputError("the multi-process checker explores breadth-first only")
    if opts.coverage or opts.keep_graph or any(p.kind == "eventually" for p in props):
        raise InputError("coverage, graph export and eventually-properties need the single-process checker")
    _key_function(model, opts)  # fail early on symmetry without canonical
    ctx = mp.get_context("fork")
    inboxes = [ctx.Queue() for _ in range(workers)]
    controls = [ctx.SimpleQueue() for _ in range(workers)]
    results = ctx.Queue()
    start = time.perf_counter()
    procs = [
        ctx.Process(target=_worker, args=(w, workers, model, opts, inboxes, controls[w], results), daemon=True)
        for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    depth = 0
    stop_reason = "complete"
    reports: dict[int, _Report] = {}
    try:
        while True:
            for _ in range(workers):
                me, kind, *fields = results.get()
                if kind == "error":
                    raise RuntimeError(f"parallel worker {me} failed:\n{fields[0]}")
                reports[me] = _Report(*fields)
            frontier = sum(r.frontier for r in reports.values())
            seen = sum(r.seen for r in reports.values())
            failed = {n for r in reports.values() for n in r.findings}
            if opts.progress is not None:
                opts.progress.update(seen, frontier, depth)
            if not frontier:
                break
            if opts.stop_at_first and failed:
                stop_reason = "first violation"
                break
            if opts.max_depth is not None and depth >= opts.max_depth:
                stop_reason = "max depth"
                break
            if opts.max_states is not None and seen >= opts.max_states:
                stop_reason = "max states"
                break
            for c in controls:
                c.put("go")
            depth += 1
    except BaseException:
        for proc in procs:  # a worker may wait forever for a failed peer's batch: end them all
            proc.terminate()
        raise
    finally:
        for c in controls:
            c.put("stop")
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():  # pragma: no cover - a worker stuck on a full pipe
                proc.terminate()
    elapsed = time.perf_counter() - start
    if opts.progress is not None:
        opts.progress.finish(seen, depth)
    transitions = sum(r.transitions for r in reports.values())
    cut = any(r.cut for r in reports.values())
    findings: dict[str, tuple[int, Any]] = {}
    for r in reports.values():
        for name, (d, state) in r.findings.items():
            if name not in findings or d < findings[name][0]:
                findings[name] = (d, state)
    witnessed = {n for r in reports.values() for n in r.witnessed}
    complete = stop_reason == "complete" and not cut
    traces = _rebuild_traces(model, opts, findings)
    keyf = _key_function(model, opts)
    n_initial = len({s if keyf is None else keyf(s) for s in model.initial_states()})
    if not frontier and depth > 0:
        depth -= 1  # the last level produced nothing new
    verdicts = []
    for p in props:
        status: Status
        if p.kind == "sometimes":
            status = "witnessed" if p.name in witnessed else (
                "not witnessed" if complete else "not witnessed within bounds")
        else:
            status = "fails" if p.name in findings else ("holds" if complete else "holds within bounds")
        verdicts.append(Verdict(p.name, p.kind, status, p.statement, traces.get(p.name)))
    if opts.check_deadlock:
        status = "fails" if DEADLOCK in findings else ("holds" if complete else "holds within bounds")
        verdicts.append(Verdict(DEADLOCK, "deadlock", status,
                                "Every reachable state has a successor or is terminal.", traces.get(DEADLOCK)))
    return CheckResult(
        model_name=model_name(model), strategy="bfs", distinct_states=seen, transitions=transitions,
        initial_states=n_initial, max_depth=depth, complete=complete, stop_reason=stop_reason,
        verdicts=tuple(verdicts), elapsed=elapsed, symmetry=opts.symmetry, fingerprints=opts.fingerprints,
        workers=workers,
    )


def _rebuild_traces(model: Model[Any, Any], opts: CheckOptions,
                    findings: dict[str, tuple[int, Any]]) -> dict[str, Trace[Any, Any]]:
    """Shortest traces for the failures, from a single-process run bounded at their depth."""
    if not findings:
        return {}
    names = tuple(n for n in findings if n != DEADLOCK)
    bound = max(d for d, _ in findings.values()) + (1 if DEADLOCK in findings else 0)
    rerun = check(model, attrs.evolve(opts, properties=names, max_depth=bound, progress=None,
                                      check_deadlock=DEADLOCK in findings, stop_at_first=False))
    return {v.name: v.trace for v in rerun.verdicts if v.status == "fails" and v.trace is not None}
