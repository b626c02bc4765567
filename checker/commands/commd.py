"""`filspec commd --sector-size SIZE PIECE ...`: a sector's unsealed commitment (CommD).

Each PIECE is `PIECE_CID:PADDED_SIZE` (a piece CID v1 and its padded size, e.g.
`baga6ea4seaq…:2KiB`) or a bare FRC-0069 piece CID v2, which carries its own size. Pieces
are placed in the order given, each at the next multiple of its own padded size, with zero
pieces in the gaps and after the last piece (as Filecoin does). Prints CommD as a piece CID.
"""

from __future__ import annotations

import argparse
from typing import Any

from proofs_native.cid import parse_commitment_cid, piece_cid_v1
from proofs_native.commp import Piece, check_piece_size, check_sector_size, comm_d
from proofs_native.errors import InvalidCID
from proofs_native.sizes import parse_size


def register(sub: Any) -> None:
    """Add the `commd` subcommand."""
    parser = sub.add_parser(
        "commd",
        help="compute a sector's CommD from its pieces' CIDs and sizes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sector-size", required=True, metavar="SIZE",
                        help="sector size, e.g. 2KiB, 512MiB, 32GiB or 2048")
    parser.add_argument("pieces", nargs="*", metavar="PIECE",
                        help="PIECE_CID:PADDED_SIZE (or a bare piece CID v2), in sector order")
    parser.set_defaults(run=run)


def parse_piece(text: str, index: int) -> Piece:
    """One `PIECE_CID:PADDED_SIZE` argument (or a bare piece CID v2) as a Piece."""
    where = f"piece {index} ({text})"
    cid_text, sep, size_text = text.partition(":")
    parsed = parse_commitment_cid(cid_text, where=where)
    if parsed.kind == "sealed":
        raise InvalidCID("a sealed CID (CommR) cannot be a piece; give a piece CID", where=where)
    if not sep:
        if parsed.padded_size is None:
            raise InvalidCID("a piece CID v1 needs its padded size: write CID:SIZE, e.g. CID:2KiB", where=where)
        return Piece(parsed.padded_size, parsed.commitment)
    size = check_piece_size(parse_size(size_text, where=where), where=where)
    if parsed.padded_size is not None and parsed.padded_size != size:
        raise InvalidCID(f"the piece CID v2 says its padded size is {parsed.padded_size}, not {size}", where=where)
    return Piece(size, parsed.commitment)


def run(args: argparse.Namespace) -> int:
    """Print the CommD CID of the pieces in order; exit 2 if an argument is bad or they do not fit."""
    sector_size = check_sector_size(parse_size(args.sector_size, where="--sector-size"), where="--sector-size")
    pieces = [parse_piece(text, index) for index, text in enumerate(args.pieces, start=1)]
    print(piece_cid_v1(comm_d(pieces, sector_size)))
    return 0
