"""`filspec verify-seal`: VerifySeal → {1, 0} for a vanilla SDR seal proof.

  filspec verify-seal --prover-id HEX --sector-id N --ticket HEX --porep-id HEX --seed HEX
                      --comm-d CID|HEX --comm-r CID|HEX --proof FILE [--sector-size SIZE]

Prints 1 and exits 0 when the proof verifies; prints 0 and exits 1 when it does not (the first
broken rule goes to stderr); exits 2 when an input cannot be read (missing file, bad hex, bad CID,
malformed proof), naming what and where. CommD is a piece CID (baga6ea4seaq…) or 64 hex digits,
CommR a sealed CID (bagboea4b5abc…) or 64 hex digits. The SNARK (Groth16) wrapping is out of
scope: this checks the vanilla proof's Merkle openings, labels and encoding directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from checker.commands.seal import (
    add_sector_arguments,
    checked_porep_id,
    parse_hex32,
    parse_sector_id,
    read_bytes,
)
from proofs_native.cid import parse_piece_cid_v1, parse_sealed_cid
from proofs_native.porep.errors import MalformedProof
from proofs_native.porep.proof_format import proof_from_bytes
from proofs_native.porep.seal import SealPublicInputs, rejection_reason
from spec.errors import InputError


def register(sub: Any) -> None:
    """Add the `verify-seal` subcommand."""
    p = sub.add_parser(
        "verify-seal",
        help="check a vanilla SDR seal proof against its public inputs: print 1 (valid) or 0",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_sector_arguments(p)
    p.add_argument("--comm-d", required=True, metavar="CID|HEX", help="CommD: piece CID v1 or 64 hex digits")
    p.add_argument("--comm-r", required=True, metavar="CID|HEX", help="CommR: sealed CID or 64 hex digits")
    p.add_argument("--proof", required=True, metavar="FILE", help="the vanilla proof written by `filspec seal`")
    p.add_argument("--sector-size", metavar="SIZE", help="optional: check the porep id is for this size")
    p.set_defaults(run=run)


def parse_commitment(text: str, option: str, parse_cid: Callable[..., bytes]) -> bytes:
    """A commitment given as 64 hex digits (optional 0x) or as a CID of the expected kind."""
    digits = text[2:] if text.lower().startswith("0x") else text
    if len(digits) == 64 and all(c in "0123456789abcdefABCDEF" for c in digits):
        return bytes.fromhex(digits)
    return parse_cid(text, where=option)


def run(args: argparse.Namespace) -> int:
    """Print 1 and return 0 if the proof verifies, else print 0 and return 1."""
    inputs = SealPublicInputs(
        porep_id=checked_porep_id(args.porep_id, args.sector_size),
        prover_id=parse_hex32(args.prover_id, "--prover-id"),
        sector_id=parse_sector_id(args.sector_id),
        ticket=parse_hex32(args.ticket, "--ticket"),
        seed=parse_hex32(args.seed, "--seed"),
        comm_d=parse_commitment(args.comm_d, "--comm-d", parse_piece_cid_v1),
        comm_r=parse_commitment(args.comm_r, "--comm-r", parse_sealed_cid),
    )
    raw = read_bytes(args.proof, "--proof")
    try:
        proof = proof_from_bytes(raw)
    except MalformedProof as err:
        inner = f" at {err.where}" if err.where else ""
        raise InputError(f"malformed proof{inner}: {err.message}", where=f"--proof {args.proof}") from None
    reason = rejection_reason(inputs, proof)
    if reason is None:
        print(1)
        return 0
    print(f"filspec verify-seal: proof rejected: {reason}", file=sys.stderr)
    print(0)
    return 1
