"""Property: any diagram the renderer writes parses back to an equal value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spec.diagram import BRANCH_WORD, Arrow, Block, Branch, Diagram, Item, Note, Participant
from spec.mermaid import parse, render

names = st.sampled_from(["A", "B", "Client", "Provider", "libp2p", "Miner_1"])
label_chars = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="%;#\n\r`")
labels = st.text(label_chars, min_size=0, max_size=20).map(lambda s: " ".join(s.split()))


def arrows_() -> st.SearchStrategy[Arrow]:
    return st.builds(Arrow, names, names, st.sampled_from(["->>", "-->>", "->", "-->", "-x", "--)"]),
                     labels, st.sampled_from([None, "+", "-"]))


notes = st.builds(
    Note, st.sampled_from(["over", "left of", "right of"]), st.tuples(names), labels,
)


def items(depth: int) -> st.SearchStrategy[tuple[Item, ...]]:
    leaf: st.SearchStrategy[Item] = st.one_of(arrows_(), notes)
    if depth == 0:
        return st.lists(leaf, max_size=4).map(tuple)

    def block(kind: str) -> st.SearchStrategy[Item]:
        count = st.integers(1, 3) if BRANCH_WORD[kind] else st.just(1)
        return count.flatmap(lambda n: st.lists(st.builds(Branch, labels, items(depth - 1)),
                                                min_size=n, max_size=n)
                             .map(lambda bs: Block(kind, tuple(bs))))  # type: ignore[arg-type]

    return st.lists(st.one_of(leaf, *(block(k) for k in BRANCH_WORD)), max_size=4).map(tuple)


diagrams = st.builds(
    lambda ps, its: Diagram(tuple(Participant(p) for p in dict.fromkeys(ps)), its),
    st.lists(names, min_size=1, max_size=6), items(2),
)


@given(diagrams)
def test_render_then_parse_is_identity(d: Diagram) -> None:
    parsed = parse(render(d))
    # Lifelines used but not declared are added by the parser, after the declared ones.
    declared = d.participant_names()
    assert parsed.participant_names()[: len(declared)] == declared
    assert parsed.items == d.items
