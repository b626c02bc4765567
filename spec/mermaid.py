"""Mermaid sequence diagrams: parse text into a `Diagram`, render a `Diagram` back to text.

Supported: the ``sequenceDiagram`` header, ``participant``/``actor`` (with ``as`` aliases),
``Note over|left of|right of`` in any letter case, blocks ``opt``, ``alt``/``else``, ``loop``,
``par``/``and``, ``critical``/``option``, ``break``, ``rect`` closed by ``end``, arrows
``->>``, ``-->>``, ``->``, ``-->``, ``-x``, ``--x``, ``-)``, ``--)`` with ``+``/``-`` activation
marks, ``%%`` comments, and the ``autonumber``/``activate``/``deactivate`` statements (accepted,
not kept).  A file may hold the diagram bare, in a fenced ```` ```mermaid ```` block, or wrapped
as ``content = mermaid`...` `` (as the seed file is); line numbers always refer to the file.

A syntax error raises `MermaidSyntaxError` naming the line and column.
"""

from __future__ import annotations

import re

import attrs

from spec.diagram import (
    ARROW_KINDS,
    BRANCH_WORD,
    Arrow,
    ArrowKind,
    Block,
    BlockKind,
    Branch,
    Diagram,
    Item,
    Note,
    NotePosition,
    Participant,
)
from spec.errors import InputError


class MermaidSyntaxError(InputError):
    """The text is not a Mermaid sequence diagram we can read."""

    def __init__(self, message: str, *, line: int, column: int, source: str = "<text>") -> None:
        self.line = line
        self.column = column
        self.source = source
        super().__init__(message, where=f"{source}:{line}:{column}")


_IDENT = r"[A-Za-z_][\w.]*"
_ARROW_RE = re.compile(
    rf"^(?P<sender>{_IDENT})\s*(?P<kind>-->>|->>|-->|->|--x|-x|--\)|-\))\s*(?P<act>[+-]?)\s*"
    rf"(?P<receiver>{_IDENT})\s*(?P<colon>:)?(?P<label>.*)$"
)
_NOTE_RE = re.compile(r"^note\s+(?P<pos>over|left\s+of|right\s+of)\s+(?P<who>[^:]+?)\s*:(?P<text>.*)$", re.IGNORECASE)
_PARTICIPANT_RE = re.compile(rf"^(?:participant|actor)\s+(?P<name>{_IDENT})(?:\s+as\s+(?P<alias>.+))?$")
_BLOCK_OPEN = {"opt", "alt", "loop", "par", "critical", "break", "rect"}
_BRANCH_WORDS = {w: k for k, w in BRANCH_WORD.items() if w}
_IGNORED = re.compile(r"^(autonumber|activate|deactivate|title|accTitle|accDescr)\b")


def extract_diagram(text: str) -> tuple[str, int]:
    """Find the diagram inside `text`; return it and the file line number of its first line.

    Understands a bare diagram, a fenced ```` ```mermaid ```` block, and the
    ``content = mermaid`...` `` wrapper of the seed file.
    """
    wrapped = re.search(r"mermaid`", text)
    if wrapped:
        start = wrapped.end()
        stop = text.find("`", start)
        body = text[start:] if stop < 0 else text[start:stop]
        return body, text.count("\n", 0, start) + 1
    fenced = re.search(r"^```mermaid[^\n]*\n", text, re.MULTILINE)
    if fenced:
        start = fenced.end()
        stop = text.find("\n```", start)
        body = text[start:] if stop < 0 else text[start : stop + 1]
        return body, text.count("\n", 0, start) + 1
    return text, 1


@attrs.define
class _Frame:
    """A block being read: its kind, its finished branches and the items of the open branch."""

    kind: BlockKind
    line: int
    branches: list[Branch]
    label: str
    branch_line: int
    items: list[Item]


