"""Traces as ITF JSON (the Informal Trace Format of Apalache and Quint), and their replay.

Writing: `trace_to_itf` renders a `Trace` as ``{"#meta": {...}, "vars": [...], "states":
[{"#meta": {"index": i}, var: value, ..., "action_taken": ...}], "loop": k}``.  Each state is
the model's ``state_to_json`` (or ``{"state": value}`` without the hook); ``action_taken`` is
``"init"`` in the first state and the model's ``action_to_json`` of the step that led to each
later state (its ``action_label`` without the hook).  Values are encoded as ITF asks: integers
beyond 2^53 as ``{"#bigint": "..."}``, tuples ``{"#tup": [...]}``, sets ``{"#set": [...]}``,
maps with non-string keys ``{"#map": [[k, v], ...]}``, string-keyed mappings as records.
The metadata holds the command, model/scenario name, seed and whatever else the caller gives.

Reading and replay: `read_itf` loads and validates a document; `replay` re-executes its actions
on the model from its recorded initial state (``action_from_json``), compares every reached
state's JSON with the recorded one, re-checks the properties, and reports the first divergence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from checker.contract import Model, Property, Trace
from checker.explicit import action_label, model_name, select_properties
from spec.errors import InputError

ITF_FORMAT_URL = "https://apalache-mc.org/docs/adr/015adr-trace.html"
ACTION_VAR = "action_taken"
"""The ITF variable holding each step's action."""
INIT_ACTION = "init"
"""`action_taken` of the first state."""
_SAFE_INT = 2**53


