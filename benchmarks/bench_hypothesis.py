"""Benchmark of the Hypothesis state machine (`checker.testing`): steps per second, per scenario.

Usage: ``python -m benchmarks.bench_hypothesis [--examples N] [--steps N] [--scenario NAME ...]``.

For each scenario it runs the protocol machine (every applicable always and step invariant)
under a fixed, derandomized search of N examples of at most ``--steps`` steps, and reports the
transitions taken, the distinct worlds seen, the longest run, wall time and steps per second;
beside it, the model alone (seeded random walks of `successors`, no invariants, no Hypothesis)
as the ceiling.  Besides the presets it runs ``wide``: three clients, three providers, three
pieces and three sectors each over twelve epochs, far beyond what the explicit checker exhausts.
Not a timed test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence

import attrs
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from checker.testing import ProtocolMachine, protocol_machine
from model.actions import initial, successors
from model.scenario import PRESETS, FaultModel, Scenario

WIDE = attrs.evolve(
    PRESETS["deep"], name="wide",
    description="Three clients, three providers, three pieces, three sectors each, twelve epochs (benchmark only).",
    clients=3, providers=3, pieces=(256, 128, 256), sectors_per_miner=3, max_epoch=12,
    faults=FaultModel(drops=2, duplicates=1, reorder=True, storage_faults=1, seal_faults=1),
)
SCENARIOS: dict[str, Scenario] = {**PRESETS, "wide": WIDE}


@attrs.frozen
class Row:
    """One measured scenario."""

    name: str
    examples: int
    steps: int
    distinct: int
    longest: int
    seconds: float
    model_steps_per_s: float

    @property
    def steps_per_s(self) -> float:
        """Machine steps per second of wall time (invariants and Hypothesis included)."""
        return self.steps / self.seconds if self.seconds else float("inf")


def counting(machine: type[ProtocolMachine], seen: dict[str, int], worlds: set[object]) -> type[ProtocolMachine]:
    """A subclass of `machine` that tallies runs, steps, distinct worlds and the longest run."""

    class Counting(machine):  # type: ignore[valid-type, misc]
        def teardown(self) -> None:
            seen["examples"] += 1
            seen["steps"] += len(self.steps)
            seen["longest"] = max(seen["longest"], len(self.steps))
            worlds.update(w for _, w in self.steps)

    return Counting


def model_only(sc: Scenario, walks: int, depth: int, seed: int = 0) -> float:
    """Steps per second of seeded random walks over `successors` alone (the ceiling)."""
    rng = random.Random(seed)
    steps, start = 0, time.perf_counter()
    for _ in range(walks):
        world = initial(sc)
        for _ in range(depth):
            succ = list(successors(world, sc))
            if not succ:
                break
            world = rng.choice(succ)[1]
            steps += 1
    return steps / (time.perf_counter() - start)


def bench(name: str, examples: int, max_steps: int) -> Row:
    """Run the machine over scenario `name` under a fixed search and measure it."""
    sc = SCENARIOS[name]
    seen = {"examples": 0, "steps": 0, "longest": 0}
    worlds: set[object] = set()
    machine = counting(protocol_machine(sc), seen, worlds)
    fixed = settings(max_examples=examples, stateful_step_count=max_steps, derandomize=True, database=None,
                     deadline=None, suppress_health_check=list(HealthCheck))
    start = time.perf_counter()
    run_state_machine_as_test(machine, settings=fixed)
    seconds = time.perf_counter() - start
    return Row(name, seen["examples"], seen["steps"], len(worlds), seen["longest"], seconds,
               model_only(sc, walks=max(examples // 4, 10), depth=max_steps))


def print_table(rows: Sequence[Row]) -> None:
    """Print the measured rows as an aligned table."""
    print(f"{'scenario':12} {'examples':>8} {'steps':>8} {'distinct':>9} {'longest':>8} {'seconds':>8} "
          f"{'steps/s':>8} {'model-only steps/s':>19}")
    for r in rows:
        print(f"{r.name:12} {r.examples:8} {r.steps:8} {r.distinct:9} {r.longest:8} {r.seconds:8.2f} "
              f"{r.steps_per_s:8.0f} {r.model_steps_per_s:19.0f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options and print one row per scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per scenario (default 200)")
    parser.add_argument("--steps", type=int, default=100, help="most steps per example (default 100)")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS),
                        help="scenarios to run (default: every preset and wide)")
    args = parser.parse_args(argv)
    print_table([bench(name, args.examples, args.steps) for name in args.scenario or SCENARIOS])


if __name__ == "__main__":
    main()
