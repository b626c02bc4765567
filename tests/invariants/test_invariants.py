"""Each invariant: a hand-made world that violates it (flagged) and one that satisfies it (not flagged).

Both evaluations are checked: the concrete predicate on the world, and the Z3 formula the same
predicate builds on the world's symbolic twin, with the world's values substituted.  A Hypothesis
property checks that the two evaluations agree on generated (and perturbed) worlds.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.prover import Z3Backend, abstract, evaluator
from invariants import REGISTRY, Ctx, Invariant
from model import arith
from model.actions import Action, initial, successors
from model.ledger import replace_at
from model.scenario import PRESETS, FaultModel
from model.state import RetrievalState, World
from tests.model.helpers import shortest_run

SC = attrs.evolve(PRESETS["tiny"], name="rich", retrieval=True, chunks=1, max_epoch=4,
                  faults=FaultModel(storage_faults=0))
CTX = Ctx(SC)


@pytest.fixture(scope="module")
def rich() -> tuple[World, Action, World]:
    """A reachable world with a committed sector, a paid deal and a completed paid retrieval (and its last step)."""
    t = shortest_run(SC, lambda w: w.retrievals[0] is not None and w.retrievals[0].state == RetrievalState.COMPLETE
                     and w.retrievals[0].provider_paid > 0 and w.channels[0].lanes[0].redeemed > 0)
    return t.states[-2], t.actions[-1], t.states[-1]


def concrete(inv: Invariant, *args: Any) -> bool:
    return bool(inv.holds(*args, CTX))


def symbolic(inv: Invariant, *args: Any) -> bool:
    """The invariant as a Z3 formula over the symbolic twin(s), with the concrete values substituted."""
    twins, values = [], {}
    for n, a in enumerate(args):
        if isinstance(a, World):
            twin, vals = abstract(a, prefix=f"s{n}.")
            twins.append(twin)
            values.update(vals)
        else:
            twins.append(a)
    with arith.symbolic(Z3Backend()):
        formula = inv.holds(*twins, CTX)
    if isinstance(formula, bool):
        return formula
    return bool(evaluator(values)(formula))


def both(inv: Invariant, *args: Any) -> bool:
    c, s = concrete(inv, *args), symbolic(inv, *args)
    assert c == s, f"{inv.name}: concrete {c} but Z3 {s}"
    return c


def _miner(w: World, **changes: Any) -> World:
    return attrs.evolve(w, miner_actors=replace_at(w.miner_actors, 0, attrs.evolve(w.miner_actors[0], **changes)))


def _channel(w: World, **changes: Any) -> World:
    return attrs.evolve(w, channels=replace_at(w.channels, 0, attrs.evolve(w.channels[0], **changes)))


def _lane(w: World, **changes: Any) -> World:
    ch = w.channels[0]
    return _channel(w, lanes=replace_at(ch.lanes, 0, attrs.evolve(ch.lanes[0], **changes)))


def _retrieval(w: World, **changes: Any) -> World:
    return attrs.evolve(w, retrievals=replace_at(w.retrievals, 0, attrs.evolve(w.retrievals[0], **changes)))


def _deal(w: World, **changes: Any) -> World:
    return attrs.evolve(w, deals=replace_at(w.deals, 0, attrs.evolve(w.deals[0], **changes)))


def _claim(w: World, delta: int) -> World:
    k = w.power.miners.index(0)
    power = attrs.evolve(w.power, claims=replace_at(w.power.claims, k, w.power.claims[k] + delta),
                         total=w.power.total + delta)
    return attrs.evolve(w, power=power)


#: For each state invariant: how to break it, starting from a good world.
BREAK_STATE = {
    "token_supply": lambda w: attrs.evolve(w, accounts=replace_at(w.accounts, 0, w.accounts[0] + 1)),
    "balances_nonnegative": lambda w: attrs.evolve(w, accounts=replace_at(w.accounts, 0, -1)),
    "collateral_conservation": lambda w: _miner(w, balance=w.miner_actors[0].balance + 1),
    "slashed_is_burned": lambda w: attrs.evolve(w, burned=w.burned + 1),
    "power_total": lambda w: attrs.evolve(w, power=attrs.evolve(w.power, total=w.power.total + 1)),
    "power_claims_match_sectors": lambda w: _claim(w, 1),
    "sector_numbers_unique": lambda w: _miner(w, sectors=w.miner_actors[0].sectors * 2),
    "committed_sectors_verified": lambda w: _miner(w, sectors=(attrs.evolve(w.miner_actors[0].sectors[0],
                                                                            comm_r=("CommR", 0, 5, None)),)),
    "channel_owes_within_funds": lambda w: _channel(w, to_send=w.channels[0].funds + 1),
    "voucher_conservation": lambda w: _channel(w, to_send=w.channels[0].to_send - 1),
    "collect_pays_exactly_funds": lambda w: _channel(w, collected=True, paid_out=w.channels[0].to_send,
                                                     refunded=w.channels[0].funds),
    "deal_in_committed_sector": lambda w: _deal(w, pip=("PIP", ("CommD", (("CommP", 7),)), ("CommP", 7), 0)),
    "paid_deal_was_proven": lambda w: _deal(w, sector=None),
    "retrieval_provider_not_overexposed": lambda w: _retrieval(w, sent=3, provider_paid=0),
    "retrieval_client_pays_for_received": lambda w: _retrieval(w, paid=w.retrievals[0].price * 5),
}

#: For each step invariant: how to break the step (before, action, after).
BREAK_STEP = {
    "failed_seal_takes_no_collateral": lambda b, a, w: (b, a, _miner(w, balance=w.miner_actors[0].balance + 1)),
    "power_only_from_verified_commit": lambda b, a, w: (b, a, _claim(w, 1)),
    "lane_nonce_increases": lambda b, a, w: (b, a, _lane(w, nonce=b.channels[0].lanes[0].nonce - 1)),
    "voucher_pays_once": lambda b, a, w: (b, a, _channel(b, to_send=b.channels[0].to_send + 1)),
    "epochs_never_go_back": lambda b, a, w: (b, a, attrs.evolve(w, epoch=b.epoch - 1)),
    "only_miners_with_power_produce": lambda b, a, w: (b, Action("ProduceBlock", (7,)),
                                                       attrs.evolve(w, minted=b.minted + 1)),
}


def test_every_state_and_step_invariant_has_a_breaking_case() -> None:
    shipped = {n for n, i in REGISTRY.items() if i.predicate.__module__ == "invariants.protocol"}
    kinds = {n for n in shipped if REGISTRY[n].kind in ("always", "step") and not REGISTRY[n].lemma}
    assert kinds <= set(BREAK_STATE) | set(BREAK_STEP) | {"sector_numbers_unique"}


@pytest.mark.parametrize("name", sorted(BREAK_STATE))
def test_state_invariant_flags_the_broken_world_only(name: str, rich: tuple[World, Action, World]) -> None:
    inv = REGISTRY[name]
    good = rich[2]
    assert both(inv, good), f"{name} flags a reachable world"
    assert not both(inv, BREAK_STATE[name](good)), f"{name} misses its violation"


@pytest.mark.parametrize("name", sorted(BREAK_STEP))
def test_step_invariant_flags_the_broken_step_only(name: str, rich: tuple[World, Action, World]) -> None:
    inv = REGISTRY[name]
    before, action, after = rich
    assert both(inv, before, action, after)
    assert not both(inv, *BREAK_STEP[name](before, action, after))


def test_witnesses_are_false_at_genesis_and_true_where_their_flow_ends(rich: tuple[World, Action, World]) -> None:
    w0 = initial(SC)
    witnesses = [i for i in REGISTRY.values() if i.kind == "sometimes" and i.applies_to(SC)]
    assert witnesses
    for inv in witnesses:
        assert not inv.holds(w0, CTX), f"{inv.name} is true at genesis: it witnesses nothing"
    assert REGISTRY["reach_retrieval_complete"].holds(rich[2], CTX)
    assert REGISTRY["reach_commit_success"].holds(rich[2], CTX)


def test_liveness_triggers_and_goals(rich: tuple[World, Action, World]) -> None:
    deals = REGISTRY["accepted_deals_finish"]
    assert deals.trigger is not None
    pending = _deal(rich[2], client_state=__import__("model.state", fromlist=["DealState"]).DealState.ACCEPTED)
    assert deals.trigger(pending, CTX) and not deals.holds(pending, CTX)
    assert deals.holds(rich[2], CTX)


# --- The two evaluations agree -----------------------------------------------------------------


def _walk(sc: Any, choices: list[int]) -> World:
    w = initial(sc)
    for c in choices:
        succ = list(successors(w, sc))
        if not succ:
            break
        w = succ[c % len(succ)][1]
    return w


@given(st.lists(st.integers(0, 1000), max_size=25), st.lists(st.tuples(st.integers(0, 10_000),
                                                                          st.integers(-3, 50)), max_size=3))
def test_concrete_and_z3_evaluations_agree(choices: list[int], perturb: list[tuple[int, int]]) -> None:
    world = _walk(SC, choices)
    twin, values = abstract(world)
    names = sorted(values)
    for pick, value in perturb:  # perturb some quantities so that some invariants fail
        if names:
            values[names[pick % len(names)]] = value
    perturbed = __import__("checker.prover", fromlist=["substitute"]).substitute(twin, evaluator(values))
    for inv in REGISTRY.values():
        if inv.kind == "always" and inv.applies_to(SC) and inv.predicate.__module__.startswith("invariants."):
            c = bool(inv.holds(perturbed, CTX))
            with arith.symbolic(Z3Backend()):
                formula = inv.holds(twin, CTX)
            s = formula if isinstance(formula, bool) else bool(evaluator(values)(formula))
            assert c == s, f"{inv.name}: concrete {c}, Z3 {s}"


# --- Lemmas (the prover's strengthening invariants) are invariants too -------------------------------


def _msg(w: World, method: str, value: int) -> World:
    from model.state import ChainMessage

    return attrs.evolve(w, mempool=(*w.mempool, ChainMessage(0, method, value, (0,))))


def _retrieval_lane(w: World, redeemed: int) -> World:
    from model.paych_actor import retrieval_lane

    ch = w.channels[0]
    lane = retrieval_lane(SC)
    return _channel(w, lanes=replace_at(ch.lanes, lane, attrs.evolve(ch.lanes[lane], redeemed=redeemed)))


BREAK_LEMMA = {
    "block_not_in_future": lambda w: attrs.evolve(w, last_block_epoch=w.epoch + 1),
    "message_values_nonnegative": lambda w: _msg(w, "paych.CreateChannel", -1),
    "unproposed_lanes_unpaid": lambda w: attrs.evolve(w, deals=(None,) * len(w.deals)),
    "unretrieved_lane_unpaid": lambda w: attrs.evolve(_retrieval_lane(w, 1), retrievals=(None,) * len(w.retrievals)),
    "valueless_messages": lambda w: _msg(w, "paych.Settle", 1),
    "power_amounts_nonnegative": lambda w: _miner(w, sectors=tuple(attrs.evolve(s, size=-1)
                                                                   for s in w.miner_actors[0].sectors)),
    "retrieval_payments_track_chunks": lambda w: _retrieval(w, paid=w.retrievals[0].paid + 1),
    "vouchers_never_lower_a_lane": lambda w: _deal(w, voucher=attrs.evolve(w.deals[0].voucher, nonce=5, amount=0)),
    "retrieval_vouchers_within_received": lambda w: _retrieval(w, voucher=attrs.evolve(w.retrievals[0].voucher,
                                                                                       amount=99)),
    "deal_vouchers_pay_the_price": lambda w: _deal(w, voucher=attrs.evolve(w.deals[0].voucher,
                                                                           amount=w.deals[0].price + 1)),
}


def test_every_lemma_has_a_breaking_case() -> None:
    lemmas = {n for n, i in REGISTRY.items() if i.lemma and i.predicate.__module__ == "invariants.lemmas"}
    assert lemmas == set(BREAK_LEMMA)


@pytest.mark.parametrize("name", sorted(BREAK_LEMMA))
def test_lemma_flags_the_broken_world_only(name: str, rich: tuple[World, Action, World]) -> None:
    inv = REGISTRY[name]
    assert both(inv, rich[2]), f"lemma {name} flags a reachable world"
    assert not both(inv, BREAK_LEMMA[name](rich[2])), f"lemma {name} misses its violation"
