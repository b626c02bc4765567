"""PaymentChannelActor: funds locked by a payer, paid out to a payee by signed vouchers.

The 2019 rules (vm_interpreter.md), with the later fixes of builtin-actors where the old rule
was unsafe: a lane's nonce must *strictly* increase (2019 allowed equal nonces, which lets a
voucher be replayed); the amount is never negative; a voucher is rejected once the channel's
settlement epoch has passed.  Vouchers carry a cumulative amount per lane, so redeeming a newer
voucher pays only the difference; a voucher may merge other lanes, absorbing what they redeemed.
A voucher with a condition (a piece that must be in a committed sector of the payee) pays only
with a valid PIP, checked by the StorageMarketActor (the 2019 ``Extra`` verification call).
"""

from __future__ import annotations

from typing import Any

import attrs

from model.arith import all_of, max_, not_, require
from model.errors import (
    AlreadySettling,
    BadLane,
    BadMerge,
    ChannelExists,
    ChannelSettled,
    ConditionNotMet,
    NegativeAmount,
    NotAParty,
    NotSettled,
    OverFunds,
    StaleNonce,
    TimeLocked,
    UnknownChannel,
    WrongChannel,
    WrongSigner,
)
from model.ledger import credit, replace_at
from model.proofs import IDEAL, ProofPort
from model.scenario import Scenario
from model.state import Channel, Lane, Voucher, World


def channel_index(sc: Scenario, client: int, provider: int) -> int:
    """The index of the channel from `client` to provider index `provider`."""
    return client * sc.providers + provider


def retrieval_lane(sc: Scenario) -> int:
    """Lane used for retrieval payments (storage deals use lane = piece index)."""
    return len(sc.pieces)


def lanes_per_channel(sc: Scenario) -> int:
    return len(sc.pieces) + 1


def _channel(world: World, index: int) -> Channel:
    ch = world.channels[index] if 0 <= index < len(world.channels) else None
    # Verify that the channel exists.
    require(ch is not None, UnknownChannel, f"channel {index}")
    assert ch is not None
    return ch


def create_channel(world: World, sc: Scenario, payer: int, payee: int, funds: Any) -> World:
    """CreateChannel: lock `funds` (the message's value) in a new channel from payer to payee."""
    index = channel_index(sc, payer, payee - sc.clients)
    # Verify that these parties have no channel yet.
    require(world.channels[index] is None, ChannelExists, f"channel {index}")
    ch = Channel(payer, payee, funds, lanes=(Lane(),) * lanes_per_channel(sc))
    return attrs.evolve(world, channels=replace_at(world.channels, index, ch))


def update_channel_state(
    world: World,
    sc: Scenario,
    sender: int,
    index: int,
    v: Voucher,
    condition_met: bool = False,
    proofs: ProofPort = IDEAL,
) -> World:
    """UpdateChannelState(Voucher): the payee redeems a voucher signed by the payer."""
    ch = _channel(world, index)
    # Verify that the sender is the payee and the voucher's signature the payer's.
    require(sender == ch.payee, NotAParty, f"sender {sender}")
    require(proofs.verify_voucher(v, ch.payer), WrongSigner, f"signed by {v.signer}")
    # Verify that the voucher names this channel.
    require(v.channel == index, WrongChannel, f"voucher for channel {v.channel}")
    # Verify that the channel is not collected and its settlement epoch has not passed.
    require(not ch.collected, ChannelSettled)
    require(not_(all_of(ch.settling_at != 0, world.epoch >= ch.settling_at)), ChannelSettled)
    # Verify the time lock and the sign of the amount.
    require(world.epoch >= v.time_lock, TimeLocked)
    require(v.amount >= 0, NegativeAmount)
    # Verify the condition (a PIP checked by the market actor) when the voucher has one.
    require(v.condition is None or condition_met, ConditionNotMet, f"piece {v.condition}")
    # Verify the lane and that its nonce strictly increases.
    require(0 <= v.lane < len(ch.lanes), BadLane, f"lane {v.lane}")
    lane = ch.lanes[v.lane]
    require(lane.nonce < v.nonce, StaleNonce)
    lanes = ch.lanes
    from_others: Any = 0
    for other in v.merges:
        # Verify each merged lane is another lane whose nonce is below the merge's.
        require(other != v.lane and 0 <= other < len(lanes), BadMerge, f"lane {other}")
        require(lanes[other].nonce < v.nonce, BadMerge, f"lane {other}")
        o = lanes[other]
        from_others = from_others + o.redeemed
        lanes = replace_at(lanes, other, Lane(v.nonce, o.redeemed, o.absorbed + o.redeemed))
    delta = v.amount - (from_others + lane.redeemed)
    to_send = ch.to_send + delta
    # Verify that what the channel owes stays within 0 and its funds.
    require(all_of(to_send >= 0, to_send <= ch.funds), OverFunds)
    lanes = replace_at(lanes, v.lane, Lane(v.nonce, v.amount, lane.absorbed))
    ch = attrs.evolve(
        ch, lanes=lanes, to_send=to_send, min_settle_height=max_(ch.min_settle_height, v.min_settle_height)
    )
    return attrs.evolve(world, channels=replace_at(world.channels, index, ch))


def settle(world: World, sc: Scenario, sender: int, index: int) -> World:
    """Settle: start the settle delay; the channel can be collected from the settlement epoch on."""
    ch = _channel(world, index)
    # Verify that the sender is a party of the channel, and that it is not settling already.
    require(sender in (ch.payer, ch.payee), NotAParty, f"sender {sender}")
    require(all_of(ch.settling_at == 0, not ch.collected), AlreadySettling)
    ch = attrs.evolve(ch, settling_at=max_(world.epoch + sc.settle_delay, ch.min_settle_height))
    return attrs.evolve(world, channels=replace_at(world.channels, index, ch))


def collect(world: World, sc: Scenario, sender: int, index: int) -> World:
    """Collect: after settlement, pay the payee what is owed and return the rest to the payer."""
    ch = _channel(world, index)
    # Verify that the sender is a party, the channel settled, and it was not collected yet.
    require(sender in (ch.payer, ch.payee), NotAParty, f"sender {sender}")
    require(all_of(not ch.collected, ch.settling_at != 0, world.epoch >= ch.settling_at), NotSettled)
    refund = ch.funds - ch.to_send
    world = credit(credit(world, ch.payee, ch.to_send), ch.payer, refund)
    ch = attrs.evolve(ch, collected=True, paid_out=ch.to_send, refunded=refund)
    return attrs.evolve(world, channels=replace_at(world.channels, index, ch))


def channel_is_open(world: World, index: int) -> Any:
    """Whether vouchers can still be redeemed on the channel (exists, not past settlement)."""
    ch = world.channels[index]
    if ch is None or ch.collected:
        return False
    return not_(all_of(ch.settling_at != 0, world.epoch >= ch.settling_at))
