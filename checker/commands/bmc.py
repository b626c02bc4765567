"""`filspec bmc`: bounded model checking with symbolic amounts (placeholder until the engine lands)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the `bmc` subcommand."""
    p = sub.add_parser("bmc", help="bounded model checking with symbolic amounts (Z3)", description=__doc__)
    p.add_argument("scenario", nargs="?")
    p.add_argument("--steps", type=int, default=3)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Not yet."""
    return 0
