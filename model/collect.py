"""StorageDealCollect: the provider collects a deal's payment, via the client or via the blockchain.

Via Client: ReconcileRequest(Deal, [Voucher]) asks the client to combine the deal's vouchers;
a client without the PIP first asks for it (StorageDealQuery(Deal) → PieceID, SectorID, PIP);
the client checks VerifySectorExists on chain and VerifyPIP, then SignVouchers produces one
unconditional voucher on the same lane with a higher nonce, superseding the ones it replaces
(payment_channels.md); the provider redeems it on the PaymentChannelActor.
Via Blockchain: the provider sends RedeemVoucher(Voucher, PIP) to the StorageMarketActor, which
checks the PIP against the committed sector before the channel pays.
"""

from __future__ import annotations

import attrs

from model import chain, network
from model.arith import require
from model.errors import InvalidPIP, NotEnabled
from model.market_actor import pip_proves_piece
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import ChainMessage, DealState, Envelope, StorageDeal, Voucher, World
from model.storage_market import _deal, sector_committed, set_deal

COLLECT_MESSAGES = ("collect.ReconcileRequest", "collect.ReconcileResponse", "storage.PIPResponse")


def _collecting(world: World, piece: int) -> bool:
    return any(e.subject == piece and (e.message in COLLECT_MESSAGES or e.outcome == "pip") for e in world.inflight)


def _collectable(world: World, sc: Scenario, deal: StorageDeal, provider: int) -> None:
    # Verify the deal is this provider's, unpaid, its sector committed on chain, and no collection under way.
    require(deal.provider == provider and not deal.paid and deal.voucher is not None, NotEnabled, "nothing to collect")
    require(
        deal.combined is None and not deal.reconcile_pending and not _collecting(world, deal.piece),
        NotEnabled,
        "a collection is under way",
    )
    require(sector_committed(world, sc, deal), NotEnabled, "the sector is not committed")


def reconcile_request(world: World, sc: Scenario, provider: int, piece: int) -> World:
    """ReconcileRequest(Deal, [Voucher]): ask the client to combine the deal's vouchers (Via Client)."""
    deal = _deal(world, piece)
    _collectable(world, sc, deal, provider)
    return network.send(
        world,
        Envelope(sc.provider_party(provider), deal.client, "collect.ReconcileRequest", piece, voucher=deal.voucher),
    )


def request_pip(world: World, sc: Scenario, client: int, index: int) -> World:
    """StorageDealQuery(Deal): a client without the PIP asks for it before reconciling."""
    world, env = network.take(world, sc, index, client, "collect.ReconcileRequest")
    deal = _deal(world, env.subject)
    # Verify that the client does not have the PIP.
    require(deal.client_pip is None, NotEnabled, "the client has the PIP")
    world = set_deal(world, attrs.evolve(deal, reconcile_pending=True))
    return network.send(world, Envelope(client, env.sender, "storage.StorageDealQuery", deal.piece, outcome="pip"))


def send_pip(world: World, sc: Scenario, provider: int, index: int) -> World:
    """PieceID, SectorID, PIP: the provider answers the client's query for the PIP."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "storage.StorageDealQuery")
    # Verify that this is a query for the PIP.
    require(env.outcome == "pip", NotEnabled, "a status query")
    deal = _deal(world, env.subject)
    return network.send(
        world,
        Envelope(
            env.receiver, env.sender, "storage.PIPResponse", deal.piece, payload=(deal.piece, deal.sector, deal.pip)
        ),
    )


def _sign_vouchers(world: World, sc: Scenario, proofs: ProofPort, deal: StorageDeal, pip: object) -> World:
    """VerifySectorExists, VerifyPIP, then ReconcileResponse ← SignVouchers([Voucher])."""
    provider_party = sc.provider_party(deal.provider)
    # VerifySectorExists(SectorID) and VerifyPIP(SectorID, PIP) against the chain.
    require(pip_proves_piece(world, sc, proofs, provider_party, deal.piece, pip), InvalidPIP, f"piece {deal.piece}")
    v = deal.voucher
    assert v is not None
    combined = Voucher(v.channel, v.lane, v.nonce + 1, v.amount, signer=deal.client)
    world = set_deal(world, attrs.evolve(deal, client_pip=pip, reconcile_pending=False))
    return network.send(
        world, Envelope(deal.client, provider_party, "collect.ReconcileResponse", deal.piece, voucher=combined)
    )


def sign_vouchers(world: World, sc: Scenario, proofs: ProofPort, client: int, index: int) -> World:
    """A client holding the PIP answers a ReconcileRequest with one combined voucher."""
    world, env = network.take(world, sc, index, client, "collect.ReconcileRequest")
    deal = _deal(world, env.subject)
    # Verify that the client has the PIP.
    require(deal.client_pip is not None, NotEnabled, "the client lacks the PIP")
    return _sign_vouchers(world, sc, proofs, deal, deal.client_pip)


def receive_pip(world: World, sc: Scenario, proofs: ProofPort, client: int, index: int) -> World:
    """The client receives the PIP it asked for, then verifies and signs the combined voucher."""
    world, env = network.take(world, sc, index, client, "storage.PIPResponse")
    deal = _deal(world, env.subject)
    # Verify that a reconciliation is waiting for this PIP.
    require(deal.reconcile_pending, NotEnabled, "no reconciliation waiting")
    return _sign_vouchers(world, sc, proofs, deal, env.payload[2])


def redeem_voucher(world: World, sc: Scenario, provider: int, index: int) -> World:
    """RedeemVoucher(ReconcileResponse.Voucher): the provider redeems the combined voucher on the channel."""
    world, env = network.take(world, sc, index, sc.provider_party(provider), "collect.ReconcileResponse")
    deal = _deal(world, env.subject)
    v = env.voucher
    assert v is not None
    # Verify the deal is unpaid (a duplicated response is not redeemed twice).
    require(not deal.paid, NotEnabled, "already paid")
    world = set_deal(world, attrs.evolve(deal, combined=v, paid=True))
    return chain.submit(world, ChainMessage(env.receiver, "paych.RedeemVoucher", 0, (v.channel, v)))


def redeem_via_market(world: World, sc: Scenario, provider: int, piece: int) -> World:
    """RedeemVoucher(Voucher, PIP): the provider redeems the conditional voucher via the StorageMarketActor."""
    deal = _deal(world, piece)
    _collectable(world, sc, deal, provider)
    assert deal.voucher is not None
    world = set_deal(world, attrs.evolve(deal, paid=True))
    return chain.submit(
        world, ChainMessage(sc.provider_party(provider), "market.RedeemVoucher", 0, (deal.voucher, deal.pip))
    )


def client_done(world: World, client: int, provider: int) -> bool:
    """Whether a client has nothing outstanding with a provider (its deals finished or failed)."""
    return all(
        d is None
        or d.client != client
        or d.provider != provider
        or d.client_state in (DealState.REJECTED, DealState.FAILED, DealState.COMPLETE)
        for d in world.deals
    )
