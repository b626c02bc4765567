"""A sequence diagram as a value: participants, arrows, notes and nested blocks.

This is the common shape of three things: a Mermaid file after parsing, the protocol spec
(`spec.protocol`) when drawn, and a model trace when drawn.  Conformance compares two values of
this shape; the renderer writes one back to Mermaid.  Line numbers are kept for error messages
and reports, and never take part in equality.
"""

from __future__ import annotations

from typing import Literal

import attrs

#: Mermaid arrow kinds that the seed diagram uses, plus the other common ones.
#: ``->>`` solid with arrowhead (a message), ``-->>`` dotted with arrowhead (an internal or
#: asynchronous step in the seed), ``->`` solid open line, ``-->`` dotted open line;
#: ``-x``/``--x`` lost message, ``-)``/``--)`` asynchronous.
ArrowKind = Literal["->>", "-->>", "->", "-->", "-x", "--x", "-)", "--)"]
ARROW_KINDS: tuple[ArrowKind, ...] = ("-->>", "->>", "-->", "->", "--x", "-x", "--)", "-)")

NotePosition = Literal["over", "left of", "right of"]
BlockKind = Literal["opt", "alt", "loop", "par", "critical", "break", "rect"]
#: The word that opens a second or later branch in each block kind (None: one branch only).
BRANCH_WORD: dict[str, str | None] = {
    "opt": None,
    "loop": None,
    "break": None,
    "rect": None,
    "alt": "else",
    "par": "and",
    "critical": "option",
}


@attrs.frozen
class Participant:
    """A lifeline of the diagram."""

    name: str
    """The identifier used by arrows and notes."""
    alias: str | None = None
    """The display text after ``as``, if any."""
    line: int = attrs.field(default=0, eq=False, repr=False)
    """Source line (1-based) where it was declared; 0 when not from a file."""


@attrs.frozen
class Arrow:
    """A message from one lifeline to another (or to itself: a self-call)."""

    sender: str
    receiver: str
    kind: ArrowKind
    label: str
    """The message text after the colon, stripped."""
    activation: Literal["+", "-"] | None = None
    """``+`` activates the receiver, ``-`` deactivates the sender."""
    line: int = attrs.field(default=0, eq=False, repr=False)

    @property
    def is_self_call(self) -> bool:
        """True when sender and receiver are the same lifeline."""
        return self.sender == self.receiver


@attrs.frozen
class Note:
    """A note placed over, left of or right of one or more lifelines."""

    position: NotePosition
    participants: tuple[str, ...]
    text: str
    line: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Branch:
    """One branch of a block: the block's own first branch, or an ``else``/``and``/``option``."""

    label: str
    items: tuple[Item, ...]
    line: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Block:
    """An ``opt``, ``alt``/``else``, ``loop`` (or other) block with its branches."""

    kind: BlockKind
    branches: tuple[Branch, ...]
    line: int = attrs.field(default=0, eq=False, repr=False)
    end_line: int = attrs.field(default=0, eq=False, repr=False)

    @property
    def label(self) -> str:
        """The label written after the opening keyword."""
        return self.branches[0].label


Item = Arrow | Note | Block


@attrs.frozen
class Diagram:
    """A whole sequence diagram."""

    participants: tuple[Participant, ...]
    items: tuple[Item, ...]

    def participant_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.participants)


def walk(items: tuple[Item, ...]) -> list[Item]:
    """Every item of a diagram in reading order, blocks before their contents."""
    out: list[Item] = []
    for item in items:
        out.append(item)
        if isinstance(item, Block):
            for branch in item.branches:
                out.extend(walk(branch.items))
    return out


def arrows(items: tuple[Item, ...]) -> list[Arrow]:
    """Every arrow, in reading order."""
    return [i for i in walk(items) if isinstance(i, Arrow)]
