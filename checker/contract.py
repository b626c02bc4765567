"""The one small contract between the engines and any model they check.

The engines (explicit-state checker, simulator, Z3 prover, Hypothesis machine) know nothing of
Filecoin: they consume a `Model` and its `Property` values.  A model gives its initial states
and, for a state, its successors as (action, next state) pairs; properties are named values of
one of four kinds.  The Filecoin protocol model and the benchmark models in `benchmarks/` are
both written against this contract.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Generic, Literal, Protocol, TypeVar

import attrs

S = TypeVar("S", bound=Hashable)
A = TypeVar("A", bound=Hashable)

PropertyKind = Literal["always", "sometimes", "eventually", "step"]
PROPERTY_KINDS: tuple[PropertyKind, ...] = ("always", "sometimes", "eventually", "step")


@attrs.frozen
class Property(Generic[S, A]):
    """A named property of a model.

    Kinds, and what `check` receives:
      - ``always``: ``check(state)`` must hold in every reachable state (a safety invariant).
      - ``sometimes``: ``check(state)`` must hold in *some* reachable state (a witness that a
        behaviour is possible, so a model that can never reach it fails loudly).
      - ``eventually``: from every reachable state where ``trigger(state)`` holds, every fair
        path reaches a state where ``check(state)`` holds (leads-to under weak fairness).
        Without a trigger, it is asked of the initial states.
      - ``step``: ``check(before, action, after)`` must hold for every transition.
    """

    name: str
    """Short identifier, unique within a model (used on the command line and in reports)."""
    kind: PropertyKind
    """One of always / sometimes / eventually / step."""
    statement: str
    """The rule in one plain sentence."""
    check: Callable[..., Any]
    """The predicate; see the kinds above for its arguments."""
    trigger: Callable[[Any], Any] | None = None
    """For ``eventually`` only: the states from which the goal must be reached."""


class Model(Protocol[S, A]):
    """What an engine needs from a model.  States and actions must be hashable values."""

    def initial_states(self) -> Iterable[S]:
        """Every initial state."""
        ...

    def successors(self, state: S) -> Iterable[tuple[A, S]]:
        """Every enabled action in `state` with the state it leads to (one pair per instance)."""
        ...

    def properties(self) -> Sequence[Property[S, A]]:
        """The properties to check (all of them; engines let users choose a subset by name)."""
        ...


class ModelHooks(Protocol):
    """Optional extras an engine uses when a model offers them (look them up with getattr).

    - ``canonical(state) -> Hashable``: a representative of the state's symmetry class;
      engines that reduce by symmetry store this instead of the state.
    - ``is_terminal(state) -> bool``: a state with no successors that the spec calls final
      (not a deadlock).
    - ``action_label(action) -> str``: the label coverage counts an action under.
    - ``describe_action(action) -> str``: how a printed trace step names its action (default: its label).
    - ``state_to_json(state) -> Mapping``: the state as ITF-ready JSON (for traces).
    - ``action_to_json(action) -> Mapping``: the action as JSON (for traces and replay).
    - ``action_from_json(data) -> action``: the inverse, for `filspec replay`.
    - ``trace_to_mermaid(trace) -> str``: a sequence diagram of a trace.
    - ``diff(before, after) -> Sequence[str]``: the state change of a step, in words.

    Hooks the explicit-state engines (``checker.explicit``, ``checker.liveness``,
    ``checker.simulate``) also look up:

    - ``within_bound(state) -> bool``: a state constraint (TLC's CONSTRAINT); a reachable state
      outside the bound is still checked but not expanded, and the run is then *bounded*.
    - ``fairness_class(action) -> Hashable``: the group of actions weak fairness is asked of
      (see ``checker.liveness``); default: each action label is its own class.
    - ``rejections(state) -> Iterable[tuple[action, str]]``: moves attempted in `state` but
      rejected, each with the name of the guard that rejected it (coverage counters).
    - ``action_labels() -> Iterable[str]`` and ``guard_names() -> Iterable[str]``: every label
      and guard the model has, so coverage can report the ones never taken / never fired.
    - ``orbit_size(representative) -> int``: the number of states in the symmetry class of a
      value returned by ``canonical`` (lets the checker estimate the unreduced state count
      without a second run).
    - ``name``: an attribute naming the model/scenario in reports and ITF metadata.
    """

    def canonical(self, state: Any) -> Hashable: ...
    def is_terminal(self, state: Any) -> bool: ...
    def action_label(self, action: Any) -> str: ...
    def state_to_json(self, state: Any) -> Mapping[str, Any]: ...


@attrs.frozen
class Trace(Generic[S, A]):
    """A run of a model: an initial state and the (action, next state) steps taken from it.

    Every engine reports counterexamples as a Trace; every output format is rendered from one.
    For an ``eventually`` counterexample, ``loop_start`` is the index of the state where the
    lasso's cycle begins (the last state steps back to it); otherwise None.
    """

    initial: S
    steps: tuple[tuple[A, S], ...] = ()
    loop_start: int | None = None

    @property
    def states(self) -> tuple[S, ...]:
        """The initial state followed by every state reached."""
        return (self.initial, *(s for _, s in self.steps))

    @property
    def actions(self) -> tuple[A, ...]:
        return tuple(a for a, _ in self.steps)

    def __len__(self) -> int:
        return len(self.steps)
