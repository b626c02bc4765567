"""`filspec seal` / `filspec verify-seal` through checker.cli.main: exit 0 → 1, tampered → 0, bad input → 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main
from proofs_native.cid import parse_piece_cid_v1, parse_sealed_cid

PROVER = "11" * 32
TICKET = "22" * 32
SEED = "33" * 32
POREP_2KIB_V1_1 = "05" + "00" * 31


def sealed_sector(tmp_path: Path, capsys: pytest.CaptureFixture[str], sector_id: str = "7") -> dict[str, str]:
    data = tmp_path / f"payload-{sector_id}.bin"
    data.write_bytes(bytes(range(200)) * 10)
    proof = tmp_path / f"proof-{sector_id}.json"
    code = main([
        "seal", "--sector-size", "2KiB", "--data", str(data), "--prover-id", PROVER, "--sector-id", sector_id,
        "--ticket", TICKET, "--porep-id", POREP_2KIB_V1_1, "--seed", SEED, "--out", str(proof),
    ])  # fmt: skip
    assert code == 0
    lines = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    return {"comm_d": lines["CommD"], "comm_r": lines["CommR"], "proof": str(proof), "sector_id": sector_id}


def verify(sector: dict[str, str], **override: str) -> int:
    values = {**sector, **override}
    return main([
        "verify-seal", "--prover-id", values.get("prover", PROVER), "--sector-id", values["sector_id"],
        "--ticket", TICKET, "--porep-id", values.get("porep_id", POREP_2KIB_V1_1), "--seed", SEED,
        "--comm-d", values["comm_d"], "--comm-r", values["comm_r"], "--proof", values["proof"],
    ])  # fmt: skip


def test_seal_prints_cids_and_writes_replica_and_proof(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    assert sector["comm_d"].startswith("baga6ea4seaq")
    assert sector["comm_r"].startswith("bagboea4b5abc")
    assert (tmp_path / "proof-7.json.replica").stat().st_size == 2048
    document = json.loads(Path(sector["proof"]).read_text())
    assert (document["format"], document["version"]) == ("filspec-sdr-vanilla-proof", 1)


def test_round_trip_prints_1_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    assert verify(sector) == 0
    assert capsys.readouterr().out == "1\n"


def test_commitments_given_as_hex_verify_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    as_hex = {
        "comm_d": parse_piece_cid_v1(sector["comm_d"]).hex(),
        "comm_r": "0x" + parse_sealed_cid(sector["comm_r"]).hex(),
    }
    assert verify(sector, **as_hex) == 0
    assert capsys.readouterr().out == "1\n"


def test_wrong_sector_number_prints_0_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    assert verify(sector, sector_id="8") == 1
    captured = capsys.readouterr()
    assert captured.out == "0\n"
    assert "proof rejected" in captured.err


def test_proof_reused_for_another_sector_prints_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = sealed_sector(tmp_path, capsys, "7")
    second = sealed_sector(tmp_path, capsys, "9")
    assert verify(second, proof=first["proof"]) == 1
    assert capsys.readouterr().out == "0\n"


def test_tampered_proof_file_prints_0_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    document = json.loads(Path(sector["proof"]).read_text())
    leaf = document["challenges"][0]["replica"]["leaf"]
    document["challenges"][0]["replica"]["leaf"] = ("1" if leaf[0] != "1" else "2") + leaf[1:]
    Path(sector["proof"]).write_text(json.dumps(document))
    assert verify(sector) == 1
    assert capsys.readouterr().out == "0\n"


def test_wrong_comm_d_prints_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sector = sealed_sector(tmp_path, capsys)
    zero_2kib = "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy"
    assert verify(sector, comm_d=zero_2kib) == 1
    assert capsys.readouterr().out == "0\n"


@pytest.mark.parametrize(
    ("override", "where"),
    [
        ({"proof": "/nonexistent/proof.json"}, "--proof /nonexistent/proof.json: no such file"),
        ({"prover": "zz" * 32}, "--prover-id: not hex"),
        ({"prover": "11" * 31}, "--prover-id: expected 32 bytes"),
        ({"comm_r": "bagboea4b5abcnotacid"}, "--comm-r"),
        ({"comm_r": "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy"}, "--comm-r"),
        ({"sector_id": "-1"}, "--sector-id"),
        ({"porep_id": "ff" + "00" * 31}, "--porep-id"),
        ({"porep_id": "03" + "00" * 31}, "--porep-id"),
        ({"porep_id": "0a" + "00" * 31}, "synthetic or non-interactive"),
    ],
)
def test_unreadable_input_exits_2_naming_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], override: dict[str, str], where: str
) -> None:
    sector = sealed_sector(tmp_path, capsys)
    assert verify(sector, **override) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert where in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"{oops", "malformed proof at line 1, column 2"),
        (b'{"format": "filspec-sdr-vanilla-proof", "version": 9}', "malformed proof at version"),
        (b"[1, 2]", "expected an object"),
    ],
)
def test_malformed_proof_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, where: str
) -> None:
    sector = sealed_sector(tmp_path, capsys)
    Path(sector["proof"]).write_bytes(content)
    assert verify(sector) == 2
    assert where in capsys.readouterr().err


def test_seal_rejects_oversized_payload_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(2033))
    common = ["--prover-id", PROVER, "--sector-id", "1", "--ticket", TICKET, "--porep-id", POREP_2KIB_V1_1,
              "--seed", SEED, "--out", str(tmp_path / "p.json")]  # fmt: skip
    assert main(["seal", "--sector-size", "2KiB", "--data", str(big), *common]) == 2
    assert "at most 2032 payload bytes" in capsys.readouterr().err
    assert main(["seal", "--sector-size", "2KiB", "--data", str(tmp_path / "none"), *common]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["seal", "--sector-size", "32GiB", "--data", str(big), *common]) == 2
    assert "--sector-size" in capsys.readouterr().err
