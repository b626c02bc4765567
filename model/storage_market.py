"""StorageMarketSubsystem off-chain: StorageClient and StorageProvider make and track deals.

StorageDealMake: the client, holding Piece and PieceCID and a payment channel to the provider,
sends a DealProposal with a voucher conditioned on the piece being sealed (2019: the proposal
carries the payment); the provider accepts (the price meets its minimum and the voucher is
payable from the channel) or rejects, replying DealResponse.  ClientQuery: StorageDealQuery is
answered with the deal's state, its PIP once packed and the sealed sector's CID once committed.
The client's data transfer after acceptance is not modelled: the provider holds the piece from
acceptance on (a simplification).  A deal whose sector is not committed within the deal window
fails (2019 "Storage Deal Abort").
"""

from __future__ import annotations

from typing import Any

import attrs

from model import miner_actor, network
from model.arith import all_of, require
from model.errors import NotEnabled, OverFunds, WrongSigner
from model.ledger import replace_at
from model.paych_actor import channel_index, channel_is_open
from model.scenario import Scenario
from model.state import DealState, Envelope, StorageDeal, Voucher, World

TERMINAL_CLIENT_STATES = (DealState.REJECTED, DealState.FAILED, DealState.COMPLETE)


def _deal(world: World, piece: int) -> StorageDeal:
    deal = world.deals[piece] if 0 <= piece < len(world.deals) else None
    # Verify that the deal exists.
    require(deal is not None, NotEnabled, f"no deal for piece {piece}")
    assert deal is not None
    return deal


def set_deal(world: World, deal: StorageDeal) -> World:
    return attrs.evolve(world, deals=replace_at(world.deals, deal.piece, deal))


def sector_committed(world: World, sc: Scenario, deal: StorageDeal) -> bool:
    """Whether the deal's sector is committed (and not faulty) on chain."""
    return deal.sector is not None and miner_actor.sector_exists(world, deal.provider, deal.sector)


def deal_proposal(world: World, sc: Scenario, client: int, provider: int, piece: int, price: Any) -> World:
    """DealProposal: the client proposes to store its piece with a provider, paying by voucher."""
    # Verify that the piece is the client's and has no deal yet.
    require(sc.client_of_piece(piece) == client and world.deals[piece] is None, NotEnabled, f"piece {piece}")
    # Verify that the provider is a registered miner and the client's channel to it is open.
    index = channel_index(sc, client, provider)
    require(world.miner_actors[provider] is not None, NotEnabled, "provider is not a miner")
    require(channel_is_open(world, index), NotEnabled, "no open payment channel")
    ch = world.channels[index]
    assert ch is not None
    require(ch.settling_at == 0, NotEnabled, "the channel is settling")
    voucher = Voucher(index, piece, 1, price, signer=client, condition=piece)
    deal = StorageDeal(piece, client, provider, price, world.epoch, voucher)
    world = set_deal(world, deal)
    return network.send(
        world, Envelope(client, sc.provider_party(provider), "storage.DealProposal", piece, voucher=voucher)
    )


def accept_deal(world: World, sc: Scenario, provider: int, index: int) -> World:
    """DealResponse (DealAccepted): the provider accepts a proposal it received."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "storage.DealProposal")
    deal = _deal(world, env.subject)
    # Verify the provider has not decided on this proposal yet (a duplicate is not accepted twice).
    require(deal.provider_state == DealState.UNKNOWN, NotEnabled, "already decided")
    v = env.voucher
    assert v is not None
    ch = world.channels[v.channel]
    # Verify the price meets the provider's minimum, and the voucher is the client's for that price.
    require(deal.price >= sc.provider_min_price, NotEnabled, "price below the provider's minimum")
    require(v.signer == deal.client, WrongSigner)
    # Verify that the channel can pay the voucher on top of what it already owes.
    require(ch is not None and all_of(v.amount == deal.price, ch.to_send + v.amount <= ch.funds), OverFunds)
    # Verify the provider has an empty sector for the piece.
    require(any(s.state.value == "empty" for s in world.sectors[provider]), NotEnabled, "no empty sector")
    world = set_deal(world, attrs.evolve(deal, provider_state=DealState.ACCEPTED))
    return network.send(
        world, Envelope(env.receiver, env.sender, "storage.DealResponse", deal.piece, outcome=DealState.ACCEPTED.value)
    )


def reject_deal(world: World, sc: Scenario, provider: int, index: int) -> World:
    """DealResponse (rejected): the provider declines a proposal."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "storage.DealProposal")
    deal = _deal(world, env.subject)
    # Verify the provider has not decided on this proposal yet.
    require(deal.provider_state == DealState.UNKNOWN, NotEnabled, "already decided")
    world = set_deal(world, attrs.evolve(deal, provider_state=DealState.REJECTED))
    return network.send(
        world, Envelope(env.receiver, env.sender, "storage.DealResponse", deal.piece, outcome=DealState.REJECTED.value)
    )


