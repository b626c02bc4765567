"""`filspec prove`: every invariant is preserved by every action (Z3, on the model's own code).

filspec prove [SCENARIO] [--invariant NAME]... [--timeout-ms MS] [--per-shape K] [--workers N] [--json]
              [--out DIR] [--verbose]

For each (invariant, action instance) of the scenario's reached identity shapes, with every
quantity a Z3 integer: assume the invariants and lemmas and the action's guard on the pre-state,
run the action, and check the invariant on the post-state (see `checker.prover`).  Initial states
are checked too.  `sometimes`/`eventually` properties are not inductive properties: skipped.

Exit: 0 all PROVED, 1 a COUNTEREXAMPLE (saved as ITF under --out), 2 bad input, 3 only UNKNOWNs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from checker import prover
from checker.itf import trace_to_itf, write_itf
from checker.protocol_model import state_to_repr
from invariants import select
from model.scenario import resolve, to_dict
from spec.errors import InputError

SUMMARY_DIR = Path(".filspec")


def register(sub: Any) -> None:
    """Add the `prove` subcommand."""
    p = sub.add_parser("prove", help="prove the invariants inductive for every action (Z3)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="?", help="a preset (tiny, default, ...) or a scenario .toml (default: default)")
    p.add_argument("--invariant", action="append", metavar="NAME", help="prove only this invariant (repeatable)")
    p.add_argument("--timeout-ms", type=int, default=10_000, help="solver time limit per obligation (default 10000)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    p.add_argument("--per-shape", type=int, default=2, metavar="K",
                   help="concrete states expanded per shape when collecting shapes (0: all; default 2)")
    p.add_argument("--closure", action="store_true", help="explore shapes symbolically until closed (slower)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON (also written to .filspec/)")
    p.add_argument("--out", default="counterexamples", help="directory for counterexample ITF files")
    p.add_argument("--verbose", action="store_true", help="list every action instance, not just the groups")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the prover and print the table; return the exit code."""
    sc = resolve(args.scenario)
    if args.timeout_ms <= 0:
        raise InputError("--timeout-ms must be positive", where="filspec prove")
    if args.per_shape < 0 or (args.workers is not None and args.workers < 1):
        raise InputError("--per-shape must be ≥ 0 and --workers ≥ 1", where="filspec prove")
    names = select(args.invariant) if args.invariant else None
    report = prover.prove(sc, [i.name for i in names] if names else None, timeout_ms=args.timeout_ms,
                          workers=args.workers, closure=args.closure, per_shape=args.per_shape)
    files = _save_counterexamples(sc, report, Path(args.out))
    summary = to_json(report)
    SUMMARY_DIR.mkdir(exist_ok=True)
    (SUMMARY_DIR / f"prove-{sc.name}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _print_table(report, args.verbose)
        _print_counterexamples(sc, report, files)
    return exit_code(report)


def exit_code(report: prover.ProveReport) -> int:
    """0 all proved, 1 a counterexample, 3 only unknowns."""
    totals = report.totals()
    if totals["COUNTEREXAMPLE"]:
        return 1
    return 3 if totals["UNKNOWN"] else 0


def to_json(report: prover.ProveReport) -> dict[str, Any]:
    """The summary: one result per (invariant, action) row, and totals."""
    return {
        "command": "prove", "scenario": report.scenario,
        "results": [{"invariant": r.invariant, "action": r.action, "verdict": r.verdict, "instances": r.instances,
                     "seconds": round(r.seconds, 4)} for r in report.rows()],
        "totals": {**report.totals(), "shapes": report.shapes, "workers": report.workers,
                   "seconds": round(report.seconds, 3), "complete": report.complete,
                   "skipped": list(report.skipped)},
    }


def _print_table(report: prover.ProveReport, verbose: bool) -> None:
    """The table of rows (and with `verbose`, every obligation that was not trivially proved)."""
    print(f"{'invariant':34} {'action':24} {'verdict':15} {'instances':>9} {'seconds':>8}")
    for r in report.rows():
        print(f"{r.invariant:34} {r.action:24} {r.verdict:15} {r.instances:9} {r.seconds:8.3f}")
        if verbose:
            for label, (verdict, count, seconds) in _instances(report, r).items():
                print(f"    {label:56} {verdict:15} {count:9} {seconds:8.3f}")
    t = report.totals()
    print(f"\n{t['PROVED']} PROVED, {t['COUNTEREXAMPLE']} COUNTEREXAMPLE, {t['UNKNOWN']} UNKNOWN "
          f"({t['obligations']} obligations over {report.shapes} shapes) in {report.seconds:.1f} s "
          f"on {report.workers} worker(s)" + ("" if report.complete else "; shape exploration was bounded"))
    if report.skipped:
        print(f"skipped (not inductive properties: sometimes/eventually): {', '.join(report.skipped)}")


def _instances(report: prover.ProveReport, row: prover.Row) -> dict[str, tuple[str, int, float]]:
    """A row's action instances: worst verdict, shapes, time of each."""
    rank = {"PROVED": 0, "UNKNOWN": 1, "COUNTEREXAMPLE": 2}
    out: dict[str, tuple[str, int, float]] = {}
    for o in report.obligations:
        if (o.invariant, o.action) == (row.invariant, row.action):
            verdict, count, seconds = out.get(o.instance, ("PROVED", 0, 0.0))
            out[o.instance] = (max(verdict, o.verdict, key=rank.__getitem__), count + 1, seconds + o.seconds)
    return out


def _save_counterexamples(sc: Any, report: prover.ProveReport, out: Path) -> dict[tuple[str, str], Path]:
    """Write each counterexample as an ITF file (its first state is the pre-state); return the paths."""
    files = {}
    for ob in report.counterexamples():
        out.mkdir(parents=True, exist_ok=True)
        trace = prover.counterexample_trace(sc, ob)
        model = prover.StartingFrom(sc, trace.initial)
        path = out / f"prove-{sc.name}-{ob.invariant}-{ob.action}.itf.json"
        write_itf(path, trace_to_itf(model, trace, command=f"filspec prove {sc.name} --invariant {ob.invariant}",
                                     scenario=sc.name, scenario_params=to_dict(sc),
                                     start_state=state_to_repr(trace.initial), invariant=ob.invariant,
                                     kind="counterexample-to-induction",
                                     start="the first state is the solver's pre-state (not the initial state)"))
        files[(ob.invariant, ob.action)] = path
    return files


def _print_counterexamples(sc: Any, report: prover.ProveReport, files: dict[tuple[str, str], Path]) -> None:
    """Each counterexample like a trace step: the pre-state, the action, what changed."""
    for ob in report.counterexamples():
        trace = prover.counterexample_trace(sc, ob)
        model = prover.StartingFrom(sc, trace.initial)
        print(f"\nCOUNTEREXAMPLE to induction: {ob.invariant} after {ob.instance}")
        print(f"  pre-state: {trace.initial}")
        for action, after in trace.steps:
            print(f"  step 1: {action}")
            for line in model.diff(trace.initial, after):
                print(f"    {line}")
        print(f"  saved: {files[(ob.invariant, ob.action)]}")
