"""MiningGroup off-chain: StorageMining, SectorIndexing and StorageProving of a provider's node.

RegisterStorageMiner: CreateMiner sends RegisterMiner with the pledge to the power actor.
AddingDealToSector: MadeDeal hands an accepted deal to StorageMining, which calls AddToSector;
SectorIndexing picks the first empty sector (PackDealIntoSector), closes it and computes the
piece inclusion proof (PackSector), returns the SectorID, and StorageMining reports
DealInSector to the provider.  One deal per sector: a packed sector is closed, so its CommD and
the PIPs never change (a simplification; real sectors hold many pieces).  SealingSector:
SealSector → Seal → SealOutputs; CommitSector sends the sector's on-chain info with its storage
collateral to the miner actor.  The node learns the result from the message's receipt.
"""

from __future__ import annotations

import attrs

from model import chain
from model.arith import require
from model.errors import NotEnabled
from model.ledger import replace_at
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import ChainMessage, DealState, Sector, SectorState, World
from model.storage_market import _deal, set_deal


def _pending(world: World, method: str, sender: int) -> bool:
    return any(m.method == method and m.sender == sender for m in (*world.mempool, *world.block))


def set_sector(world: World, provider: int, index: int, sector: Sector) -> World:
    return attrs.evolve(
        world, sectors=replace_at(world.sectors, provider, replace_at(world.sectors[provider], index, sector))
    )


def create_miner(world: World, sc: Scenario, provider: int) -> World:
    """CreateMiner(WorkerPubKey, PledgeCollateral): send RegisterMiner with the pledge to the power actor."""
    owner = sc.provider_party(provider)
    # Verify that the provider has no miner and is not registering one.
    require(
        world.miner_actors[provider] is None and not _pending(world, "power.RegisterMiner", owner),
        NotEnabled,
        "already a miner",
    )
    return chain.submit(world, ChainMessage(owner, "power.RegisterMiner", sc.pledge_collateral))


def made_deal(world: World, sc: Scenario, proofs: ProofPort, provider: int, piece: int) -> World:
    """MadeDeal → AddToSector → PackDealIntoSector → PackSector → DealInSector, inside the provider's node."""
    deal = _deal(world, piece)
    # Verify the deal is this provider's, accepted and not yet in a sector.
    require(deal.provider == provider and deal.provider_state == DealState.ACCEPTED, NotEnabled, "no accepted deal")
    # Verify that the miner is registered.
    require(world.miner_actors[provider] is not None, NotEnabled, "not a miner yet")
    # PackDealIntoSector: the first empty sector.
    sectors = world.sectors[provider]
    empty = [i for i, s in enumerate(sectors) if s.state == SectorState.EMPTY]
    require(bool(empty), NotEnabled, "no empty sector")
    index = empty[0]
    # PackSector: close the sector; compute CommD and the PIP.
    pieces = (piece,)
    _, pips = proofs.pack_sector(provider, index, pieces)
    world = set_sector(world, provider, index, Sector(SectorState.PACKED, pieces))
    return set_deal(world, attrs.evolve(deal, sector=index, pip=pips[0], provider_state=DealState.SEALING))


def seal_sector(world: World, sc: Scenario, proofs: ProofPort, provider: int, index: int, ok: bool) -> World:
    """SealSector(SectorID, ReplicaCfg) → Seal → SealOutputs; ``ok=False`` is a sealing fault."""
    sector = world.sectors[provider][index]
    # Verify the sector is packed and not sealed yet.
    require(sector.state == SectorState.PACKED, NotEnabled, "sector not packed")
    # A sealing fault uses up the scenario's budget.
    require(ok or world.seal_faults_left > 0, NotEnabled, "no sealing fault left")
    comm_d, _ = proofs.pack_sector(provider, index, sector.pieces)
    outputs = proofs.seal(provider, index, comm_d, ok)
    world = set_sector(world, provider, index, attrs.evolve(sector, state=SectorState.SEALED, seal=outputs, seal_ok=ok))
    return world if ok else attrs.evolve(world, seal_faults_left=world.seal_faults_left - 1)


def commit_sector(world: World, sc: Scenario, provider: int, index: int) -> World:
    """CommitSector(SectorID, OnBlockchainSectorInfo, StorageCollateral): send the commitment to the chain."""
    sector = world.sectors[provider][index]
    # Verify that the sector is sealed and not being committed.
    require(sector.state == SectorState.SEALED and sector.seal is not None, NotEnabled, "sector not sealed")
    assert sector.seal is not None
    info = (sector.seal.comm_d, sector.seal.comm_r, sector.seal.proof)
    msg = ChainMessage(
        sc.provider_party(provider), "miner.CommitSector", sc.collateral_per_sector, (provider, index, info)
    )
    world = chain.submit(world, msg)
    return set_sector(world, provider, index, attrs.evolve(sector, state=SectorState.COMMITTING))


def commit_receipt(world: World, provider: int, index: int, result: int | None) -> World:
    """The node reads CommitSector's receipt: 1 committed; 0 (or failure) back to packed, to reseal."""
    sector = world.sectors[provider][index]
    if sector.state != SectorState.COMMITTING:
        return world
    if result == 1:
        return set_sector(world, provider, index, attrs.evolve(sector, state=SectorState.COMMITTED))
    return set_sector(world, provider, index, attrs.evolve(sector, state=SectorState.PACKED, seal=None))


def declare_storage_fault(world: World, sc: Scenario, provider: int, index: int) -> World:
    """A committed sector's data is lost: the miner declares the fault on chain (fault model)."""
    sector = world.sectors[provider][index]
    # Verify the sector is committed and the fault budget allows another loss.
    require(sector.state == SectorState.COMMITTED and world.storage_faults_left > 0, NotEnabled, "no fault")
    # Faults are drawn while the sector's deals are unpaid: afterwards they would only repeat the slashing.
    require(
        not any(d is not None and d.provider == provider and d.sector == index and d.paid for d in world.deals),
        NotEnabled,
        "the sector's deals are paid",
    )
    msg = ChainMessage(sc.provider_party(provider), "miner.DeclareStorageFault", 0, (provider, index))
    world = chain.submit(world, msg)
    world = set_sector(world, provider, index, attrs.evolve(sector, state=SectorState.FAULTY))
    return attrs.evolve(world, storage_faults_left=world.storage_faults_left - 1)
