"""The machine catches a broken model, shrinks the run, and prints it as the checker does.

The mutation counts UpdatePower twice (a miner's claim grows by two sectors per commit).  The
shortest run that shows it is 12 steps (register the miner and open the channel, one block,
make and pack the deal, seal, commit, a new epoch, a block, apply it: found by breadth-first
search), so the shrunk trace must be that short or nearly.
"""

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from checker.itf import replay
from checker.protocol_model import ProtocolModel
from checker.reports import format_trace
from checker.testing import TRACE_DIR_ENV, PropertyViolation, protocol_machine
from model import miner_actor, power_actor
from model.scenario import PRESETS

#: A fixed search, independent of the profile in use, so the test is deterministic.
DETERMINISTIC = settings(
    max_examples=200, stateful_step_count=50, derandomize=True, database=None, deadline=None,
    print_blob=False, report_multiple_bugs=False, suppress_health_check=list(HealthCheck),
)
SHORTEST = 12
"""Steps of the shortest run that commits a sector in the default scenario."""

DefaultProtocol = protocol_machine("default")


def _double_update_power(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch the miner actor so that every UpdatePower is applied twice."""
    original = power_actor.update_power  # what the miner actor imported

    def twice(world: Any, caller: str, miner: int, delta: Any) -> Any:
        return original(original(world, caller, miner, delta), caller, miner, delta)

    monkeypatch.setattr(miner_actor, "update_power", twice)


def _numbered_steps(report: str) -> list[str]:
    """The action lines of a printed trace (``n. Action``), without the initial state."""
    return [line for line in report.splitlines() if re.match(r"^[1-9]\d*\. ", line)]


@pytest.fixture(scope="module")
def traces_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the mutated run writes its ITF trace."""
    return tmp_path_factory.mktemp("traces")


@pytest.fixture(scope="module")
def failure(traces_dir: Path) -> str:
    """The report of the machine run over the default scenario with UpdatePower doubled (run once)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _double_update_power(monkeypatch)
        monkeypatch.setenv(TRACE_DIR_ENV, str(traces_dir))
        with pytest.raises(PropertyViolation) as caught:
            run_state_machine_as_test(DefaultProtocol, settings=DETERMINISTIC)
    return str(caught.value)


@pytest.fixture
def mutated(monkeypatch: pytest.MonkeyPatch) -> None:
    """UpdatePower doubled for the duration of one test (to replay the mutated run)."""
    _double_update_power(monkeypatch)


def test_doubled_update_power_shrinks_to_a_handful_of_steps_ending_in_the_commit(failure: str) -> None:
    steps = _numbered_steps(failure)
    print("\n".join(steps))
    assert "Counterexample to power_claims_match_sectors (" in failure
    assert SHORTEST <= len(steps) <= SHORTEST + 2, "\n".join(steps)
    names = [s.split(". ", 1)[1].split("(", 1)[0] for s in steps]  # printed as Name(args)
    assert names[0] in ("CreateMiner", "CreateChannel")
    assert {"DealProposal", "MadeDeal", "SealSector", "CommitSector"} <= set(names)
    assert steps[-1].endswith("SyncBlock(('miner.CommitSector', '1'))")
    assert "power.claims[1]: 0 → 512" in failure  # the claim grew by two 256-byte sectors


def test_failure_prints_the_checkers_trace_and_a_mermaid_diagram(failure: str, traces_dir: Path,
                                                                mutated: None) -> None:
    [itf] = traces_dir.glob("*.itf.json")
    model = ProtocolModel(PRESETS["default"])
    rerun = replay(model, itf)
    assert rerun.ok and rerun.trace is not None
    assert format_trace(model, rerun.trace) in failure
    assert model.trace_to_mermaid(rerun.trace).rstrip("\n") in failure
    assert "UpdatePower(MinerAddr)" in failure


def test_failure_writes_an_itf_trace_that_replays_to_the_violation(failure: str, traces_dir: Path,
                                                                  mutated: None) -> None:
    [itf] = traces_dir.glob("*.itf.json")
    assert f"filspec replay {itf}" in failure
    rerun = replay(ProtocolModel(PRESETS["default"]), itf)
    assert rerun.steps == len(_numbered_steps(failure))
    assert dict(rerun.violations)["power_claims_match_sectors"] == rerun.steps


def test_itf_trace_of_the_mutation_diverges_on_the_correct_model(failure: str, traces_dir: Path) -> None:
    [itf] = traces_dir.glob("*.itf.json")
    rerun = replay(ProtocolModel(PRESETS["default"]), itf)
    assert not rerun.ok and rerun.divergence is not None
    assert rerun.divergence.index == len(_numbered_steps(failure))  # the commit's block gives half the power


def test_unmutated_model_passes_the_same_search() -> None:
    run_state_machine_as_test(DefaultProtocol, settings=DETERMINISTIC)
