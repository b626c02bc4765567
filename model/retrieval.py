"""RetrievalMarketSubsystem: RetrievalClient gets a piece back from a RetrievalProvider, paying as it goes.

A client retrieves the piece it stored, once its storage deal has finished (complete, failed or
rejected); it asks one provider once (a model policy that keeps the state space small).

RetrievalQuery: Query(CID) is answered MinPrice when the provider holds the piece, Unavail when
it does not.  RetrievalDealMake: a DealProposal at a price per chunk is Accepted (the price meets
the provider's minimum and it holds the piece) or Rejected.  Then, as Filecoin's retrieval market
does, the provider sends the payload in chunks of one payment interval and waits for a payment
voucher (cumulative amount, on the channel's retrieval lane) before sending the next: it never
delivers more than one interval beyond what it has been paid, and the client never pays for more
than it received.  The provider redeems the latest voucher on chain.
"""

from __future__ import annotations

from typing import Any

import attrs

from model import chain, network
from model.arith import require
from model.errors import NotEnabled, OverFunds, WrongSigner
from model.ledger import replace_at
from model.paych_actor import channel_index, channel_is_open, retrieval_lane
from model.scenario import Scenario
from model.state import ChainMessage, Envelope, Retrieval, RetrievalState, SectorState, Voucher, World
from model.storage_market import TERMINAL_CLIENT_STATES


def retrieval_piece(sc: Scenario, client: int) -> int:
    """The piece a client retrieves: its first piece."""
    return client


def _retrieval(world: World, client: int) -> Retrieval:
    r = world.retrievals[client]
    # Verify that the client has a retrieval under way.
    require(r is not None, NotEnabled, f"client {client} retrieves nothing")
    assert r is not None
    return r


def set_retrieval(world: World, client: int, r: Retrieval) -> World:
    return attrs.evolve(world, retrievals=replace_at(world.retrievals, client, r))


def holds_piece(world: World, provider: int, piece: int) -> bool:
    """Whether the provider has the piece stored (packed into one of its sectors)."""
    return any(piece in s.pieces and s.state != SectorState.FAULTY for s in world.sectors[provider])


def query(world: World, sc: Scenario, client: int, provider: int) -> World:
    """Query(CID): ask a provider for the client's piece (again, after Unavail)."""
    r = world.retrievals[client]
    piece = retrieval_piece(sc, client)
    # Verify that retrieval is on and the client has not retrieved yet.
    require(sc.retrieval and piece < len(sc.pieces), NotEnabled, "no retrieval in this scenario")
    require(r is None, NotEnabled, "already retrieving")
    # Verify the client's storage deal for the piece has finished (it retrieves what it stored).
    deal = world.deals[piece]
    require(deal is not None and deal.client_state in TERMINAL_CLIENT_STATES, NotEnabled, "deal not finished")
    world = set_retrieval(world, client, Retrieval(provider, retrieval_piece(sc, client)))
    return network.send(world, Envelope(client, sc.provider_party(provider), "retrieval.Query", client))


def answer_query(world: World, sc: Scenario, provider: int, index: int, available: bool) -> World:
    """MinPrice (the provider holds the piece) or Unavail (it does not)."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "retrieval.Query")
    holds = holds_piece(world, provider, retrieval_piece(sc, env.subject))
    # Verify the answer tells the truth about the piece.
    require(holds == available, NotEnabled, "the answer must match what the provider holds")
    outcome = "MinPrice" if available else "Unavail"
    return network.send(
        world, Envelope(env.receiver, env.sender, "retrieval.QueryResponse", env.subject, outcome=outcome)
    )


def receive_query_response(world: World, sc: Scenario, client: int, index: int) -> World:
    """The client learns the provider's minimum price, or that the piece is unavailable."""
    world, env = network.take(world, sc, index, client, "retrieval.QueryResponse")
    r = _retrieval(world, client)
    state = RetrievalState.MIN_PRICE if env.outcome == "MinPrice" else RetrievalState.UNAVAILABLE
    if r.state != RetrievalState.QUERYING:
        return world  # a duplicate answer
    return set_retrieval(world, client, attrs.evolve(r, state=state))


def deal_proposal(world: World, sc: Scenario, client: int, price: Any) -> World:
    """DealProposal: propose to retrieve at a price per chunk, paid through the channel to the provider."""
    r = _retrieval(world, client)
    # Verify the provider quoted a price and the channel to it is open.
    require(r.state == RetrievalState.MIN_PRICE, NotEnabled, "no price quoted")
    require(channel_is_open(world, channel_index(sc, client, r.provider)), NotEnabled, "no open channel")
    world = set_retrieval(world, client, attrs.evolve(r, state=RetrievalState.PROPOSED, price=price))
    return network.send(world, Envelope(client, sc.provider_party(r.provider), "retrieval.DealProposal", client))


