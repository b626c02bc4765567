"""StoragePowerActor: the registry of miners, their power claims and the total power.

Rules (2019 spec, with specs-actors' caller check): RegisterMiner creates a miner actor holding
the owner's pledge collateral; only a miner actor may change power, and only its own claim; the
total is always the sum of the claims.
"""

from __future__ import annotations

from typing import Any

import attrs

from model.arith import require
from model.errors import CallerNotMinerActor, MinerAlreadyRegistered, PledgeTooLow, UnknownMiner
from model.ledger import replace_at
from model.scenario import Scenario
from model.state import MinerActor, PowerActor, World


def miner_actor_address(miner: int) -> str:
    """The chain address of miner index `miner`'s StorageMinerActor."""
    return f"miner:{miner}"


def register_miner(world: World, sc: Scenario, owner: int, pledge: Any) -> World:
    """RegisterMiner(OwnerAddr, WorkerPubKey): create the owner's StorageMinerActor with its pledge."""
    miner = owner - sc.clients
    # Verify that this owner has no miner yet.
    require(world.miner_actors[miner] is None, MinerAlreadyRegistered, f"owner {owner}")
    # Verify that the pledge covers the minimum pledge collateral.
    require(pledge >= sc.pledge_collateral, PledgeTooLow)
    actor = MinerActor(owner=owner, balance=pledge, pledge=pledge)
    power = PowerActor((*world.power.miners, miner), (*world.power.claims, 0), world.power.total)
    return attrs.evolve(world, miner_actors=replace_at(world.miner_actors, miner, actor), power=power)


def update_power(world: World, caller: str, miner: int, delta: Any) -> World:
    """UpdatePower(MinerAddr): a miner actor adds `delta` (may be negative) to its own claim."""
    # Verify that the caller is this miner's own actor.
    require(caller == miner_actor_address(miner), CallerNotMinerActor, f"caller {caller}")
    # Verify that the miner is registered.
    require(miner in world.power.miners, UnknownMiner, f"miner {miner}")
    k = world.power.miners.index(miner)
    claims = replace_at(world.power.claims, k, world.power.claims[k] + delta)
    return attrs.evolve(world, power=attrs.evolve(world.power, claims=claims, total=world.power.total + delta))


def claim(world: World, miner: int) -> Any:
    """The power claim of a miner (0 if unregistered)."""
    if miner not in world.power.miners:
        return 0
    return world.power.claims[world.power.miners.index(miner)]
