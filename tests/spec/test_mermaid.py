from __future__ import annotations

import pytest

from spec.diagram import Arrow, Block, Note, arrows
from spec.mermaid import MermaidSyntaxError, extract_diagram, parse, render


def test_parses_every_construct_the_seed_uses() -> None:
    d = parse(
        "sequenceDiagram\n"
        "participant A\n"
        "participant B as Bee\n"
        "NOTE LEFT OF A: knows X\n"
        "Note over A,B: group\n"
        "opt Flow\n"
        "A ->> B: Query(CID)\n"
        "A-->>+B: call\n"
        "B->-A: ret\n"
        "A-->A: VerifyPIP(SectorID, PIP)\n"
        "alt 1 - success\n"
        "B-->>B: 1 ← CommitSector(.)\n"
        "else 0 - failure\n"
        "B-->>B: 0 ← CommitSector(.)\n"
        "end\n"
        "end\n"
        "loop Collect\n"
        "A->>B: {1,0} ← VerifySeal\n"
        "end\n"
    )
    assert [p.name for p in d.participants] == ["A", "B"]
    assert d.participants[1].alias == "Bee"
    assert d.items[0] == Note("left of", ("A",), "knows X")
    flow = d.items[2]
    assert isinstance(flow, Block) and flow.kind == "opt" and flow.label == "Flow"
    first = flow.branches[0].items[0]
    assert first == Arrow("A", "B", "->>", "Query(CID)")
    assert flow.branches[0].items[1] == Arrow("A", "B", "-->>", "call", "+")
    assert flow.branches[0].items[2] == Arrow("B", "A", "->", "ret", "-")
    assert flow.branches[0].items[3].kind == "-->"  # type: ignore[union-attr]
    choice = flow.branches[0].items[4]
    assert isinstance(choice, Block) and [b.label for b in choice.branches] == ["1 - success", "0 - failure"]
    assert len(arrows(d.items)) == 7


def test_keeps_line_numbers_of_the_file() -> None:
    d = parse("intro\ncontent = mermaid`\nsequenceDiagram\nA->>B: hi\n`\n")
    assert arrows(d.items)[0].line == 4


def test_extracts_fenced_markdown() -> None:
    body, first = extract_diagram("# t\n\n```mermaid\nsequenceDiagram\nA->>B: x\n```\n")
    assert body.startswith("sequenceDiagram") and first == 4


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("sequenceDiagram\nA->>B hello\n", 2, 12, "without a message"),
        ("sequenceDiagram\n  end\n", 2, 3, "'end' without"),
        ("sequenceDiagram\nopt X\nA->>B: m\n", 2, 1, "never closed"),
        ("sequenceDiagram\nelse nope\n", 2, 1, "outside an 'alt'"),
        ("sequenceDiagram\nfoo bar\n", 2, 1, "unknown statement 'foo'"),
        ("sequenceDiagram\nA->>>B: x\n", 2, 2, "malformed arrow"),
        ("graph TD\n", 1, 1, "expected 'sequenceDiagram'"),
        ("sequenceDiagram\nNote left of A,B: x\n", 2, 1, "exactly one participant"),
        ("sequenceDiagram\nparticipant A\nparticipant A\n", 3, 1, "declared twice"),
    ],
)
def test_reports_syntax_errors_with_line_and_column(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(MermaidSyntaxError) as info:
        parse(text, source="f.mmd")
    assert (info.value.line, info.value.column) == (line, column)
    assert words in str(info.value)
    assert str(info.value).startswith(f"f.mmd:{line}:{column}: ")


def test_render_then_parse_gives_the_same_diagram() -> None:
    text = "sequenceDiagram\nparticipant A\nA->>+A: x ← f(y)\nalt a\nA-->>A: 1\nelse b\nend\n"
    d = parse(text)
    assert parse(render(d)) == d
