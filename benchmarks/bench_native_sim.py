"""Benchmark: random simulation with ideal proofs against native proofs (prints figures; not a test).

    .venv/bin/python -m benchmarks.bench_native_sim                     # default scenario, 200 × 60
    .venv/bin/python -m benchmarks.bench_native_sim deep --traces 50    # any preset

Figures per port: walks, steps, steps per second, and for the native port the real work done
(CommP, CommD, PIPs made and checked, seals, VerifySeal, signatures) and the answers served from
its memo tables.  Both ports take the same walks for the same seed, so the step counts agree.
"""

from __future__ import annotations

import argparse
from typing import Any

from checker.protocol_model import ProtocolModel
from checker.simulate import simulate
from model.proofs import IDEAL
from model.scenario import resolve
from proofs_native.port import NativeProofs


def run(scenario: str, proofs: Any, traces: int, depth: int, seed: int) -> tuple[int, float, bool]:
    """Steps, steps per second and whether every checked property held."""
    sc = resolve(scenario)
    model = ProtocolModel(sc, proofs=proofs)
    props = [p.name for p in model.properties() if p.kind != "eventually"]
    result = simulate(model, traces=traces, depth=depth, seed=seed, properties=props)
    return result.steps, result.steps_per_second, result.ok


def main() -> None:
    """Run both ports on one scenario and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="default")
    parser.add_argument("--traces", type=int, default=200)
    parser.add_argument("--depth", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    native = NativeProofs(resolve(args.scenario), seed=args.seed)
    for name, port in (("ideal", IDEAL), ("native", native)):
        steps, rate, ok = run(args.scenario, port, args.traces, args.depth, args.seed)
        print(f"{name:6} {args.scenario}: {steps} steps, {rate:8.0f} steps/s, {'ok' if ok else 'FAILS'}")
    print("real work:  " + ", ".join(f"{k} {v}" for k, v in sorted(native.counts.items())))
    print("cache hits: " + ", ".join(f"{k} {v}" for k, v in sorted(native.cache_hits.items())))


if __name__ == "__main__":
    main()
