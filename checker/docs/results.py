"""The latest results of `filspec check` and `filspec prove`, read from their JSON summaries.

`filspec check` writes ``.filspec/check-<scenario>.json``::

    {"command": "check", "scenario": NAME, "states": N, "transitions": N, "seconds": F,
     "verdicts": [{"name": ..., "kind": ..., "status": ...}, ...]}

and `filspec prove` writes ``.filspec/prove-<scenario>.json``::

    {"command": "prove", "scenario": NAME,
     "results": [{"invariant": ..., "action": ..., "verdict": ..., "instances": N, "seconds": F}, ...]}

A missing directory or file means "not run yet"; a file that is not such a summary is an
`InputError` naming the file and what is wrong with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from spec.errors import InputError


@attrs.frozen
class CheckRun:
    """One scenario's latest `filspec check` summary."""

    scenario: str
    states: int
    transitions: int
    seconds: float
    verdicts: dict[str, str]
    """Invariant name → status (``holds``, ``violated``, ``witnessed``, ...), as the checker wrote it."""
    path: Path


@attrs.frozen
class ProveResult:
    """One proof obligation: an invariant preserved by an action (or established initially)."""

    action: str
    verdict: str
    instances: int
    seconds: float


@attrs.frozen
class ProveRun:
    """One scenario's latest `filspec prove` summary."""

    scenario: str
    results: dict[str, tuple[ProveResult, ...]]
    """Invariant name → its obligations."""
    path: Path


@attrs.frozen
class Results:
    """Every summary found in the results directory."""

    checks: tuple[CheckRun, ...] = ()
    proofs: tuple[ProveRun, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.checks and not self.proofs


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read results: {err}", where=str(path)) from None
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON (line {err.lineno}, column {err.colno}); re-run the command that wrote it",
                         where=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", where=str(path))
    return data


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path) -> Any:
    if key not in data or not isinstance(data[key], kind) or isinstance(data[key], bool):
        raise InputError(f"missing or malformed key {key!r}", where=str(path))
    return data[key]


def _check_run(path: Path) -> CheckRun:
    data = _load(path)
    verdicts: dict[str, str] = {}
    for v in _need(data, "verdicts", list, path):
        if not isinstance(v, dict) or not isinstance(v.get("name"), str) or not isinstance(v.get("status"), str):
            raise InputError("each verdict needs a 'name' and a 'status'", where=str(path))
        verdicts[v["name"]] = v["status"]
    return CheckRun(
        scenario=str(_need(data, "scenario", str, path)),
        states=int(_need(data, "states", int, path)),
        transitions=int(_need(data, "transitions", int, path)),
        seconds=float(_need(data, "seconds", (int, float), path)),
        verdicts=verdicts,
        path=path,
    )


def _prove_run(path: Path) -> ProveRun:
    data = _load(path)
    results: dict[str, list[ProveResult]] = {}
    for r in _need(data, "results", list, path):
        if not isinstance(r, dict) or not isinstance(r.get("invariant"), str) or not isinstance(r.get("verdict"), str):
            raise InputError("each result needs an 'invariant' and a 'verdict'", where=str(path))
        results.setdefault(r["invariant"], []).append(ProveResult(
            action=str(r.get("action", "")), verdict=r["verdict"], instances=int(r.get("instances", 0) or 0),
            seconds=float(r.get("seconds", 0.0) or 0.0)))
    return ProveRun(str(_need(data, "scenario", str, path)), {k: tuple(v) for k, v in results.items()}, path)


def _summaries(directory: Path, command: str) -> list[Path]:
    """The summaries ``<command>-<scenario>.json`` (not ITF traces, ``*.itf.json``, that may sit beside them)."""
    return [p for p in sorted(directory.glob(f"{command}-*.json")) if not p.name.endswith(".itf.json")]


def load(directory: Path) -> Results:
    """Every ``check-*.json`` and ``prove-*.json`` in `directory` (none when it does not exist)."""
    if not directory.exists():
        return Results()
    if not directory.is_dir():
        raise InputError("not a directory", where=str(directory))
    checks = tuple(_check_run(p) for p in _summaries(directory, "check"))
    proofs = tuple(_prove_run(p) for p in _summaries(directory, "prove"))
    return Results(checks, proofs)


def prove_summary(results: tuple[ProveResult, ...]) -> str:
    """One word for an invariant's obligations: the worst verdict among them, with counts."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    return ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
