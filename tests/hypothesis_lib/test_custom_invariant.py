"""Your own invariant: declare it with the `invariant` decorator, then name it in a machine.

The decorator (from `invariants`, not Hypothesis' own `@invariant`) registers the property by
name, so ``filspec check --invariant`` and the prover can use it too.  Write it with the
helpers of `model.arith` (`all_of`, `total`, ...) and it also works on symbolic worlds.
"""

from typing import Any

from checker.testing import protocol_machine
from invariants import REGISTRY, Ctx, invariant
from model.arith import all_of
from model.state import World


@invariant("example_claims_within_capacity",
           "No provider ever claims more power than its sectors can hold.", group="example")
def claims_within_capacity(world: World, ctx: Ctx) -> Any:
    capacity = ctx.scenario.sectors_per_miner * ctx.scenario.sector_size
    return all_of(*(claim <= capacity for miner, claim in zip(world.power.miners, world.power.claims, strict=True)
                    if miner < ctx.scenario.providers))


# By name (as on the command line) together with a library invariant, or pass the value itself.
TestClaimsWithinCapacity = protocol_machine("default", ["example_claims_within_capacity", "power_total"]).TestCase
TestClaimsWithinCapacityByValue = protocol_machine("retrieval", [claims_within_capacity]).TestCase

# filspec's own suite checks that every registered invariant of the library has a breaking case;
# an example must not join it, so it leaves the registry once its machines are built (they keep
# it).  In your own project, keep yours registered: `filspec check --invariant` finds it by name.
del REGISTRY["example_claims_within_capacity"]
