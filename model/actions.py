"""Actions as values, the initial world, and the two functions every engine uses.

An `Action` is a name in the protocol's words plus concrete parameters (which party, which
piece, which sector, which in-flight message, which amount from the scenario's domain).
`step(world, action, scenario)` returns the next world or raises the `GuardFailed` leaf that
names the rule that stopped it (the world is untouched: it is immutable).  `enabled(world,
scenario)` lists every action that `step` accepts; `successors` gives each with its next world.

Each action's entry in `TRANSITIONS` names the function that performs it; the module of that
function is the participant it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from model import adversary, chain, collect, mining, network, retrieval, settlement, storage_market
from model.arith import require
from model.errors import GuardFailed, NotEnabled, UnknownAction
from model.paych_actor import channel_index
from model.proofs import IDEAL, ProofPort
from model.scenario import Scenario
from model.state import (
    ChainMessage,
    CommittedSector,
    DealState,
    MinerActor,
    PowerActor,
    RetrievalState,
    Sector,
    SectorState,
    World,
)


@attrs.frozen(slots=True)
class Action:
    """An action: its name (the protocol's word) and its concrete parameters."""

    name: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return f"{self.name}({', '.join(map(str, self.args))})"


def initial(sc: Scenario) -> World:
    """The world at genesis: funded accounts, the genesis miner's preseal power, nothing else."""
    accounts = (sc.client_balance,) * sc.clients + (sc.provider_balance,) * sc.providers + (0,)
    genesis = sc.providers
    preseal = CommittedSector(0, ("Preseal", genesis), ("PresealR", genesis), sc.genesis_power, 0)
    miner_actors: tuple[MinerActor | None, ...] = (None,) * sc.providers + (
        MinerActor(owner=sc.genesis_miner, balance=0, pledge=0, sectors=(preseal,)),
    )
    return World(
        epoch=0,
        accounts=accounts,
        power=PowerActor((genesis,), (sc.genesis_power,), sc.genesis_power),
        miner_actors=miner_actors,
        channels=(None,) * (sc.clients * sc.providers),
        sectors=((Sector(),) * sc.sectors_per_miner,) * sc.providers,
        deals=(None,) * len(sc.pieces),
        retrievals=(None,) * sc.clients,
        drops_left=sc.faults.drops,
        duplicates_left=sc.faults.duplicates,
        storage_faults_left=sc.faults.storage_faults,
        seal_faults_left=sc.faults.seal_faults,
        adversary_left=sc.adversary_budget if sc.adversary else 0,
        genesis_supply=sum(accounts),
    )


# --- The chain's block syncer, with receipts back to the sender --------------------------------


def receipt(result: Any, failure: GuardFailed | None) -> str:
    """How a chain message ended: ``ok``, ``1``/``0`` (CommitSector), or the name of the guard that failed."""
    if failure is not None:
        return type(failure).__name__
    return "ok" if result is None else str(result)


def sync_outcome(world: World, sc: Scenario, proofs: ProofPort = IDEAL) -> tuple[tuple[str, str], ...]:
    """Each message of the produced block with how it ends, in block order."""
    out = []
    for msg in world.block:
        world, result, failure = chain.apply_message(world, sc, proofs, msg)
        world = _read_receipt(world, msg, result, failure)
        out.append((msg.method, receipt(result, failure)))
    return tuple(out)


def _read_receipt(world: World, msg: ChainMessage, result: Any, failure: GuardFailed | None) -> World:
    """The sender's node reads its message's receipt (StorageMining learns CommitSector's 1 or 0)."""
    if msg.method == "miner.CommitSector":
        return mining.commit_receipt(world, msg.params[0], msg.params[1], result if failure is None else None)
    return world


def sync_block(world: World, sc: Scenario, proofs: ProofPort, *outcomes: tuple[str, str]) -> World:
    """SyncBlock: the block syncer applies every message of the produced block, in order.

    A produced block is applied before anything else happens (blocks propagate promptly in this
    model); each message's receipt goes back to its sender.
    """
    # Verify that there is a produced block.
    require(bool(world.block), NotEnabled, "no block to sync")
    block = world.block
    world = attrs.evolve(world, block=())
    seen = []
    for msg in block:
        world, result, failure = chain.apply_message(world, sc, proofs, msg)
        world = _read_receipt(world, msg, result, failure)
        seen.append((msg.method, receipt(result, failure)))
    # Verify the action names the outcomes that actually occur.
    require(tuple(seen) == outcomes, NotEnabled, f"the block ends {seen}")
    return world


Transition = Callable[..., World]

#: Every action name, the function performing it, and whether it needs the proof port.
TRANSITIONS: dict[str, tuple[Transition, bool]] = {
    # Clock, BlockProducer / StoragePowerConsensus, BlockSyncer
    "Tick": (chain.tick, False),
    "ProduceBlock": (chain.produce_block, False),
    "SyncBlock": (sync_block, True),
    # libp2p faults
    "Drop": (lambda w, sc, i: network.drop(w, i), False),
    "Discard": (lambda w, sc, proofs, i: network.discard(w, sc, i, lambda ww, j: handled(ww, sc, proofs, j)), True),
    "Duplicate": (lambda w, sc, i: network.duplicate(w, i), False),
    # RegisterStorageMiner
    "CreateMiner": (mining.create_miner, False),
    # Payment channels
    "CreateChannel": (settlement.create_channel, False),
    "Settle": (settlement.settle, False),
    "Collect": (settlement.collect, False),
    # StorageDealMake and ClientQuery
    "DealProposal": (storage_market.deal_proposal, False),
    "DealAccepted": (storage_market.accept_deal, False),
    "DealRejected": (storage_market.reject_deal, False),
    "ReceiveDealResponse": (storage_market.receive_deal_response, False),
    "StorageDealQuery": (storage_market.storage_deal_query, False),
    "DealResponse": (storage_market.answer_deal_query, False),
    "DealFailed": (storage_market.deal_failed, False),
    # AddingDealToSector, SealingSector, CommitSector, faults
    "MadeDeal": (mining.made_deal, True),
    "SealSector": (mining.seal_sector, True),
    "CommitSector": (mining.commit_sector, False),
    "DeclareStorageFault": (mining.declare_storage_fault, False),
    # StorageDealCollect
    "ReconcileRequest": (collect.reconcile_request, False),
    "RequestPIP": (collect.request_pip, False),
    "SendPIP": (collect.send_pip, False),
    "SignVouchers": (collect.sign_vouchers, True),
    "ReceivePIP": (collect.receive_pip, True),
    "RedeemVoucher": (collect.redeem_voucher, False),
    "RedeemVoucherViaMarket": (collect.redeem_via_market, False),
    # RetrievalQuery, RetrievalDealMake, paid retrieval
    "Query": (retrieval.query, False),
    "MinPrice": (lambda w, sc, p, i: retrieval.answer_query(w, sc, p, i, True), False),
    "Unavail": (lambda w, sc, p, i: retrieval.answer_query(w, sc, p, i, False), False),
    "ReceiveQueryResponse": (retrieval.receive_query_response, False),
    "RetrievalDealProposal": (retrieval.deal_proposal, False),
    "Accepted": (lambda w, sc, p, i: retrieval.respond(w, sc, p, i, True), False),
    "Rejected": (lambda w, sc, p, i: retrieval.respond(w, sc, p, i, False), False),
    "ReceiveRetrievalResponse": (retrieval.receive_deal_response, False),
    "SendBlock": (retrieval.send_block, False),
    "ReceiveBlock": (retrieval.receive_block, False),
    "ReceivePayment": (retrieval.receive_payment, False),
    "RedeemPayment": (retrieval.redeem_payment, False),
    # Adversary
    "Attack": (adversary.attack, True),
}

#: Which handlers may consume an in-flight message of each kind.
HANDLERS: dict[str, tuple[str, ...]] = {
    "storage.DealProposal": ("DealAccepted", "DealRejected"),
    "storage.DealResponse": ("ReceiveDealResponse",),
    "storage.StorageDealQuery": ("DealResponse", "SendPIP"),
    "collect.ReconcileRequest": ("RequestPIP", "SignVouchers"),
    "storage.PIPResponse": ("ReceivePIP",),
    "collect.ReconcileResponse": ("RedeemVoucher",),
    "retrieval.Query": ("MinPrice", "Unavail"),
    "retrieval.QueryResponse": ("ReceiveQueryResponse",),
    "retrieval.DealProposal": ("Accepted", "Rejected"),
    "retrieval.DealResponse": ("ReceiveRetrievalResponse",),
    "retrieval.Block": ("ReceiveBlock",),
    "retrieval.Payment": ("ReceivePayment",),
}


def step(world: World, action: Action, sc: Scenario, proofs: ProofPort = IDEAL) -> World:
    """The world after `action`, or the GuardFailed leaf naming the rule that rejects it."""
    entry = TRANSITIONS.get(action.name)
    if entry is None:
        raise UnknownAction(f"{action.name!r}; known actions: {', '.join(sorted(TRANSITIONS))}")
    fn, needs_proofs = entry
    try:
        return fn(world, sc, proofs, *action.args) if needs_proofs else fn(world, sc, *action.args)
    except (IndexError, TypeError) as err:
        raise NotEnabled(f"{action}: bad parameters ({err})") from None


def _party_index(sc: Scenario, party: int) -> int:
    return party - sc.clients


def candidates(world: World, sc: Scenario, proofs: ProofPort = IDEAL) -> Iterator[Action]:
    """Every action worth trying in `world` (a superset of the enabled ones)."""
    P, C = sc.providers, sc.clients
    if world.block:  # a produced block is applied before anything else happens
        yield Action("SyncBlock", sync_outcome(world, sc, proofs))
        return
    yield Action("Tick")
    for miner in world.power.miners:
        yield Action("ProduceBlock", (miner,))
    for i in network.deliverable(world, sc):
        env = world.inflight[i]
        who = _party_index(sc, env.receiver) if env.receiver >= C else env.receiver
        for name in HANDLERS[env.message]:
            if name == "DealResponse":
                deal = world.deals[env.subject]
                if deal is not None:
                    _, pip, sealed = storage_market.deal_answer(world, sc, deal)
                    yield Action(name, (who, i, storage_market.answer_kind(pip, sealed)))
                continue
            yield Action(name, (who, i))
        yield Action("Discard", (i,))
    for i in range(len(world.inflight)):
        if world.drops_left:
            yield Action("Drop", (i,))
        if world.duplicates_left:
            yield Action("Duplicate", (i,))
    for p in range(P):
        yield Action("CreateMiner", (p,))
        for s in range(sc.sectors_per_miner):
            state = world.sectors[p][s].state
            if state == SectorState.PACKED:
                yield Action("SealSector", (p, s, True))
                yield Action("SealSector", (p, s, False))
            elif state == SectorState.SEALED:
                yield Action("CommitSector", (p, s))
            elif state == SectorState.COMMITTED:
                yield Action("DeclareStorageFault", (p, s))
    for c in range(C):
        for p in range(P):
            if world.channels[channel_index(sc, c, p)] is None:
                for funds in sc.channel_funds:
                    yield Action("CreateChannel", (c, p, funds))
            if world.retrievals[c] is None:
                yield Action("Query", (c, p))
        r = world.retrievals[c]
        if r is not None:
            if r.state == RetrievalState.MIN_PRICE:
                for price in sc.retrieval_prices:
                    yield Action("RetrievalDealProposal", (c, price))
            if r.provider_accepted and r.sent < sc.chunks:
                yield Action("SendBlock", (r.provider, c))
            if r.voucher is not None and not r.redeemed:
                yield Action("RedeemPayment", (r.provider, c))
    for piece, deal in enumerate(world.deals):
        c = sc.client_of_piece(piece)
        if deal is None:
            for p in range(P):
                for price in sc.deal_prices:
                    yield Action("DealProposal", (c, p, piece, price))
            continue
        if deal.client_state in (DealState.ACCEPTED, DealState.SEALING):
            yield Action("StorageDealQuery", (c, piece))
            yield Action("DealFailed", (c, piece))
        if deal.provider_state == DealState.ACCEPTED:
            yield Action("MadeDeal", (deal.provider, piece))
        if not deal.paid and deal.sector is not None:
            yield Action("ReconcileRequest", (deal.provider, piece))
            yield Action("RedeemVoucherViaMarket", (deal.provider, piece))
    for index, ch in enumerate(world.channels):
        if ch is not None and not ch.collected:
            # Both are candidates (no `if` on the quantity settling_at): the guards tell which is enabled.
            yield Action("Settle", (ch.payer, index))
            yield Action("Collect", (ch.payee, index))
    if world.adversary_left:
        for move in sc.adversary:
            for p in range(P):
                for piece in range(len(sc.pieces)):
                    yield Action("Attack", (move, p, piece))


_HANDLER_NAMES = frozenset(name for names in HANDLERS.values() for name in names)


def handlers_for(world: World, sc: Scenario, index: int) -> list[Action]:
    """The actions that could consume in-flight message `index` (whether or not their guards pass)."""
    env = world.inflight[index]
    who = _party_index(sc, env.receiver) if env.receiver >= sc.clients else env.receiver
    out = []
    for name in HANDLERS[env.message]:
        if name == "DealResponse":
            for kind in ("deal", "pip", "sealed"):
                out.append(Action(name, (who, index, kind)))
        else:
            out.append(Action(name, (who, index)))
    return out


def handled(world: World, sc: Scenario, proofs: ProofPort, index: int) -> bool:
    """Whether one of the receiver's handlers accepts in-flight message `index`."""
    for action in handlers_for(world, sc, index):
        try:
            step(world, action, sc, proofs)
        except GuardFailed:
            continue
        return True
    return False


def successors(world: World, sc: Scenario, proofs: ProofPort = IDEAL) -> Iterator[tuple[Action, World]]:
    """Every enabled action with the world it leads to."""
    delivered: set[int] = set()  # in-flight messages some handler accepted (so Discard is not enabled)
    for action in candidates(world, sc, proofs):
        if action.name == "Discard" and action.args[0] in delivered:
            continue
        try:
            after = step(world, action, sc, proofs)
        except GuardFailed:
            continue
        if action.name in _HANDLER_NAMES:
            delivered.add(action.args[1])
        yield action, after


def enabled(world: World, sc: Scenario, proofs: ProofPort = IDEAL) -> list[Action]:
    """Every action enabled in `world`."""
    return [a for a, _ in successors(world, sc, proofs)]


def rejections(world: World, sc: Scenario, proofs: ProofPort = IDEAL) -> Iterator[tuple[Action, str]]:
    """Attempted moves a guard rejected: chain messages failing in the block (adversarial ones included)."""
    for method, outcome in sync_outcome(world, sc, proofs) if world.block else ():
        if outcome not in ("ok", "1"):
            yield Action("SyncBlock", ((method, outcome),)), "VerifySeal" if outcome == "0" else outcome
