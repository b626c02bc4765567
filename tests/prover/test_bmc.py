"""BMC: symbolic amounts find what the explicit checker's small domains cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from checker import bmc
from checker.cli import main
from checker.itf import replay, trace_to_itf
from checker.protocol_model import ProtocolModel
from model import chain
from model.arith import ite, require
from model.errors import InsufficientFunds
from model.ledger import replace_at
from model.scenario import PRESETS, load
from model.state import World


def _big_sends_are_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug that needs a large amount: sending more than 1000 tokens does not debit the sender."""

    def debit(world: World, party: int, amount: Any) -> World:
        require(world.accounts[party] >= amount, InsufficientFunds, f"party {party}")
        left = ite(amount > 1000, world.accounts[party], world.accounts[party] - amount)
        return attrs.evolve(world, accounts=replace_at(world.accounts, party, left))

    monkeypatch.setattr(chain, "debit", debit)


def test_no_violation_within_eight_steps_of_default() -> None:
    result = bmc.bmc(PRESETS["default"], 8)
    assert result.violation is None and result.nodes > 50


def test_bug_needing_an_amount_over_1000_is_found_and_its_trace_replays(monkeypatch: pytest.MonkeyPatch) -> None:
    _big_sends_are_free(monkeypatch)
    result = bmc.bmc(PRESETS["default"], 3)
    v = result.violation
    assert v is not None and v.invariant == "token_supply"
    assert max(v.amounts["channel_funds"]) > 1000 or v.amounts["pledge_collateral"] > 1000
    model = ProtocolModel(v.scenario)
    again = replay(model, trace_to_itf(model, v.trace))
    assert again.ok and "token_supply" in dict(again.violations)


def test_cli_exit_1_on_violation_with_itf_and_scenario_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _big_sends_are_free(monkeypatch)
    assert main(["bmc", "tiny", "--steps", "2", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "VIOLATION of token_supply" in out and "sequenceDiagram" in out
    toml = next(tmp_path.glob("*.toml"))
    assert load(toml).channel_funds[0] > 1000 or load(toml).pledge_collateral > 1000
    assert next(tmp_path.glob("*.itf.json"))


def test_cli_exit_0_without_violation_and_2_on_bad_input() -> None:
    assert main(["bmc", "tiny", "--steps", "3"]) == 0
    assert main(["bmc", "tiny", "--steps", "-1"]) == 2
    assert main(["bmc", "tiny", "--steps", "2", "--invariant", "nope"]) == 2
