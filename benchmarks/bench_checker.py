"""Benchmark of the explicit-state checker: filspec against a minimal hand-written loop.

Usage: ``python -m benchmarks.bench_checker [--quick] [--workers N] [--repeat N]``.

For each model it measures, each in a fresh interpreter (``spawn``) so that memory figures do
not inherit anything: filspec's BFS (invariants checked, traces available), the same with
fingerprints instead of states, with symmetry reduction, with N worker processes, and the
model's minimal loop when there is one (tuples, a set, a deque).  Memory is the growth of the
process's peak resident set (``VmHWM`` from ``/proc/self/status``, minus ``VmRSS`` before the
run), i.e. RSS, not tracemalloc; for the multi-process row it is the coordinator's only.

Add a model with `bench(model, label)` (and `print_table`); the protocol's built-in scenarios are
measured by `bench_protocol` (``--protocol tiny default``, the default unless ``--quick``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import pickle
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from benchmarks.paych_lanes import LARGER, PINNED, PaychLanes, PaychParams, minimal_loop
from checker.explicit import CheckOptions, check
from checker.parallel import parallel_check


@attrs.frozen
class Row:
    """One measured run."""

    label: str
    variant: str
    states: int
    transitions: int
    seconds: float
    peak_mb: float | None
    ok: bool = True
    cpu_seconds: float = float("nan")
    """CPU time of the measuring process and its children (less sensitive to other load)."""

    @property
    def states_per_second(self) -> float:
        """Distinct states per second."""
        return self.states / self.seconds if self.seconds > 0 else float("inf")

    @property
    def mb_per_million(self) -> float | None:
        """Peak memory growth per million distinct states."""
        return self.peak_mb / self.states * 1e6 if self.peak_mb is not None and self.states else None


def _rss_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _cpu() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _child(job: Callable[[], tuple[int, int, bool]], out: Any) -> None:
    """Run one measurement in this fresh process and send back (states, transitions, ok, s, MB, cpu s)."""
    try:  # a forked child inherits its parent's peak: "5" resets VmHWM to the current RSS (Linux)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass
    base = _rss_mb("VmRSS")
    cpu = _cpu()
    start = time.perf_counter()
    states, transitions, ok = job()
    seconds = time.perf_counter() - start
    out.send((states, transitions, ok, seconds, _rss_mb("VmHWM") - base, _cpu() - cpu))


Measurement = tuple[int, int, bool, float, float, float]


def measure(job: Callable[[], tuple[int, int, bool]]) -> Measurement:
    """Run `job` (returning (states, transitions, ok)) in a fresh process; add s, MB, CPU s.

    A fresh interpreter (``spawn``) when the job pickles; otherwise (models holding functions that
    do not pickle) a forked child, whose inherited peak RSS is reset before measuring.
    """
    ctx: mp.context.SpawnContext | mp.context.ForkContext
    try:
        pickle.dumps(job)
        ctx = mp.get_context("spawn")
    except Exception:
        ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(job, send))
    proc.start()
    result: Measurement = recv.recv()
    proc.join()
    return result


@attrs.frozen
class _Check:
    """A picklable job: filspec's checker with some options (single or multi-process)."""

    model: Any
    options: CheckOptions
    workers: int = 1

    def __call__(self) -> tuple[int, int, bool]:
        if self.workers > 1:
            r = parallel_check(self.model, self.options, workers=self.workers)
        else:
            r = check(self.model, self.options)
        return r.distinct_states, r.transitions, r.ok


@attrs.frozen
class _Minimal:
    """A picklable job: the paych-lanes minimal loop."""

    params: PaychParams

    def __call__(self) -> tuple[int, int, bool]:
        states, transitions = minimal_loop(self.params)
        return states, transitions, True


def bench(
    model: Any, label: str, *, minimal: Callable[[], tuple[int, int, bool]] | None = None,
    workers: int = 2, repeat: int = 1, options: CheckOptions | None = None,
    out: Callable[[str], None] | None = None,
) -> list[Row]:
    """Measure filspec (plain, fingerprints, symmetry if the model has it, multi-process) and a baseline."""
    opts = options if options is not None else CheckOptions()
    jobs: list[tuple[str, Callable[[], tuple[int, int, bool]]]] = [
        ("filspec bfs", _Check(model, opts)),
        ("filspec bfs, fingerprints", _Check(model, attrs.evolve(opts, fingerprints=True))),
    ]
    if getattr(model, "canonical", None) is not None:
        jobs.append(("filspec bfs, symmetry", _Check(model, attrs.evolve(opts, symmetry=True))))
    if workers > 1:
        jobs.append((f"filspec {workers} processes", _Check(model, opts, workers)))
    if minimal is not None:
        jobs.append(("minimal loop", minimal))
    rows = []
    for variant, job in jobs:
        best = None
        for _ in range(repeat):
            got = measure(job)
            if best is None or got[3] < best[3]:
                best = got
        assert best is not None
        states, transitions, ok, seconds, mb, cpu = best
        peak = None if "processes" in variant else mb
        rows.append(Row(label, variant, states, transitions, seconds, peak, ok, cpu))
        if out is not None:
            out(f"  measured {label} / {variant}: {seconds:.2f}s")
    return rows


