"""The `filspec` command line.

Exit codes, for every subcommand:
  0  everything asked for holds / succeeded
  1  a property fails (or a proof does not verify)
  2  bad usage or bad input (the message names what and where)
  3  undecided (for `prove`: only UNKNOWN results stand in the way)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from spec.errors import InputError

#: Subcommand modules under `checker.commands`, in the order `filspec --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "spec",
    "check",
    "prove",
    "bmc",
    "commp",
    "commd",
    "seal",
    "verify_seal",
    "docs",
)

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_UNKNOWN = 3


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise InputError so they share one exit path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise InputError(message, where=self.prog)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="filspec",
        description="Executable formal specification of the 2019 Filecoin storage and retrieval "
        "protocol, with a model checker.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"checker.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `filspec`; return the exit code (the console script exits with it)."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        result: int = args.run(args)
        return result
    except InputError as err:
        print(f"filspec: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("filspec: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
