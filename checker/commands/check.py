"""`filspec check`, `filspec simulate`, `filspec replay`, `filspec graph`: the explicit-state engines.

  filspec check [SCENARIO]       explore every reachable state; check every invariant on each
  filspec simulate [SCENARIO]    random walks (seeded) for scenarios too big to exhaust
  filspec replay TRACE.itf.json  re-run a saved trace and re-check it
  filspec graph [SCENARIO]       export the explored state graph (GraphML or DOT)

SCENARIO is a preset name (tiny, default, adversarial, lossy, duo, retrieval, deep) or a scenario TOML file;
without one, `default`.  Exit codes: 0 every property holds, 1 a property fails, 2 bad usage
or input.  Counterexamples are printed as numbered traces and written as ITF JSON (and Mermaid)
under --out (default .filspec/traces).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from checker import reports
from checker.explicit import CheckOptions, CheckResult, check
from checker.itf import decode, read_itf, replay, write_itf
from checker.progress import Progress
from checker.protocol_model import ProtocolModel, arrow_coverage, outcome_coverage, state_from_repr, state_to_repr
from model.scenario import Scenario, from_dict, resolve, to_dict
from spec.errors import InputError

RESULTS_DIR = Path(".filspec")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", help="preset name or scenario .toml file (default: default)")
    p.add_argument("--invariant", "-i", action="append", dest="invariants", metavar="NAME",
                   help="check only this property (repeatable; default: all that apply to the scenario)")
    p.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    p.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report (one test case per property)")
    p.add_argument("--out", metavar="DIR", default=str(RESULTS_DIR / "traces"),
                   help="where counterexample traces are written (ITF JSON and Mermaid)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress line")


def register(sub: Any) -> None:
    c = sub.add_parser("check", help="exhaustively check a scenario (the main job)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(c)
    c.add_argument("--dfs", action="store_true", help="depth-first instead of breadth-first (traces not shortest)")
    c.add_argument("--max-depth", type=int, metavar="N", help="do not explore beyond N steps")
    c.add_argument("--max-epoch", type=int, metavar="E", help="override the scenario's epoch bound")
    c.add_argument("--max-states", type=int, metavar="N", help="stop after about N distinct states")
    c.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes to explore with (safety only: liveness and coverage need 1)")
    c.add_argument("--symmetry", action="store_true", help="reduce by symmetry of interchangeable parties")
    c.add_argument("--stop-at-first", action="store_true", help="stop at the first violation")
    c.add_argument("--no-deadlock", action="store_true", help="do not report deadlocks")
    c.add_argument("--no-liveness", action="store_true", help="skip eventually-properties")
    c.add_argument("--from", dest="from_trace", metavar="ITF",
                   help="start from the last state of a saved trace (e.g. a prover counterexample)")
    c.set_defaults(run=run_check)

    s = sub.add_parser("simulate", help="random walks through a scenario (seeded, replayable)")
    _common(s)
    s.add_argument("--traces", type=int, default=200, metavar="N", help="number of walks (default 200)")
    s.add_argument("--depth", type=int, default=60, metavar="D", help="steps per walk at most (default 60)")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    s.add_argument("--proofs", choices=("ideal", "native"), default="ideal",
                   help="ideal proofs (fast) or real CommP, PIPs, seals and signatures")
    s.set_defaults(run=run_simulate)

    r = sub.add_parser("replay", help="re-run a saved ITF trace through the model and re-check it")
    r.add_argument("trace", help="an .itf.json file written by check, simulate, prove or the Hypothesis machine")
    r.add_argument("--scenario", help="scenario to replay in (default: the one recorded in the trace)")
    r.add_argument("--json", action="store_true", help="print a JSON summary")
    r.set_defaults(run=run_replay)

    g = sub.add_parser("graph", help="export the explored state graph of a small scenario")
    g.add_argument("scenario", nargs="?", help="preset name or scenario .toml file (default: tiny)")
    g.add_argument("--format", choices=("graphml", "dot"), default="graphml")
    g.add_argument("--output", "-o", metavar="FILE", help="file to write (default: stdout)")
    g.add_argument("--max-states", type=int, default=50_000, metavar="N", help="refuse larger graphs (default 50000)")
    g.set_defaults(run=run_graph)


def load_scenario(name: str | None, max_epoch: int | None = None) -> Scenario:
    """The scenario named on the command line, with its epoch bound overridden if asked."""
    import attrs

    sc = resolve(name)
    if max_epoch is not None:
        if max_epoch < 1:
            raise InputError("--max-epoch must be at least 1")
        sc = attrs.evolve(sc, max_epoch=max_epoch)
    return sc


def _progress(args: argparse.Namespace, label: str) -> Progress | None:
    if args.quiet or args.json:
        return None
    return Progress(stream=sys.stderr, label=label)


def _write_traces(model: ProtocolModel, result: Any, out: str, command: str, seed: int | None = None) -> list[str]:
    """Write every counterexample as ITF JSON and Mermaid; return the ITF paths."""
    docs = reports.result_itf_docs(model, result, command=command, scenario=model.scenario.name,
                                   scenario_params=to_dict(model.scenario),
                                   **({"seed": seed} if seed is not None else {}))
    if not docs:
        return []
    for name, doc in docs.items():  # the exact start, so replay and --from need not rediscover it
        verdict = next(v for v in result.verdicts if v.name == name)
        doc["#meta"]["start_state"] = state_to_repr(verdict.trace.initial)
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the trace directory: {err.strerror}", where=out) from None
    paths = []
    for name, doc in docs.items():
        base = folder / f"{model.scenario.name}-{name}"
        write_itf(f"{base}.itf.json", doc)
        verdict = next(v for v in result.verdicts if v.name == name)
        Path(f"{base}.mmd").write_text(model.trace_to_mermaid(verdict.trace), encoding="utf-8")
        paths.append(f"{base}.itf.json")
    return paths


def _record(name: str, summary: dict[str, Any]) -> None:
    """Keep the latest results for the docs site (best effort: a read-only tree is not an error)."""
    try:
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / name).write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    except OSError:
        pass


def _coverage_lines(result: CheckResult) -> list[str]:
    if result.coverage is None:
        return []
    labels = result.coverage.actions
    arrows = arrow_coverage(labels)
    lines = [f"Coverage: {sum(1 for n in arrows.values() if n)}/{len(arrows)} diagram arrows taken"]
    for (flow, label), n in arrows.items():
        if n == 0:
            lines.append(f"  warning: arrow never taken: {flow}: {label}")
    outcomes = outcome_coverage(labels)
    lines.append("  alt branches and outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.items()))
    for k, v in outcomes.items():
        if v == 0:
            lines.append(f"  warning: outcome never taken: {k}")
    guards = result.coverage.guards
    if guards:
        lines.append("  guards that rejected a move: " + ", ".join(f"{k} {v}" for k, v in sorted(guards.items())))
    if result.coverage.never_fired:
        lines.append("  guards never fired (untested in this scenario): " + ", ".join(result.coverage.never_fired))
    if result.coverage.never_taken:
        lines.append("  actions never taken: " + ", ".join(result.coverage.never_taken))
    return lines


def run_check(args: argparse.Namespace) -> int:
    sc = load_scenario(args.scenario, args.max_epoch)
    model = ProtocolModel(sc, invariant_names=args.invariants)
    if args.from_trace:
        start = _last_state(model, args.from_trace)
        model = model.starting_at(start)
    names = [p.name for p in model.properties() if not (args.no_liveness and p.kind == "eventually")]
    single = args.workers <= 1
    opts = CheckOptions(
        properties=tuple(names), strategy="dfs" if args.dfs else "bfs", max_depth=args.max_depth,
        max_states=args.max_states, stop_at_first=args.stop_at_first, check_deadlock=not args.no_deadlock,
        symmetry=args.symmetry, coverage=single, progress=_progress(args, "check"),
    )
    if not args.json:
        print(f"filspec check: scenario {sc.name}: {sc.description}".rstrip(": "))
        if model.not_applicable:
            print("  not applicable here: " + ", ".join(i.name for i in model.not_applicable))
    if single:
        result = check(model, opts)
    else:
        from checker.parallel import parallel_check

        names = [p.name for p in model.properties() if p.kind != "eventually"]
        result = parallel_check(model, attrs_evolve(opts, properties=tuple(names), coverage=False),
                                workers=args.workers)
    paths = _write_traces(model, result, args.out, "check")
    summary = reports.summary_json(result)
    summary.update(command="check", scenario=sc.name, traces=paths)
    if result.coverage is not None:
        arrows = arrow_coverage(result.coverage.actions)
        summary["arrow_coverage"] = {f"{flow}: {label}": n for (flow, label), n in arrows.items()}
    _record(f"check-{sc.name}.json", {
        "command": "check", "scenario": sc.name, "states": result.distinct_states,
        "transitions": result.transitions, "seconds": round(result.elapsed + result.liveness_elapsed, 3),
        "verdicts": [{"name": v.name, "kind": v.kind, "status": v.status} for v in result.verdicts],
    })
    if args.junit:
        _write_text(args.junit, reports.junit_xml(model, result, suite=f"filspec check {sc.name}"))
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
    else:
        print(reports.format_result(model, result))
        for line in _coverage_lines(result):
            print(line)
        for path in paths:
            print(f"counterexample written: {path} (replay with: filspec replay {path})")
        print(f"{'PASS' if result.ok else 'FAIL'}: {len(result.failures)} of {len(result.verdicts)} properties fail")
    return 0 if result.ok else 1


def attrs_evolve(opts: CheckOptions, **changes: Any) -> CheckOptions:
    import attrs

    return attrs.evolve(opts, **changes)


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror}", where=path) from None


def _model_for_trace(model: ProtocolModel, doc: Any) -> ProtocolModel:
    """The model to replay a trace in: starting from the trace's recorded first state when it has one."""
    start = doc.get("#meta", {}).get("start_state")
    return model.starting_at(state_from_repr(str(start))) if start else model