def print_table(rows: Sequence[Row], write: Callable[[str], None] = print) -> None:
    """Print the rows as a table, then per label the ratios (minimal, symmetry, speed-up)."""
    header = (f"{'model':<34} {'variant':<26} {'states':>10} {'transitions':>12} {'wall s':>8} "
              f"{'cpu s':>7} {'states/s':>10} {'peak MB':>8} {'MB/M st':>8}")
    write(header)
    write("-" * len(header))
    for r in rows:
        mb = f"{r.peak_mb:8.1f}" if r.peak_mb is not None else f"{'n/a':>8}"
        per = f"{r.mb_per_million:8.1f}" if r.mb_per_million is not None else f"{'n/a':>8}"
        write(f"{r.label:<34} {r.variant:<26} {r.states:>10,} {r.transitions:>12,} {r.seconds:>8.2f} "
              f"{r.cpu_seconds:>7.2f} {r.states_per_second:>10,.0f} {mb} {per}")
    write("")
    for label in dict.fromkeys(r.label for r in rows):
        by = {r.variant: r for r in rows if r.label == label}
        base = by["filspec bfs"]
        notes = []
        if "minimal loop" in by:
            m = by["minimal loop"]
            same = (m.states, m.transitions) == (base.states, base.transitions)
            notes.append(f"time filspec/minimal = {base.seconds / m.seconds:.2f}x wall, "
                         f"{base.cpu_seconds / m.cpu_seconds:.2f}x CPU (counts {'agree' if same else 'DIFFER'})")
        if "filspec bfs, symmetry" in by:
            s = by["filspec bfs, symmetry"]
            notes.append(f"symmetry: {base.states:,} -> {s.states:,} states "
                         f"({base.states / s.states:.1f}x fewer, {base.seconds / s.seconds:.1f}x faster)")
        multi = [r for v, r in by.items() if "processes" in v]
        for m in multi:
            same = (m.states, m.transitions) == (base.states, base.transitions)
            speed = base.seconds / m.seconds
            verdict = ("faster than one core" if speed > 1.05 else "about as fast as one core" if speed > 0.95
                       else "NOT faster than one core on this machine")
            notes.append(f"{m.variant}: speed-up {speed:.2f}x wall, {verdict}; total CPU "
                         f"{m.cpu_seconds / base.cpu_seconds:.2f}x one core's (counts {'agree' if same else 'DIFFER'})")
        write(f"{label}:")
        for note in notes:
            write(f"  - {note}")


def bench_protocol(name: str, *, workers: int = 2, repeat: int = 1) -> list[Row]:
    """Measure the protocol model on a built-in scenario (safety properties: the multi-process engine's scope)."""
    from checker.protocol_model import ProtocolModel
    from model.scenario import resolve

    model = ProtocolModel(resolve(name))
    safety = tuple(p.name for p in model.properties() if p.kind in ("always", "step"))
    opts = CheckOptions(properties=safety, check_deadlock=False)
    return bench(model, f"protocol {name}", workers=workers, repeat=repeat, options=opts,
                 out=lambda s: print(s, file=sys.stderr))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the paych-lanes benchmark at both sizes (or the small one with --quick) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the pinned size only (203,540 states)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the multi-process row")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row (the fastest is kept)")
    parser.add_argument("--protocol", nargs="*", default=["tiny", "default"], metavar="SCENARIO",
                        help="protocol scenarios to measure too (default: tiny default; none with --quick)")
    args = parser.parse_args(argv)
    if args.quick and "--protocol" not in (argv if argv is not None else sys.argv):
        args.protocol = []
    sizes: list[PaychParams] = [PINNED] if args.quick else [PINNED, LARGER]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {load:.2f} at start (other processes share these cores)")
    print("memory: growth of peak RSS (VmHWM) in a fresh process per row; not tracemalloc")
    rows: list[Row] = []
    for params in sizes:
        model = PaychLanes(params)
        label = f"paych N={params.n} NONCE={params.maxnonce} AMT={params.maxamt} BAL={params.initbal}..{params.maxbal}"
        rows += bench(model, label, minimal=_Minimal(params), workers=args.workers, repeat=args.repeat,
                      out=lambda s: print(s, file=sys.stderr))
    for name in args.protocol:
        rows += bench_protocol(name, workers=args.workers, repeat=args.repeat)
    print()
    print_table(rows)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
