"""What checking every invariant costs next to computing a state's successors.

Usage: ``python -m benchmarks.bench_invariants [SCENARIO] [--states N]``.

Takes the first N states of a breadth-first exploration of the scenario (default: `default`),
then times, over the same states and in one run: computing each state's successors; evaluating
every ``always`` invariant on each state; evaluating every ``step`` property on each transition.
Prints the per-state costs and their ratio, and the costliest invariants.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import deque
from collections.abc import Sequence

from invariants import REGISTRY, Ctx
from model.actions import initial, successors
from model.scenario import resolve


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", nargs="?", default="default")
    parser.add_argument("--states", type=int, default=20_000)
    args = parser.parse_args(argv)
    sc = resolve(args.scenario)
    ctx = Ctx(sc)
    w0 = initial(sc)
    seen = {w0}
    queue = deque([w0])
    sample = []
    while queue and len(sample) < args.states:
        w = queue.popleft()
        sample.append(w)
        for _, n in successors(w, sc):
            if n not in seen:
                seen.add(n)
                queue.append(n)
    always = [i for i in REGISTRY.values() if i.kind == "always" and i.applies_to(sc)]
    steps = [i for i in REGISTRY.values() if i.kind == "step" and i.applies_to(sc)]

    t = time.perf_counter()
    transitions = [(w, a, n) for w in sample for a, n in successors(w, sc)]
    succ_s = time.perf_counter() - t

    per_inv = {}
    t = time.perf_counter()
    for inv in always:
        t1 = time.perf_counter()
        for w in sample:
            inv.predicate(w, ctx)
        per_inv[inv.name] = time.perf_counter() - t1
    always_s = time.perf_counter() - t
    t = time.perf_counter()
    for inv in steps:
        t1 = time.perf_counter()
        for w, a, n in transitions:
            inv.predicate(w, a, n, ctx)
        per_inv[inv.name] = time.perf_counter() - t1
    step_s = time.perf_counter() - t

    n = len(sample)
    print(f"scenario {sc.name}: {n:,} states, {len(transitions):,} transitions")
    print(f"  successors:                  {succ_s / n * 1e6:8.1f} µs per state")
    print(f"  {len(always)} always invariants:       {always_s / n * 1e6:8.1f} µs per state")
    print(f"  {len(steps)} step properties:          {step_s / n * 1e6:8.1f} µs per state "
          f"({step_s / max(1, len(transitions)) * 1e6:.1f} µs per transition)")
    print(f"  invariants / successors:     {(always_s + step_s) / succ_s:8.2f}x")
    print("  costliest:", ", ".join(f"{k} {v / n * 1e6:.1f} µs" for k, v in
                                    sorted(per_inv.items(), key=lambda kv: -kv[1])[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
