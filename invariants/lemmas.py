"""Lemmas: true properties that make the protocol's invariants inductive.

An invariant can hold in every reachable state and still not be *inductive*: some state that
satisfies it (but is not reachable) steps to one that does not.  The Z3 prover (`filspec prove`)
then reports a counterexample to induction.  The fix is not to weaken the invariant but to state
what else is true of reachable states, as a lemma.  Lemmas are checked by the explicit checker
like any invariant (so a false lemma is caught) and assumed by the prover on every pre-state.

Each lemma below names the invariant it strengthens and the counterexample it rules out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from invariants.core import Ctx, invariant
from model.arith import all_of, any_of, implies
from model.paych_actor import retrieval_lane
from model.scenario import Scenario
from model.state import Voucher, World


@invariant("block_not_in_future", "The last block was produced at or before the current epoch.",
           group="chain", lemma=True)
def block_not_in_future(world: World, ctx: Ctx) -> Any:
    """Strengthens ``epochs_never_go_back``: without it a pre-state with a block from a later epoch
    (unreachable: blocks are produced at the current epoch and the clock only advances) steps to a
    post-state where ``last_block_epoch > epoch`` under any action that leaves both unchanged."""
    return world.last_block_epoch <= world.epoch


@invariant("message_values_nonnegative", "Chain messages waiting or in a block carry a non-negative value.",
           group="token", lemma=True)
def message_values_nonnegative(world: World, ctx: Ctx) -> Any:
    """Strengthens ``balances_nonnegative`` and ``token_supply`` across SyncBlock: a rejected message
    refunds its value to its sender, so a negative value (unreachable: values are debited from an
    account that covers them, from the scenario's non-negative domains) would drive an account
    below zero."""
    return all_of(*(m.value >= 0 for m in (*world.mempool, *world.block)))


@invariant("unproposed_lanes_unpaid", "A storage lane of a piece without a deal has redeemed nothing.",
           group="voucher", lemma=True, applies=lambda sc: not sc.adversary)
def unproposed_lanes_unpaid(world: World, ctx: Ctx) -> Any:
    """Strengthens ``paid_deal_was_proven`` across DealProposal: the proposal creates the deal whose
    voucher names the channel, so a lane that was already paid (unreachable: vouchers for a piece
    exist only once its deal does) would count as an unproven payment."""
    return all_of(*(ch.lanes[piece].redeemed == 0
                    for piece, deal in enumerate(world.deals) if deal is None
                    for ch in world.channels if ch is not None))


@invariant("unretrieved_lane_unpaid", "A client's retrieval lane has redeemed nothing before its retrieval starts.",
           group="retrieval", lemma=True, applies=lambda sc: not sc.adversary)
def unretrieved_lane_unpaid(world: World, ctx: Ctx) -> Any:
    """Strengthens ``retrieval_client_pays_for_received`` across Query: the query creates the retrieval
    that bounds the lane's payments, so a lane already paid (unreachable: retrieval vouchers exist only
    once a retrieval does) would exceed what the new retrieval received."""
    sc = ctx.scenario
    return all_of(*(ch.lanes[retrieval_lane(sc)].redeemed == 0
                    for c, r in enumerate(world.retrievals) if r is None
                    for ch in world.channels[c * sc.providers:(c + 1) * sc.providers] if ch is not None))


#: Chain methods whose message value the actor keeps (pledge, channel funds, storage collateral).
VALUE_METHODS = ("power.RegisterMiner", "paych.CreateChannel", "miner.CommitSector")


@invariant("valueless_messages", "Chain messages other than RegisterMiner, CreateChannel and CommitSector carry "
           "no value.", group="token", lemma=True)
def valueless_messages(world: World, ctx: Ctx) -> Any:
    """Strengthens ``token_supply`` across SyncBlock: the other methods ignore the value, so a value sent
    with them (unreachable: their senders attach 0) would leave the supply when the message succeeds."""
    return all_of(*(m.value == 0 for m in (*world.mempool, *world.block) if m.method not in VALUE_METHODS))


@invariant("power_amounts_nonnegative", "Committed sector sizes and power claims are never negative.",
           group="power", lemma=True)
def power_amounts_nonnegative(world: World, ctx: Ctx) -> Any:
    """Strengthens ``power_only_from_verified_commit`` across DeclareStorageFault: the fault subtracts
    the sector's size from the claim, which grows the claim if the size were negative (unreachable:
    sizes are the scenario's sector size)."""
    return all_of(*(c >= 0 for c in world.power.claims),
                  *(s.size >= 0 for a in world.miner_actors if a is not None for s in a.sectors))


@invariant("retrieval_payments_track_chunks", "A retrieval's price is not negative, the client has paid exactly "
           "received × price, and the provider's paid amount is that of the voucher it holds.",
           group="retrieval", lemma=True)
