"""Renaming interchangeable providers (and clients) maps runs to runs; symmetry reduction keeps verdicts."""

from __future__ import annotations

from collections import deque

import attrs

from checker.explicit import CheckOptions, check
from checker.protocol_model import ProtocolModel
from model.actions import initial, successors
from model.scenario import PRESETS
from model.symmetry import canonical, permute, renamings, symmetric_clients

SMALL_DUO = attrs.evolve(PRESETS["duo"], name="duo-1", max_epoch=1)


def _reachable(sc, limit):  # type: ignore[no-untyped-def]
    w0 = initial(sc)
    seen, queue = {w0}, deque([w0])
    while queue and len(seen) < limit:
        w = queue.popleft()
        for _, n in successors(w, sc):
            if n not in seen:
                seen.add(n)
                queue.append(n)
    return list(seen)


def test_renaming_commutes_with_every_step_and_canonical_is_orbit_invariant() -> None:
    sc = PRESETS["duo"]
    renames = renamings(sc)
    assert len(renames) == 2
    for w in _reachable(sc, 3_000):
        after = {n for _, n in successors(w, sc)}
        for r in renames:
            pw = permute(w, r)
            assert {n for _, n in successors(pw, sc)} == {permute(n, r) for n in after}
            assert canonical(pw, renames) == canonical(w, renames)


def test_clients_are_interchangeable_only_when_their_pieces_match() -> None:
    assert symmetric_clients(attrs.evolve(PRESETS["tiny"], clients=2, pieces=(256, 256)))
    assert not symmetric_clients(PRESETS["deep"])  # pieces of 256 and 128 bytes
    assert len(renamings(PRESETS["deep"])) == 2  # the providers still are


def test_symmetry_reduction_halves_the_states_and_keeps_every_verdict() -> None:
    model = ProtocolModel(SMALL_DUO)
    names = tuple(p.name for p in model.properties() if p.kind != "eventually")
    plain = check(model, CheckOptions(properties=names))
    reduced = check(model, CheckOptions(properties=names, symmetry=True))
    assert plain.complete and reduced.complete
    assert {v.name: v.status for v in plain.verdicts} == {v.name: v.status for v in reduced.verdicts}
    assert reduced.distinct_states < plain.distinct_states <= 2 * reduced.distinct_states
    assert plain.distinct_states / reduced.distinct_states > 1.8
