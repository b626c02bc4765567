"""The protocol as drawn: participants, their groups, and the named flows of the diagram.

Each flow is the sequence of steps of one top-level block of the diagram, in the diagram's
order, with its nested ``opt``/``alt``/``loop`` blocks.  A step that sends a message names the
`spec.messages.Message` it carries and the exact text drawn on its arrow.  `to_diagram()` draws
the whole protocol as a `spec.diagram.Diagram`; the seed diagram must conform to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

from spec import messages as m
from spec.diagram import (
    Arrow,
    ArrowKind,
    Block,
    BlockKind,
    Branch,
    Diagram,
    Item,
    Note,
    NotePosition,
    Participant,
)

ParticipantKind = Literal["off-chain", "actor", "subsystem", "environment"]


@attrs.frozen
class Role:
    """A participant of the protocol (a lifeline of the diagram)."""

    name: str
    kind: ParticipantKind
    """off-chain party, chain actor, node subsystem, or environment (clock, network, chain)."""
    doc: str


@attrs.frozen
class Group:
    """A named group of adjacent participants, drawn as a note spanning them."""

    name: str
    first: str
    last: str


PARTICIPANTS: tuple[Role, ...] = (
    Role("RetrievalClient", "off-chain", "Wants a piece back; pays the retrieval provider through a payment channel."),
    Role("RetrievalProvider", "off-chain", "Serves pieces it stores for a price per byte, paid per interval."),
    Role("StorageClient", "off-chain", "Has a piece to store; makes a deal and pays with vouchers."),
    Role("StorageMarketActor", "actor", "Chain actor that redeems PIP-conditioned vouchers via the blockchain."),
    Role(
        "StorageProvider", "off-chain", "The miner's market side: accepts deals, reports their state, collects payment."
    ),
    Role("PaymentChannelActor", "actor", "Chain actor holding a channel's funds, lanes and redeemed vouchers."),
    Role("Blockchain", "environment", "The chain: blocks and the state of every actor."),
    Role("BlockSyncer", "subsystem", "Receives blocks and applies their messages to the chain state."),
    Role("BlockProducer", "subsystem", "Produces a block when its miner is elected, with the pending messages."),
    Role("StoragePowerConsensus", "subsystem", "Elects block producers in proportion to their power."),
    Role("StoragePowerActor", "actor", "Chain actor: registry of miners, their power claims and the total power."),
    Role(
        "StorageMining", "subsystem", "The miner's node: registers the miner, packs deals, seals and commits sectors."
    ),
    Role("StorageMinerActor", "actor", "Chain actor of one miner: collateral, committed sectors, faults."),
    Role("SectorIndexing", "subsystem", "Places pieces into sectors and computes their inclusion proofs."),
    Role("StorageProving", "subsystem", "Seals sectors (proof of replication)."),
    Role("FilProofs", "subsystem", "Verifies seal proofs and inclusion proofs (the proof port)."),
    Role("Clock", "environment", "Advances the epoch."),
    Role("libp2p", "environment", "Carries off-chain messages; may drop, duplicate or reorder them."),
)
PARTICIPANT_NAMES: tuple[str, ...] = tuple(p.name for p in PARTICIPANTS)

GROUPS: tuple[Group, ...] = (
    Group("RetrievalMarketSubsystem", "RetrievalClient", "RetrievalProvider"),
    Group("StorageMarketSubsystem", "StorageClient", "StorageProvider"),
    Group("BlockchainGroup", "Blockchain", "StoragePowerActor"),
    Group("MiningGroup", "StorageMining", "StorageProving"),
)


def group_members(group: Group) -> tuple[str, ...]:
    """The participants a group spans, in declaration order."""
    i, j = PARTICIPANT_NAMES.index(group.first), PARTICIPANT_NAMES.index(group.last)
    return PARTICIPANT_NAMES[i : j + 1]


def group_of(participant: str) -> str | None:
    """The group a participant belongs to, or None."""
    for g in GROUPS:
        if participant in group_members(g):
            return g.name
    return None


# --- Steps -----------------------------------------------------------------------------------


@attrs.frozen
class Send:
    """An arrow: `sender` sends `message` to `receiver` (itself, for a self-call)."""

    sender: str
    receiver: str
    message: m.Message
    label: str
    """The exact text drawn on the arrow."""
    arrow: ArrowKind = "->>"
    activation: Literal["+", "-"] | None = None


@attrs.frozen
class Remark:
    """A note drawn beside or over participants (what a party knows at that point)."""

    position: NotePosition
    participants: tuple[str, ...]
    text: str


@attrs.frozen
class Choice:
    """A nested block: ``opt`` (one branch that may be skipped), ``alt`` (branches), ``loop``."""

    kind: BlockKind
    branches: tuple[tuple[str, tuple[Step, ...]], ...]


Step = Send | Remark | Choice


@attrs.frozen
class Flow:
    """A top-level block of the diagram: one named interaction of the protocol."""

    name: str
    kind: BlockKind
    steps: tuple[Step, ...]
    doc: str
    ordinal: int = 1
    """1 for the first flow of this name, 2 for the second (ClientQuery is drawn twice)."""

    @property
    def key(self) -> str:
        """A unique name: the flow's name, with ``#2`` for a second flow of the same name."""
        return self.name if self.ordinal == 1 else f"{self.name}#{self.ordinal}"


