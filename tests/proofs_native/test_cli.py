"""`filspec commp` and `filspec commd`: output, exit codes, and clear errors without tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli import main

CC127_CID = "baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq"
STRUCTURED_V1 = "baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"
STRUCTURED_V2 = "bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"
ZERO_2KIB_CID = "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_commp_prints_piece_cid_payload_and_padded_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "payload.bin"
    path.write_bytes(bytes(127) + b"\x01" * 127 + b"\x02" * 127 + b"\x03" * 127)
    code, out, err = _run(capsys, "commp", str(path))
    assert code == 0, err
    assert f"piece CID:         {STRUCTURED_V1}" in out
    assert f"piece CID v2:      {STRUCTURED_V2}" in out
    assert "payload size:      508 bytes" in out
    assert "padded piece size: 512 bytes" in out


def test_commp_of_0xcc_file_matches_lotus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cc.bin"
    path.write_bytes(b"\xcc" * 127)
    code, out, _ = _run(capsys, "commp", str(path))
    assert code == 0 and CC127_CID in out


def test_commp_rejects_missing_file_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.bin"
    code, out, err = _run(capsys, "commp", str(missing))
    assert code == 2 and out == ""
    assert f"{missing}: no such file" in err and "Traceback" not in err


def test_commp_rejects_directory_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "commp", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_commp_rejects_file_below_minimum_payload(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.bin"
    path.write_bytes(b"x" * 10)
    code, _, err = _run(capsys, "commp", str(path))
    assert code == 2
    assert f"{path}: payload of 10 bytes is smaller than the minimum piece payload of 65 bytes" in err


def test_commd_of_empty_sector_is_zero_piece_cid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "commd", "--sector-size", "2KiB")
    assert (code, out.strip()) == (0, ZERO_2KIB_CID)


def test_commd_accepts_size_forms_and_v2_cids(capsys: pytest.CaptureFixture[str]) -> None:
    by_v1 = _run(capsys, "commd", "--sector-size", "2048", f"{CC127_CID}:128", f"{STRUCTURED_V1}:512")
    by_v2 = _run(capsys, "commd", "--sector-size", "2KiB", f"{CC127_CID}:128B", STRUCTURED_V2)
    assert by_v1[0] == by_v2[0] == 0
    assert by_v1[1] == by_v2[1]
    assert by_v1[1].startswith("baga6ea4seaq")


def test_commd_of_single_piece_filling_sector_is_the_piece(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "commd", "--sector-size", "512", f"{STRUCTURED_V1}:512")
    assert (code, out.strip()) == (0, STRUCTURED_V1)


def test_commd_rejects_pieces_that_do_not_fit_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "commd", "--sector-size", "1KiB", f"{CC127_CID}:128", f"{STRUCTURED_V1}:1KiB")
    assert code == 2 and out == ""
    assert "piece 2" in err and "past the sector's 1024 bytes" in err and "Traceback" not in err


def test_commd_rejects_non_cid_naming_the_argument(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "commd", "--sector-size", "2KiB", "hello:128")
    assert code == 2 and "piece 1 (hello:128): 'hello' is not a CID" in err


def test_commd_rejects_v1_cid_without_size(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "commd", "--sector-size", "2KiB", CC127_CID)
    assert code == 2 and "needs its padded size" in err


@pytest.mark.parametrize("size", ["2KB", "abc", "3000"])
def test_commd_rejects_bad_sector_size(size: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "commd", "--sector-size", size)
    assert code == 2 and "--sector-size" in err


def test_commd_rejects_piece_size_that_is_not_a_power_of_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "commd", "--sector-size", "2KiB", f"{CC127_CID}:127")
    assert code == 2 and "not a power of two" in err


def test_commp_reports_throughput_for_large_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.commands.commp as command

    monkeypatch.setattr(command, "REPORT_THROUGHPUT_FROM", 1000)
    path = tmp_path / "big.bin"
    path.write_bytes(b"\x07" * 5000)
    code, out, err = _run(capsys, "commp", "--jobs", "1", str(path))
    assert code == 0 and "payload size:      5000 bytes" in out
    assert "MB/s" in err


def test_commp_rejects_negative_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x07" * 500)
    code, _, err = _run(capsys, "commp", "--jobs", "-1", str(path))
    assert code == 2 and "--jobs" in err


def test_commd_of_mainnet_sector_matches_lotus(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.proofs_native.test_commp import MAINNET_COMM_D, MAINNET_PIECES

    args = [f"{cid}:{size >> 20}MiB" for cid, size in MAINNET_PIECES]
    code, out, _ = _run(capsys, "commd", "--sector-size", "32GiB", *args)
    assert (code, out.strip()) == (0, MAINNET_COMM_D)
