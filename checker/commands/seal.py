"""`filspec seal`: SealSector for real — Stacked DRG PoRep of a 2 KiB sector, and its vanilla proof.

  filspec seal --sector-size 2KiB --data FILE --prover-id HEX --sector-id N --ticket HEX
               --porep-id HEX --seed HEX --out PROOF [--replica FILE]

FILE is the sector's payload (at most 2032 bytes for 2 KiB); it is zero-filled to 127/128 of the
sector and Fr32-padded, as Filecoin does. The command labels the SDR layers, encodes the replica,
prints CommD (piece CID) and CommR (sealed CID, codec fil-commitment-sealed), writes the replica
(default PROOF.replica) and the vanilla proof for the interactive seed (JSON, format
"filspec-sdr-vanilla-proof" version 1; see proofs_native/porep/proof_format.py).

HEX values are 32 bytes (64 hex digits, optional 0x). The porep id is
u64_le(RegisteredSealProof) ‖ u64_le(nonce) ‖ 16 zero bytes, e.g. 05 followed by 62 zeros for
StackedDrg2KiBV1_1. The SNARK (Groth16) wrapping of the proof is out of scope: the proof is the
vanilla one (Merkle openings), which `filspec verify-seal` checks directly.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proofs_native.cid import piece_cid_v1, sealed_cid
from proofs_native.porep.errors import PorepError
from proofs_native.porep.proof_format import proof_to_bytes
from proofs_native.porep.seal import (
    ReplicaConfig,
    max_payload,
    proof_type_of,
    seal,
    sector_data_from_payload,
)
from proofs_native.sizes import format_size, parse_size
from spec.errors import InputError


def register(sub: Any) -> None:
    """Add the `seal` subcommand."""
    p = sub.add_parser(
        "seal",
        help="seal a 2 KiB sector (SDR PoRep): print CommD/CommR, write the replica and a vanilla proof",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sector-size", required=True, metavar="SIZE", help="sector size: 2KiB (or 8MiB, slow)")
    p.add_argument("--data", required=True, metavar="FILE", help="the sector's payload (≤ 2032 bytes for 2 KiB)")
    add_sector_arguments(p)
    p.add_argument("--out", required=True, metavar="PROOF", help="where to write the vanilla proof (JSON)")
    p.add_argument("--replica", metavar="FILE", help="where to write the replica (default: PROOF.replica)")
    p.set_defaults(run=run)


def add_sector_arguments(p: argparse.ArgumentParser) -> None:
    """The public sector inputs `seal` and `verify-seal` share."""
    p.add_argument("--prover-id", required=True, metavar="HEX", help="32-byte prover id, hex")
    p.add_argument("--sector-id", required=True, metavar="N", help="sector number (u64, decimal)")
    p.add_argument("--ticket", required=True, metavar="HEX", help="32-byte pre-commit ticket, hex")
    p.add_argument("--porep-id", required=True, metavar="HEX", help="32-byte porep id, hex (05 + 62 zeros: 2KiB V1_1)")
    p.add_argument("--seed", required=True, metavar="HEX", help="32-byte interactive seed, hex")


# --- argument parsing shared with verify-seal ----------------------------------------------------


def parse_hex32(text: str, option: str) -> bytes:
    """A 32-byte value written as 64 hex digits (optional 0x prefix)."""
    digits = text[2:] if text.lower().startswith("0x") else text
    if len(digits) != 64:
        raise InputError(f"expected 32 bytes as 64 hex digits, got {len(digits)} characters", where=option)
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise InputError(f"not hex: {text!r}", where=option) from None


def parse_sector_id(text: str) -> int:
    """A sector number: a decimal u64."""
    if not text.isdigit() or int(text) >= 1 << 64:
        raise InputError(f"expected a sector number (decimal, 0 ≤ N < 2^64), got {text!r}", where="--sector-id")
    return int(text)


def checked_porep_id(text: str, sector_size_text: str | None) -> bytes:
    """The porep id, checked to name a RegisteredSealProof we seal (of the given sector size, if any)."""
    porep_id = parse_hex32(text, "--porep-id")
    try:
        proof_type = proof_type_of(porep_id)
    except PorepError as err:
        raise InputError(err.message, where="--porep-id") from None
    if sector_size_text is not None:
        size = parse_size(sector_size_text, where="--sector-size")
        if size != proof_type.sector_size:
            raise InputError(
                f"the porep id names RegisteredSealProof {proof_type.id}, a {format_size(proof_type.sector_size)} "
                f"proof, not {format_size(size)}",
                where="--sector-size",
            )
    return porep_id


def read_bytes(path: str, option: str) -> bytes:
    """A file's bytes, or an InputError naming the option, the file and the problem."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", where=f"{option} {path}") from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", where=f"{option} {path}") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", where=f"{option} {path}") from None


def write_bytes(path: str, option: str, content: bytes) -> None:
    """Write a file, or raise an InputError naming the option, the file and the problem."""
    try:
        Path(path).write_bytes(content)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror}", where=f"{option} {path}") from None


# --- the command ---------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Seal the payload; print CommD and CommR; write the replica and the proof."""
    porep_id = checked_porep_id(args.porep_id, args.sector_size)
    proof_type = proof_type_of(porep_id)
    config = ReplicaConfig(
        porep_id=porep_id,
        prover_id=parse_hex32(args.prover_id, "--prover-id"),
        sector_id=parse_sector_id(args.sector_id),
        ticket=parse_hex32(args.ticket, "--ticket"),
    )
    seed = parse_hex32(args.seed, "--seed")
    payload = read_bytes(args.data, "--data")
    room = max_payload(proof_type.sector_size)
    if len(payload) > room:
        raise InputError(
            f"{len(payload)} bytes do not fit a {format_size(proof_type.sector_size)} sector "
            f"(at most {room} payload bytes)",
            where=f"--data {args.data}",
        )
    sealed, proof = seal(config, sector_data_from_payload(payload, proof_type.sector_size), seed)
    replica_path = args.replica or f"{args.out}.replica"
    write_bytes(replica_path, "--replica", sealed.replica_bytes)
    write_bytes(args.out, "--out", proof_to_bytes(proof))
    print(f"CommD   {piece_cid_v1(sealed.comm_d)}")
    print(f"CommR   {sealed_cid(sealed.comm_r)}")
    print(f"replica {replica_path} ({len(sealed.replica_bytes)} bytes)")
    print(f"proof   {args.out} (vanilla, {len(proof.challenges)} challenges; SNARK wrapping not done)")
    return 0
