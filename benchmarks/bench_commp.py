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
import time
from collections.abc import Callable

from proofs_native import fr32
from proofs_native.commp import comm_p, hash_level, root_of_leaves


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` timed runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


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
    sha = best_of(args.repeat, lambda: hashlib.sha256(data).digest())
    commp = best_of(args.repeat, lambda: comm_p(data))
    parallel = best_of(args.repeat, lambda: comm_p(data, workers=workers)) if workers > 1 else commp
    pad = best_of(args.repeat, lambda: fr32.pad(sample))
    padded = fr32.pad(sample[:block])
    tree = best_of(args.repeat, lambda: root_of_leaves(padded)) * len(sample) / block
    level = best_of(args.repeat, lambda: hash_level(padded))
    nodes = len(padded) // 64

    mb = size / 1e6
    print(f"payload: {args.mib} MiB of random bytes, best of {args.repeat} runs, Python {sys.version.split()[0]}")
    print(f"  hashlib.sha256 (flat)      {mb / sha:9.1f} MB/s")
    print(f"  CommP, 1 process           {mb / commp:9.1f} MB/s   ratio {commp / sha:5.1f}x SHA-256 time")
    print(f"  CommP, {workers} worker processes {mb / parallel:9.1f} MB/s   ratio {parallel / sha:5.1f}x SHA-256 time")
    print(f"    of which fr32 padding    {mb / pad:9.1f} MB/s   ({pad / commp:4.0%} of CommP time)")
    print(f"    of which tree hashing    {mb / tree:9.1f} MB/s   ({tree / commp:4.0%} of CommP time)")
    print(f"  one tree level: {level / nodes * 1e9:.0f} ns per 64-byte node "
          f"(flat SHA-256 spends {sha / (size / 64) * 1e9:.0f} ns per 64-byte block)")
    floor = 4 * sha * len(padded) / len(sample[:block]) * 127 / 128
    print(f"  no-overhead floor: a tree costs ~4x the compressions of a flat hash, ~{mb / floor:.0f} MB/s here")


if __name__ == "__main__":
    main()
