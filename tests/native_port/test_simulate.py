"""Native runs: the same walks as ideal runs, every invariant checked, real proofs counted; the CLI reports them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from checker.cli import main
from checker.protocol_model import ProtocolModel
from checker.simulate import simulate, walk
from model.scenario import PRESETS, FaultModel, Scenario
from proofs_native.port import NativeProofs

REAL_WORK = ("comm_p", "comm_d", "pip_made", "pip_verified", "seal", "seal_verified", "signature",
             "signature_verified")


def run(name: str | Scenario, traces: int, seed: int = 0) -> tuple[ProtocolModel, NativeProofs, bool]:
    sc = PRESETS[name] if isinstance(name, str) else name
    port = NativeProofs(sc, seed=seed)
    model = ProtocolModel(sc, proofs=port)
    result = simulate(model, traces=traces, depth=60, seed=seed,
                      properties=[p.name for p in model.properties() if p.kind in ("always", "step")])
    return model, port, result.ok


def test_a_native_simulation_of_tiny_passes_every_invariant_with_real_proofs() -> None:
    model, port, ok = run("tiny", traces=40)
    assert ok
    assert {p.kind for p in model.properties()} >= {"always", "step"}
    assert all(port.counts[name] > 0 for name in REAL_WORK), dict(port.counts)


def test_a_native_simulation_of_default_passes_every_invariant_with_real_proofs() -> None:
    _, port, ok = run("default", traces=120)
    assert ok
    assert all(port.counts[name] > 0 for name in REAL_WORK), dict(port.counts)


def test_a_seal_fault_makes_a_corrupt_replica_that_verify_seal_rejects_in_a_run() -> None:
    sc = attrs.evolve(PRESETS["tiny"], name="tiny+seal_fault", faults=FaultModel(seal_faults=1))
    _, port, ok = run(sc, traces=60)
    assert ok
    assert port.counts["seal_corrupt"] > 0 and port.counts["seal_rejected"] > 0 and port.counts["seal_verified"] > 0


@pytest.mark.parametrize("name", ["default", "adversarial"])
def test_native_walks_take_the_same_steps_and_get_the_same_receipts_as_ideal_walks(name: str) -> None:
    sc = PRESETS[name]
    ideal, native = ProtocolModel(sc), ProtocolModel(sc, proofs=NativeProofs(sc, seed=5))
    receipts: set[str] = set()
    for index in range(40):
        a, b = walk(ideal, 5, index, 60), walk(native, 5, index, 60)
        assert a.actions == b.actions, index  # SyncBlock actions carry every message's receipt
        receipts |= {outcome for x in b.actions if x.name == "SyncBlock" for _, outcome in x.args}
    assert "0" in receipts  # VerifySeal rejected a corrupt or forged seal
    if name == "adversarial":
        assert "WrongSigner" in receipts  # a real signature by the wrong party was refused


def test_cli_simulate_native_exits_0_and_reports_the_real_proofs(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", "tiny", "--proofs", "native", "--traces", "30", "--out", str(tmp_path), "-q"])
    out = capsys.readouterr().out
    assert code == 0, out
    line = next(x for x in out.splitlines() if x.startswith("real proofs made and verified: "))
    counts = dict(re.findall(r"(\w+) (\d+)", line.split(": ", 1)[1]))
    assert all(int(counts.get(name, 0)) > 0 for name in REAL_WORK), line


def test_filspec_simulate_default_native_runs_as_a_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "checker.cli", "simulate", "default", "--proofs", "native",
         "--out", str(tmp_path), "-q"],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "real proofs made and verified: comm_d" in done.stdout
    assert "FAIL" not in done.stdout