def receive_deal_response(world: World, sc: Scenario, client: int, index: int) -> World:
    """The client learns its deal's state (and PIP, sealed sector CID) from a DealResponse."""
    world, env = network.take(world, sc, index, client, "storage.DealResponse")
    deal = _deal(world, env.subject)
    state = DealState(env.outcome)
    pip, sealed = env.payload if env.payload else (None, None)
    if deal.client_state in (DealState.FAILED, DealState.COMPLETE):
        state = deal.client_state  # a late answer does not revive a failed or completed deal
    return set_deal(
        world,
        attrs.evolve(
            deal,
            client_state=state,
            client_pip=pip or deal.client_pip,
            client_sealed_cid=sealed or deal.client_sealed_cid,
        ),
    )


def storage_deal_query(world: World, sc: Scenario, client: int, piece: int) -> World:
    """StorageDealQuery: the client asks the provider where its deal stands."""
    deal = _deal(world, piece)
    # Verify that the deal is the client's, still open, and that no query for it is in flight.
    require(
        deal.client == client
        and deal.client_state not in TERMINAL_CLIENT_STATES
        and deal.client_state != DealState.UNKNOWN,
        NotEnabled,
        "no open deal to ask about",
    )
    require(
        not any(
            e.subject == piece and e.message in ("storage.StorageDealQuery", "storage.DealResponse")
            for e in world.inflight
        ),
        NotEnabled,
        "a query is already in flight",
    )
    return network.send(world, Envelope(client, sc.provider_party(deal.provider), "storage.StorageDealQuery", piece))


def deal_answer(world: World, sc: Scenario, deal: StorageDeal) -> tuple[DealState, Any, Any]:
    """What the provider answers about a deal: its state, its PIP once packed, CommR once committed."""
    committed = sector_committed(world, sc, deal)
    state = DealState.COMPLETE if committed else deal.provider_state
    sealed = None
    if committed and deal.sector is not None:
        outputs = world.sectors[deal.provider][deal.sector].seal
        sealed = outputs.comm_r if outputs is not None else None
    return state, deal.pip, sealed


def answer_kind(pip: Any, sealed: Any) -> str:
    """Which DealResponse the diagram draws: with the deal only, with its PIP, or with its sealed sector CID."""
    return "sealed" if sealed is not None else ("pip" if pip is not None else "deal")


def answer_deal_query(world: World, sc: Scenario, provider: int, index: int, kind: str) -> World:
    """DealResponse: the provider answers a StorageDealQuery with the deal's state, PIP and sealed CID."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "storage.StorageDealQuery")
    # Verify that this is a status query (a query for the PIP is answered by the collect flow).
    require(env.outcome == "", NotEnabled, "a PIP query")
    deal = _deal(world, env.subject)
    state, pip, sealed = deal_answer(world, sc, deal)
    # Verify the action names the answer the provider gives.
    require(answer_kind(pip, sealed) == kind, NotEnabled, f"the answer is {answer_kind(pip, sealed)}")
    return network.send(
        world,
        Envelope(
            env.receiver, env.sender, "storage.DealResponse", deal.piece, outcome=state.value, payload=(pip, sealed)
        ),
    )


def deal_failed(world: World, sc: Scenario, client: int, piece: int) -> World:
    """Storage Deal Abort: past the deal window without a committed sector, the client marks the deal failed."""
    deal = _deal(world, piece)
    # Verify the deal is the client's, accepted and not finished, and its window has passed unsealed.
    require(
        deal.client == client and deal.client_state in (DealState.ACCEPTED, DealState.SEALING),
        NotEnabled,
        "no pending deal",
    )
    require(not sector_committed(world, sc, deal), NotEnabled, "the sector is committed")
    require(world.epoch > deal.proposed_at + sc.deal_window, NotEnabled, "the deal window is still open")
    return set_deal(world, attrs.evolve(deal, client_state=DealState.FAILED))
