"""Vouchers: a channel owes exactly what its lanes redeemed, never more than its funds, and pays once.

The retrieval scenario pays per chunk over a reordering network, so vouchers arrive out of
order and stale ones must be refused.  The second test draws vouchers directly: whatever a
sequence of vouchers says, redeeming them never breaks the channel's books.
"""

from hypothesis import given
from hypothesis import strategies as st

from checker.testing import protocol_machine, vouchers
from invariants import Ctx
from invariants.protocol import channel_owes_within_funds, voucher_conservation
from model.actions import initial
from model.errors import GuardFailed
from model.paych_actor import create_channel, update_channel_state
from model.scenario import PRESETS
from model.state import Voucher

TestVouchers = protocol_machine(
    "retrieval",
    ["channel_owes_within_funds", "voucher_conservation", "collect_pays_exactly_funds", "lane_nonce_increases",
     "voucher_pays_once"],
).TestCase

RETRIEVAL = PRESETS["retrieval"]


@given(st.lists(vouchers(RETRIEVAL), max_size=6), st.booleans())
def test_any_voucher_sequence_keeps_the_channel_books(batch: list[Voucher], proven: bool) -> None:
    sc, ctx = RETRIEVAL, Ctx(RETRIEVAL)
    world = create_channel(initial(sc), sc, 0, sc.provider_party(0), max(sc.channel_funds))
    for v in batch:
        try:
            world = update_channel_state(world, sc, sc.provider_party(0), 0, v, condition_met=proven)
        except GuardFailed:
            continue
        assert voucher_conservation.holds(world, ctx)
        assert channel_owes_within_funds.holds(world, ctx)
