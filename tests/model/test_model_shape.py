"""The model covers the spec, and rejects invalid actions without touching the world."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from checker.protocol_model import EXTENSION_OF, STATIC_ARROWS, all_diagram_arrows, label_arrows
from model.actions import TRANSITIONS, Action, candidates, initial, step, successors
from model.errors import GuardFailed, UnknownAction
from model.scenario import PRESETS
from spec import messages

SC = attrs.evolve(PRESETS["tiny"], retrieval=True, chunks=1)


def _labels_every_action_can_have() -> set[str]:
    labels = set(TRANSITIONS) - {"SyncBlock", "DealResponse"}
    labels |= {f"DealResponse[{k}]" for k in ("deal", "pip", "sealed")}
    methods = ("power.RegisterMiner", "miner.CommitSector", "paych.RedeemVoucher", "market.RedeemVoucher")
    labels |= {f"SyncBlock[{m}={o}]" for m in methods for o in ("ok", "1", "0")}
    return labels


def test_every_diagram_arrow_is_drawn_by_some_action() -> None:
    drawable = {ref for label in _labels_every_action_can_have() for ref in label_arrows(label)}
    assert set(all_diagram_arrows()) <= drawable, set(all_diagram_arrows()) - drawable


def test_every_action_maps_to_a_diagram_arrow_or_a_documented_extension() -> None:
    for name in TRANSITIONS:
        if name in STATIC_ARROWS:
            continue
        assert name in EXTENSION_OF, f"action {name} draws no arrow and is no documented extension"
        assert EXTENSION_OF[name] in messages.MESSAGES_BY_KEY, f"{name}: {EXTENSION_OF[name]} is not in spec/"


def test_every_extension_message_says_where_its_rule_comes_from() -> None:
    for m in messages.EXTENSIONS:
        assert m.source and m.doc, m.key


def test_unknown_action_is_rejected_with_the_known_names() -> None:
    w = initial(SC)
    try:
        step(w, Action("Teleport"), SC)
    except UnknownAction as err:
        assert "CreateMiner" in str(err)
    else:  # pragma: no cover
        raise AssertionError("an unknown action was accepted")


def _walk(choices: list[int]) -> object:
    w = initial(SC)
    for c in choices:
        succ = list(successors(w, SC))
        if not succ:
            break
        w = succ[c % len(succ)][1]
    return w


@given(st.lists(st.integers(0, 999), max_size=30), st.integers(0, 999),
       st.lists(st.integers(-2, 5), min_size=0, max_size=4))
def test_invalid_actions_raise_a_typed_error_and_leave_the_world_as_it_was(
        choices: list[int], pick: int, junk: list[int]) -> None:
    world = _walk(choices)
    snapshot = attrs.asdict(world, recurse=True)  # type: ignore[arg-type]
    tried = list(candidates(world, SC))  # type: ignore[arg-type]
    action = tried[pick % len(tried)]
    if junk:  # also garbage parameters
        action = Action(action.name, tuple(junk))
    try:
        step(world, action, SC)  # type: ignore[arg-type]
    except GuardFailed as err:
        assert type(err) is not GuardFailed and type(err).rule  # a named leaf, with its rule
    assert attrs.asdict(world, recurse=True) == snapshot  # type: ignore[arg-type]
