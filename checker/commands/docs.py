"""`filspec docs`: the documentation site, generated from the spec, the model and the invariants.

    filspec docs build [--out DIR] [--results DIR]   build the site (strict: any warning fails)
    filspec docs serve [--port N] [--results DIR]    build it, then serve it on http://127.0.0.1:N/

The spec pages (flows, participants, simplifications, invariants, messages, glossary, CLI and
API reference) are written from the Python source at every build; tutorials and design
decisions are the hand-written pages of docs/.  The invariants page shows the latest results
of `filspec check` and `filspec prove` found in the results directory (.filspec by default).
Mermaid's JavaScript is served by the site itself (fetched once with npm, pinned): diagrams
render with no network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from checker.docs import site


def register(sub: Any) -> None:
    p = sub.add_parser("docs", help="build or serve the documentation site (generated from spec, model, invariants)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    dsub = p.add_subparsers(dest="docs_command", metavar="SUBCOMMAND", parser_class=type(p))
    dsub.required = True
    b = dsub.add_parser("build", help="build the site in strict mode")
    b.add_argument("--out", default="site", metavar="DIR", help="where to write the site (default: site)")
    _common(b)
    b.set_defaults(run=run_build)
    s = dsub.add_parser("serve", help="build the site into a temporary directory and serve it on 127.0.0.1")
    s.add_argument("--port", type=int, default=8000, metavar="N", help="port to listen on (default: 8000; 0: any free)")
    _common(s)
    s.set_defaults(run=run_serve)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--results", default=".filspec", metavar="DIR",
                   help="where `filspec check` and `filspec prove` wrote their JSON summaries (default: .filspec)")
    p.add_argument("--no-api", action="store_true", help="leave out the API reference (a faster build)")


def run_build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    built = site.build(Path(args.out), Path(args.results), api=not args.no_api)
    print(f"built {len(built.pages)} pages into {built.site_dir} in {time.monotonic() - started:.1f} s")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="filspec-site-") as tmp:
        built = site.build(Path(tmp) / "site", Path(args.results), api=not args.no_api)
        with site.serving(built.site_dir, args.port, quiet=False) as url:
            print(f"serving {len(built.pages)} pages at {url} (Ctrl-C stops)", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                print("stopped", file=sys.stderr)
    return 0
