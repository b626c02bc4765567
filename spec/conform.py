"""Does a Mermaid diagram say what the spec says?  Every difference, with its line number.

Both diagrams are read as a sequence of events (participant declarations, then notes, arrows,
block openings, branches and ends, in reading order).  The sequences are aligned; what only the
file has is *extra*, what only the spec has is *missing*, an element present in both at
different places is *misordered*, and an arrow or note replaced one-for-one by another between
the same participants is *changed*.  Labels are compared with white space around punctuation
ignored, so ``Accepted, Rejected`` and ``Accepted,Rejected`` are the same label.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

import attrs

from spec.diagram import BRANCH_WORD, Arrow, Block, Diagram, Item, Note

DifferenceKind = Literal["missing", "extra", "misordered", "changed"]


@attrs.frozen
class Difference:
    """One way the file differs from the spec."""

    kind: DifferenceKind
    element: str
    """participant, arrow, note, block, branch or end."""
    description: str
    line: int
    """Line in the file (for a missing element: the line it should follow; 0 at the top)."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} {self.element}: {self.description}"


@attrs.frozen
class _Event:
    element: str
    key: tuple[str, ...]
    text: str
    line: int
    context: str


@attrs.frozen
class Summary:
    """Counts of what a diagram holds."""

    participants: int
    flows: int
    messages: int
    notes: int

    def __str__(self) -> str:
        return f"{self.participants} participants, {self.flows} flows, {self.messages} messages, {self.notes} notes"


def normalize(text: str) -> str:
    """A label with white space collapsed and dropped around punctuation."""
    text = " ".join(text.split())
    return re.sub(r"\s*([,()\[\]{}←:])\s*", r"\1", text)


def summarize(diagram: Diagram) -> Summary:
    """Count participants, top-level flows, arrows and notes."""
    from spec.diagram import walk

    items = walk(diagram.items)
    return Summary(
        participants=len(diagram.participants),
        flows=sum(1 for i in diagram.items if isinstance(i, Block)),
        messages=sum(1 for i in items if isinstance(i, Arrow)),
        notes=sum(1 for i in items if isinstance(i, Note)),
    )


def _events(items: tuple[Item, ...], context: str, out: list[_Event]) -> None:
    for item in items:
        if isinstance(item, Arrow):
            act = item.activation or ""
            text = f"{item.sender}{item.kind}{act}{item.receiver}: {item.label}"
            key = ("arrow", item.sender, item.kind, act, item.receiver, normalize(item.label))
            out.append(_Event("arrow", key, text, item.line, context))
        elif isinstance(item, Note):
            who = ",".join(item.participants)
            text = f"Note {item.position} {who}: {item.text}"
            out.append(_Event("note", ("note", item.position, who, normalize(item.text)), text, item.line, context))
        else:
            outer = f"{context} > {item.label}" if context else item.label
            for n, branch in enumerate(item.branches):
                word = item.kind if n == 0 else (BRANCH_WORD[item.kind] or item.kind)
                element = "block" if n == 0 else "branch"
                inner = outer if n == 0 else f"{outer} > {branch.label}"
                out.append(
                    _Event(
                        element,
                        (element, word, normalize(branch.label)),
                        f"{word} {branch.label}".strip(),
                        branch.line,
                        context if n == 0 else outer,
                    )
                )
                _events(branch.items, inner, out)
            out.append(_Event("end", ("end", item.kind), f"end of {item.kind} {item.label}", item.end_line, outer))


def _where(e: _Event) -> str:
    return f" (in {e.context})" if e.context else ""


def _align(found: list[_Event], expected: list[_Event]) -> list[Difference]:
    """Differences between two event sequences, found being the file's."""
    diffs: list[Difference] = []
    extra: list[_Event] = []
    missing: list[tuple[_Event, int]] = []
    matcher = difflib.SequenceMatcher(a=[e.key for e in found], b=[e.key for e in expected], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = found[i1 - 1].line if i1 > 0 else 0
        olds, news = found[i1:i2], expected[j1:j2]
        if tag == "replace" and len(olds) == len(news):
            for old, new in zip(olds, news, strict=True):
                same_place = (
                    old.element == new.element
                    and old.element in ("arrow", "note")
                    and (old.key[1] == new.key[1] and old.key[-2] == new.key[-2])
                )
                if same_place:
                    diffs.append(
                        Difference(
                            "changed",
                            old.element,
                            f"{old.text!r} where the spec has {new.text!r}{_where(new)}",
                            old.line,
                        )
                    )
                else:
                    extra.append(old)
                    missing.append((new, before))
            continue
        extra.extend(olds)
        missing.extend((e, before) for e in news)
    # An element both extra and missing is present, at the wrong place.
    for e in list(extra):
        twin = next((mm for mm in missing if mm[0].key == e.key), None)
        if twin is not None:
            missing.remove(twin)
            extra.remove(e)
            diffs.append(
                Difference(
                    "misordered",
                    e.element,
                    f"{e.text!r}{_where(e)}: the spec puts it{_where(twin[0])} after line {twin[1]}",
                    e.line,
                )
            )
    diffs.extend(Difference("extra", e.element, f"{e.text!r}{_where(e)} is not in the spec", e.line) for e in extra)
    diffs.extend(
        Difference("missing", e.element, f"{e.text!r}{_where(e)} (expected after line {after})", after)
        for e, after in missing
    )
    return diffs


def compare(found: Diagram, expected: Diagram) -> list[Difference]:
    """Every difference of `found` (read from a file) from `expected` (the spec), by line."""
    pf = [_Event("participant", ("participant", p.name), p.name, p.line, "") for p in found.participants]
    pe = [_Event("participant", ("participant", p.name), p.name, p.line, "") for p in expected.participants]
    ef: list[_Event] = []
    ee: list[_Event] = []
    _events(found.items, "", ef)
    _events(expected.items, "", ee)
    diffs = _align(pf, pe) + _align(ef, ee)
    return sorted(diffs, key=lambda d: (d.line, d.kind))
