"""Symmetry of interchangeable participants: renaming providers (and clients) maps runs to runs.

Providers start alike, so any permutation of them maps a reachable world to a reachable world.
Clients do too, provided the pieces they own match in size under the permutation (piece ``k``
belongs to client ``k % clients``, so permuting clients permutes their pieces).  `permute`
renames every identity in a world (parties, provider and miner indices, channel, piece and lane
indices, and the identities inside ideal commitments and proofs); `canonical` picks one
representative of a world's orbit, which the explicit checker stores instead of the world.

The renaming must reach every place an identity hides; the tests check that `canonical` is
invariant under every permutation of reachable worlds and that reduced runs find the same
verdicts.  The renaming of proof values covers the ideal proof port's tuples only: native proofs
commit to real bytes, and symmetry is not offered with them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from model.scenario import Scenario
from model.state import (
    ChainMessage,
    Channel,
    CommittedSector,
    Envelope,
    Lane,
    MinerActor,
    PowerActor,
    Retrieval,
    SealOutputs,
    Sector,
    StorageDeal,
    Voucher,
    World,
)


@attrs.frozen
class Renaming:
    """A permutation of clients and providers, and what it induces on every other identity."""

    sc: Scenario
    clients: tuple[int, ...]
    """clients[c] is the new number of client c."""
    providers: tuple[int, ...]
    """providers[p] is the new number of provider p."""

    @property
    def is_identity(self) -> bool:
        """Whether this renaming changes nothing."""
        return self.clients == tuple(range(len(self.clients))) and self.providers == tuple(range(len(self.providers)))

    def client(self, c: int) -> int:
        return self.clients[c]

    def provider(self, p: int) -> int:
        return self.providers[p]

    def miner(self, m: int) -> int:
        """Miner indices: providers, then the genesis miner (which stays)."""
        return self.providers[m] if 0 <= m < self.sc.providers else m

    def party(self, x: int) -> int:
        """Party ids: clients, then providers, then the genesis miner."""
        C = self.sc.clients
        if 0 <= x < C:
            return self.clients[x]
        if C <= x < C + self.sc.providers:
            return C + self.providers[x - C]
        return x

    def piece(self, k: int) -> int:
        """Piece k of client k % C becomes the piece of the same round of the renamed client."""
        C = self.sc.clients
        return (k // C) * C + self.clients[k % C] if 0 <= k < len(self.sc.pieces) else k

    def lane(self, lane: int) -> int:
        """Storage lanes are piece numbers; the retrieval lane (last) stays."""
        return self.piece(lane) if 0 <= lane < len(self.sc.pieces) else lane

    def channel(self, index: int) -> int:
        P = self.sc.providers
        if not 0 <= index < self.sc.clients * P:
            return index  # a channel that does not exist (an adversary's misdirected voucher)
        return self.clients[index // P] * P + self.providers[index % P]


def _reorder(items: tuple[Any, ...], new_index: Callable[[int], int], rename: Callable[[Any], Any]) -> tuple[Any, ...]:
    """A tuple indexed by an identity, with its elements moved to their renamed positions."""
    out: list[Any] = [None] * len(items)
    for i, item in enumerate(items):
        out[new_index(i)] = rename(item)
    return tuple(out)


def proof_value(r: Renaming, v: Any) -> Any:
    """Rename the identities inside an ideal commitment or proof (tagged tuples of `model.proofs.IdealProofs`)."""
    if not isinstance(v, tuple) or not v or not isinstance(v[0], str):
        return v
    tag = v[0]
    if tag == "CommP":
        return ("CommP", r.piece(v[1]))
    if tag == "CommD":
        return ("CommD", tuple(proof_value(r, p) for p in v[1]))
    if tag == "PIP":
        return ("PIP", proof_value(r, v[1]), proof_value(r, v[2]), v[3])
    if tag in ("CommR", "SealProof", "CorruptSeal"):
        return (tag, r.miner(v[1]), v[2], *(proof_value(r, x) for x in v[3:]))
    return v


def _voucher(r: Renaming, v: Voucher | None) -> Voucher | None:
    if v is None:
        return None
    return attrs.evolve(v, channel=r.channel(v.channel), lane=r.lane(v.lane), signer=r.party(v.signer),
                        condition=None if v.condition is None else r.piece(v.condition),
                        merges=tuple(r.lane(x) for x in v.merges))


_RETRIEVAL_MESSAGES = ("retrieval.",)


def _envelope(r: Renaming, e: Envelope) -> Envelope:
    retrieval = e.message.startswith(_RETRIEVAL_MESSAGES)
    payload = e.payload
    if e.message == "storage.DealResponse" and payload:
        payload = (proof_value(r, payload[0]), proof_value(r, payload[1]))
    elif e.message == "storage.PIPResponse" and payload:
        payload = (r.piece(payload[0]), payload[1], proof_value(r, payload[2]))
    return attrs.evolve(e, sender=r.party(e.sender), receiver=r.party(e.receiver),
                        subject=r.client(e.subject) if retrieval else r.piece(e.subject),
                        voucher=_voucher(r, e.voucher), payload=payload)


def _message(r: Renaming, m: ChainMessage) -> ChainMessage:
    p = m.params
    if m.method == "paych.CreateChannel":
        p = (r.party(p[0]),)
    elif m.method == "miner.CommitSector":
        p = (r.miner(p[0]), p[1], tuple(proof_value(r, x) for x in p[2]))
    elif m.method in ("paych.RedeemVoucher", "paych.UpdateChannelState"):
        p = (r.channel(p[0]), _voucher(r, p[1]))
    elif m.method == "market.RedeemVoucher":
        p = (_voucher(r, p[0]), proof_value(r, p[1]))
    elif m.method in ("paych.Settle", "paych.Collect"):
        p = (r.channel(p[0]),)
    elif m.method in ("miner.DeclareStorageFault", "power.ClaimPower"):
        p = (r.miner(p[0]), p[1])
    return attrs.evolve(m, sender=r.party(m.sender), params=p)


def _sector(r: Renaming, s: Sector) -> Sector:
    seal = s.seal
    if seal is not None:
        seal = SealOutputs(proof_value(r, seal.comm_d), proof_value(r, seal.comm_r), proof_value(r, seal.proof))
    return attrs.evolve(s, pieces=tuple(r.piece(k) for k in s.pieces), seal=seal)


def _committed(r: Renaming, s: CommittedSector) -> CommittedSector:
    return attrs.evolve(s, comm_d=proof_value(r, s.comm_d), comm_r=proof_value(r, s.comm_r))


def _miner_actor(r: Renaming, a: MinerActor | None) -> MinerActor | None:
    if a is None:
        return None
    return attrs.evolve(a, owner=r.party(a.owner), sectors=tuple(_committed(r, s) for s in a.sectors))


def _channel(r: Renaming, ch: Channel | None) -> Channel | None:
    if ch is None:
        return None
    lanes: tuple[Lane, ...] = _reorder(ch.lanes, r.lane, lambda lane: lane)
    return attrs.evolve(ch, payer=r.party(ch.payer), payee=r.party(ch.payee), lanes=lanes)


def _deal(r: Renaming, d: StorageDeal | None) -> StorageDeal | None:
    if d is None:
        return None
    return attrs.evolve(d, piece=r.piece(d.piece), client=r.client(d.client), provider=r.provider(d.provider),
                        voucher=_voucher(r, d.voucher), pip=proof_value(r, d.pip),
                        client_pip=proof_value(r, d.client_pip), client_sealed_cid=proof_value(r, d.client_sealed_cid),
                        combined=_voucher(r, d.combined))


def _retrieval(r: Renaming, x: Retrieval | None) -> Retrieval | None:
    if x is None:
        return None
    return attrs.evolve(x, provider=r.provider(x.provider), piece=r.piece(x.piece), voucher=_voucher(r, x.voucher))


def permute(world: World, r: Renaming) -> World:
    """The world with every participant renamed by `r`."""
    P = r.sc.providers
    power = PowerActor(tuple(r.miner(m) for m in world.power.miners), world.power.claims, world.power.total)
    return attrs.evolve(
        world,
        accounts=_reorder(world.accounts, r.party, lambda b: b),
        inflight=tuple(_envelope(r, e) for e in world.inflight),
        mempool=tuple(_message(r, m) for m in world.mempool),
        block=tuple(_message(r, m) for m in world.block),
        power=power,
        miner_actors=_reorder(world.miner_actors, lambda m: r.miner(m) if m < P else m, lambda a: _miner_actor(r, a)),
        channels=_reorder(world.channels, r.channel, lambda ch: _channel(r, ch)),
        sectors=_reorder(world.sectors, r.provider, lambda ss: tuple(_sector(r, s) for s in ss)),
        deals=_reorder(world.deals, r.piece, lambda d: _deal(r, d)),
        retrievals=_reorder(world.retrievals, r.client, lambda x: _retrieval(r, x)),
    )


def symmetric_clients(sc: Scenario) -> bool:
    """Whether clients are interchangeable: each owns as many pieces, and each round of pieces has one size."""
    C = sc.clients
    rounds = [sc.pieces[start:start + C] for start in range(0, len(sc.pieces), C)]
    return len(sc.pieces) % C == 0 and all(len(set(r)) == 1 for r in rounds)


def renamings(sc: Scenario) -> list[Renaming]:
    """Every renaming of interchangeable participants in `sc` (the identity first)."""
    client_perms: Sequence[tuple[int, ...]] = (
        list(itertools.permutations(range(sc.clients))) if symmetric_clients(sc) else [tuple(range(sc.clients))])
    provider_perms = list(itertools.permutations(range(sc.providers)))
    return [Renaming(sc, c, p) for c in client_perms for p in provider_perms]


def canonical(world: World, renames: Sequence[Renaming]) -> World:
    """One representative of the world's orbit under `renames` (the same for every world of the orbit)."""
    if len(renames) <= 1:
        return world
    # The least hash is a choice every world of the orbit makes alike (a tie between distinct
    # renamings only costs reduction: each representative is still a world of the orbit).
    return min((world if r.is_identity else permute(world, r) for r in renames), key=hash)
