"""`filspec commp FILE`: the piece commitment of a file, as Lotus `client commP` computes it.

Prints the piece CID (v1, and the FRC-0069 v2 that also records the payload size), the
payload size and the padded piece size. The file is read in chunks, so files larger than
memory work; for files of 64 MiB or more the throughput is reported on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import IO, Any

from proofs_native.commp import comm_p, comm_p_file
from proofs_native.errors import ProofError
from proofs_native.sizes import format_size
from spec.errors import InputError

#: Files at least this large get a throughput line on stderr.
REPORT_THROUGHPUT_FROM = 64 << 20
#: Files at least this large are hashed by all CPUs unless --jobs says otherwise.
PARALLEL_FROM = 16 << 20


def register(sub: Any) -> None:
    """Add the `commp` subcommand."""
    parser = sub.add_parser(
        "commp",
        help="compute the piece commitment (CommP) and piece CID of a file",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="the payload file ('-' reads standard input)")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: all CPUs for files of 16 MiB or more, else 1)")
    parser.set_defaults(run=run)


def _open(path: str) -> IO[bytes]:
    """The file opened for binary reading, or an InputError naming the file and the problem."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file", where=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", where=path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", where=path) from None


def _workers(jobs: int, stream: IO[bytes]) -> int:
    """Worker processes to use: --jobs if given, else all CPUs for large regular files."""
    if jobs < 0:
        raise InputError(f"--jobs must be 0 (automatic) or a positive number, got {jobs}", where="--jobs")
    if jobs:
        return jobs
    try:
        size = os.fstat(stream.fileno()).st_size
    except (OSError, ValueError):
        return 1
    return (os.cpu_count() or 1) if size >= PARALLEL_FROM else 1


def run(args: argparse.Namespace) -> int:
    """Compute and print the commitment; exit 2 if the file cannot be read or is too small."""
    path: str = args.file
    started = time.perf_counter()
    stream = _open(path)
    try:
        workers = _workers(args.jobs, stream)
        if stream is sys.stdin.buffer:
            piece = comm_p(stream, workers=workers)
        else:
            stream.close()
            piece = comm_p_file(path, workers=workers)
    except ProofError as err:
        raise InputError(err.message, where=path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", where=path) from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    elapsed = time.perf_counter() - started
    print(f"piece CID:         {piece.cid}")
    print(f"piece CID v2:      {piece.cid_v2}")
    print(f"payload size:      {piece.payload_size} bytes")
    print(f"padded piece size: {piece.padded_size} bytes ({format_size(piece.padded_size)})")
    if piece.payload_size >= REPORT_THROUGHPUT_FROM:
        rate = piece.payload_size / elapsed / 1e6 if elapsed > 0 else float("inf")
        print(f"commp: {piece.payload_size / (1 << 20):.1f} MiB in {elapsed:.2f} s ({rate:.1f} MB/s)",
              file=sys.stderr)
    return 0
