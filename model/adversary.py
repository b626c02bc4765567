"""Adversarial moves: what a dishonest client or provider tries, for the guards to stop.

Each move sends a chain message an honest party would never send, using up one unit of the
scenario's adversary budget.  The message is included in a block and executed like any other;
the actor's guard rejects it (its receipt names the guard), or VerifySeal answers 0, and the
state is unchanged but for the returned value.  Tests show which guard stops each move, and that
removing that guard breaks an invariant.
"""

from __future__ import annotations

import attrs

from model import chain
from model.arith import all_of, require
from model.errors import NotEnabled
from model.paych_actor import channel_index
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import ChainMessage, Voucher, World


def _spend(world: World, sc: Scenario, move: str) -> World:
    # Verify that the scenario allows this move and the budget is not used up.
    require(move in sc.adversary and world.adversary_left > 0, NotEnabled, f"{move} not allowed")
    return attrs.evolve(world, adversary_left=world.adversary_left - 1)


def _redeem(world: World, sender: int, v: Voucher, channel: int) -> World:
    return chain.submit(world, ChainMessage(sender, "paych.RedeemVoucher", 0, (channel, v)))


def attack(world: World, sc: Scenario, proofs: ProofPort, move: str, provider: int, piece: int) -> World:
    """Make adversarial `move` as provider `provider` (about `piece`, where it needs one)."""
    world = _spend(world, sc, move)
    me = sc.provider_party(provider)
    deal = world.deals[piece] if 0 <= piece < len(world.deals) else None
    client = sc.client_of_piece(piece)
    index = channel_index(sc, client, provider)
    ch = world.channels[index]
    has_voucher = deal is not None and deal.provider == provider and deal.voucher is not None
    match move:
        case "replay_voucher":
            # Needs a voucher this provider already redeemed directly.
            require(deal is not None and deal.combined is not None, NotEnabled, "nothing redeemed yet")
            assert deal is not None and deal.combined is not None
            return _redeem(world, me, deal.combined, index)
        case "stale_nonce_voucher":
            require(ch is not None and ch.lanes[piece].nonce > 0, NotEnabled, "lane unused")
            assert ch is not None
            lane = ch.lanes[piece]
            return _redeem(world, me, Voucher(index, piece, lane.nonce, lane.redeemed + 1, signer=client), index)
        case "wrong_channel_voucher":
            require(ch is not None, NotEnabled, "no channel")
            return _redeem(world, me, Voucher(index + len(world.channels), piece, 9, 1, signer=client), index)
        case "voucher_after_settle":
            require(ch is not None and not ch.collected, NotEnabled, "no channel")
            assert ch is not None
            require(all_of(ch.settling_at != 0, world.epoch >= ch.settling_at), NotEnabled, "channel not settled")
            return _redeem(world, me, Voucher(index, piece, 9, 1, signer=client), index)
        case "negative_voucher":
            require(ch is not None, NotEnabled, "no channel")
            return _redeem(world, me, Voucher(index, piece, 9, -1, signer=client), index)
        case "forged_signature":
            require(ch is not None, NotEnabled, "no channel")
            return _redeem(world, me, Voucher(index, piece, 9, 1, signer=me), index)
        case "double_redeem":
            # Redeem the deal's conditional voucher via the market after the combined one was paid directly.
            require(has_voucher and deal is not None and deal.combined is not None, NotEnabled, "nothing redeemed yet")
            assert deal is not None
            return chain.submit(world, ChainMessage(me, "market.RedeemVoucher", 0, (deal.voucher, deal.pip)))
        case "wrong_pip":
            require(has_voucher and deal is not None and deal.pip is not None, NotEnabled, "no PIP")
            assert deal is not None
            comm_d, pips = proofs.pack_sector(provider, 0, (piece + 1,))
            return chain.submit(world, ChainMessage(me, "market.RedeemVoucher", 0, (deal.voucher, pips[0])))
        case "forged_seal" | "other_sector_proof" | "recommit_sector":
            require(world.miner_actors[provider] is not None, NotEnabled, "not a miner")
            sector = 0
            comm_d, _ = proofs.pack_sector(provider, sector, (piece,))
            if move == "forged_seal":
                outputs = proofs.seal(provider, sector, comm_d, ok=False)
            elif move == "other_sector_proof":
                outputs = proofs.seal(provider, sector + 1, comm_d)
            else:
                actor = world.miner_actors[provider]
                require(
                    actor is not None and any(s.sector == sector for s in actor.sectors),
                    NotEnabled,
                    "nothing committed",
                )
                outputs = proofs.seal(provider, sector, comm_d)
            info = (outputs.comm_d, outputs.comm_r, outputs.proof)
            return chain.submit(
                world, ChainMessage(me, "miner.CommitSector", sc.collateral_per_sector, (provider, sector, info))
            )
        case "claim_power":
            return chain.submit(world, ChainMessage(me, "power.ClaimPower", 0, (provider, sc.sector_size)))
    raise NotEnabled(f"unknown adversarial move {move!r}")
