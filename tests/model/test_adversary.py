"""Every adversarial move is an action of the adversarial scenario, and a named guard stops it.

For each move, the shortest run in which the move is made and its chain message executed shows
the receipt: the guard that rejected it (or VerifySeal's 0).  Then, with that guard removed, the
explicit checker finds an invariant violation: the guard is what keeps the protocol safe.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from checker.explicit import CheckOptions, check
from checker.protocol_model import ProtocolModel
from model import errors, market_actor, miner_actor, paych_actor, power_actor
from model.scenario import ADVERSARY_MOVES, PRESETS
from tests.model.helpers import shortest_run

TINY = PRESETS["tiny"]

#: The move, and what its chain message's receipt says.
STOPPED_BY = {
    "replay_voucher": "StaleNonce",
    "stale_nonce_voucher": "StaleNonce",
    "wrong_channel_voucher": "WrongChannel",
    "voucher_after_settle": "ChannelSettled",
    "negative_voucher": "NegativeAmount",
    "double_redeem": "StaleNonce",
    "forged_seal": "0",
    "other_sector_proof": "0",
    "wrong_pip": "InvalidPIP",
    "recommit_sector": "SectorAlreadyCommitted",
    "claim_power": "CallerNotMinerActor",
    "forged_signature": "WrongSigner",
}


def with_move(move: str) -> Any:
    return attrs.evolve(TINY, name=f"tiny+{move}", adversary=(move,), adversary_budget=1, max_epoch=4)


def test_every_move_is_listed_with_its_guard() -> None:
    assert set(STOPPED_BY) == set(ADVERSARY_MOVES)


def test_adversarial_preset_enables_every_move() -> None:
    assert set(PRESETS["adversarial"].adversary) == set(ADVERSARY_MOVES)


@pytest.mark.parametrize("move", sorted(STOPPED_BY))
def test_guard_stops_adversarial_move(move: str) -> None:
    sc = with_move(move)
    t = shortest_run(sc, lambda w: w.adversary_left == 0 and not w.mempool and not w.block, limit=300_000)
    attack = next(i for i, a in enumerate(t.actions) if a.name == "Attack")
    assert t.actions[attack].args[0] == move
    outcomes = [o for a in t.actions[attack + 1:] if a.name == "SyncBlock" for _, o in a.args]
    assert STOPPED_BY[move] in outcomes, f"{move}: receipts {outcomes}"


def _without(monkeypatch: pytest.MonkeyPatch, module: Any, guard: type[errors.GuardFailed]) -> None:
    """Remove one guard from one module: its `require` lets that rule pass."""
    original = module.require

    def lax(cond: Any, g: type[errors.GuardFailed], detail: str = "") -> None:
        if g is not guard:
            original(cond, g, detail)

    monkeypatch.setattr(module, "require", lax)


@pytest.mark.parametrize(
    ("move", "module", "guard"),
    [
        ("stale_nonce_voucher", paych_actor, errors.StaleNonce),
        ("forged_signature", paych_actor, errors.WrongSigner),
        ("wrong_channel_voucher", paych_actor, errors.WrongChannel),
        ("wrong_pip", market_actor, errors.InvalidPIP),
        ("recommit_sector", miner_actor, errors.SectorAlreadyCommitted),
        ("claim_power", power_actor, errors.CallerNotMinerActor),
    ],
)
def test_removing_the_guard_breaks_an_invariant(monkeypatch: pytest.MonkeyPatch, move: str, module: Any,
                                                guard: type[errors.GuardFailed]) -> None:
    _without(monkeypatch, module, guard)
    model = ProtocolModel(with_move(move))
    names = tuple(p.name for p in model.properties() if p.kind in ("always", "step"))
    result = check(model, CheckOptions(properties=names, stop_at_first=True, check_deadlock=False))
    assert result.failures, f"removing {guard.__name__} broke nothing"


def test_accepting_any_seal_breaks_committed_sectors_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    from model.proofs import IDEAL

    monkeypatch.setattr(type(IDEAL), "verify_seal", lambda self, *args: True)
    model = ProtocolModel(with_move("other_sector_proof"))
    names = tuple(p.name for p in model.properties() if p.kind in ("always", "step"))
    result = check(model, CheckOptions(properties=names, stop_at_first=True, check_deadlock=False))
    assert [v.name for v in result.failures] == ["committed_sectors_verified"]
