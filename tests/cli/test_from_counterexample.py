"""A prover counterexample (an unreachable pre-state) replays, and `check --from` explores from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.cli import main
from model import errors, paych_actor


def _without_over_funds(monkeypatch: pytest.MonkeyPatch) -> None:
    original = paych_actor.require

    def lax(cond: Any, guard: type[errors.GuardFailed], detail: str = "") -> None:
        if guard is not errors.OverFunds:
            original(cond, guard, detail)

    monkeypatch.setattr(paych_actor, "require", lax)


def test_prove_counterexample_replays_and_check_from_starts_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _without_over_funds(monkeypatch)
    assert main(["prove", "tiny", "--invariant", "channel_owes_within_funds", "--out", str(tmp_path)]) == 1
    files = sorted(tmp_path.glob("prove-tiny-channel_owes_within_funds-*.itf.json"))
    assert files, capsys.readouterr().out
    capsys.readouterr()
    assert main(["replay", str(files[0])]) == 1  # it replays from its pre-state, and still violates
    out = capsys.readouterr().out
    assert "VIOLATED: channel_owes_within_funds" in out and "DIVERGED" not in out
    code = main(["check", "tiny", "--from", str(files[0]), "--invariant", "channel_owes_within_funds",
                 "--no-deadlock", "--quiet", "--max-states", "2000", "--out", str(tmp_path / "t")])
    assert code == 1
    assert "Counterexample to channel_owes_within_funds" in capsys.readouterr().out
