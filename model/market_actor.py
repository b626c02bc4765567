"""StorageMarketActor: redeems PIP-conditioned vouchers "via blockchain".

RedeemVoucher(Voucher, PIP) (2019 ``PaymentVerifyInclusion``): look up the committed sectors of
the provider's miner and check the PIP against a sector's CommD (VerifyPIP on chain); only then
does the payment channel pay the voucher.
"""

from __future__ import annotations

from typing import Any

from model.arith import require
from model.errors import InvalidPIP
from model.paych_actor import update_channel_state
from model.proofs import ProofPort
from model.scenario import Scenario
from model.state import Voucher, World


def pip_proves_piece(world: World, sc: Scenario, proofs: ProofPort, provider_party: int, piece: int, pip: Any) -> bool:
    """Whether `pip` proves `piece` is in a committed, non-faulty sector of the provider's miner."""
    actor = world.miner_actors[provider_party - sc.clients]
    if actor is None or pip is None:
        return False
    return any(not s.faulty and proofs.verify_pip(s.comm_d, piece, pip) for s in actor.sectors)


def redeem_voucher(world: World, sc: Scenario, proofs: ProofPort, sender: int, v: Voucher, pip: Any) -> World:
    """RedeemVoucher(Voucher, PIP): pay a conditional voucher once its PIP verifies on chain."""
    piece = v.condition
    # Verify that the PIP proves the voucher's piece is in one of the sender's committed sectors.
    require(piece is not None and pip_proves_piece(world, sc, proofs, sender, piece, pip), InvalidPIP, f"piece {piece}")
    return update_channel_state(world, sc, sender, v.channel, v, condition_met=True, proofs=proofs)
