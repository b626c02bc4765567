"""CommP throughput next to plain SHA-256 over the same bytes (a script that prints figures, not a test).

    .venv/bin/python -m benchmarks.bench_commp [--mib 64] [--repeat 3] [--workers N]

CommP hashes about twice the bytes a flat SHA-256 does (every tree level, 64-byte inputs,
each of which costs two compression-function calls), so the best a perfect implementation
can do is roughly 2-4x slower than `hashlib.sha256(data)`; this reports the ratio, plus the
split between Fr32 padding and tree hashing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable

from proofs_native import fr32
from proofs_native.commp import comm_p, comm_p_file, hash_level, root_of_leaves


def interleaved_best(repeat: int, works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of `repeat` timed runs of each piece of work, in seconds.

    The runs take turns (a, b, c, a, b, c, …) so that load from other processes on the
    machine hits every measurement alike and the ratios stay meaningful.
    """
    best = dict.fromkeys(works, float("inf"))
    for _ in range(repeat):
        for name, work in works.items():
            start = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mib", type=int, default=64, help="payload size in MiB (default 64)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--workers", type=int, default=0, help="worker processes for the parallel run (0: all CPUs)")
    args = parser.parse_args()
    size = args.mib << 20
    data = os.urandom(size)
    block = fr32.BLOCK_QUADS * fr32.QUAD_UNPADDED
    sample = data[: block * (size // block)] or data[: size // 127 * 127]

    workers = args.workers or os.cpu_count() or 1
    padded = fr32.pad(sample[:block])
    works: dict[str, Callable[[], object]] = {
        "sha": lambda: hashlib.sha256(data).digest(),
        "commp": lambda: comm_p(data),
        "pad": lambda: fr32.pad(sample),
        "tree": lambda: root_of_leaves(padded),
        "level": lambda: hash_level(padded),
    }
    with tempfile.NamedTemporaryFile(prefix="bench_commp_") as file:
        file.write(data)
        file.flush()
        if workers > 1:
            works["parallel"] = lambda: comm_p(data, workers=workers)
            works["file"] = lambda: comm_p_file(file.name, workers=workers)
        best = interleaved_best(args.repeat, works)
    sha, commp, pad, level = best["sha"], best["commp"], best["pad"], best["level"]
    tree = best["tree"] * len(sample) / block
    parallel = best.get("parallel", commp)
    from_file = best.get("file", commp)
    nodes = len(padded) // 64

    mb = size / 1e6
    rows = [
        ("hashlib.sha256, flat", sha, ""),
        ("CommP, 1 process", commp, ""),
        (f"CommP, {workers} workers, bytes", parallel, "payload pickled to the workers"),
        (f"CommP, {workers} workers, file", from_file, "workers read the file themselves"),
    ]
    print(f"payload: {args.mib} MiB of random bytes, best of {args.repeat} interleaved runs, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for label, seconds, note in rows:
        ratio = "" if seconds is sha else f"  {seconds / sha:5.1f}x SHA-256 time"
        print(f"  {label:<28} {mb / seconds:8.1f} MB/s{ratio}  {note}".rstrip())
    print(f"    1 process: fr32 padding  {mb / pad:8.1f} MB/s  ({pad / commp:4.0%} of its time)")
    print(f"    1 process: tree hashing  {mb / tree:8.1f} MB/s  ({tree / commp:4.0%} of its time)")
    print(f"  one tree level: {level / nodes * 1e9:.0f} ns per 64-byte node "
          f"(flat SHA-256 spends {sha / (size / 64) * 1e9:.0f} ns per 64-byte block)")
    floor = 4 * sha * 128 / 127  # ~4 compression calls per payload block: 2 per node, ~1 node per 32 bytes
    print(f"  no-overhead floor: a tree needs ~4x the compressions of a flat hash: ~{mb / floor:.0f} MB/s here")


if __name__ == "__main__":
    main()
