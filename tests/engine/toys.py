"""Small hand-made models for the engine tests (they know nothing of Filecoin either)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from checker.contract import Property

Toy = tuple[int, ...]


class Counter:
    """A counter 0..limit: `inc` while below the limit, `reset` from the limit back to 0 (if cyclic).

    Without `cyclic`, the limit is a deadlock unless `terminal_at_limit`.
    """

    name = "counter"

    def __init__(
        self,
        limit: int = 5,
        *,
        cyclic: bool = False,
        terminal_at_limit: bool = False,
        props: Sequence[Property[int, str]] = (),
    ) -> None:
        self.limit = limit
        self.cyclic = cyclic
        self.terminal_at_limit = terminal_at_limit
        self.props = tuple(props)

    def initial_states(self) -> list[int]:
        return [0]

    def successors(self, state: int) -> list[tuple[str, int]]:
        if state < self.limit:
            return [("inc", state + 1)]
        return [("reset", 0)] if self.cyclic else []

    def properties(self) -> Sequence[Property[int, str]]:
        return self.props

    def is_terminal(self, state: int) -> bool:
        return self.terminal_at_limit and state == self.limit


class Grid:
    """Two coordinates 0..size-1, moved by `right` and `up`; a diamond-rich graph with known counts.

    States: size*size; transitions: 2*size*(size-1).  Every state at the far corner is terminal.
    """

    name = "grid"

    def __init__(self, size: int = 4, props: Sequence[Property[Toy, str]] = ()) -> None:
        self.size = size
        self.props = tuple(props)

    def initial_states(self) -> list[Toy]:
        return [(0, 0)]

    def successors(self, state: Toy) -> Iterable[tuple[str, Toy]]:
        x, y = state
        if x + 1 < self.size:
            yield ("right", (x + 1, y))
        if y + 1 < self.size:
            yield ("up", (x, y + 1))

    def properties(self) -> Sequence[Property[Toy, str]]:
        return self.props

    def is_terminal(self, state: Toy) -> bool:
        return state == (self.size - 1, self.size - 1)

    def state_to_json(self, state: Toy) -> Mapping[str, Any]:
        return {"x": state[0], "y": state[1]}

    def action_to_json(self, action: str) -> Mapping[str, Any]:
        return {"name": action}

    def action_from_json(self, data: Mapping[str, Any]) -> str:
        return str(data["name"])

    def action_labels(self) -> list[str]:
        return ["right", "up", "jump"]

    def rejections(self, state: Toy) -> list[tuple[str, str]]:
        x, y = state
        out = []
        if x + 1 >= self.size:
            out.append(("right", "x_below_size"))
        if y + 1 >= self.size:
            out.append(("up", "y_below_size"))
        return out

    def guard_names(self) -> list[str]:
        return ["x_below_size", "y_below_size", "never_fires"]


class Tokens:
    """Three interchangeable slots each 0..2, `bump(i)` increments slot i; symmetric under permutation."""

    name = "tokens"

    def initial_states(self) -> list[Toy]:
        return [(0, 0, 0)]

    def successors(self, state: Toy) -> list[tuple[tuple[str, int], Toy]]:
        out = []
        for i, v in enumerate(state):
            if v < 2:
                out.append((("bump", i), (*state[:i], v + 1, *state[i + 1 :])))
        return out

    def properties(self) -> Sequence[Property[Toy, Any]]:
        return (Property("total_at_most_6", "always", "Slots sum to at most 6.", lambda s: sum(s) <= 6),)

    def is_terminal(self, state: Toy) -> bool:
        return state == (2, 2, 2)

    def canonical(self, state: Toy) -> Hashable:
        return tuple(sorted(state))


class Explicit:
    """A model given as a table: state -> [(action, next state)]; states with no row are terminal."""

    name = "table"

    def __init__(
        self,
        table: Mapping[Any, Sequence[tuple[Any, Any]]],
        *,
        initial: Sequence[Any] = (0,),
        props: Sequence[Property[Any, Any]] = (),
        classes: Mapping[Any, Hashable] | None = None,
    ) -> None:
        self.table = table
        self.initial = list(initial)
        self.props = tuple(props)
        if classes is not None:
            self.fairness_class = classes.__getitem__

    def initial_states(self) -> list[Any]:
        return self.initial

    def successors(self, state: Any) -> list[tuple[Any, Any]]:
        return list(self.table.get(state, ()))

    def properties(self) -> Sequence[Property[Any, Any]]:
        return self.props

    def is_terminal(self, state: Any) -> bool:
        return state not in self.table
