"""Lemmas: true properties that make the protocol's invariants inductive.

An invariant can hold in every reachable state and still not be *inductive*: some state that
satisfies it (but is not reachable) steps to one that does not.  The Z3 prover (`filspec prove`)
then reports a counterexample to induction.  The fix is not to weaken the invariant but to state
what else is true of reachable states, as a lemma.  Lemmas are checked by the explicit checker
like any invariant (so a false lemma is caught) and assumed by the prover on every pre-state.

Each lemma below names the invariant it strengthens and the counterexample it rules out.
"""

from __future__ import annotations

from typing import Any

from invariants.core import Ctx, invariant
from model.arith import all_of
from model.paych_actor import retrieval_lane
from model.state import World


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
