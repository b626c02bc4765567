"""Human and machine renderings of traces and results: text, Mermaid, JSON summary, JUnit XML.

Every rendering starts from the same values: a `Trace` (what happened) and a result with
`verdicts` (what was checked), the explicit checker's `CheckResult` or the simulator's
`SimulationResult`.  Model knowledge comes only through the contract's hooks (``diff``,
``state_to_json``, ``action_label``, ``trace_to_mermaid``), with generic fallbacks.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, Protocol

from checker.contract import Trace
from checker.explicit import CheckResult, Verdict, action_label, model_name
from checker.itf import state_json


class HasVerdicts(Protocol):
    """What the writers need of a result (CheckResult and SimulationResult both qualify)."""

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        """One verdict per checked property (and the deadlock check)."""
        ...

    @property
    def elapsed(self) -> float:
        """Seconds the run took."""
        ...


# -- text -------------------------------------------------------------------------------------------


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and not any(k.startswith("#") for k in value):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _flatten(v, f"{prefix}[{i}]", out)
    else:
        out[prefix] = value


def _show(value: Any) -> str:
    if isinstance(value, dict) and "#bigint" in value:
        return str(value["#bigint"])
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)


def generic_diff(model: Any, before: Any, after: Any) -> list[str]:
    """The fields that differ between two states' JSON, as ``path: old -> new``."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(state_json(model, before), "", a)
    _flatten(state_json(model, after), "", b)
    out = []
    for key in list(a) + [k for k in b if k not in a]:
        old, new = a.get(key, "(absent)"), b.get(key, "(absent)")
        if old != new:
            out.append(f"{key}: {_show(old)} -> {_show(new)}")
    return out


def state_diff(model: Any, before: Any, after: Any) -> list[str]:
    """The change of one step, in words: the model's ``diff`` hook or `generic_diff`."""
    hook = getattr(model, "diff", None)
    return list(hook(before, after)) if hook is not None else generic_diff(model, before, after)


def format_state(model: Any, state: Any) -> list[str]:
    """A state as ``path = value`` lines."""
    flat: dict[str, Any] = {}
    _flatten(state_json(model, state), "", flat)
    return [f"{k} = {_show(v)}" for k, v in flat.items()]


def format_trace(model: Any, trace: Trace[Any, Any]) -> str:
    """A trace as numbered steps: the initial state in full, then each action and its state change."""
    loop = trace.loop_start
    marker = "     ↺ the loop starts at this state"
    lines = ["0. initial state"] + [f"     {line}" for line in format_state(model, trace.initial)]
    if loop == 0:
        lines.append(marker)
    before = trace.initial
    describe = getattr(model, "describe_action", None)
    for i, (action, after) in enumerate(trace.steps, start=1):
        lines.append(f"{i}. {describe(action) if describe is not None else action_label(model, action)}")
        changes = state_diff(model, before, after)
        lines += [f"     {c}" for c in changes] or ["     (no change)"]
        if loop == i:
            lines.append(marker)
        before = after
    if loop is not None:
        lines.append(_loop_closing(model, trace, loop))
    return "\n".join(lines)


def _loop_closing(model: Any, trace: Trace[Any, Any], loop: int) -> str:
    """How a lasso goes on: the action back to the loop state, or stuttering in a stuck state."""
    last, target = trace.states[-1], trace.states[loop]
    back = [a for a, n in model.successors(last) if n == target]
    if back:
        return f"{len(trace) + 1}. {action_label(model, back[0])} -> back to state {loop}, and so on forever"
    if loop == len(trace) and not list(model.successors(last)):
        return f"-- state {loop} has no successor: the run stays there forever --"
    return f"-- back to state {loop}, forever --"


def trace_to_mermaid(model: Any, trace: Trace[Any, Any]) -> str:
    """A Mermaid sequence diagram of the trace: the model's hook, or one participant "model"."""
    hook = getattr(model, "trace_to_mermaid", None)
    if hook is not None:
        return str(hook(trace))
    lines = ["sequenceDiagram", "    participant model"]
    before = trace.initial
    for i, (action, after) in enumerate(trace.steps, start=1):
        label = action_label(model, action).replace(";", ",").replace("#", "")
        lines.append(f"    model->>model: {i}. {label}")
        changes = "<br/>".join(state_diff(model, before, after))
        changes = changes.replace(";", ",").replace("#", "").replace("->", "→")
        if changes:
            lines.append(f"    Note right of model: {changes}")
        before = after
    if trace.loop_start is not None:
        lines.append(f"    Note over model: back to state {trace.loop_start}, forever")
    return "\n".join(lines) + "\n"