def _last_state(model: ProtocolModel, path: str) -> Any:
    """Replay a saved trace and return the state it ends in (for `check --from`)."""
    doc = read_itf(path)
    res = replay(_model_for_trace(model, doc), doc)
    if res.trace is None or res.divergence is not None:
        why = res.divergence.reason if res.divergence else "no initial state matches"
        raise InputError(f"the trace does not replay in scenario {model.scenario.name}: {why}", where=path)
    return res.trace.states[-1]


def run_simulate(args: argparse.Namespace) -> int:
    from checker.simulate import simulate

    sc = resolve(args.scenario)
    if args.traces < 1 or args.depth < 1:
        raise InputError("--traces and --depth must be at least 1")
    proofs = _proof_port(args.proofs, sc, args.seed)
    model = ProtocolModel(sc, proofs=proofs, invariant_names=args.invariants)
    result = simulate(model, traces=args.traces, depth=args.depth, seed=args.seed,
                      properties=[p.name for p in model.properties() if p.kind != "eventually"],
                      progress=_progress(args, "simulate"))
    paths = _write_traces(model, result, args.out, "simulate", seed=args.seed)
    summary = reports.summary_json(result)
    summary.update(command="simulate", scenario=sc.name, seed=args.seed, traces_written=paths)
    counts = getattr(proofs, "counts", None)
    if counts is not None:
        summary["real_proofs"] = dict(counts)
    if args.junit:
        _write_text(args.junit, reports.junit_xml(model, result, suite=f"filspec simulate {sc.name}"))
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
    else:
        print(f"filspec simulate: scenario {sc.name}, {args.traces} walks of at most {args.depth} steps, "
              f"seed {args.seed}")
        print(reports.format_result(model, result))
        if counts is not None:
            print("real proofs made and verified: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for path in paths:
            print(f"counterexample written: {path} (replay with: filspec replay {path})")
        print(f"reproduce with: filspec simulate {args.scenario or 'default'} --traces {args.traces} "
              f"--depth {args.depth} --seed {args.seed}")
    return 0 if result.ok else 1


def _proof_port(kind: str, sc: Scenario, seed: int) -> Any:
    if kind == "ideal":
        from model.proofs import IDEAL

        return IDEAL
    try:
        from proofs_native.port import NativeProofs  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise InputError("--proofs native: the native proof port (proofs_native.port) is not available") from None
    return NativeProofs(sc, seed=seed)


def run_replay(args: argparse.Namespace) -> int:
    doc = read_itf(args.trace)
    meta = doc.get("#meta", {})
    name = args.scenario or meta.get("scenario")
    if name is None:
        raise InputError("the trace names no scenario; pass --scenario", where=args.trace)
    params = decode(meta["scenario_params"]) if "scenario_params" in meta else None
    sc = from_dict(params, where=args.trace) if params and not args.scenario else resolve(str(name))
    model = _model_for_trace(ProtocolModel(sc), doc)
    res = replay(model, doc)
    if args.json:
        print(json.dumps({"ok": res.ok and not res.violations, "steps": res.steps,
                          "violations": dict(res.violations),
                          "divergence": str(res.divergence) if res.divergence else None}, indent=2, default=str))
    else:
        print(f"filspec replay: {args.trace}: {res.steps} steps in scenario {name}")
        if res.divergence is not None:
            d = res.divergence
            print(f"DIVERGED at state {d.index}: {d.reason}")
        for prop, step in res.violations:
            print(f"VIOLATED: {prop} at state {step}")
        if res.ok and not res.violations:
            print("replayed: the trace re-runs identically and every property holds")
        elif res.ok:
            print("replayed: the trace re-runs identically (and still violates the properties above)")
    return 0 if res.ok and not res.violations else 1


def run_graph(args: argparse.Namespace) -> int:
    from checker.graph_export import export_graph

    sc = resolve(args.scenario or "tiny")
    model = ProtocolModel(sc)
    text = export_graph(model, args.format, limit=args.max_states)
    if args.output:
        _write_text(args.output, text)
        print(f"wrote {args.format} graph of scenario {sc.name} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


