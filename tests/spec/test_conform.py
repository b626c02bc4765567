from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main
from spec import protocol
from spec.conform import compare, summarize
from spec.mermaid import parse, render


def test_seed_diagram_conforms_to_the_spec(seed_path: Path) -> None:
    found = parse(seed_path.read_text(), source=str(seed_path))
    assert compare(found, protocol.to_diagram()) == []
    s = summarize(found)
    assert (s.participants, s.flows, s.messages, s.notes) == (18, 9, 40, 8)


def test_cli_conform_on_seed_exits_0_with_summary(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "conform", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "18 participants, 9 flows, 40 messages" in out and "no difference" in out


def test_removed_arrow_exits_1_and_names_it(seed_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    lines = seed_path.read_text().split("\n")
    (tmp_path / "d.txt").write_text("\n".join(ln for ln in lines if "UpdatePower" not in ln))
    assert main(["spec", "conform", str(tmp_path / "d.txt")]) == 1
    out = capsys.readouterr().out
    assert "missing arrow" in out and "UpdatePower(MinerAddr)" in out and "1 difference" in out


def test_reordered_arrow_exits_1_and_names_it(seed_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    lines = seed_path.read_text().split("\n")
    i = next(n for n, ln in enumerate(lines) if "MadeDeal" in ln)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    (tmp_path / "d.txt").write_text("\n".join(lines))
    assert main(["spec", "conform", str(tmp_path / "d.txt")]) == 1
    out = capsys.readouterr().out
    assert f":line {i + 2}: misordered arrow" in out and "MadeDeal" in out


def test_changed_label_and_extra_participant_are_reported(seed_path: Path) -> None:
    text = seed_path.read_text().replace("UpdatePower(MinerAddr)", "UpdatePower(Someone)")
    text = text.replace("participant libp2p\n", "participant libp2p\nparticipant Oracle\n")
    diffs = compare(parse(text), protocol.to_diagram())
    kinds = sorted((d.kind, d.element) for d in diffs)
    assert kinds == [("changed", "arrow"), ("extra", "participant")]


def test_syntax_error_exits_2_with_line_and_column(seed_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    text = seed_path.read_text().replace("StorageClient->>StorageProvider: DealProposal",
                                         "StorageClient->>StorageProvider DealProposal")
    bad = tmp_path / "bad.txt"
    bad.write_text(text)
    assert main(["spec", "conform", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:40:" in err and "without a message" in err


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "conform", str(tmp_path / "nope.mmd")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "bin.mmd").write_bytes(b"\xff\xfe\x00")
    assert main(["spec", "conform", str(tmp_path / "bin.mmd")]) == 2


def test_rendered_spec_parses_back_to_the_spec() -> None:
    d = protocol.to_diagram()
    assert parse(render(d)) == d
    for f in protocol.FLOWS:
        one = protocol.to_diagram((f,))
        assert parse(render(one)) == one


def test_diagram_command_prints_one_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "diagram", "SealingSector"]) == 0
    out = capsys.readouterr().out
    assert "VerifySeal(SectorID, OnSectorInfo)" in out and "RetrievalClient" not in out
    assert main(["spec", "diagram", "NoSuchFlow"]) == 2
    assert "known flows: RetrievalDealMake" in capsys.readouterr().err