# -- values --------------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """A Python value as an ITF JSON value (bigints, tuples, sets, maps and records tagged)."""
    if isinstance(value, (bool, str)) or value is None:
        return value if value is not None else {"#unserializable": "None"}
    if isinstance(value, int):
        return {"#bigint": str(value)} if abs(value) >= _SAFE_INT else value
    if isinstance(value, float):
        return value
    if isinstance(value, tuple):
        if hasattr(value, "_asdict"):  # a NamedTuple reads best as a record
            return {k: encode(v) for k, v in value._asdict().items()}
        return {"#tup": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [encode(v) for v in value]
        return {"#set": sorted(items, key=lambda x: json.dumps(x, sort_keys=True))}
    if isinstance(value, Mapping):
        if all(isinstance(k, str) and not k.startswith("#") for k in value):
            return {k: encode(v) for k, v in value.items()}
        pairs = [[encode(k), encode(v)] for k, v in value.items()]
        return {"#map": sorted(pairs, key=lambda p: json.dumps(p[0], sort_keys=True))}
    if attrs.has(type(value)):
        return {f.name: encode(getattr(value, f.name)) for f in attrs.fields(type(value))}
    name = getattr(value, "name", None)  # enums
    if isinstance(name, str) and hasattr(type(value), "__members__"):
        return name
    return {"#unserializable": repr(value)}


def decode(value: Any) -> Any:
    """An ITF JSON value back as Python (tuples, frozensets, dicts, ints)."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "#bigint" in value:
            return int(value["#bigint"])
        if "#tup" in value:
            return tuple(_hashable(decode(v)) for v in value["#tup"])
        if "#set" in value:
            return frozenset(_hashable(decode(v)) for v in value["#set"])
        if "#map" in value:
            return {_hashable(decode(k)): decode(v) for k, v in value["#map"]}
        if "#unserializable" in value:
            return value["#unserializable"]
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def state_json(model: Any, state: Any) -> dict[str, Any]:
    """The state as an ITF record: the model's ``state_to_json``, or ``{"state": value}``."""
    hook = getattr(model, "state_to_json", None)
    raw = hook(state) if hook is not None else {"state": state}
    return {str(k): encode(v) for k, v in raw.items()}


def action_json(model: Any, action: Any) -> Any:
    """The action as ITF JSON: the model's ``action_to_json``, or its label."""
    hook = getattr(model, "action_to_json", None)
    return encode(hook(action)) if hook is not None else action_label(model, action)


# -- documents -----------------------------------------------------------------------------------


def trace_to_itf(model: Any, trace: Trace[Any, Any], **meta: Any) -> dict[str, Any]:
    """Render `trace` as an ITF document; keyword arguments (command, scenario, seed...) go in #meta."""
    states = []
    actions: Iterable[Any] = [INIT_ACTION, *(action_json(model, a) for a in trace.actions)]
    for i, (state, act) in enumerate(zip(trace.states, actions, strict=True)):
        record: dict[str, Any] = {"#meta": {"index": i}}
        record.update(state_json(model, state))
        record[ACTION_VAR] = act
        states.append(record)
    variables = [k for k in states[0] if k != "#meta"]
    header: dict[str, Any] = {
        "format": "ITF",
        "format-description": ITF_FORMAT_URL,
        "source": model_name(model),
        "generator": "filspec",
    }
    header.update({k: encode(v) for k, v in meta.items() if v is not None})
    doc: dict[str, Any] = {"#meta": header, "vars": variables, "states": states}
    if trace.loop_start is not None:
        doc["loop"] = trace.loop_start
    return doc


def dumps(doc: Mapping[str, Any]) -> str:
    """An ITF document as indented JSON text."""
    return json.dumps(doc, indent=2) + "\n"


def write_itf(path: str | Path, doc: Mapping[str, Any]) -> None:
    """Write an ITF document to `path` (conventionally ``*.itf.json``)."""
    Path(path).write_text(dumps(doc), encoding="utf-8")


def read_itf(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """Load an ITF document from a path, JSON text or dict, checking its shape (InputError if bad)."""
    where = "ITF document"
    if isinstance(source, Mapping):
        doc: Any = dict(source)
    else:
        text = str(source)
        if isinstance(source, Path) or not text.lstrip().startswith("{"):
            where = str(source)
            try:
                text = Path(source).read_text(encoding="utf-8")
            except OSError as err:
                raise InputError(f"cannot read: {err.strerror}", where=where) from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"not JSON: {err.msg} at line {err.lineno}, column {err.colno}",
                             where=where) from None
    if not isinstance(doc, dict):
        raise InputError("an ITF document is a JSON object", where=where)
    states = doc.get("states")
    if not isinstance(states, list) or not states:
        raise InputError("key 'states' must be a non-empty list of state objects", where=where)
    for i, s in enumerate(states):
        if not isinstance(s, dict):
            raise InputError(f"states[{i}] is not an object", where=where)
    if "vars" in doc and not isinstance(doc["vars"], list):
        raise InputError("key 'vars' must be a list of variable names", where=where)
    loop = doc.get("loop")
    if loop is not None and not (isinstance(loop, int) and 0 <= loop < len(states)):
        raise InputError(f"key 'loop' must be a state index below {len(states)}", where=where)
    return doc


def _recorded(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "#meta" and k != ACTION_VAR}


# -- replay ----------------------------------------------------------------------------------------


@attrs.frozen
class Divergence:
    """Where a replay stopped agreeing with the recorded trace."""

    index: int
    """Index of the recorded state that could not be reproduced."""
    reason: str
    expected: Any = None
    actual: Any = None


@attrs.frozen
class ReplayResult:
    """The outcome of re-executing an ITF trace on a model."""

    steps: int
    """Steps re-executed successfully."""
    trace: Trace[Any, Any] | None
    """The re-executed run (up to the divergence), None if not even the initial state matched."""
    divergence: Divergence | None = None
    violations: tuple[tuple[str, int], ...] = ()
    """(property name, state index) for each property the re-executed run breaks (first index)."""
    loop_closed: bool | None = None
    """For a lasso: whether the last state steps back to the loop state; None without a loop."""

    @property
    def ok(self) -> bool:
        """True when the run reproduced the recorded trace exactly."""
        return self.divergence is None and self.loop_closed is not False


def replay(
    model: Model[Any, Any], itf_doc: Mapping[str, Any] | str | Path,
    *, properties: Iterable[str] | None = None,
) -> ReplayResult:
    """Re-execute a recorded trace on `model`, compare every state, re-check the properties."""
    doc = read_itf(itf_doc)
    records = doc["states"]
    props = select_properties(model, properties)
    violations: dict[str, int] = {}
    first = _recorded(records[0])
    init = next((s for s in model.initial_states() if state_json(model, s) == first), None)
    if init is None:
        return ReplayResult(0, None, Divergence(0, "no initial state of the model matches the recorded one",
                                                first, [state_json(model, s) for s in model.initial_states()]))
    _check_state(props, init, 0, violations)
    from_json = getattr(model, "action_from_json", None)
    state = init
    steps: list[tuple[Any, Any]] = []
    divergence = None
    for i, record in enumerate(records[1:], start=1):
        raw_action = record.get(ACTION_VAR)
        want = _recorded(record)
        try:
            action = from_json(decode(raw_action)) if from_json is not None else None
        except Exception as err:  # the model's decoder rejected the recorded action
            divergence = Divergence(i, f"action_from_json failed: {err}", raw_action)
            break
        candidates = [
            (a, n) for a, n in model.successors(state)
            if (a == action if from_json is not None else action_json(model, a) == raw_action)
        ]
        if not candidates:
            divergence = Divergence(i, "the recorded action is not enabled", raw_action,
                                    [action_json(model, a) for a, _ in model.successors(state)])
            break
        match = next(((a, n) for a, n in candidates if state_json(model, n) == want), None)
        if match is None:
            divergence = Divergence(i, "the action leads to a different state", want,
                                    state_json(model, candidates[0][1]))
            break
        a, nxt = match
        for p in props:
            if p.kind == "step" and p.name not in violations and not p.check(state, a, nxt):
                violations[p.name] = i
        _check_state(props, nxt, i, violations)
        steps.append(match)
        state = nxt
    loop = doc.get("loop")
    loop_closed = None
    if loop is not None and divergence is None:
        target = _recorded(records[loop])
        loop_closed = any(state_json(model, n) == target for _, n in model.successors(state)) or (
            loop == len(records) - 1 and not list(model.successors(state))
        )
    trace = Trace(init, tuple(steps), loop if divergence is None else None)
    return ReplayResult(len(steps), trace, divergence, tuple(violations.items()), loop_closed)


def _check_state(props: list[Property[Any, Any]], state: Any, index: int, out: dict[str, int]) -> None:
    for p in props:
        if p.kind == "always" and p.name not in out and not p.check(state):
            out[p.name] = index