def respond(world: World, sc: Scenario, provider: int, index: int, accept: bool) -> World:
    """Accepted (the price meets the minimum and the piece is held) or Rejected."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "retrieval.DealProposal")
    r = _retrieval(world, env.subject)
    if accept:
        # Verify the price meets the provider's minimum and it holds the piece.
        require(r.price >= sc.retrieval_min_price, NotEnabled, "price below the minimum")
        require(holds_piece(world, provider, r.piece), NotEnabled, "piece not held")
        world = set_retrieval(world, env.subject, attrs.evolve(r, provider_accepted=True))
    outcome = "Accepted" if accept else "Rejected"
    return network.send(
        world, Envelope(env.receiver, env.sender, "retrieval.DealResponse", env.subject, outcome=outcome)
    )


def receive_deal_response(world: World, sc: Scenario, client: int, index: int) -> World:
    """The client learns whether its retrieval deal was accepted."""
    world, env = network.take(world, sc, index, client, "retrieval.DealResponse")
    r = _retrieval(world, client)
    if r.state != RetrievalState.PROPOSED:
        return world  # a duplicate answer
    state = RetrievalState.ACCEPTED if env.outcome == "Accepted" else RetrievalState.REJECTED
    return set_retrieval(world, client, attrs.evolve(r, state=state))


def send_block(world: World, sc: Scenario, provider: int, client: int) -> World:
    """Block: send the next chunk, only when every chunk sent so far has been paid for."""
    r = _retrieval(world, client)
    # Verify the provider accepted this retrieval and has chunks left to send.
    require(r.provider == provider and r.provider_accepted and r.sent < sc.chunks, NotEnabled, "nothing to send")
    # Verify that everything sent so far is paid: never more than one interval unpaid.
    require(r.provider_paid >= r.sent * r.price, NotEnabled, "waiting for payment")
    world = set_retrieval(world, client, attrs.evolve(r, sent=r.sent + 1))
    return network.send(world, Envelope(sc.provider_party(provider), client, "retrieval.Block", client,
                                        outcome=str(r.sent + 1)))


def receive_block(world: World, sc: Scenario, client: int, index: int) -> World:
    """The client receives a chunk and pays for everything received so far with a voucher."""
    world, env = network.take(world, sc, index, client, "retrieval.Block")
    r = _retrieval(world, client)
    # Verify the client expects data, and this is the next chunk (a duplicated chunk is not counted twice).
    require(r.state == RetrievalState.ACCEPTED and r.received < sc.chunks, NotEnabled, "not expecting data")
    require(env.outcome == str(r.received + 1), NotEnabled, f"chunk {env.outcome} is not the next one")
    received = r.received + 1
    amount = received * r.price
    voucher = Voucher(channel_index(sc, client, r.provider), retrieval_lane(sc), received, amount, signer=client)
    state = RetrievalState.COMPLETE if received == sc.chunks else r.state
    world = set_retrieval(world, client, attrs.evolve(r, received=received, paid=amount, state=state))
    return network.send(world, Envelope(client, env.sender, "retrieval.Payment", client, voucher=voucher))


def receive_payment(world: World, sc: Scenario, provider: int, index: int) -> World:
    """The provider checks a payment voucher and keeps it if it pays more than the last one."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "retrieval.Payment")
    r = _retrieval(world, env.subject)
    v = env.voucher
    assert v is not None
    # Verify the voucher is the client's, on the right channel, and pays for no more than was sent.
    require(v.signer == env.sender and v.channel == channel_index(sc, env.subject, provider), WrongSigner)
    require(v.amount <= r.sent * r.price, OverFunds, "pays for more than was sent")
    # Verify it is newer than the voucher the provider holds (a duplicate is not kept).
    require(r.voucher is None or r.voucher.nonce < v.nonce, NotEnabled, "an older payment")
    return set_retrieval(world, env.subject, attrs.evolve(r, voucher=v, provider_paid=v.amount, redeemed=False))


def redeem_payment(world: World, sc: Scenario, provider: int, client: int) -> World:
    """The provider redeems its latest retrieval voucher on the payment channel."""
    r = _retrieval(world, client)
    # Verify the provider holds a voucher it has not redeemed.
    require(r.provider == provider and r.voucher is not None and not r.redeemed, NotEnabled, "no voucher")
    assert r.voucher is not None
    world = set_retrieval(world, client, attrs.evolve(r, redeemed=True))
    return chain.submit(
        world, ChainMessage(sc.provider_party(provider), "paych.UpdateChannelState", 0, (r.voucher.channel, r.voucher))
    )
