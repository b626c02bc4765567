"""Export the explored state graph of a small model as GraphML or Graphviz DOT.

Nodes are numbered in the order exploration found them (``s0`` is the first initial state) and
labelled with the state's JSON (``state_to_json`` hook, else the value); edges carry the
action's label.  Initial states, deadlocks and states cut by a bound are marked.  The graph is
built with networkx, so `to_networkx` is available for analyses of one's own.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import attrs
import networkx as nx  # type: ignore[import-untyped]  # networkx ships no stubs; types-networkx is not a dependency

from checker.contract import Model
from checker.explicit import CheckOptions, action_label, check
from checker.itf import state_json
from spec.errors import InputError

GraphFormat = Literal["graphml", "dot"]
DEFAULT_LIMIT = 10_000
"""Largest graph exported unless the caller raises the limit."""


def to_networkx(model: Model[Any, Any], options: CheckOptions | None = None,
                *, limit: int = DEFAULT_LIMIT) -> Any:
    """Explore `model` (at most `limit` states) and return its state graph as a networkx MultiDiGraph."""
    opts = options if options is not None else CheckOptions()
    if opts.symmetry:
        raise InputError("graph export shows concrete states: drop symmetry reduction")
    result = check(model, attrs.evolve(opts, keep_graph=True, max_states=limit + 1, progress=None))
    graph = result.graph
    assert graph is not None
    if result.distinct_states > limit:
        raise InputError(f"the model has more than {limit:,} states; export is for small models "
                         "(bound it with a depth or state limit, or raise the limit)")
    initial = set(graph.initial)
    g = nx.MultiDiGraph(name=result.model_name)
    is_terminal = getattr(model, "is_terminal", None) or (lambda s: False)
    with_successors = {u for u, _, _ in graph.edges}
    for n, state in enumerate(graph.states):
        kind = ("initial" if n in initial else "") or (
            "cut" if n not in graph.expanded else
            "terminal" if n not in with_successors and is_terminal(state) else
            "deadlock" if n not in with_successors else "state")
        g.add_node(f"s{n}", label=json.dumps(state_json(model, state), sort_keys=True), kind=kind)
    for u, action, v in graph.edges:
        g.add_edge(f"s{u}", f"s{v}", label=action_label(model, action))
    return g


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def export_graph(model: Model[Any, Any], fmt: GraphFormat = "graphml", options: CheckOptions | None = None,
                 *, limit: int = DEFAULT_LIMIT) -> str:
    """The explored state graph of `model` as GraphML or DOT text."""
    g = to_networkx(model, options, limit=limit)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(g)) + "\n"
    if fmt == "dot":
        shapes = {"initial": "doublecircle", "deadlock": "octagon", "terminal": "box", "cut": "diamond"}
        lines = [f"digraph {_dot_quote(str(g.name))} {{", "  node [shape=ellipse, fontsize=10];"]
        for node, data in g.nodes(data=True):
            shape = shapes.get(data["kind"])
            extra = f", shape={shape}" if shape else ""
            lines.append(f"  {node} [label={_dot_quote(data['label'])}{extra}];")
        for u, v, data in g.edges(data=True):
            lines.append(f"  {u} -> {v} [label={_dot_quote(data['label'])}];")
        lines.append("}")
        return "\n".join(lines) + "\n"
    raise InputError(f"unknown graph format {fmt!r}; use 'graphml' or 'dot'")
