"""Shared helpers for model tests: shortest runs to a goal, and flow conformance of a trace."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from checker.contract import Trace
from checker.protocol_model import ProtocolModel, arrows_of
from model.actions import Action, initial, successors
from model.scenario import Scenario
from model.state import World
from spec import protocol
from spec.protocol import Choice, Flow, Send, Step


def shortest_run(sc: Scenario, goal: Callable[[World], bool], limit: int = 400_000,
                 flow: Flow | None = None, complete: bool = True) -> Trace[World, Action]:
    """The shortest run from the initial state to a state satisfying `goal`.

    With a `flow`, the run must also have drawn a complete path through that flow (or, with
    ``complete=False``, a prefix of one), so the search tracks what was drawn so far.
    """
    paths = set(flow_paths(flow.steps)) if flow is not None else set()
    prefixes = {p[:i] for p in paths for i in range(len(p) + 1)}

    def ok(drawn: tuple[str, ...]) -> bool:
        return flow is None or (drawn in paths if complete else drawn in prefixes)

    w0 = initial(sc)
    start = (w0, ())
    parent: dict[tuple[World, tuple[str, ...]], tuple[tuple[World, tuple[str, ...]], Action] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        w, drawn = node
        if goal(w) and ok(drawn):
            steps = []
            while parent[node] is not None:
                prev, action = parent[node]  # type: ignore[misc]
                steps.append((action, node[0]))
                node = prev
            return Trace(w0, tuple(reversed(steps)))
        for a, n in successors(w, sc):
            more = tuple(lbl for key, lbl in arrows_of(a) if flow is not None and key == flow.key)
            nd = drawn + more
            if flow is not None and nd not in prefixes:
                continue
            child = (n, nd)
            if child not in parent:
                parent[child] = (node, a)
                queue.append(child)
        if len(parent) > limit:
            break
    raise AssertionError("goal not reachable within the search limit")


def flow_paths(steps: tuple[Step, ...]) -> Iterator[tuple[str, ...]]:
    """Every sequence of arrow labels a run through these steps can draw (opt may be skipped)."""
    if not steps:
        yield ()
        return
    head, rest = steps[0], steps[1:]
    if isinstance(head, Send):
        heads: list[tuple[str, ...]] = [(head.label,)]
    elif isinstance(head, Choice):
        heads = []
        for _, body in head.branches:
            heads.extend(flow_paths(body))
        if head.kind in ("opt", "loop"):
            heads.append(())
    else:
        heads = [()]
    for h in heads:
        for r in flow_paths(rest):
            yield h + r


def drawn_in_flow(trace: Trace[World, Action], flow: Flow) -> tuple[str, ...]:
    """The labels of the arrows a trace draws that belong to `flow`, in order."""
    return tuple(label for a in trace.actions for key, label in arrows_of(a) if key == flow.key)


def conforms_to_flow(trace: Trace[World, Action], flow: Flow) -> bool:
    """Whether the arrows the trace draws in `flow` are one complete path through the flow."""
    return drawn_in_flow(trace, flow) in set(flow_paths(flow.steps))


def run_of(trace: Trace[World, Action], sc: Scenario) -> str:
    """The Mermaid rendering of a trace (for failure messages and the conformance check)."""
    return ProtocolModel(sc).trace_to_mermaid(trace)


FLOW = {f.key: f for f in protocol.FLOWS}