def opt(label: str, *steps: Step) -> Choice:
    return Choice("opt", ((label, steps),))


def alt(*branches: tuple[str, tuple[Step, ...]]) -> Choice:
    return Choice("alt", branches)


RC, RP = "RetrievalClient", "RetrievalProvider"
SC, SP = "StorageClient", "StorageProvider"
SMA, PCA, BC = "StorageMarketActor", "PaymentChannelActor", "Blockchain"
SPA, SM, SMinA = "StoragePowerActor", "StorageMining", "StorageMinerActor"
SI, SPv, FP = "SectorIndexing", "StorageProving", "FilProofs"

FLOWS: tuple[Flow, ...] = (
    Flow(
        "RetrievalDealMake",
        "opt",
        (
            Send(RC, RP, m.RETRIEVAL_DEAL_PROPOSAL, "DealProposal"),
            Send(RP, RC, m.RETRIEVAL_DEAL_RESPONSE, "Accepted, Rejected"),
        ),
        "A retrieval client proposes a paid retrieval; the provider accepts or rejects it.",
    ),
    Flow(
        "RetrievalQuery",
        "opt",
        (
            Send(RC, RP, m.QUERY, "Query(CID)"),
            Send(RP, RC, m.QUERY_RESPONSE, "MinPrice, Unavail"),
        ),
        "A retrieval client asks whether a provider has a piece; the answer is a price or 'unavailable'.",
    ),
    Flow(
        "RegisterStorageMiner",
        "opt",
        (
            Send(SM, SM, m.CREATE_MINER, "CreateMiner(WorkerPubKey, PledgeCollateral)"),
            Send(SM, SPA, m.REGISTER_MINER, "RegisterMiner(OwnerAddr, WorkerPubKey)", "->"),
            Send(SPA, SM, m.STORAGE_MINER_ACTOR, "StorageMinerActor", "->"),
        ),
        "A node becomes a storage miner: the power actor creates its miner actor with pledge collateral.",
    ),
    Flow(
        "StorageDealMake",
        "opt",
        (
            Remark("left of", (SC,), "Piece, PieceCID"),
            Send(SC, SP, m.STORAGE_DEAL_PROPOSAL, "DealProposal"),
            Send(SP, SC, m.DEAL_RESPONSE, "DealResponse,DealAccepted,Deal"),
            Remark("left of", (SC,), "Piece, PieceCID, Deal"),
            Remark("right of", (SP,), "Piece, PieceCID, Deal"),
            Send(SC, SP, m.STORAGE_DEAL_QUERY, "StorageDealQuery"),
            Send(SP, SC, m.DEAL_RESPONSE, "DealResponse,DealAccepted,Deal"),
        ),
        "A storage client proposes a deal off-chain; the provider accepts it; both now hold the deal.",
    ),
    Flow(
        "AddingDealToSector",
        "opt",
        (
            Send(SP, SM, m.MADE_DEAL, "MadeDeal(Deal,PieceRef)"),
            Send(SM, SI, m.ADD_TO_SECTOR, "AddToSector(Deal, PieceRef)", activation="+"),
            Send(SI, SI, m.PACK_DEAL_INTO_SECTOR, "SectorID ← PackDealIntoSector(Deal)", "-->>"),
            Send(SI, SI, m.PACK_SECTOR, "PIP ← PackSector(SectorID)", "-->>"),
            Send(SI, SM, m.ADD_TO_SECTOR_RETURN, "SectorID", activation="-"),
            Send(SM, SP, m.DEAL_IN_SECTOR, "DealInSector(Deal,PieceRef,PIP,SectorID)"),
        ),
        "The provider's miner packs the deal's piece into a sector and obtains its inclusion proof.",
    ),
    Flow(
        "ClientQuery",
        "opt",
        (
            Send(SC, SP, m.STORAGE_DEAL_QUERY, "StorageDealQuery"),
            Send(SP, SC, m.DEAL_RESPONSE, "DealResponse,DealAccepted,Deal,PIP"),
        ),
        "The client asks about its deal and learns the piece inclusion proof.",
    ),
    Flow(
        "SealingSector",
        "opt",
        (
            Send(SM, SPv, m.SEAL_SECTOR, "SealSector(SectorID, ReplicaCfg)", activation="+"),
            Send(SPv, SPv, m.SEAL, "SealOutputs ← Seal(SectorID, ReplicaCfg)", "-->>"),
            Send(SPv, SM, m.SEAL_SECTOR_RETURN, "(SectorID,SealOutputs)", activation="-"),
            opt(
                "CommitSector",
                Send(
                    SM,
                    SMinA,
                    m.COMMIT_SECTOR,
                    "CommitSector(SectorID, OnBlockchainSectorInfo, StorageCollateral)",
                    "-->>",
                ),
                Send(SMinA, FP, m.VERIFY_SEAL, "VerifySeal(SectorID, OnSectorInfo)", "-->>", "+"),
                Send(FP, SMinA, m.VERIFY_SEAL_RETURN, "{1,0} ← VerifySeal", "-->>", "-"),
                alt(
                    (
                        "1 - success",
                        (
                            Send(SMinA, SMinA, m.UPDATE_STATE, "...Update State...", "-->>"),
                            Send(SMinA, SPA, m.UPDATE_POWER, "UpdatePower(MinerAddr)", "-->>"),
                            Send(SMinA, SMinA, m.COMMIT_SECTOR_RETURN, "1 ← CommitSector(.)", "-->>"),
                        ),
                    ),
                    ("0 - failure", (Send(SMinA, SMinA, m.COMMIT_SECTOR_RETURN, "0 ← CommitSector(.)", "-->>"),)),
                ),
            ),
        ),
        "The miner seals a sector and commits it on chain; a valid seal adds the sector's power.",
    ),
    Flow(
        "ClientQuery",
        "opt",
        (
            Send(SC, SP, m.STORAGE_DEAL_QUERY, "StorageDealQuery"),
            Send(SP, SC, m.DEAL_RESPONSE, "DealResponse,DealAccepted,Deal,PIP,SealedSectorCID"),
        ),
        "The client asks about its deal again and learns the sealed sector's CID.",
        ordinal=2,
    ),
    Flow(
        "StorageDealCollect",
        "loop",
        (
            Remark("right of", (SP,), "Deal"),
            alt(
                (
                    "Via Client",
                    (
                        Send(SP, SC, m.RECONCILE_REQUEST, "ReconcileRequest(Deal, [Voucher])"),
                        opt(
                            "If Client Does Not Have PIP",
                            Send(SC, SP, m.STORAGE_DEAL_QUERY, "StorageDealQuery(Deal)", "-->>"),
                            Send(SP, SC, m.PIP_RESPONSE, "PieceID, SectorID, PIP", "-->>"),
                        ),
                        Send(SC, BC, m.VERIFY_SECTOR_EXISTS, "VerifySectorExists(SectorID)", "-->>"),
                        Send(SC, SC, m.VERIFY_PIP, "VerifyPIP(SectorID, PIP)", "-->"),
                        Send(SC, SC, m.SIGN_VOUCHERS, "ReconcileResponse ← SignVouchers([Voucher])", "-->>"),
                        Send(SC, SP, m.RECONCILE_RESPONSE, "ReconcileResponse"),
                        Send(SP, PCA, m.REDEEM_VOUCHER, "RedeemVoucher(ReconcileResponse.Voucher)"),
                    ),
                ),
                ("Via Blockchain", (Send(SP, SMA, m.MARKET_REDEEM_VOUCHER, "RedeemVoucher(Voucher, PIP)"),)),
            ),
        ),
        "The provider collects payment for a deal: through the client's combined voucher, or on chain with the PIP.",
    ),
)


