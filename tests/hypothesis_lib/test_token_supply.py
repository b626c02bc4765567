"""Token supply: no token is created or lost except by block rewards and burns.

Two ways to say it: a state machine over the adversarial scenario (every attack the actors'
guards must stop, over a lossy network) checking only the token invariants, and a plain
``@given`` test over reachable worlds drawn by `worlds()`.
"""

from hypothesis import given

from checker.testing import protocol_machine, worlds
from invariants.protocol import supply
from model.state import World

TestTokenSupplyUnderAttack = protocol_machine("adversarial", ["token_supply", "balances_nonnegative"]).TestCase


@given(worlds("adversarial", max_steps=30))
def test_every_reachable_world_holds_genesis_supply_plus_minted(world: World) -> None:
    assert supply(world) == world.genesis_supply + world.minted
