"""The chain: Clock, BlockProducer / StoragePowerConsensus, BlockSyncer and message execution.

On-chain actors change only through messages included in blocks.  A party *submits* a message
(its value leaves the party's account and travels with the message); a miner with power, elected
at an epoch, *produces* a block carrying the pending messages and receives the block reward
(minted); the block syncer *applies* the block's messages one at a time.  A message whose guard
fails is included but changes nothing: its value returns to its sender and the failed guard is
its receipt.  One block per epoch; the Clock advances the epoch up to the scenario's bound.
"""

from __future__ import annotations

from typing import Any

import attrs

from model import market_actor, miner_actor, paych_actor, power_actor
from model.arith import all_of, any_of, require
from model.errors import EpochBound, GuardFailed, NotElected, NotEnabled, OneBlockPerEpoch, UnknownAction
from model.ledger import credit, debit
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import ChainMessage, DealState, World

_OPEN_DEAL_STATES = (DealState.ACCEPTED, DealState.SEALING)


def time_matters(world: World, sc: Scenario) -> Any:
    """Whether anything waits for the next epoch: a message for the next block, a settling channel, a deadline.

    The model's clock is lazy: it ticks only when the passing of time can change what happens
    next.  Epochs in which nothing waits on time are collapsed into one, which removes copies
    of the same behaviour at different epochs without removing any behaviour.
    """
    waiting_message = all_of(bool(world.mempool), world.last_block_epoch >= world.epoch)
    settling = any_of(
        *(
            all_of(ch.settling_at != 0, world.epoch < ch.settling_at, not ch.collected)
            for ch in world.channels
            if ch is not None
        )
    )
    deadlines = any_of(
        *(
            world.epoch <= d.proposed_at + sc.deal_window
            for d in world.deals
            if d is not None and d.client_state in _OPEN_DEAL_STATES
        )
    )
    return any_of(waiting_message, settling, deadlines)


def tick(world: World, sc: Scenario) -> World:
    """Clock: advance the epoch by one."""
    # Verify that the clock has not reached the scenario's last epoch.
    require(world.epoch < sc.max_epoch, EpochBound)
    # Verify that something waits on time (the lazy clock).
    require(time_matters(world, sc), NotEnabled, "nothing waits for the next epoch")
    return attrs.evolve(world, epoch=world.epoch + 1)


def submit(world: World, msg: ChainMessage) -> World:
    """Send a chain message: its value leaves the sender's account and waits in the mempool."""
    world = debit(world, msg.sender, msg.value)
    return attrs.evolve(world, mempool=(*world.mempool, msg))


def miner_owner(sc: Scenario, miner: int) -> int:
    """The party that owns miner index `miner` (providers, then the genesis miner)."""
    return sc.genesis_miner if miner == sc.providers else sc.provider_party(miner)


def produce_block(world: World, sc: Scenario, miner: int) -> World:
    """BlockProducer: an elected miner with power packs the mempool into a block and is rewarded."""
    # Verify that the miner has power (StoragePowerConsensus elects only miners with power).
    require(power_actor.claim(world, miner) > 0, NotElected, f"miner {miner}")
    # Verify that no block was produced at this epoch yet.
    require(world.last_block_epoch < world.epoch, OneBlockPerEpoch)
    # Verify there is something to include and the previous block has been applied.
    require(bool(world.mempool) and not world.block, NotEnabled, "no pending messages or a block not yet synced")
    world = credit(world, miner_owner(sc, miner), sc.block_reward)
    return attrs.evolve(
        world, block=world.mempool, mempool=(), last_block_epoch=world.epoch, minted=world.minted + sc.block_reward
    )


def execute(world: World, sc: Scenario, proofs: ProofPort, msg: ChainMessage) -> tuple[World, Any]:
    """Apply one chain message to the actors; return the world and the message's return value."""
    p = msg.params
    match msg.method:
        case "power.RegisterMiner":
            return power_actor.register_miner(world, sc, msg.sender, msg.value), None
        case "paych.CreateChannel":
            return paych_actor.create_channel(world, sc, msg.sender, p[0], msg.value), None
        case "miner.CommitSector":
            return miner_actor.commit_sector(world, sc, proofs, msg.sender, p[0], p[1], p[2], msg.value)
        case "paych.RedeemVoucher" | "paych.UpdateChannelState":
            return paych_actor.update_channel_state(world, sc, msg.sender, p[0], p[1], proofs=proofs), None
        case "market.RedeemVoucher":
            return market_actor.redeem_voucher(world, sc, proofs, msg.sender, p[0], p[1]), None
        case "paych.Settle":
            return paych_actor.settle(world, sc, msg.sender, p[0]), None
        case "paych.Collect":
            return paych_actor.collect(world, sc, msg.sender, p[0]), None
        case "miner.DeclareStorageFault":
            return miner_actor.declare_storage_fault(world, sc, p[0], p[1]), None
        case "power.ClaimPower":
            return power_actor.update_power(world, f"party:{msg.sender}", p[0], p[1]), None
    raise UnknownAction(msg.method)


def reject(world: World, msg: ChainMessage) -> World:
    """A failed message changes nothing but returns its value to its sender."""
    return credit(world, msg.sender, msg.value)


def apply_message(
    world: World, sc: Scenario, proofs: ProofPort, msg: ChainMessage
) -> tuple[World, Any, GuardFailed | None]:
    """Apply one included message: its effect, or (when a guard fails) just the return of its value."""
    try:
        after, result = execute(world, sc, proofs, msg)
    except GuardFailed as failure:
        return reject(world, msg), None, failure
    return after, result, None
