"""Liveness: ``eventually`` properties under weak fairness, on the explored state graph.

The property.  ``eventually(goal)`` with a ``trigger`` holds when from every reachable state
where the trigger holds, every *fair* path reaches a state where the goal holds (without a
trigger: from every initial state).  Paths are infinite: a path that reaches a state with no
successors (terminal or deadlocked) stays there forever (stutters), and that is fair, since
nothing is enabled.

Weak fairness, precisely.  Actions are grouped into *fairness classes* by the model hook
``fairness_class(action)`` (default: the action's label, so each label is its own class).  A
class is *enabled* in a state when some successor of that state is reached by an action of the
class.  An infinite path is *weakly fair* when no class is enabled in every state of a suffix of
the path without being taken infinitely often on it.  For a lasso, whose suffix is its cycle:
every class enabled in all the cycle's states is taken by some step of the cycle.

The algorithm.  Let H be the subgraph of the explored graph on the states where the goal does
not hold.  A counterexample exists iff some trigger state in H reaches, within H, either

- a *stuck* state (expanded, with no successors at all), or
- a strongly connected component C of H with at least one edge, such that every class
  enabled in all states of C is taken by an edge inside C.  (Conversely, a class enabled in
  all of C but never taken inside C is continuously enabled and never taken on any cycle in
  C, so C has no fair cycle: for weak fairness no recursive decomposition is needed.)

The counterexample is a `Trace` with ``loop_start``: the shortest path from an initial state to
the trigger state, then the shortest path in H into C, then a cycle in C that is itself fair
(built by detours through C until every class continuously enabled on it is taken).  States
the exploration did not expand (cut by a bound) have unknown successors: they are never called
stuck, so a failure is always real, and a pass on a bounded graph is "holds within bounds".
Likewise a state that the model's ``is_truncated(state)`` hook says was cut by the model's own
bound (e.g. the scenario's last epoch, where the clock would tick but may not) is never stuck, and
counts as enabling one more fairness class that no edge takes: a cycle made only of such states is
not fair, since in the unbounded model time would go on.

The graph's nodes are numbered states; liveness runs without symmetry reduction, so the stored
states are concrete and every lasso is a run of the model.  Strongly connected components are
found by an iterative Tarjan on plain dicts (cross-checked against networkx in the tests):
building a networkx graph of a million edges costs far more than the search itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from checker.contract import Model, Property, Trace
from checker.explicit import CheckOptions, StateGraph, Verdict, action_label, check

Key = int
"""A node of the explored graph (see `checker.explicit.StateGraph`)."""

_BOUND = "(time beyond the model's bound)"
"""The fairness class of the step a bound-truncated state would take next (never in the graph)."""
K = TypeVar("K", bound=Hashable)


def fairness_class(model: Any, action: Any) -> Hashable:
    """The fairness class of `action`: the model's ``fairness_class`` hook, or its label."""
    hook = getattr(model, "fairness_class", None)
    return hook(action) if hook is not None else action_label(model, action)


def strongly_connected_components(succ: Mapping[K, Sequence[K]]) -> list[list[K]]:
    """The strongly connected components of the graph ``node -> successors`` (iterative Tarjan).

    Every successor must itself be a key of `succ`.  Pure Python on plain dicts: building a
    networkx graph of a million edges costs far more than the search (networkx checks this
    function in the tests).
    """
    index: dict[K, int] = {}
    low: dict[K, int] = {}
    on_stack: set[K] = set()
    stack: list[K] = []
    components: list[list[K]] = []
    for root in succ:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[K, Iterator[K]]] = [(root, iter(succ[root]))]
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:  # descend
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    break
                if w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            else:  # v is finished
                work.pop()
                if work and low[v] < low[work[-1][0]]:
                    low[work[-1][0]] = low[v]
                if low[v] == index[v]:
                    component: list[K] = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    components.append(component)
    return components


def _bfs_path(starts: Iterable[Key], goal: set[Key], adj: dict[Key, list[tuple[Any, Key]]],
              allowed: set[Key] | None = None) -> list[tuple[Any, Key]] | None:
    """Shortest path (as (action, node) steps after the start node) from any start to any goal node."""
    parent: dict[Key, tuple[Key, Any] | None] = {}
    queue: deque[Key] = deque()
    for s in starts:
        if s not in parent and (allowed is None or s in allowed):
            parent[s] = None
            queue.append(s)
    while queue:
        u = queue.popleft()
        if u in goal:
            steps: list[tuple[Any, Key]] = []
            node = u
            while parent[node] is not None:
                prev, action = parent[node]  # type: ignore[misc]
                steps.append((action, node))
                node = prev
            steps.append((None, node))
            steps.reverse()
            return steps
        for action, v in adj.get(u, ()):
            if v not in parent and (allowed is None or v in allowed):
                parent[v] = (u, action)
                queue.append(v)
    return None