def parse(text: str, *, source: str = "<text>") -> Diagram:
    """Parse a Mermaid sequence diagram (possibly wrapped, see `extract_diagram`)."""
    body, first_line = extract_diagram(text)
    participants: list[Participant] = []
    declared: set[str] = set()
    explicit: set[str] = set()
    top: list[Item] = []
    stack: list[_Frame] = []
    seen_header = False

    def fail(message: str, line: int, column: int = 1) -> MermaidSyntaxError:
        return MermaidSyntaxError(message, line=line, column=column, source=source)

    def current() -> list[Item]:
        return stack[-1].items if stack else top

    def mention(name: str, line: int) -> None:
        # Mermaid creates a lifeline the first time a name is used; so do we.
        if name not in declared:
            declared.add(name)
            participants.append(Participant(name, None, line))

    for offset, raw in enumerate(body.split("\n")):
        line = first_line + offset
        column = len(raw) - len(raw.lstrip()) + 1
        stmt = raw.strip()
        if not stmt or stmt.startswith("%%"):
            continue
        if not seen_header:
            if stmt.split()[0] != "sequenceDiagram":
                raise fail(f"expected 'sequenceDiagram' header, found {stmt.split()[0]!r}", line, column)
            seen_header = True
            continue
        word = stmt.split()[0]
        if word in ("participant", "actor"):
            m = _PARTICIPANT_RE.match(stmt)
            if not m:
                raise fail(f"malformed {word} declaration: expected '{word} NAME [as ALIAS]'", line, column)
            name = m.group("name")
            if name in explicit:
                raise fail(f"participant {name!r} declared twice", line, column)
            explicit.add(name)
            alias = (m.group("alias") or "").strip() or None
            if name in declared:  # used before its declaration: keep the first place, add the alias
                participants = [Participant(name, alias, p.line) if p.name == name else p for p in participants]
            else:
                declared.add(name)
                participants.append(Participant(name, alias, line))
            continue
        if word.lower() == "note":
            m = _NOTE_RE.match(stmt)
            if not m:
                raise fail("malformed note: expected 'Note over|left of|right of A[,B]: text'", line, column)
            pos = " ".join(m.group("pos").lower().split())
            who = tuple(w.strip() for w in m.group("who").split(","))
            for w in who:
                if not re.fullmatch(_IDENT, w):
                    raise fail(f"malformed participant name {w!r} in note", line, column)
                mention(w, line)
            if pos != "over" and len(who) != 1:
                raise fail(f"'Note {pos}' takes exactly one participant", line, column)
            note_pos: NotePosition = "over" if pos == "over" else ("left of" if pos == "left of" else "right of")
            current().append(Note(note_pos, who, m.group("text").strip(), line))
            continue
        if word in _BLOCK_OPEN:
            kind: BlockKind = word  # type: ignore[assignment]
            label = stmt[len(word) :].strip()
            stack.append(_Frame(kind, line, [], label, line, []))
            continue
        if word in _BRANCH_WORDS:
            if not stack or BRANCH_WORD[stack[-1].kind] != word:
                opener = _BRANCH_WORDS[word]
                raise fail(f"'{word}' outside an '{opener}' block", line, column)
            frame = stack[-1]
            frame.branches.append(Branch(frame.label, tuple(frame.items), frame.branch_line))
            frame.label, frame.branch_line, frame.items = stmt[len(word) :].strip(), line, []
            continue
        if stmt == "end":
            if not stack:
                raise fail("'end' without an open block", line, column)
            frame = stack.pop()
            frame.branches.append(Branch(frame.label, tuple(frame.items), frame.branch_line))
            current().append(Block(frame.kind, tuple(frame.branches), frame.line, line))
            continue
        if _IGNORED.match(stmt):
            continue
        m = _ARROW_RE.match(stmt)
        if m:
            if not m.group("colon"):
                col = column + len(stmt)
                raise fail("arrow without a message: expected 'A->>B: text'", line, col)
            sender, receiver = m.group("sender"), m.group("receiver")
            mention(sender, line)
            mention(receiver, line)
            act = m.group("act")
            kind_text = m.group("kind")
            arrow_kind: ArrowKind = next(k for k in ARROW_KINDS if k == kind_text)
            current().append(
                Arrow(
                    sender,
                    receiver,
                    arrow_kind,
                    m.group("label").strip(),
                    "+" if act == "+" else ("-" if act == "-" else None),
                    line,
                )
            )
            continue
        arrowish = re.search(r"-+[>x)]", stmt)
        if arrowish:
            raise fail(f"malformed arrow near {stmt[arrowish.start() :][:12]!r}", line, column + arrowish.start())
        raise fail(f"unknown statement {word!r}", line, column)

    if not seen_header:
        raise fail("empty diagram: expected 'sequenceDiagram'", first_line)
    if stack:
        frame = stack[-1]
        raise fail(f"'{frame.kind}' block opened here is never closed with 'end'", frame.line)
    return Diagram(tuple(participants), tuple(top))


def render(diagram: Diagram, *, indent: str = "    ") -> str:
    """Write a `Diagram` as Mermaid text that `parse` reads back to an equal value."""
    lines = ["sequenceDiagram"]
    for p in diagram.participants:
        lines.append(f"{indent}participant {p.name}" + (f" as {p.alias}" if p.alias else ""))
    _render_items(diagram.items, 1, indent, lines)
    return "\n".join(lines) + "\n"


def _render_items(items: tuple[Item, ...], depth: int, indent: str, out: list[str]) -> None:
    pad = indent * depth
    for item in items:
        if isinstance(item, Arrow):
            act = item.activation or ""
            out.append(f"{pad}{item.sender}{item.kind}{act}{item.receiver}: {item.label}".rstrip())
        elif isinstance(item, Note):
            out.append(f"{pad}Note {item.position} {','.join(item.participants)}: {item.text}".rstrip())
        else:
            for n, branch in enumerate(item.branches):
                word = item.kind if n == 0 else BRANCH_WORD[item.kind]
                out.append(f"{pad}{word} {branch.label}".rstrip())
                _render_items(branch.items, depth + 1, indent, out)
            out.append(f"{pad}end")
