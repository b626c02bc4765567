"""`filspec check / simulate / replay / graph` on the protocol model, end to end through the CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from checker.cli import main
from checker.contract import Trace
from model import errors, paych_actor
from model.actions import successors
from model.scenario import PRESETS
from spec.mermaid import parse
from tests.model.helpers import shortest_run

BROKEN_SCENARIO = """
[scenario]
name = "replay-attack"
description = "tiny, with a provider that submits a voucher whose nonce equals the lane's"
[retrieval]
enabled = false
[time]
max_epoch = 3
deal_window = 1
[adversary]
moves = ["stale_nonce_voucher"]
budget = 1
"""


def test_check_tiny_passes_and_writes_json_junit_and_latest_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    junit = tmp_path / "junit.xml"
    assert main(["check", "tiny", "--json", "--junit", str(junit)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["outcome"] == "pass" and summary["complete"] and summary["distinct_states"] > 1000
    assert summary["scenario"] == "tiny"
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and int(suite.get("tests", "0")) > 30
    recorded = json.loads((tmp_path / ".filspec" / "check-tiny.json").read_text())
    assert recorded["command"] == "check" and recorded["states"] == summary["distinct_states"]


def _lax_stale_nonce(monkeypatch: pytest.MonkeyPatch) -> None:
    original = paych_actor.require

    def lax(cond: Any, guard: type[errors.GuardFailed], detail: str = "") -> None:
        if guard is not errors.StaleNonce:
            original(cond, guard, detail)

    monkeypatch.setattr(paych_actor, "require", lax)


def test_broken_guard_makes_check_exit_1_with_the_shortest_trace_in_three_formats(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _lax_stale_nonce(monkeypatch)  # let a voucher with a used nonce be redeemed: paid twice
    scenario = tmp_path / "broken.toml"
    scenario.write_text(BROKEN_SCENARIO)
    out = tmp_path / "traces"
    junit = tmp_path / "junit.xml"
    code = main(["check", str(scenario), "--quiet", "--out", str(out), "--junit", str(junit),
                 "--invariant", "voucher_pays_once", "--no-deadlock"])
    text = capsys.readouterr().out
    assert code == 1
    assert "Counterexample to voucher_pays_once" in text
    # Text: numbered steps, the last one the block that pays the stale voucher.
    itf = out / "replay-attack-voucher_pays_once.itf.json"
    doc = json.loads(itf.read_text())
    steps = len(doc["states"]) - 1
    assert f"({steps} steps)" in text
    # Shortest: no run reaches a violating step in fewer steps.
    from invariants import REGISTRY, Ctx
    from model.scenario import load

    sc = load(scenario)
    inv, ctx = REGISTRY["voucher_pays_once"], Ctx(sc)

    def violating_next(w: Any) -> bool:
        return any(not inv.holds(w, a, n, ctx) for a, n in successors(w, sc))

    shortest: Trace[Any, Any] = shortest_run(sc, violating_next)
    assert steps == len(shortest) + 1
    # Mermaid: parses, with the spec's participants.
    mermaid = parse((out / "replay-attack-voucher_pays_once.mmd").read_text())
    assert "PaymentChannelActor" in mermaid.participant_names() or "Blockchain" in mermaid.participant_names()
    # ITF: replays in the same (broken) model and still violates the property.
    assert main(["replay", str(itf)]) == 1
    assert "VIOLATED: voucher_pays_once" in capsys.readouterr().out
    # JUnit: the failing property carries the trace.
    failure = ET.parse(junit).getroot().find(".//testcase[@name='voucher_pays_once']/failure")
    assert failure is not None and "SyncBlock" in (failure.text or "")


def test_replay_of_a_trace_in_a_model_that_changed_reports_the_divergence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _lax_stale_nonce(monkeypatch)
    scenario = tmp_path / "broken.toml"
    scenario.write_text(BROKEN_SCENARIO)
    main(["check", str(scenario), "--quiet", "--out", str(tmp_path), "--invariant", "voucher_pays_once",
          "--no-deadlock"])
    monkeypatch.undo()  # the guard is back: the recorded attack now ends differently
    capsys.readouterr()
    assert main(["replay", str(tmp_path / "replay-attack-voucher_pays_once.itf.json")]) == 1
    assert "DIVERGED" in capsys.readouterr().out


def test_simulate_is_reproducible_from_its_seed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "deep", "--traces", "5", "--depth", "25", "--seed", "7", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["outcome"] in ("pass", "undecided")  # witnesses may not be met by 5 short walks
    assert first["properties"] == second["properties"] and first.get("states_visited") == second.get("states_visited")


def test_simulate_prints_the_command_that_reproduces_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "tiny", "--traces", "3", "--depth", "10", "--seed", "3"]) == 0
    assert "reproduce with: filspec simulate tiny --traces 3 --depth 10 --seed 3" in capsys.readouterr().out


def test_graph_exports_dot(tmp_path: Path) -> None:
    out = tmp_path / "g.dot"
    assert main(["graph", "tiny", "--format", "dot", "--output", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("digraph") and "->" in text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["check", "tiny", "--invariant", "no_such_thing"], "unknown invariant 'no_such_thing'; known invariants:"),
        (["check", "tiny", "--max-epoch", "0"], "--max-epoch must be at least 1"),
        (["replay", "/nonexistent.itf.json"], "nonexistent"),
        (["simulate", "tiny", "--traces", "0"], "at least 1"),
    ],
)
def test_bad_usage_exits_2_with_a_message(argv: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_default_preset_is_the_one_check_runs_without_arguments() -> None:
    assert PRESETS["default"].name == "default"


@pytest.mark.slow
def test_default_check_passes_with_every_diagram_arrow_and_branch_covered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["scenario"] == "default" and summary["complete"] and summary["outcome"] == "pass"
    assert all(n > 0 for n in summary["arrow_coverage"].values()), summary["arrow_coverage"]
    statuses = {p["name"]: p["status"] for p in summary["properties"]}
    assert all(s == "witnessed" for n, s in statuses.items() if n.startswith("reach_")), statuses