def _fair_cycle(entry: Key, comp: set[Key], adj: dict[Key, list[tuple[Any, Key]]],
                cls: dict[Key, set[Hashable]], cls_of: Any) -> list[tuple[Any, Key]]:
    """A weakly fair closed walk from `entry` inside `comp` (which must admit one), as steps."""
    inner = {u: [(a, v) for a, v in adj.get(u, ()) if v in comp] for u in comp}

    def path(frm: Key, targets: set[Key]) -> list[tuple[Any, Key]]:
        found = _bfs_path([frm], targets, inner)
        assert found is not None, "a strongly connected component connects all its nodes"
        return found[1:]

    walk = [inner[entry][0]]  # every node of a cyclic component has an edge inside it
    while True:
        here = walk[-1][1]
        full = walk + path(here, {entry})
        nodes = [entry] + [n for _, n in full[:-1]]
        taken = {cls_of(a) for a, _ in full}
        missing = set.intersection(*(cls[n] for n in nodes)) - taken
        if not missing:
            return full
        c = min(missing, key=repr)
        edge = next(((u, a, v) for u in comp for a, v in inner[u] if cls_of(a) == c), None)
        if edge is not None:  # take the class somewhere on the cycle
            walk += [*path(here, {edge[0]}), (edge[1], edge[2])]
        else:  # visit a state where the class is disabled, so it is not continuously enabled
            walk += path(here, {n for n in comp if c not in cls[n]})


def check_eventually(model: Model[Any, Any], graph: StateGraph, prop: Property[Any, Any],
                     *, complete: bool = True) -> Verdict:
    """Check one eventually-property on an explored graph under weak fairness (see module doc)."""
    states = graph.states
    goal_of = [bool(prop.check(s)) for s in states]
    adj: dict[Key, list[tuple[Any, Key]]] = {}
    classes: dict[Key, set[Hashable]] = {k: set() for k in range(len(states))}
    class_cache: dict[Any, Hashable] = {}

    def cls_of(action: Any) -> Hashable:
        c = class_cache.get(action)
        if c is None:
            c = class_cache[action] = fairness_class(model, action)
        return c

    for u, action, v in graph.edges:
        adj.setdefault(u, []).append((action, v))
        classes[u].add(cls_of(action))
    avoid = {k for k, g in enumerate(goal_of) if not g}
    h = {u: [v for _, v in adj.get(u, ()) if v in avoid] for u in avoid}

    truncated = getattr(model, "is_truncated", None)
    cut = {k for k in avoid if truncated is not None and truncated(states[k])}
    for k in cut:  # time would go on here but for the model's bound: a class enabled, never taken
        classes[k].add(_BOUND)
    bad: set[Key] = {k for k in avoid if k in graph.expanded and not adj.get(k) and k not in cut}
    fair_comp_of: dict[Key, set[Key]] = {}
    for members in strongly_connected_components(h):
        comp = set(members)
        if len(comp) == 1 and members[0] not in h[members[0]]:
            continue  # a single state without a self-loop is not a cycle
        inner_classes = {cls_of(a) for u in comp for a, v in adj.get(u, ()) if v in comp}
        always_enabled = set.intersection(*(classes[u] for u in comp))
        if always_enabled <= inner_classes:
            bad |= comp
            for u in comp:
                fair_comp_of[u] = comp
    trigger = prop.trigger
    sources = (
        [k for k in avoid if trigger(states[k])] if trigger is not None
        else [k for k in graph.initial if k in avoid]
    )
    if not bad or not sources:
        return _pass(prop, complete)
    # Which sources reach a bad node inside H: reverse reachability from the bad nodes.
    preds: dict[Key, list[Key]] = {}
    for u, targets in h.items():
        for v in targets:
            preds.setdefault(v, []).append(u)
    can_fail: set[Key] = set(bad)
    queue = deque(bad)
    while queue:
        for pred in preds.get(queue.popleft(), ()):
            if pred not in can_fail:
                can_fail.add(pred)
                queue.append(pred)
    failing = set(sources) & can_fail
    if not failing:
        return _pass(prop, complete)
    prefix = _bfs_path(graph.initial, failing, adj)
    assert prefix is not None
    source = prefix[-1][1]
    stem = _bfs_path([source], bad, adj, allowed=avoid)
    assert stem is not None
    entry = stem[-1][1]
    path = prefix + stem[1:]
    loop_start = len(path) - 1
    if entry in fair_comp_of:
        cycle = _fair_cycle(entry, fair_comp_of[entry], adj, classes, cls_of)
        path += cycle[:-1]  # the cycle's last step returns to the entry: that is what loop_start says
    trace = Trace(states[path[0][1]], tuple((a, states[n]) for a, n in path[1:]), loop_start)
    return Verdict(prop.name, "eventually", "fails", prop.statement, trace)


def _pass(prop: Property[Any, Any], complete: bool) -> Verdict:
    return Verdict(prop.name, "eventually", "holds" if complete else "holds within bounds", prop.statement)


def check_liveness(model: Model[Any, Any], options: CheckOptions | None = None) -> list[Verdict]:
    """Explore `model` keeping its graph and return the verdicts of its eventually-properties."""
    opts = options if options is not None else CheckOptions()
    names = [p.name for p in model.properties() if p.kind == "eventually"]
    if opts.properties is not None:
        names = [n for n in opts.properties if n in names]
    result = check(model, attrs.evolve(opts, properties=tuple(names), keep_graph=True, check_deadlock=False))
    return [v for v in result.verdicts if v.kind == "eventually"]
