"""The prover: default is proved, lemmas are needed where they say, broken guards give replayable counterexamples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker import prover
from checker.cli import main
from checker.itf import replay, trace_to_itf
from model import arith, paych_actor
from model.errors import GuardFailed, OverFunds
from model.scenario import PRESETS


def _skip_over_funds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Break UpdateChannelState: it no longer checks what the channel owes against its funds."""
    real = arith.require

    def require(cond: Any, guard: type[GuardFailed], detail: str = "") -> None:
        if guard is not OverFunds:
            real(cond, guard, detail)

    monkeypatch.setattr(paych_actor, "require", require)


def test_every_invariant_is_proved_inductive_for_tiny() -> None:
    report = prover.prove(PRESETS["tiny"], workers=2)
    assert report.totals()["COUNTEREXAMPLE"] == 0 and report.totals()["UNKNOWN"] == 0
    assert {o.invariant for o in report.obligations if o.action == "init"} >= {"token_supply", "block_not_in_future"}


@pytest.mark.slow
def test_every_invariant_is_proved_inductive_for_default() -> None:
    report = prover.prove(PRESETS["default"], workers=2)
    assert report.totals()["COUNTEREXAMPLE"] == 0 and report.totals()["UNKNOWN"] == 0
    assert {r.invariant for r in report.rows()} >= {"token_supply", "voucher_conservation", "lane_nonce_increases"}
    assert "accepted_deals_finish" in report.skipped


def test_epochs_never_go_back_is_not_inductive_without_its_lemma_and_is_with_it() -> None:
    sc = PRESETS["tiny"]
    without = prover.prove(sc, ["epochs_never_go_back"], workers=1, lemmas=False)
    assert without.totals()["COUNTEREXAMPLE"] > 0
    cex = without.counterexamples()[0]
    assert cex.pre is not None and cex.pre.last_block_epoch > cex.pre.epoch
    with_lemma = prover.prove(sc, ["epochs_never_go_back", "block_not_in_future"], workers=1)
    assert with_lemma.totals()["COUNTEREXAMPLE"] == 0


def test_skipped_over_funds_guard_gives_a_counterexample_whose_replay_violates_the_invariant(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _skip_over_funds(monkeypatch)
    sc = PRESETS["tiny"]
    report = prover.prove(sc, ["channel_owes_within_funds"], workers=1, per_shape=2)
    cexs = report.counterexamples()
    assert cexs, "the broken guard was not caught"
    trace = prover.counterexample_trace(sc, cexs[0])
    model = prover.StartingFrom(sc, trace.initial)
    doc = trace_to_itf(model, trace, command="prove", scenario=sc.name)
    result = replay(model, json.loads(json.dumps(doc)))
    assert result.ok
    assert "channel_owes_within_funds" in dict(result.violations)


def test_cli_exit_0_when_proved_and_writes_the_json_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["prove", "tiny", "--invariant", "power_total", "--json", "--workers", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["command"] == "prove" and summary["scenario"] == "tiny"
    assert {r["verdict"] for r in summary["results"]} == {"PROVED"}
    assert json.loads((tmp_path / ".filspec" / "prove-tiny.json").read_text())["totals"]["PROVED"] > 0


def test_cli_exit_1_on_a_counterexample_and_saves_it_as_itf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _skip_over_funds(monkeypatch)
    code = main(["prove", "tiny", "--invariant", "channel_owes_within_funds", "--out", "cex", "--workers", "1"])
    assert code == 1
    assert "COUNTEREXAMPLE to induction: channel_owes_within_funds" in capsys.readouterr().out
    assert list((tmp_path / "cex").glob("*.itf.json"))


def test_cli_exit_2_on_an_unknown_invariant_listing_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prove", "tiny", "--invariant", "no_such_thing"]) == 2
    assert "token_supply" in capsys.readouterr().err


def test_cli_exit_2_on_an_unknown_scenario() -> None:
    assert main(["prove", "no_such_scenario"]) == 2


def test_cli_exit_3_when_only_unknowns_stand_in_the_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(prover, "_refute", lambda *a: ("UNKNOWN", (None, None), "timeout"))
    assert main(["prove", "tiny", "--invariant", "token_supply", "--workers", "1"]) == 3


@pytest.mark.slow
def test_tiny_is_proved_on_a_shape_set_closed_under_every_step() -> None:
    report = prover.prove(PRESETS["tiny"], workers=2, closure=True)
    assert report.complete and report.shapes > 1000
    assert report.totals()["COUNTEREXAMPLE"] == 0 and report.totals()["UNKNOWN"] == 0
