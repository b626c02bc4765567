"""Benchmark: native SDR sealing and VerifySeal, and Poseidon throughput (prints figures; not a test).

    .venv/bin/python -m benchmarks.bench_seal            # 2 KiB sector, Poseidon arity 2/8/11
    .venv/bin/python -m benchmarks.bench_seal --8mib     # also one 8 MiB sector (minutes)

Figures: Poseidon round-constant generation per width (cold), Poseidon hashes per second at
arities 2, 8 and 11, and wall time to seal (pre-commit + commit proof) and to verify one sector.
The first 2 KiB seal also builds the graph and caches it; later seals reuse it, so both are shown.
Everything is pure Python (CPython, one core); the SNARK wrapping is not part of the work.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable

from proofs_native.porep import poseidon
from proofs_native.porep.graph import porep_id_of
from proofs_native.porep.seal import (
    ReplicaConfig,
    SealedSector,
    SealPublicInputs,
    VanillaProof,
    seal,
    sector_data_from_payload,
    verify_seal,
)

PROVER_ID = bytes(range(32))
TICKET = bytes([0xA5]) * 32
SEED = bytes([0x5A]) * 32


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Wall-clock seconds of `repeat` calls of fn."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def bench_poseidon(seconds: float) -> None:
    """Round-constant generation (cold) and hashes per second at arities 2, 8 and 11."""
    for arity in (2, 8, 11):
        t = arity + 1
        poseidon.round_constants.cache_clear()
        start = time.perf_counter()
        poseidon.round_constants(t)
        cold = time.perf_counter() - start
        print(f"poseidon t={t:<2} round constants ({len(poseidon.round_constants(t))}): {cold * 1000:7.1f} ms")
    for arity in (2, 8, 11):
        inputs = list(range(1, arity + 1))
        poseidon.hash_elements(inputs)  # warm the caches
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            poseidon.hash_elements(inputs)
            count += 1
        elapsed = time.perf_counter() - start
        print(f"poseidon arity {arity:<2}: {count / elapsed:8.0f} hashes/s ({elapsed / count * 1e6:6.0f} µs/hash)")


def bench_sector(proof_id: int, label: str, repeat: int) -> None:
    """Seal one sector of RegisteredSealProof `proof_id` `repeat` times, verify its proof."""
    porep_id = porep_id_of(proof_id)
    config = ReplicaConfig(porep_id=porep_id, prover_id=PROVER_ID, sector_id=1, ticket=TICKET)
    size = {5: 2048, 6: 8 << 20}[proof_id]
    payload = bytes((i * 7 + 3) & 0xFF for i in range(size // 128 * 127))
    data = sector_data_from_payload(payload, size)
    results: list[tuple[SealedSector, VanillaProof]] = []
    seal_times = timed(lambda: results.append(seal(config, data, SEED)), repeat)
    sealed, proof = results[-1]
    inputs = SealPublicInputs(
        porep_id=porep_id,
        prover_id=PROVER_ID,
        sector_id=1,
        ticket=TICKET,
        seed=SEED,
        comm_d=sealed.comm_d,
        comm_r=sealed.comm_r,
    )
    verdicts: list[bool] = []
    verify_times = timed(lambda: verdicts.append(verify_seal(inputs, proof)), max(1, repeat))
    assert all(verdicts), "the benchmark's own proof must verify"
    first = seal_times[0]
    rest = f", then median {statistics.median(seal_times[1:]):.3f} s (graph cached)" if repeat > 1 else ""
    print(f"seal {label}: first {first:.3f} s{rest}")
    print(f"verify {label}: median {statistics.median(verify_times):.3f} s over {len(verify_times)} run(s)")


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--8mib", dest="eight_mib", action="store_true", help="also seal one 8 MiB sector")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per Poseidon throughput figure")
    parser.add_argument("--repeat", type=int, default=5, help="2 KiB seals to time")
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.system()})")
    bench_poseidon(args.seconds)
    bench_sector(5, "2 KiB (StackedDrg2KiBV1_1)", args.repeat)
    if args.eight_mib:
        bench_sector(6, "8 MiB (StackedDrg8MiBV1_1)", 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
