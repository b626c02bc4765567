"""`filspec bmc`: bounded model checking with every amount symbolic (Z3).

filspec bmc [SCENARIO] --steps K [--invariant NAME]... [--out DIR] [--timeout-ms MS]

Unrolls up to K steps from genesis with the scenario's amounts (balances, pledge, collateral,
reward, prices, channel funds) as unconstrained non-negative parameters and the action choice
explored depth first over concrete identities (see `checker.bmc`).  A violation is printed as a
trace (text and Mermaid) with the amounts that trigger it, and saved as ITF beside a scenario
TOML holding those amounts (``filspec replay`` with that scenario re-executes it).

Exit: 0 no violation within K steps, 1 a violation, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checker import bmc
from checker.itf import trace_to_itf, write_itf
from checker.protocol_model import ProtocolModel
from invariants import select
from model.scenario import Scenario, resolve
from spec.errors import InputError


def register(sub: Any) -> None:
    """Add the `bmc` subcommand."""
    p = sub.add_parser("bmc", help="bounded model checking with symbolic amounts (Z3)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="?", help="a preset (tiny, default, ...) or a scenario .toml (default: default)")
    p.add_argument("--steps", type=int, required=True, metavar="K", help="how many steps to unroll")
    p.add_argument("--invariant", action="append", metavar="NAME", help="check only this invariant (repeatable)")
    p.add_argument("--timeout-ms", type=int, default=10_000, help="solver time limit per query (default 10000)")
    p.add_argument("--out", default="counterexamples", help="directory for the violating trace (ITF and TOML)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run BMC and print the outcome; return the exit code."""
    sc = resolve(args.scenario)
    if args.steps < 0:
        raise InputError("--steps must be at least 0", where="filspec bmc")
    names = [i.name for i in select(args.invariant)] if args.invariant else None
    result = bmc.bmc(sc, args.steps, names, timeout_ms=args.timeout_ms)
    summary = (f"{result.nodes} feasible prefixes, {result.pruned} pruned, {result.seconds:.1f} s")
    if result.violation is None:
        print(f"bmc {sc.name}: no violation within {args.steps} steps ({summary})")
        return 0
    _report(sc, result.violation, Path(args.out), args.steps)
    print(f"({summary})")
    return 1


def _report(sc: Scenario, v: bmc.Violation, out: Path, steps: int) -> None:
    """Print the violating trace (text, Mermaid) and save it as ITF with its scenario."""
    model = ProtocolModel(v.scenario)
    print(f"VIOLATION of {v.invariant} in {len(v.trace)} step(s) with amounts "
          + ", ".join(f"{k}={val}" for k, val in v.amounts.items()))
    before = v.trace.initial
    for i, (action, after) in enumerate(v.trace.steps, start=1):
        print(f"  step {i}: {action}")
        for line in model.diff(before, after):
            print(f"    {line}")
        before = after
    print("\n" + model.trace_to_mermaid(v.trace))
    out.mkdir(parents=True, exist_ok=True)
    toml = out / f"bmc-{sc.name}-{v.invariant}.toml"
    toml.write_text(scenario_toml(v.scenario), encoding="utf-8")
    path = out / f"bmc-{sc.name}-{v.invariant}.itf.json"
    write_itf(path, trace_to_itf(model, v.trace, command=f"filspec bmc {sc.name} --steps {steps}",
                                 scenario=str(toml), invariant=v.invariant, amounts=v.amounts))
    print(f"saved: {path} (scenario with these amounts: {toml})")


def _toml_value(value: Any) -> str:
    """A TOML literal for a scenario value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def scenario_toml(sc: Scenario) -> str:
    """A scenario as TOML in the sections `model.scenario.load` reads."""
    f = sc.faults
    sections: dict[str, dict[str, Any]] = {
        "scenario": {"name": sc.name, "description": sc.description},
        "roles": {"clients": sc.clients, "providers": sc.providers},
        "pieces": {"sizes": sc.pieces},
        "sectors": {"size": sc.sector_size, "per_miner": sc.sectors_per_miner,
                    "collateral": sc.collateral_per_sector, "genesis_power": sc.genesis_power},
        "tokens": {"client_balance": sc.client_balance, "provider_balance": sc.provider_balance,
                   "pledge_collateral": sc.pledge_collateral, "block_reward": sc.block_reward,
                   "deal_prices": sc.deal_prices, "provider_min_price": sc.provider_min_price,
                   "channel_funds": sc.channel_funds},
        "retrieval": {"enabled": sc.retrieval, "prices": sc.retrieval_prices, "min_price": sc.retrieval_min_price,
                      "chunks": sc.chunks},
        "time": {"max_epoch": sc.max_epoch, "settle_delay": sc.settle_delay, "deal_window": sc.deal_window},
        "faults": {"drops": f.drops, "duplicates": f.duplicates, "reorder": f.reorder,
                   "storage_faults": f.storage_faults, "seal_faults": f.seal_faults},
        "adversary": {"moves": sc.adversary, "budget": sc.adversary_budget},
    }
    lines = []
    for name, body in sections.items():
        lines.append(f"[{name}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in body.items())
        lines.append("")
    return "\n".join(lines)
