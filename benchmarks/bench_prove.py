"""Benchmark of the Z3 prover and BMC: per-pair times and totals.

Usage: ``python -m benchmarks.bench_prove [SCENARIO ...] [--per-shape K] [--workers N ...] [--top N]``.

For each scenario (default: tiny, default) it runs `checker.prover.prove` with each worker count
(default: 1 and 2), printing the slowest (invariant, action) pairs with their instance counts and
times, then totals: shapes, obligations, wall and CPU time, and the speed-up of the extra workers.
A BMC row (`checker.bmc`, 8 steps) follows.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from collections.abc import Sequence

from checker import bmc, prover
from model.scenario import resolve


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench_scenario(name: str, workers: Sequence[int], per_shape: int, top: int) -> None:
    """Prove every invariant of one scenario with each worker count; print pairs and totals."""
    sc = resolve(name)
    walls: dict[int, float] = {}
    for n in workers:
        cpu0, t0 = _cpu(), time.perf_counter()
        report = prover.prove(sc, workers=n, per_shape=per_shape)
        walls[n] = time.perf_counter() - t0
        cpu = _cpu() - cpu0
        t = report.totals()
        if n == workers[0]:
            rows = sorted(report.rows(), key=lambda r: -r.seconds)[:top]
            print(f"\n{name}: slowest {len(rows)} (invariant, action) pairs")
            print(f"  {'invariant':34} {'action':24} {'verdict':15} {'instances':>9} {'seconds':>8}")
            for r in rows:
                print(f"  {r.invariant:34} {r.action:24} {r.verdict:15} {r.instances:9} {r.seconds:8.3f}")
        print(f"{name}: workers={n} shapes={report.shapes} obligations={t['obligations']} rows={t['rows']} "
              f"PROVED={t['PROVED']} CEX={t['COUNTEREXAMPLE']} UNKNOWN={t['UNKNOWN']} "
              f"wall={walls[n]:.2f}s cpu={cpu:.2f}s")
    if len(walls) > 1:
        base = walls[workers[0]]
        print(f"{name}: speed-up " + ", ".join(f"{n} workers ×{base / w:.2f}" for n, w in walls.items()))


def bench_bmc(name: str, steps: int) -> None:
    """One BMC run: nodes, pruned branches, time."""
    t0 = time.perf_counter()
    result = bmc.bmc(resolve(name), steps)
    print(f"bmc {name} --steps {steps}: nodes={result.nodes} pruned={result.pruned} "
          f"violation={result.violation.invariant if result.violation else None} wall={time.perf_counter() - t0:.2f}s")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and run the benchmark."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("scenarios", nargs="*", default=["tiny", "default"])
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--per-shape", type=int, default=2)
    p.add_argument("--top", type=int, default=12)
    p.add_argument("--bmc-steps", type=int, default=8)
    args = p.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    for name in args.scenarios:
        bench_scenario(name, args.workers, args.per_shape, args.top)
        bench_bmc(name, args.bmc_steps)


if __name__ == "__main__":
    main()