def format_result(model: Any, result: HasVerdicts) -> str:
    """A human summary: counts, one line per verdict, and the trace of every failure."""
    lines = []
    if isinstance(result, CheckResult):
        lines.append(
            f"{result.model_name}: {result.distinct_states:,} distinct states, "
            f"{result.transitions:,} transitions, depth {result.max_depth}, "
            f"{'complete' if result.complete else 'bounded (' + result.stop_reason + ')'}, "
            f"{result.elapsed:.2f}s ({result.states_per_second:,.0f} states/s)"
        )
    for v in result.verdicts:
        lines.append(f"  {v.outcome.upper():9} {v.name} [{v.kind}]: {v.status}")
    for v in result.verdicts:
        if v.outcome == "fail" and v.trace is not None:
            lines.append("")
            n = len(v.trace)
            lines.append(f"Counterexample to {v.name} ({n} step{'' if n == 1 else 's'}):")
            lines.append(format_trace(model, v.trace))
    return "\n".join(lines)


# -- JSON summary -------------------------------------------------------------------------------------


def summary_json(result: HasVerdicts) -> dict[str, Any]:
    """A result as a JSON-ready dict: counts, per-property verdicts, timings."""
    out: dict[str, Any] = {}
    if isinstance(result, CheckResult):
        out.update(
            engine="explicit",
            model=result.model_name,
            strategy=result.strategy,
            distinct_states=result.distinct_states,
            transitions=result.transitions,
            states_generated=result.states_generated,
            initial_states=result.initial_states,
            max_depth=result.max_depth,
            complete=result.complete,
            stop_reason=result.stop_reason,
            symmetry=result.symmetry,
            fingerprints=result.fingerprints,
        )
        if result.fingerprints:
            out["collision_probability"] = result.collision_probability
        if result.coverage is not None:
            cov = result.coverage
            out["coverage"] = {
                "actions": dict(cov.actions), "guards": dict(cov.guards),
                "never_taken": list(cov.never_taken), "never_fired": list(cov.never_fired),
            }
        timings = {"explore_s": round(result.elapsed, 6), "liveness_s": round(result.liveness_elapsed, 6),
                   "states_per_s": round(result.states_per_second, 1)}
    else:
        extra = getattr(result, "summary_fields", None)
        if extra is not None:
            out.update(extra())
        timings = {"elapsed_s": round(result.elapsed, 6)}
    out["outcome"] = _outcome(result)
    out["properties"] = [
        {
            "name": v.name, "kind": v.kind, "status": v.status, "outcome": v.outcome,
            **({"trace_length": len(v.trace)} if v.trace is not None else {}),
            **({"loop_start": v.trace.loop_start} if v.trace is not None and v.trace.loop_start is not None
               else {}),
        }
        for v in result.verdicts
    ]
    out["timings"] = timings
    return out


def _outcome(result: HasVerdicts) -> str:
    outcomes = {v.outcome for v in result.verdicts}
    return "fail" if "fail" in outcomes else "undecided" if "undecided" in outcomes else "pass"


# -- JUnit XML -----------------------------------------------------------------------------------------


def junit_xml(model: Any, result: HasVerdicts, *, suite: str | None = None) -> str:
    """A JUnit XML report: one testcase per property, failures carrying the text trace."""
    name = suite or f"filspec {model_name(model)}"
    verdicts = result.verdicts
    failures = sum(v.outcome == "fail" for v in verdicts)
    skipped = sum(v.outcome == "undecided" for v in verdicts)
    root = ET.Element("testsuites", name="filspec", tests=str(len(verdicts)), failures=str(failures))
    per_case = result.elapsed / len(verdicts) if verdicts else 0.0
    ts = ET.SubElement(
        root, "testsuite", name=name, tests=str(len(verdicts)), failures=str(failures),
        errors="0", skipped=str(skipped), time=f"{result.elapsed:.3f}",
    )
    if isinstance(result, CheckResult):
        props = ET.SubElement(ts, "properties")
        for key, value in (("distinct_states", result.distinct_states), ("transitions", result.transitions),
                           ("complete", result.complete)):
            ET.SubElement(props, "property", name=key, value=str(value))
    for v in verdicts:
        case = ET.SubElement(ts, "testcase", classname=f"{model_name(model)}.{v.kind}", name=v.name,
                             time=f"{per_case:.3f}")
        if v.outcome == "fail":
            failure = ET.SubElement(case, "failure", message=f"{v.name}: {v.status}", type=v.kind)
            body = [v.statement] if v.statement else []
            if v.trace is not None:
                body.append(format_trace(model, v.trace))
            failure.text = "\n".join(body)
        elif v.outcome == "undecided":
            ET.SubElement(case, "skipped", message=v.status)
        if v.kind == "sometimes" and v.trace is not None:
            ET.SubElement(case, "system-out").text = "witness:\n" + format_trace(model, v.trace)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def result_itf_docs(model: Any, result: HasVerdicts, **meta: Any) -> Mapping[str, dict[str, Any]]:
    """ITF documents for every failed verdict's trace, keyed by property name."""
    from checker.itf import trace_to_itf

    return {
        v.name: trace_to_itf(model, v.trace, property=v.name, **meta)
        for v in result.verdicts
        if v.outcome == "fail" and v.trace is not None
    }
