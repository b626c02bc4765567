"""Scenario files: a good one loads; every kind of bad one names the file, the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main
from model.scenario import PRESETS, load, resolve
from spec.errors import InputError

GOOD = """
[scenario]
name = "two-clients"
description = "two clients, one provider"
[roles]
clients = 2
providers = 1
[pieces]
sizes = [256, 128]
[sectors]
size = 256
per_miner = 2
[tokens]
deal_prices = [1, 2]
channel_funds = [5]
[retrieval]
enabled = false
[time]
max_epoch = 2
[faults]
drops = 1
[adversary]
moves = ["replay_voucher"]
budget = 1
"""


def test_loads_a_scenario_file(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text(GOOD)
    sc = load(f)
    assert (sc.name, sc.clients, sc.pieces, sc.sectors_per_miner, sc.retrieval) == ("two-clients", 2, (256, 128), 2,
                                                                                      False)
    assert sc.faults.drops == 1 and sc.adversary == ("replay_voucher",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[roles]\nclients = 0\n", "clients: must be at least 1"),
        ("[roles]\nclients = 'two'\n", "roles.clients: expected a whole number"),
        ("[roles]\nwizards = 1\n", "[roles] unknown key 'wizards'; known: clients, providers"),
        ("[weather]\nsun = 1\n", "unknown section [weather]"),
        ("[pieces]\nsizes = [100]\n", "100 is not a power of two"),
        ("[pieces]\nsizes = [1024]\n", "does not fit a 256-byte sector"),
        ("[adversary]\nmoves = ['teleport']\n", "unknown move 'teleport'"),
        ("[roles\nclients = 1\n", "malformed TOML"),
        ("[retrieval]\nenabled = 1\n", "retrieval.enabled: expected true or false"),
    ],
)
def test_bad_scenario_file_names_the_key_and_the_problem(tmp_path: Path, text: str, words: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(InputError) as info:
        load(f)
    assert words in str(info.value) and str(f) in str(info.value)


def test_cli_exits_2_on_a_bad_scenario_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[roles]\nclients = -1\n")
    assert main(["check", str(f)]) == 2
    err = capsys.readouterr().err
    assert "clients: must be at least 1" in err and "Traceback" not in err
    assert main(["check", "no-such-preset"]) == 2
    assert "not a preset (tiny, default" in capsys.readouterr().err


def test_presets_are_valid_and_resolvable() -> None:
    for name, sc in PRESETS.items():
        assert sc.validate() is sc and resolve(name) is sc and sc.description
