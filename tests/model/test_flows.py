"""One test per flow of the diagram: its happy path and each alt branch, driven through the model.

Each test asks for the shortest run that reaches the flow's outcome, asserts the resulting state,
and checks that the arrows the run draws in that flow are a complete path through the flow as
`spec/` draws it, and that the run's Mermaid rendering parses with the spec's participants.
"""

from __future__ import annotations

import re

import attrs
import pytest

from model.scenario import PRESETS, FaultModel
from model.state import DealState, RetrievalState, SectorState
from spec.diagram import arrows
from spec.mermaid import parse
from spec.protocol import sends
from tests.model.helpers import FLOW, conforms_to_flow, drawn_in_flow, run_of, shortest_run

TINY = PRESETS["tiny"]
RETRIEVAL = attrs.evolve(PRESETS["tiny"], retrieval=True, chunks=1, max_epoch=3)


def run(sc, flow_key, goal, complete=True):  # type: ignore[no-untyped-def]
    """The shortest run reaching `goal` that draws a complete path through the flow."""
    return shortest_run(sc, goal, flow=FLOW[flow_key], complete=complete)


def _check(trace, sc, flow_key, must_draw, complete=True):  # type: ignore[no-untyped-def]
    flow = FLOW[flow_key]
    drawn = drawn_in_flow(trace, flow)
    if complete:
        assert conforms_to_flow(trace, flow), f"{flow_key}: drew {drawn}\n{run_of(trace, sc)}"
    for label in must_draw:
        assert label in drawn, f"{flow_key}: {label!r} not drawn in\n{run_of(trace, sc)}"
    # The run's Mermaid rendering parses, and draws the flow's arrows between the spec's participants.
    diagram = parse(run_of(trace, sc))
    rendered = {(a.sender, a.receiver, re.sub(r" \[[^\[\]]*\]$", "", a.label.split(". ", 1)[1]))
                for a in arrows(diagram.items)}
    for s in sends(flow):
        if s.label in drawn:
            assert (s.sender, s.receiver, s.label) in rendered


def test_register_storage_miner_creates_the_miner_actor_with_its_pledge() -> None:
    t = run(TINY, "RegisterStorageMiner", lambda w: w.miner_actors[0] is not None)
    end = t.states[-1]
    assert end.miner_actors[0].pledge == TINY.pledge_collateral
    assert 0 in end.power.miners
    _check(t, TINY, "RegisterStorageMiner", ["CreateMiner(WorkerPubKey, PledgeCollateral)", "StorageMinerActor"])


def test_storage_deal_make_accepted_leaves_both_parties_with_the_deal() -> None:
    t = run(TINY, "StorageDealMake", lambda w: w.deals[0] is not None and w.deals[0].client_state == DealState.ACCEPTED)
    deal = t.states[-1].deals[0]
    assert deal.provider_state == DealState.ACCEPTED and deal.voucher is not None
    _check(t, TINY, "StorageDealMake", ["DealProposal", "DealResponse,DealAccepted,Deal"])


def test_storage_deal_make_rejected_branch() -> None:
    t = run(TINY, "StorageDealMake", lambda w: w.deals[0] is not None
            and w.deals[0].client_state == DealState.REJECTED, complete=False)
    assert t.states[-1].deals[0].provider_state == DealState.REJECTED
    assert t.actions[-2].name == "DealRejected"
    _check(t, TINY, "StorageDealMake", ["DealProposal", "DealResponse,DealAccepted,Deal"], complete=False)


def test_adding_deal_to_sector_packs_the_piece_with_a_pip() -> None:
    t = run(TINY, "AddingDealToSector", lambda w: w.deals[0] is not None and w.deals[0].pip is not None)
    end = t.states[-1]
    assert end.sectors[0][0].state == SectorState.PACKED and end.sectors[0][0].pieces == (0,)
    _check(t, TINY, "AddingDealToSector", ["PIP ← PackSector(SectorID)", "DealInSector(Deal,PieceRef,PIP,SectorID)"])


def test_client_query_returns_the_pip() -> None:
    t = run(TINY, "ClientQuery", lambda w: w.deals[0] is not None and w.deals[0].client_pip is not None
            and w.deals[0].client_state == DealState.SEALING)
    _check(t, TINY, "ClientQuery", ["StorageDealQuery", "DealResponse,DealAccepted,Deal,PIP"])