def flow(key: str) -> Flow:
    """The flow with this key (``ClientQuery``, ``ClientQuery#2``, ...)."""
    for f in FLOWS:
        if f.key == key:
            return f
    known = ", ".join(f.key for f in FLOWS)
    raise KeyError(f"unknown flow {key!r}; known flows: {known}")


def walk_steps(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step in reading order, blocks before their contents."""
    for s in steps:
        yield s
        if isinstance(s, Choice):
            for _, body in s.branches:
                yield from walk_steps(body)


def sends(f: Flow) -> list[Send]:
    """The arrows of a flow, in reading order."""
    return [s for s in walk_steps(f.steps) if isinstance(s, Send)]


def all_sends() -> list[tuple[Flow, Send]]:
    """Every arrow of the protocol with the flow it belongs to."""
    return [(f, s) for f in FLOWS for s in sends(f)]


# --- Drawing ---------------------------------------------------------------------------------


def _step_items(steps: tuple[Step, ...]) -> tuple[Item, ...]:
    out: list[Item] = []
    for s in steps:
        if isinstance(s, Send):
            out.append(Arrow(s.sender, s.receiver, s.arrow, s.label, s.activation))
        elif isinstance(s, Remark):
            out.append(Note(s.position, s.participants, s.text))
        else:
            out.append(Block(s.kind, tuple(Branch(lbl, _step_items(body)) for lbl, body in s.branches)))
    return tuple(out)


def flow_block(f: Flow) -> Block:
    """A flow drawn as the top-level block it is in the diagram."""
    return Block(f.kind, (Branch(f.name, _step_items(f.steps)),))


def flow_participants(f: Flow) -> tuple[str, ...]:
    """The participants a flow touches, in declaration order."""
    used: set[str] = set()
    for s in walk_steps(f.steps):
        if isinstance(s, Send):
            used.update((s.sender, s.receiver))
        elif isinstance(s, Remark):
            used.update(s.participants)
    return tuple(p for p in PARTICIPANT_NAMES if p in used)


def to_diagram(flows: tuple[Flow, ...] | None = None) -> Diagram:
    """The protocol (or just the chosen flows) as a sequence diagram value.

    The whole protocol is drawn with every participant and the group notes, as the seed is;
    a selection of flows is drawn with only the participants those flows touch.
    """
    if flows is None:
        participants = tuple(Participant(p) for p in PARTICIPANT_NAMES)
        groups: tuple[Item, ...] = tuple(Note("over", (g.first, g.last), g.name) for g in GROUPS)
        return Diagram(participants, groups + tuple(flow_block(f) for f in FLOWS))
    names: set[str] = set()
    for f in flows:
        names.update(flow_participants(f))
    participants = tuple(Participant(p) for p in PARTICIPANT_NAMES if p in names)
    return Diagram(participants, tuple(flow_block(f) for f in flows))
