"""The protocol's promises: token supply, collateral, power and voucher conservation, and the rest.

Each invariant is stated in one plain sentence, then written once with `model.arith` helpers so
it evaluates concretely and symbolically.  Witnesses (kind ``sometimes``) make sure every flow
and every ``alt`` branch of the diagram is actually reached, so a model that could never complete
a flow fails loudly instead of passing vacuously.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from invariants.core import Ctx, Invariant, invariant
from model import power_actor
from model.arith import all_of, any_of, implies, total
from model.miner_actor import sector_exists
from model.paych_actor import retrieval_lane
from model.state import Channel, DealState, MinerActor, RetrievalState, SectorState, World

# --- 1. Token supply ------------------------------------------------------------------------------


def supply(world: World) -> Any:
    """Every token that exists: accounts, actors, open channels, messages in flight, and burned."""
    actors = total(a.balance for a in world.miner_actors if a is not None)
    channels = total(ch.funds for ch in world.channels if ch is not None and not ch.collected)
    in_flight = total(m.value for m in (*world.mempool, *world.block))
    return total(world.accounts) + actors + channels + in_flight + world.burned


@invariant(
    "token_supply",
    "Every token ever minted or present at genesis is held by exactly one account, actor, "
    "channel or in-flight message, or has been burned.",
    group="token",
)
def token_supply(world: World, ctx: Ctx) -> Any:
    return supply(world) == world.genesis_supply + world.minted


@invariant("balances_nonnegative", "No account, actor, channel or burn balance is ever negative.", group="token")
def balances_nonnegative(world: World, ctx: Ctx) -> Any:
    return all_of(
        *(b >= 0 for b in world.accounts),
        *(a.balance >= 0 for a in world.miner_actors if a is not None),
        *(ch.funds >= 0 for ch in world.channels if ch is not None),
        world.burned >= 0,
        world.minted >= 0,
    )


# --- 2. Collateral --------------------------------------------------------------------------------


def _live_collateral(actor: MinerActor) -> Any:
    return total(s.collateral for s in actor.sectors if not s.faulty)


@invariant(
    "collateral_conservation",
    "Each miner actor holds exactly its pledge plus the storage collateral of its "
    "live committed sectors, and what it lost to faults equals the collateral of its faulty sectors.",
    group="collateral",
)
def collateral_conservation(world: World, ctx: Ctx) -> Any:
    return all_of(
        *(
            all_of(
                a.balance == a.pledge + _live_collateral(a),
                a.slashed == total(s.collateral for s in a.sectors if s.faulty),
                a.pledge >= 0,
                *(s.collateral >= 0 for s in a.sectors),
            )
            for a in world.miner_actors
            if a is not None
        )
    )


@invariant(
    "slashed_is_burned", "Collateral slashed from miners is burned, never lost or paid to anyone.", group="collateral"
)
def slashed_is_burned(world: World, ctx: Ctx) -> Any:
    return world.burned == total(a.slashed for a in world.miner_actors if a is not None)


@invariant(
    "failed_seal_takes_no_collateral",
    "A miner actor's balance grows only when its sector set grows: a "
    "CommitSector whose VerifySeal returns 0 takes no collateral.",
    kind="step",
    group="collateral",
)
def failed_seal_takes_no_collateral(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    if before.miner_actors is after.miner_actors:
        return True  # nothing this rule speaks of changed
    conds = []
    for a, b in zip(before.miner_actors, after.miner_actors, strict=True):
        if a is not None and b is not None and len(b.sectors) == len(a.sectors):
            conds.append(b.balance <= a.balance)
    return all_of(*conds)


# --- 3. Power -------------------------------------------------------------------------------------


@invariant("power_total", "The power actor's total power equals the sum of the miners' claims.", group="power")
def power_total(world: World, ctx: Ctx) -> Any:
    return world.power.total == total(world.power.claims)


@invariant(
    "power_claims_match_sectors",
    "Each miner's power claim equals the size of its committed, non-faulty "
    "sectors, and only registered miners have a miner actor.",
    group="power",
)
def power_claims_match_sectors(world: World, ctx: Ctx) -> Any:
    conds = []
    for miner, claim in zip(world.power.miners, world.power.claims, strict=True):
        actor = world.miner_actors[miner]
        conds.append(actor is not None and claim == total(s.size for s in actor.sectors if not s.faulty))
    registered = set(world.power.miners)
    conds.extend((m in registered) for m, a in enumerate(world.miner_actors) if a is not None)
    return all_of(*conds)


@invariant(
    "power_only_from_verified_commit",
    "A miner's power grows only when a sector is added to its sector "
    "set, which CommitSector does only when VerifySeal returns 1.",
    kind="step",
    group="power",
)
def power_only_from_verified_commit(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    if before.power is after.power:
        return True  # nothing this rule speaks of changed
    conds = []
    for miner in after.power.miners:
        a, b = before.miner_actors[miner], after.miner_actors[miner]
        grew = a is not None and b is not None and len(b.sectors) > len(a.sectors)
        if not grew:
            conds.append(power_actor.claim(after, miner) <= power_actor.claim(before, miner))
    return all_of(*conds)


@invariant("sector_numbers_unique", "A miner actor's sector set holds each sector number at most once.", group="power")
def sector_numbers_unique(world: World, ctx: Ctx) -> bool:
    return all(len({s.sector for s in a.sectors}) == len(a.sectors) for a in world.miner_actors if a is not None)


@invariant(
    "committed_sectors_verified",
    "Every committed sector but the genesis preseal carries the CommR that "
    "Seal produces for its miner, sector number and data commitment.",
    group="power",
)
def committed_sectors_verified(world: World, ctx: Ctx) -> bool:
    genesis = ctx.scenario.providers
    return all(
        ctx.proofs.seal(m, s.sector, s.comm_d).comm_r == s.comm_r
        for m, a in enumerate(world.miner_actors)
        if a is not None and m != genesis
        for s in a.sectors
    )


# --- 4. Vouchers and payment channels ---------------------------------------------------------------


@invariant(
    "channel_owes_within_funds",
    "A payment channel never owes its payee more than its funds, nor less than nothing.",
    group="voucher",
)
def channel_owes_within_funds(world: World, ctx: Ctx) -> Any:
    return all_of(*(all_of(ch.to_send >= 0, ch.to_send <= ch.funds) for ch in world.channels if ch is not None))


@invariant(
    "voucher_conservation",
    "What a channel owes equals what its lanes redeemed, less what merges absorbed "
    "from lanes into others (without merges: the sum of the lanes' redeemed amounts).",
    group="voucher",
)
def voucher_conservation(world: World, ctx: Ctx) -> Any:
    return all_of(
        *(
            ch.to_send == total(lane.redeemed - lane.absorbed for lane in ch.lanes)
            for ch in world.channels
            if ch is not None
        )
    )


@invariant(
    "collect_pays_exactly_funds",
    "After Collect, the payee received exactly what the channel owed and the "
    "payer the rest: together, exactly the channel's funds.",
    group="voucher",
)
def collect_pays_exactly_funds(world: World, ctx: Ctx) -> Any:
    return all_of(
        *(
            implies(ch.collected, all_of(ch.paid_out == ch.to_send, ch.paid_out + ch.refunded == ch.funds))
            for ch in world.channels
            if ch is not None
        )
    )


def channel_pairs(before: World, after: World) -> list[tuple[Channel, Channel]]:
    """Each channel that exists before and after a step, as (before, after); none if no channel changed."""
    if before.channels is after.channels:
        return []
    return [(a, b) for a, b in zip(before.channels, after.channels, strict=True) if a is not None and b is not None]


@invariant(
    "lane_nonce_increases",
    "A lane's nonce never decreases, strictly increases whenever the lane accepts a "
    "voucher, and the lane's redeemed amount never decreases.",
    kind="step",
    group="voucher",
)
def lane_nonce_increases(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    conds = []
    for a, b in channel_pairs(before, after):
        for la, lb in zip(a.lanes, b.lanes, strict=True):
            conds.append(lb.nonce >= la.nonce)
            conds.append(lb.redeemed >= la.redeemed)
            conds.append(implies(lb.redeemed != la.redeemed, lb.nonce > la.nonce))
    return all_of(*conds)


@invariant(
    "voucher_pays_once",
    "The channel owes more only when some lane accepted a voucher with a higher "
    "nonce: a voucher, or one merged into another, pays at most once.",
    kind="step",
    group="voucher",
)
def voucher_pays_once(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    conds = []
    for a, b in channel_pairs(before, after):
        advanced = any_of(*(lb.nonce > la.nonce for la, lb in zip(a.lanes, b.lanes, strict=True)))
        conds.append(implies(b.to_send > a.to_send, advanced))
    return all_of(*conds)


# --- 5. Deals and sectors -----------------------------------------------------------------------------


@invariant(
    "deal_in_committed_sector",
    "A deal being collected or complete has its piece in exactly one sector of "
    "its provider, with a PIP that verifies against that sector's data commitment, and pieces fit their "
    "sector.",
    group="deal",
)
def deal_in_committed_sector(world: World, ctx: Ctx) -> Any:
    sc = ctx.scenario
    for d in world.deals:
        if d is None or d.sector is None:
            continue
        holding = [s for s in world.sectors[d.provider] if d.piece in s.pieces]
        if len(holding) != 1 or holding[0] is not world.sectors[d.provider][d.sector]:
            return False
        actor = world.miner_actors[d.provider]
        onchain = next((s for s in actor.sectors if s.sector == d.sector), None) if actor else None
        if onchain is not None and not ctx.proofs.verify_pip(onchain.comm_d, d.piece, d.pip):
            return False
    for p in range(sc.providers):
        for s in world.sectors[p]:
            if sum(sc.pieces[k] for k in s.pieces) > sc.sector_size:
                return False
    return True


@invariant(
    "paid_deal_was_proven",
    "A provider is paid for a deal only if the deal's piece was in a sector it "
    "committed on chain (proven by PIP, directly or through the client's check).",
    group="deal",
)
def paid_deal_was_proven(world: World, ctx: Ctx) -> Any:
    conds = []
    for d in world.deals:
        if d is None or d.voucher is None:
            continue
        ch = world.channels[d.voucher.channel]
        if ch is None:
            continue
        paid = ch.lanes[d.piece].redeemed > 0
        actor = world.miner_actors[d.provider]
        ever_committed = actor is not None and d.sector is not None and any(s.sector == d.sector for s in actor.sectors)
        conds.append(implies(paid, ever_committed))
    return all_of(*conds)


# --- 6. Retrieval -------------------------------------------------------------------------------------


@invariant(
    "retrieval_provider_not_overexposed",
    "A retrieval provider never delivers more than one payment interval beyond what it has been paid.",
    group="retrieval",
)
def retrieval_provider_not_overexposed(world: World, ctx: Ctx) -> Any:
    return all_of(*((r.sent - 1) * r.price <= r.provider_paid for r in world.retrievals if r is not None))


@invariant(
    "retrieval_client_pays_for_received",
    "A retrieval client never pays for more than it has received.",
    group="retrieval",
)
def retrieval_client_pays_for_received(world: World, ctx: Ctx) -> Any:
    conds = []
    for c, r in enumerate(world.retrievals):
        if r is None:
            continue
        conds.append(r.paid <= r.received * r.price)
        ch = world.channels[c * ctx.scenario.providers + r.provider]
        if ch is not None:
            conds.append(ch.lanes[retrieval_lane(ctx.scenario)].redeemed <= r.received * r.price)
    return all_of(*conds)


# --- 7. Chain -----------------------------------------------------------------------------------------


@invariant(
    "epochs_never_go_back",
    "The epoch never decreases, and no block is produced in the future.",
    kind="step",
    group="chain",
)
def epochs_never_go_back(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    return all_of(after.epoch >= before.epoch, after.last_block_epoch <= after.epoch)


@invariant(
    "only_miners_with_power_produce",
    "Only a miner with power produces a block (and is rewarded).",
    kind="step",
    group="chain",
)
def only_miners_with_power_produce(before: World, action: Any, after: World, ctx: Ctx) -> Any:
    if getattr(action, "name", None) != "ProduceBlock":
        return after.minted == before.minted
    return power_actor.claim(before, action.args[0]) > 0


# --- 8. Witnesses: every flow and every alt branch is reachable -----------------------------------------


def _witness(name: str, statement: str, applies: Any = None) -> Callable[[Callable[..., Any]], Invariant]:
    return invariant(name, statement, kind="sometimes", group="witness", applies=applies)


def _retrieval(sc: Any) -> bool:
    return bool(sc.retrieval)


def _deals(world: World) -> list[Any]:
    return [d for d in world.deals if d is not None]


@_witness("reach_register_miner", "RegisterStorageMiner: a provider's miner actor is created.")
def reach_register_miner(world: World, ctx: Ctx) -> bool:
    return any(a is not None for a in world.miner_actors[: ctx.scenario.providers])


@_witness("reach_deal_accepted", "StorageDealMake: a client learns its deal was accepted.")
def reach_deal_accepted(world: World, ctx: Ctx) -> bool:
    return any(d.client_state == DealState.ACCEPTED for d in _deals(world))


@_witness("reach_deal_rejected", "StorageDealMake: a client learns its deal was rejected.")
def reach_deal_rejected(world: World, ctx: Ctx) -> bool:
    return any(d.client_state == DealState.REJECTED for d in _deals(world))


@_witness("reach_deal_in_sector", "AddingDealToSector: a deal's piece is packed with its PIP.")
def reach_deal_in_sector(world: World, ctx: Ctx) -> bool:
    return any(d.pip is not None for d in _deals(world))


@_witness("reach_client_query_pip", "ClientQuery: a client learns its deal's PIP.")
def reach_client_query_pip(world: World, ctx: Ctx) -> bool:
    return any(d.client_pip is not None and d.client_state == DealState.SEALING for d in _deals(world))


@_witness("reach_sector_sealed", "SealingSector: a sector is sealed.")
def reach_sector_sealed(world: World, ctx: Ctx) -> bool:
    return any(s.state == SectorState.SEALED for ss in world.sectors for s in ss)


@_witness("reach_commit_success", "CommitSector, 1 - success: a sector is committed and the miner gains power.")
def reach_commit_success(world: World, ctx: Ctx) -> bool:
    return any(power_actor.claim(world, p) > 0 for p in range(ctx.scenario.providers))


@_witness(
    "reach_commit_failure",
    "CommitSector, 0 - failure: VerifySeal rejects a corrupt seal and the miner must seal again.",
    lambda sc: sc.faults.seal_faults > 0,
)
def reach_commit_failure(world: World, ctx: Ctx) -> bool:
    used = world.seal_faults_left < ctx.scenario.faults.seal_faults
    return used and any(s.state == SectorState.PACKED and not s.seal_ok for ss in world.sectors for s in ss)


@_witness("reach_client_query_sealed", "ClientQuery (second): a client learns its sealed sector's CID.")
def reach_client_query_sealed(world: World, ctx: Ctx) -> bool:
    return any(d.client_sealed_cid is not None for d in _deals(world))


@_witness(
    "reach_collect_via_client", "StorageDealCollect, Via Client: a combined voucher is redeemed on the payment channel."
)
def reach_collect_via_client(world: World, ctx: Ctx) -> bool:
    return any(
        d.combined is not None
        and (ch := world.channels[d.combined.channel]) is not None
        and ch.lanes[d.piece].nonce == d.combined.nonce
        for d in _deals(world)
    )


@_witness("reach_collect_pip_query", "StorageDealCollect, If Client Does Not Have PIP: the client asks for it.")
def reach_collect_pip_query(world: World, ctx: Ctx) -> bool:
    return any(d.reconcile_pending for d in _deals(world))


@_witness(
    "reach_collect_via_blockchain",
    "StorageDealCollect, Via Blockchain: the market actor pays a voucher after checking its PIP.",
)
def reach_collect_via_blockchain(world: World, ctx: Ctx) -> bool:
    return any(
        d.combined is None
        and d.voucher is not None
        and (ch := world.channels[d.voucher.channel]) is not None
        and ch.lanes[d.piece].nonce == d.voucher.nonce
        for d in _deals(world)
    )


@_witness("reach_retrieval_min_price", "RetrievalQuery: a provider quotes its minimum price.", _retrieval)
def reach_retrieval_min_price(world: World, ctx: Ctx) -> bool:
    return any(r is not None and r.state == RetrievalState.MIN_PRICE for r in world.retrievals)


@_witness(
    "reach_retrieval_unavailable", "RetrievalQuery: a provider answers that the piece is unavailable.", _retrieval
)
def reach_retrieval_unavailable(world: World, ctx: Ctx) -> bool:
    return any(r is not None and r.state == RetrievalState.UNAVAILABLE for r in world.retrievals)


@_witness("reach_retrieval_accepted", "RetrievalDealMake: a retrieval deal is accepted.", _retrieval)
def reach_retrieval_accepted(world: World, ctx: Ctx) -> bool:
    return any(r is not None and r.state == RetrievalState.ACCEPTED for r in world.retrievals)


@_witness("reach_retrieval_rejected", "RetrievalDealMake: a retrieval deal is rejected.", _retrieval)
def reach_retrieval_rejected(world: World, ctx: Ctx) -> bool:
    return any(r is not None and r.state == RetrievalState.REJECTED for r in world.retrievals)


@_witness(
    "reach_retrieval_complete", "Paid retrieval: a client receives the whole payload, paying per interval.", _retrieval
)
def reach_retrieval_complete(world: World, ctx: Ctx) -> bool:
    return any(r is not None and r.state == RetrievalState.COMPLETE for r in world.retrievals)


@_witness("reach_channel_collected", "Settlement: a payment channel is settled and collected.")
def reach_channel_collected(world: World, ctx: Ctx) -> bool:
    return any(ch is not None and ch.collected for ch in world.channels)


@_witness(
    "reach_storage_fault",
    "Faults: a committed sector is lost and its collateral slashed.",
    lambda sc: sc.faults.storage_faults > 0,
)
def reach_storage_fault(world: World, ctx: Ctx) -> bool:
    return bool(world.burned != 0)


@_witness("reach_deal_failed", "Storage Deal Abort: a deal not sealed in time fails.")
def reach_deal_failed(world: World, ctx: Ctx) -> bool:
    return any(d.client_state == DealState.FAILED for d in _deals(world))


# --- Liveness -----------------------------------------------------------------------------------------


def _deal_pending(world: World, ctx: Ctx) -> bool:
    return any(d.client_state in (DealState.ACCEPTED, DealState.SEALING) for d in _deals(world))


@invariant(
    "accepted_deals_finish",
    "Every accepted storage deal eventually completes or fails.",
    kind="eventually",
    group="liveness",
    trigger=_deal_pending,
)
def accepted_deals_finish(world: World, ctx: Ctx) -> bool:
    return not _deal_pending(world, ctx)


def _channel_settling(world: World, ctx: Ctx) -> bool:
    return any(ch is not None and not ch.collected and ch.settling_at != 0 for ch in world.channels)


@invariant(
    "settling_channels_get_collected",
    "Every payment channel that starts settling is eventually collected.",
    kind="eventually",
    group="liveness",
    trigger=_channel_settling,
)
def settling_channels_get_collected(world: World, ctx: Ctx) -> bool:
    return not _channel_settling(world, ctx)


def committed_in_chain(world: World, provider: int, sector: int) -> bool:
    """Whether a provider's sector is committed (and live) on chain."""
    return sector_exists(world, provider, sector)
