"""Channel settlement by honest parties: Settle once nothing is outstanding, Collect after the delay.

The actor's rules are in `model.paych_actor` (either party may settle or collect); these are the
honest parties' policies.  The payer settles once it has made a deal with the payee and all its
deals with the payee have finished or failed, and its retrieval is not under way; the payee
collects once the settlement epoch is reached.  (The payee could settle too; in the model it
waits for the payer, which keeps the state space small without losing a behaviour of the actor:
adversarial parties and the tests call the actor directly.)
"""

from __future__ import annotations

from model import chain
from model.arith import all_of, require
from model.collect import client_done
from model.errors import NotEnabled
from model.ledger import debit
from model.scenario import Scenario
from model.state import ChainMessage, RetrievalState, World


def _pending(world: World, method: str, channel: int) -> bool:
    return any(m.method == method and m.params[:1] == (channel,) for m in (*world.mempool, *world.block))


def create_channel(world: World, sc: Scenario, client: int, provider: int, funds: int) -> World:
    """CreateChannel: the client locks funds in a channel to the provider."""
    index = client * sc.providers + provider
    # Verify there is no channel between them yet, nor one being created.
    require(
        world.channels[index] is None
        and not any(
            m.method == "paych.CreateChannel" and m.sender == client and m.params == (sc.provider_party(provider),)
            for m in (*world.mempool, *world.block)
        ),
        NotEnabled,
        "channel exists",
    )
    debit(world, client, funds)  # the client must afford it (raises otherwise)
    return chain.submit(world, ChainMessage(client, "paych.CreateChannel", funds, (sc.provider_party(provider),)))


def _payer_done(world: World, sc: Scenario, client: int, provider: int) -> bool:
    r = world.retrievals[client] if client < len(world.retrievals) else None
    retrieving = (
        r is not None and r.provider == provider and r.state in (RetrievalState.PROPOSED, RetrievalState.ACCEPTED)
    )
    return client_done(world, client, provider) and not retrieving


def _payee_done(world: World, sc: Scenario, client: int, provider: int) -> bool:
    deals_paid = all(
        d is None or d.client != client or d.provider != provider or d.paid or d.voucher is None or d.sector is None
        for d in world.deals
    )
    r = world.retrievals[client] if client < len(world.retrievals) else None
    retrieval_paid = r is None or r.provider != provider or r.voucher is None or r.redeemed
    return deals_paid and retrieval_paid


def settle(world: World, sc: Scenario, party: int, index: int) -> World:
    """Settle: a party of the channel starts its settlement once it has nothing outstanding."""
    ch = world.channels[index]
    # Verify the channel exists, is not settling, and no Settle for it is pending.
    require(ch is not None and not _pending(world, "paych.Settle", index), NotEnabled, "no channel to settle")
    assert ch is not None
    require(all_of(ch.settling_at == 0, not ch.collected), NotEnabled, "already settling")
    client, provider = ch.payer, ch.payee - sc.clients
    # Verify the party has nothing outstanding on the channel.
    done = (
        _payer_done(world, sc, client, provider)
        if party == ch.payer
        else (party == ch.payee and _payee_done(world, sc, client, provider))
    )
    require(done, NotEnabled, "payments outstanding")
    return chain.submit(world, ChainMessage(party, "paych.Settle", 0, (index,)))


def collect(world: World, sc: Scenario, party: int, index: int) -> World:
    """Collect: a party asks for the settled channel's funds to be paid out."""
    ch = world.channels[index]
    # Verify the channel is settled, not collected, and no Collect for it is pending.
    require(
        ch is not None and not ch.collected and not _pending(world, "paych.Collect", index),
        NotEnabled,
        "nothing to collect",
    )
    assert ch is not None
    require(party in (ch.payer, ch.payee), NotEnabled, "not a party")
    require(all_of(ch.settling_at != 0, world.epoch >= ch.settling_at), NotEnabled, "not settled yet")
    return chain.submit(world, ChainMessage(party, "paych.Collect", 0, (index,)))
