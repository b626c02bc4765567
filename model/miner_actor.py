"""StorageMinerActor: a miner's collateral, committed sectors and faults.

CommitSector (2019 vm_interpreter.md order): verify the seal through FilProofs; the sector must
be new; the storage collateral sent must cover the collateral-for-power of one more sector.
VerifySeal = 1 adds the sector, keeps the collateral and calls UpdatePower; VerifySeal = 0 leaves
the state unchanged, returns 0, and returns the collateral to the sender (a failed seal takes
no collateral).  A storage fault removes the sector's power and slashes (burns) its collateral:
the 2019 spec is silent on the amount, so the whole sector collateral is taken, as specs-actors'
termination penalty does at most.
"""

from __future__ import annotations

from typing import Any

import attrs

from model.arith import require
from model.errors import CollateralTooLow, SectorAlreadyCommitted, SectorNotCommitted, UnknownMiner
from model.ledger import credit, replace_at
from model.power_actor import miner_actor_address, update_power
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import CommittedSector, MinerActor, World


def _actor(world: World, miner: int) -> MinerActor:
    actor = world.miner_actors[miner] if 0 <= miner < len(world.miner_actors) else None
    # Verify that the miner actor exists.
    require(actor is not None, UnknownMiner, f"miner {miner}")
    assert actor is not None
    return actor


def find_sector(actor: MinerActor, sector: int) -> CommittedSector | None:
    """The committed sector with this number, if any."""
    return next((s for s in actor.sectors if s.sector == sector), None)


def commit_sector(
    world: World,
    sc: Scenario,
    proofs: ProofPort,
    sender: int,
    miner: int,
    sector: int,
    info: tuple[Any, Any, Any],
    collateral: Any,
) -> tuple[World, int]:
    """CommitSector(SectorID, OnBlockchainSectorInfo, StorageCollateral): returns the world and 1 or 0."""
    actor = _actor(world, miner)
    comm_d, comm_r, proof = info
    # Verify that the sector number is not committed yet.
    require(find_sector(actor, sector) is None, SectorAlreadyCommitted, f"sector {sector}")
    # Verify that the collateral covers one more sector's collateral-for-power.
    require(collateral >= sc.collateral_per_sector, CollateralTooLow)
    # VerifySeal(SectorID, OnSectorInfo) → {1,0}
    if not proofs.verify_seal(miner, sector, comm_d, comm_r, proof):
        return credit(world, sender, collateral), 0
    # ...Update State...: add the sector, keep the collateral.
    committed = CommittedSector(sector, comm_d, comm_r, sc.sector_size, collateral)
    actor = attrs.evolve(
        actor,
        balance=actor.balance + collateral,
        sectors=tuple(sorted((*actor.sectors, committed), key=lambda s: s.sector)),
    )
    world = attrs.evolve(world, miner_actors=replace_at(world.miner_actors, miner, actor))
    # UpdatePower(MinerAddr)
    world = update_power(world, miner_actor_address(miner), miner, sc.sector_size)
    return world, 1


def declare_storage_fault(world: World, sc: Scenario, miner: int, sector: int) -> World:
    """A committed sector is lost: remove its power, slash (burn) its storage collateral."""
    actor = _actor(world, miner)
    found = find_sector(actor, sector)
    # Verify that the sector is committed and not already faulty.
    require(found is not None and not found.faulty, SectorNotCommitted, f"sector {sector}")
    assert found is not None
    sectors = tuple(attrs.evolve(s, faulty=True) if s.sector == sector else s for s in actor.sectors)
    actor = attrs.evolve(
        actor, sectors=sectors, balance=actor.balance - found.collateral, slashed=actor.slashed + found.collateral
    )
    world = attrs.evolve(
        world, miner_actors=replace_at(world.miner_actors, miner, actor), burned=world.burned + found.collateral
    )
    return update_power(world, miner_actor_address(miner), miner, -found.size)


def sector_exists(world: World, miner: int, sector: int) -> bool:
    """VerifySectorExists(SectorID): the sector is committed on chain by this miner and not faulty."""
    actor = world.miner_actors[miner] if 0 <= miner < len(world.miner_actors) else None
    found = find_sector(actor, sector) if actor is not None else None
    return found is not None and not found.faulty