def retrieval_payments_track_chunks(world: World, ctx: Ctx) -> Any:
    """Strengthens ``retrieval_client_pays_for_received`` across ReceiveBlock (a negative price would make
    the payment bound negative) and ``retrieval_provider_not_overexposed`` across RetrievalDealProposal
    (a provider paid a negative amount)."""
    return all_of(*(all_of(r.price >= 0, r.paid == r.received * r.price,
                           r.provider_paid == (r.voucher.amount if r.voucher is not None else 0))
                    for r in world.retrievals if r is not None))


def _vouchers(world: World) -> Iterator[Voucher]:
    """Every voucher that exists off the channels: in deals, in flight, held by retrieval providers, in messages."""
    for d in world.deals:
        if d is not None:
            yield from (v for v in (d.voucher, d.combined) if v is not None)
    yield from (e.voucher for e in world.inflight if e.voucher is not None)
    yield from (r.voucher for r in world.retrievals if r is not None and r.voucher is not None)
    for m in (*world.mempool, *world.block):
        yield from (p for p in m.params if isinstance(p, Voucher))


@invariant("vouchers_never_lower_a_lane", "A voucher at least as new as its lane's last one promises at least "
           "what the lane has redeemed, and of two vouchers for one lane the newer never promises less.",
           group="voucher", lemma=True, applies=lambda sc: not sc.adversary)
def vouchers_never_lower_a_lane(world: World, ctx: Ctx) -> Any:
    """Strengthens ``lane_nonce_increases`` across SyncBlock (RedeemVoucher): UpdateChannelState accepts a
    newer voucher whatever its amount, so a newer voucher promising less than the lane redeemed
    (unreachable: the payer's vouchers are cumulative) would lower the lane's redeemed amount.  The
    pairwise part keeps the lemma itself inductive when a voucher is redeemed or combined."""
    conds = []
    vouchers = list(_vouchers(world))
    for v in vouchers:
        ch = world.channels[v.channel] if 0 <= v.channel < len(world.channels) else None
        if ch is not None and 0 <= v.lane < len(ch.lanes):
            lane = ch.lanes[v.lane]
            conds.append(implies(v.nonce >= lane.nonce, v.amount >= lane.redeemed))
        conds.extend(implies(w.nonce >= v.nonce, w.amount >= v.amount) for w in vouchers
                     if w is not v and (w.channel, w.lane) == (v.channel, v.lane))
    return all_of(*conds)


def _payments(world: World, sc: Scenario, client: int) -> Iterator[Voucher]:
    """The retrieval payment vouchers of `client`'s retrieval: in flight, held, or submitted."""
    lane = retrieval_lane(sc)
    for v in _vouchers(world):
        if v.lane == lane and v.signer == client and v.channel // sc.providers == client:
            yield v


@invariant("retrieval_vouchers_within_received", "Every retrieval payment voucher pays between nothing and what "
           "its client received, and a newer one never pays less than the one the provider holds.",
           group="retrieval", lemma=True, applies=lambda sc: not sc.adversary)
def retrieval_vouchers_within_received(world: World, ctx: Ctx) -> Any:
    """Strengthens ``retrieval_client_pays_for_received`` across SyncBlock (UpdateChannelState: the lane
    takes the voucher's amount) and ``retrieval_provider_not_overexposed`` across ReceivePayment (the
    provider's paid amount becomes the newer voucher's)."""
    sc = ctx.scenario
    conds = []
    for c, r in enumerate(world.retrievals):
        if r is None:
            continue
        for v in _payments(world, sc, c):
            conds += [v.amount >= 0, v.amount <= r.received * r.price]
            if r.voucher is not None:
                conds.append(implies(v.nonce > r.voucher.nonce, v.amount >= r.voucher.amount))
    return all_of(*conds)


@invariant("deal_vouchers_pay_the_price", "Every voucher on a storage deal's lane (the deal's voucher, nonce 1, and "
           "the combined one, nonce 2, wherever they are) promises the deal's price; the lane has redeemed nothing or "
           "exactly that price, and the lane of a piece without a deal has accepted no voucher.",
           group="deal", lemma=True, applies=lambda sc: not sc.adversary)
def deal_vouchers_pay_the_price(world: World, ctx: Ctx) -> Any:
    """Strengthens ``vouchers_never_lower_a_lane`` across SignVouchers / ReceivePIP: the combined voucher
    copies the deal voucher's amount at the next nonce, so it must not promise less than what the lane
    already redeemed through the market actor."""
    conds = []
    vouchers = list(_vouchers(world))
    for piece, d in enumerate(world.deals):
        if d is None:
            conds += [ch.lanes[piece].nonce == 0 for ch in world.channels if ch is not None]
            continue
        if d.voucher is None:
            continue
        conds += [d.price >= 0, d.voucher.nonce == 1]
        conds += [all_of(v.amount == d.price, v.nonce >= 1, v.nonce <= 2) for v in vouchers
                  if (v.channel, v.lane) == (d.voucher.channel, d.piece)]
        ch = world.channels[d.voucher.channel]
        if ch is not None:
            lane = ch.lanes[d.piece]
            conds += [lane.nonce <= 2, any_of(lane.redeemed == 0, lane.redeemed == d.price)]
    return all_of(*conds)