def test_sealing_and_commit_success_adds_power_and_locks_collateral() -> None:
    t = run(TINY, "SealingSector", lambda w: w.power.total > TINY.genesis_power)
    end = t.states[-1]
    assert end.power.claims[end.power.miners.index(0)] == TINY.sector_size
    assert end.miner_actors[0].balance == TINY.pledge_collateral + TINY.collateral_per_sector
    _check(t, TINY, "SealingSector", ["UpdatePower(MinerAddr)", "1 ← CommitSector(.)"])


def test_commit_failure_branch_takes_no_collateral_and_no_power() -> None:
    sc = attrs.evolve(TINY, faults=FaultModel(seal_faults=1))
    t = run(sc, "SealingSector", lambda w: w.seal_faults_left == 0 and w.sectors[0][0].state == SectorState.PACKED
                     and not w.sectors[0][0].seal_ok)
    end = t.states[-1]
    assert end.miner_actors[0].balance == sc.pledge_collateral
    assert end.power.total == sc.genesis_power
    _check(t, sc, "SealingSector", ["{1,0} ← VerifySeal", "0 ← CommitSector(.)"])


def test_second_client_query_returns_the_sealed_sector_cid() -> None:
    t = run(TINY, "ClientQuery#2", lambda w: w.deals[0] is not None and w.deals[0].client_sealed_cid is not None)
    assert t.states[-1].deals[0].client_state == DealState.COMPLETE
    _check(t, TINY, "ClientQuery#2", ["DealResponse,DealAccepted,Deal,PIP,SealedSectorCID"])


def test_collect_via_client_pays_the_combined_voucher() -> None:
    t = run(TINY, "StorageDealCollect", lambda w: w.channels[0] is not None and w.channels[0].lanes[0].nonce == 2)
    end = t.states[-1]
    assert end.channels[0].to_send == end.deals[0].price
    assert end.deals[0].combined is not None
    _check(t, TINY, "StorageDealCollect", ["ReconcileRequest(Deal, [Voucher])", "VerifyPIP(SectorID, PIP)",
                                           "ReconcileResponse", "RedeemVoucher(ReconcileResponse.Voucher)"])


def test_collect_via_client_without_pip_asks_for_it_first() -> None:
    t = run(TINY, "StorageDealCollect", lambda w: w.channels[0] is not None and w.channels[0].lanes[0].nonce == 2
            and w.deals[0].client_state != DealState.SEALING and w.deals[0].client_sealed_cid is None)
    _check(t, TINY, "StorageDealCollect", ["StorageDealQuery(Deal)", "PieceID, SectorID, PIP"])


def test_collect_via_blockchain_pays_after_the_market_checks_the_pip() -> None:
    t = run(TINY, "StorageDealCollect", lambda w: w.channels[0] is not None and w.channels[0].lanes[0].nonce == 1
            and w.channels[0].to_send > 0)
    assert t.states[-1].deals[0].combined is None
    _check(t, TINY, "StorageDealCollect", ["RedeemVoucher(Voucher, PIP)"])


def test_retrieval_query_min_price_branch() -> None:
    t = run(RETRIEVAL, "RetrievalQuery", lambda w: w.retrievals[0] is not None
            and w.retrievals[0].state == RetrievalState.MIN_PRICE)
    _check(t, RETRIEVAL, "RetrievalQuery", ["Query(CID)", "MinPrice, Unavail"])


def test_retrieval_query_unavail_branch_when_the_provider_lacks_the_piece() -> None:
    sc = attrs.evolve(RETRIEVAL, faults=FaultModel(storage_faults=1))
    t = run(sc, "RetrievalQuery", lambda w: w.retrievals[0] is not None
            and w.retrievals[0].state == RetrievalState.UNAVAILABLE)
    assert any(a.name == "Unavail" for a in t.actions)
    _check(t, sc, "RetrievalQuery", ["Query(CID)", "MinPrice, Unavail"])


@pytest.mark.parametrize("state", [RetrievalState.ACCEPTED, RetrievalState.REJECTED])
def test_retrieval_deal_make_branches(state: RetrievalState) -> None:
    t = run(RETRIEVAL, "RetrievalDealMake", lambda w: w.retrievals[0] is not None and w.retrievals[0].state == state)
    _check(t, RETRIEVAL, "RetrievalDealMake", ["DealProposal", "Accepted, Rejected"])


def test_paid_retrieval_completes_with_the_provider_paid_for_every_chunk() -> None:
    t = shortest_run(RETRIEVAL, lambda w: w.retrievals[0] is not None
                     and w.retrievals[0].state == RetrievalState.COMPLETE and w.retrievals[0].provider_paid > 0)
    r = t.states[-1].retrievals[0]
    assert r.received == RETRIEVAL.chunks and r.provider_paid == r.received * r.price
