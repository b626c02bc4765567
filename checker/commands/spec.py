"""`filspec spec`: the protocol as the spec states it.

filspec spec diagram [FLOW]   print the protocol (or one flow) as a Mermaid sequence diagram
filspec spec conform FILE     compare a Mermaid file with the spec; list every difference
filspec spec flows            list the flows with their participants and message counts
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from spec import protocol
from spec.conform import compare, summarize
from spec.errors import InputError
from spec.mermaid import parse, render


def register(sub: Any) -> None:
    p = sub.add_parser(
        "spec",
        help="print the protocol diagram, list flows, check a diagram against the spec",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ssub = p.add_subparsers(dest="spec_command", metavar="SUBCOMMAND", parser_class=type(p))
    ssub.required = True
    d = ssub.add_parser("diagram", help="print the protocol (or one flow) as Mermaid")
    d.add_argument("flow", nargs="?", help="a flow name, e.g. SealingSector or ClientQuery#2 (default: all)")
    d.set_defaults(run=run_diagram)
    c = ssub.add_parser("conform", help="compare a Mermaid file with the spec (exit 1 on any difference)")
    c.add_argument("file", help="a Mermaid sequence diagram (bare, fenced, or wrapped as content = mermaid`...`)")
    c.set_defaults(run=run_conform)
    f = ssub.add_parser("flows", help="list the flows of the protocol")
    f.set_defaults(run=run_flows)


def _select(name: str | None) -> tuple[protocol.Flow, ...] | None:
    if name is None:
        return None
    chosen = tuple(f for f in protocol.FLOWS if name in (f.key, f.name))
    if not chosen:
        known = ", ".join(f.key for f in protocol.FLOWS)
        raise InputError(f"unknown flow {name!r}; known flows: {known}", where="filspec spec diagram")
    return chosen


def run_diagram(args: argparse.Namespace) -> int:
    sys.stdout.write(render(protocol.to_diagram(_select(args.flow))))
    return 0


def run_flows(args: argparse.Namespace) -> int:
    for f in protocol.FLOWS:
        print(f"{f.key:22} {len(protocol.sends(f)):2} messages  {', '.join(protocol.flow_participants(f))}")
        print(f"{'':22} {f.doc}")
    return 0


def read_text(path: str) -> str:
    """A file's text, or an InputError naming the file and the problem."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", where=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", where=path) from None
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte {err.start})", where=path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", where=path) from None


def run_conform(args: argparse.Namespace) -> int:
    found = parse(read_text(args.file), source=args.file)
    expected = protocol.to_diagram()
    diffs = compare(found, expected)
    print(f"{args.file}: {summarize(found)}")
    print(f"spec: {summarize(expected)}")
    if not diffs:
        print("conforms: no difference from the spec")
        return 0
    for d in diffs:
        print(f"{args.file}:{d}")
    print(f"{len(diffs)} difference(s) from the spec")
    return 1
