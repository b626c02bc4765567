"""Collateral: a miner actor holds its pledge plus the collateral of its live sectors; faults burn it.

The default scenario has a corrupt seal (VerifySeal returns 0) and a storage fault in reach, so
both the failed-commit path and slashing are exercised.
"""

from checker.testing import protocol_machine

TestCollateral = protocol_machine(
    "default", ["collateral_conservation", "slashed_is_burned", "failed_seal_takes_no_collateral"],
).TestCase
