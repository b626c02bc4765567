"""The library itself: strategies draw what they promise, profiles follow the environment, mistakes are named."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.contract import Trace
from checker.testing import (
    PROFILE_ENV,
    ProtocolMachine,
    actions,
    deals,
    piece_bytes,
    pieces,
    profile_name,
    protocol_machine,
    scenarios,
    traces,
    vouchers,
    worlds,
)
from invariants import Ctx, select
from model.actions import Action, initial, step
from model.scenario import PRESETS, Scenario
from model.state import StorageDeal, Voucher, World
from proofs_native.commp import padded_piece_size
from spec.errors import InputError

# --- profiles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "dev"), ({"CI": "true"}, "ci"), ({"CI": "false"}, "dev"),
    ({"CI": "true", PROFILE_ENV: "deep"}, "deep"), ({PROFILE_ENV: "ci"}, "ci"),
])
def test_profile_follows_the_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert profile_name() == expected


def test_unknown_profile_names_the_known_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, "fast")
    with pytest.raises(InputError, match="known: dev, ci, deep"):
        profile_name()


def test_ci_profile_is_derandomized_and_prints_its_blob() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.print_blob and ci.deadline is None


# --- strategies ---------------------------------------------------------------------------------


@given(scenarios(adversarial=True))
def test_drawn_scenarios_are_valid_and_small(sc: Scenario) -> None:
    assert sc.validate() is sc
    assert sc.clients <= 2 and sc.providers <= 2 and len(sc.pieces) <= 2 and sc.max_epoch <= 5


@given(st.data(), scenarios(adversarial=True))
def test_runs_in_drawn_scenarios_keep_every_always_invariant(data: st.DataObject, sc: Scenario) -> None:
    ctx = Ctx(sc)
    trace = data.draw(traces(sc, max_steps=25))
    for inv in select(None, kinds=["always"]):
        if inv.applies_to(sc):
            assert all(inv.holds(world, ctx) for world in trace.states), inv.name


@given(st.data(), pieces())
def test_piece_bytes_pad_to_exactly_their_piece_size(data: st.DataObject, size: int) -> None:
    payload = data.draw(piece_bytes(size))
    assert padded_piece_size(len(payload)) == size


def test_piece_bytes_refuses_a_size_that_is_not_a_piece_size() -> None:
    with pytest.raises(InputError, match="power of two"):
        piece_bytes(100)


@given(deals("deep"))
def test_drawn_deals_belong_to_their_piece_client_and_a_provider(deal: StorageDeal) -> None:
    sc = PRESETS["deep"]
    assert deal.client == sc.client_of_piece(deal.piece)
    assert 0 <= deal.provider < sc.providers
    assert deal.voucher is not None and deal.voucher.condition == deal.piece


@given(vouchers("deep"))
def test_drawn_vouchers_name_a_channel_and_lane_of_the_scenario(v: Voucher) -> None:
    sc = PRESETS["deep"]
    assert 0 <= v.channel < sc.clients * sc.providers
    assert 0 <= v.lane <= len(sc.pieces)


@given(st.data(), worlds("default", max_steps=15))
def test_drawn_actions_are_enabled_in_their_world(data: st.DataObject, world: World) -> None:
    sc = PRESETS["default"]
    action = data.draw(actions(world, sc))
    step(world, action, sc)  # raises GuardFailed if the action were not enabled


@given(traces("default", max_steps=15))
def test_traces_are_runs_of_the_model(trace: Trace[World, Action]) -> None:
    sc = PRESETS["default"]
    world = initial(sc)
    for action, after in trace.steps:
        assert step(world, action, sc) == after
        world = after


# --- the machine's API --------------------------------------------------------------------------


def test_unknown_invariant_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"known invariants: .*token_supply"):
        protocol_machine("default", ["token_suply"])


def test_unknown_scenario_is_refused_when_the_machine_is_built() -> None:
    with pytest.raises(InputError, match="not a preset"):
        protocol_machine("defualt")


def test_sometimes_properties_are_left_to_the_checker() -> None:
    with pytest.raises(InputError, match="sometimes property"):
        protocol_machine("default", ["reach_commit_success"])


def test_properties_given_as_one_string_are_refused() -> None:
    with pytest.raises(InputError, match="list of names"):
        protocol_machine("default", "token_supply")


def test_machine_checks_the_applicable_always_and_step_invariants_by_default() -> None:
    machine = protocol_machine("tiny")()
    names = {i.name for i in (*machine.binding.always, *machine.binding.step)}
    assert {"token_supply", "power_total", "voucher_pays_once"} <= names
    assert not any(n.startswith("reach_") for n in names)


def test_subclass_names_its_scenario_and_properties() -> None:
    class Tiny(ProtocolMachine):
        scenario = "tiny"
        properties = ("power_total",)

    machine = Tiny()
    assert machine.binding.scenario.name == "tiny"
    assert [i.name for i in machine.binding.always] == ["power_total"]
    assert machine.world == initial(PRESETS["tiny"])
