"""The world: every participant's state, the network and the chain, as one immutable value.

All classes are frozen, slotted attrs classes.  Fields marked ``quantity`` hold amounts of
tokens, nonces, epochs or power: arithmetic flows through them and the Z3 prover replaces them
with solver integers.  Every other field is an identity or a phase (which party, which sector,
which lane, which state of a deal) and stays concrete.

Fields marked "ghost" are bookkeeping that no participant reads; they exist so invariants can
state what the protocol promises (what was absorbed by merges, what a collect paid out).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

Q = {"quantity": True}


def quantity(default: Any = attrs.NOTHING) -> Any:
    """A field holding a quantity (tokens, nonce, epoch, power): symbolic in proofs."""
    return attrs.field(default=default, metadata=Q)


TokenAmount = Any  # int, or a solver integer term in proofs
Epoch = Any
Nonce = Any
Power = Any


class DealState(enum.Enum):
    """Where a storage deal stands, in the 2019 spec's words (DealState enum)."""

    UNKNOWN = "unknown"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    STARTED = "started"
    FAILED = "failed"
    STAGED = "staged"
    SEALING = "sealing"
    COMPLETE = "complete"

    def __repr__(self) -> str:
        return f"DealState.{self.name}"


class SectorState(enum.Enum):
    """A sector as the miner's node sees it."""

    EMPTY = "empty"
    PACKED = "packed"
    """Pieces placed and PIPs computed (PackSector closes the sector)."""
    SEALED = "sealed"
    COMMITTING = "committing"
    """CommitSector sent to the chain, not yet executed."""
    COMMITTED = "committed"
    FAULTY = "faulty"
    """The sector's data was lost after commit (its power and collateral are gone)."""

    def __repr__(self) -> str:
        return f"SectorState.{self.name}"


class RetrievalState(enum.Enum):
    """Where a client's retrieval stands."""

    QUERYING = "querying"
    MIN_PRICE = "min_price"
    UNAVAILABLE = "unavailable"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    COMPLETE = "complete"

    def __repr__(self) -> str:
        return f"RetrievalState.{self.name}"


# --- Payment channels -------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Voucher:
    """A signed promise of payment on a payment channel (SignedVoucher)."""

    channel: int
    """The channel it is valid on."""
    lane: int
    """The lane of the channel it pays on."""
    nonce: Nonce = quantity()
    """Orders the vouchers of a lane: a lane accepts only a higher nonce."""
    amount: TokenAmount = quantity()
    """Cumulative amount owed on this lane (including merged lanes' redeemed amounts)."""
    signer: int = 0
    """The party whose signature it carries (ideal signature: the signer's identity)."""
    condition: int | None = None
    """A piece that must be proven (by PIP) to be in a committed sector of the payee, or None."""
    merges: tuple[int, ...] = ()
    """Lanes this voucher merges, each at this voucher's nonce."""
    time_lock: Epoch = quantity(0)
    """The voucher cannot be redeemed before this epoch."""
    min_settle_height: Epoch = quantity(0)
    """The channel cannot be collected before this epoch once the voucher is redeemed."""


@attrs.frozen(slots=True)
class Lane:
    """A lane of a payment channel: its last accepted voucher."""

    nonce: Nonce = quantity(0)
    """Nonce of the last voucher the lane accepted (0: none)."""
    redeemed: TokenAmount = quantity(0)
    """Amount of the last voucher the lane accepted (cumulative, in tokens)."""
    absorbed: TokenAmount = quantity(0)
    """Ghost: what merges took from this lane into another (Σ of its redeemed at each merge)."""


@attrs.frozen(slots=True)
class Channel:
    """PaymentChannelActor state of one channel from payer to payee."""

    payer: int
    """The party that funds the channel and signs vouchers."""
    payee: int
    """The party the vouchers pay."""
    funds: TokenAmount = quantity()
    """Tokens locked in the channel (its balance)."""
    to_send: TokenAmount = quantity(0)
    """What the channel owes the payee so far."""
    lanes: tuple[Lane, ...] = ()
    """One lane per piece (storage deals) and one for retrieval."""
    settling_at: Epoch = quantity(0)
    """Epoch from which the channel can be collected; 0 while not settling."""
    min_settle_height: Epoch = quantity(0)
    collected: bool = False
    paid_out: TokenAmount = quantity(0)
    """Ghost: what Collect paid the payee."""
    refunded: TokenAmount = quantity(0)
    """Ghost: what Collect returned to the payer."""


# --- Chain actors -----------------------------------------------------------------------------


@attrs.frozen(slots=True)
class SealOutputs:
    """What Seal returns: CommD, CommR and the proof (values of the proof port)."""

    comm_d: Any
    """The sector's data commitment (CommD, the UnsealedCID)."""
    comm_r: Any
    """The replica commitment (CommR, the SealedSectorCID)."""
    proof: Any
    """The proof of replication that VerifySeal checks."""


@attrs.frozen(slots=True)
class CommittedSector:
    """A sector in a StorageMinerActor's sector set."""

    sector: int
    """The sector number (SectorID), unique within the miner."""
    comm_d: Any
    """CommD as committed on chain: what PIPs are checked against."""
    comm_r: Any
    """CommR as committed on chain."""
    size: Power = quantity()
    """The sector's size in bytes: the power it adds while not faulty."""
    collateral: TokenAmount = quantity()
    """Storage collateral locked with the sector (tokens)."""
    faulty: bool = False
    """The sector's data was lost: no power, collateral slashed."""


@attrs.frozen(slots=True)
class MinerActor:
    """StorageMinerActor state of one miner."""

    owner: int
    """The party that owns the miner (its worker key signs for it)."""
    balance: TokenAmount = quantity()
    """Tokens the actor holds: pledge plus storage collateral of live sectors."""
    pledge: TokenAmount = quantity()
    slashed: TokenAmount = quantity(0)
    """Collateral taken for faults (burned)."""
    sectors: tuple[CommittedSector, ...] = ()
    """The committed sectors, by sector number."""


@attrs.frozen(slots=True)
class PowerActor:
    """StoragePowerActor state: registered miners, their power claims and the total."""

    miners: tuple[int, ...] = ()
    """Registered miners, as miner indices (providers first, then the genesis miner)."""
    claims: tuple[Power, ...] = quantity(())
    """Power claim of each registered miner, aligned with `miners`."""
    total: Power = quantity(0)
    """Total power: the sum of the claims."""


@attrs.frozen(slots=True)
class ChainMessage:
    """A message to a chain actor: sent by a party, carrying tokens, executed in a block."""

    sender: int
    """The party that signed and sent the message."""
    method: str
    """A message key of `spec.messages` (e.g. ``miner.CommitSector``)."""
    value: TokenAmount = quantity(0)
    """Tokens the message carries to the actor (returned if it fails)."""
    params: tuple[Any, ...] = ()
    """The method's parameters (identities, vouchers, seal info)."""


# --- Off-chain parties ------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Envelope:
    """An off-chain message in flight on libp2p."""

    sender: int
    """The sending party."""
    receiver: int
    """The receiving party."""
    message: str
    """A message key of `spec.messages`."""
    subject: int
    """The piece (storage) or client (retrieval) it is about."""
    outcome: str = ""
    """For replies drawn as alternatives: which one (Accepted, Rejected, MinPrice, ...)."""
    voucher: Voucher | None = None
    """The voucher the message carries, if any."""
    payload: Any = None
    """Other contents: the deal's PIP, sector and sealed sector CID where the message carries them."""


@attrs.frozen(slots=True)
class StorageDeal:
    """A storage deal for one piece, as its client and its provider know it."""

    piece: int
    """The piece the deal stores (index in the scenario's pieces)."""
    client: int
    """The client party."""
    provider: int
    """Provider index (0-based among providers)."""
    price: TokenAmount = quantity()
    """What the client pays for the deal (tokens), by the voucher below."""
    proposed_at: Epoch = quantity()
    """Epoch of the DealProposal; the deal fails if not sealed within the deal window."""
    voucher: Voucher | None = None
    """The PIP-conditioned voucher that came with the proposal (held by the provider once accepted)."""
    provider_state: DealState = DealState.UNKNOWN
    """The deal's state as the provider knows it."""
    client_state: DealState = DealState.UNKNOWN
    """The deal's state as the client last heard it."""
    sector: int | None = None
    """The provider's sector the piece was packed into, once packed."""
    pip: Any = None
    """The provider's piece inclusion proof (from PackSector)."""
    client_pip: Any = None
    """The client's copy of the PIP (from ClientQuery or the collect flow)."""
    client_sealed_cid: Any = None
    """CommR as the client learned it (ClientQuery after commit)."""
    reconcile_pending: bool = False
    """The client holds a ReconcileRequest it has not answered yet."""
    combined: Voucher | None = None
    """The combined voucher the provider received in ReconcileResponse."""
    paid: bool = False
    """The provider has redeemed a voucher for this deal on chain (by either path)."""


@attrs.frozen(slots=True)
class Sector:
    """A sector of a miner's node (StorageMining / SectorIndexing / StorageProving)."""

    state: SectorState = SectorState.EMPTY
    """Where the sector is in packing, sealing and committing."""
    pieces: tuple[int, ...] = ()
    """The pieces packed into it, in order."""
    seal: SealOutputs | None = None
    """Seal outputs once sealed."""
    seal_ok: bool = True
    """False when a sealing fault corrupted the replica (the proof will not verify)."""


@attrs.frozen(slots=True)
class Retrieval:
    """A client's retrieval of one of its pieces from a provider."""

    provider: int
    """The provider (index) the client retrieves from."""
    piece: int
    """The piece retrieved."""
    state: RetrievalState = RetrievalState.QUERYING
    """Where the retrieval stands, as the client knows it."""
    price: TokenAmount = quantity(0)
    """Price per chunk agreed in the retrieval DealProposal."""
    sent: int = 0
    """Chunks the provider has sent."""
    received: int = 0
    """Chunks the client has received."""
    paid: TokenAmount = quantity(0)
    """Cumulative amount of the client's latest payment voucher."""
    provider_paid: TokenAmount = quantity(0)
    """Cumulative amount of the latest valid voucher the provider holds."""
    voucher: Voucher | None = None
    """The latest payment voucher the provider holds."""
    provider_accepted: bool = False
    """The provider accepted the retrieval DealProposal (its view)."""
    redeemed: bool = False
    """The provider has submitted its latest voucher to the chain."""


@attrs.frozen(slots=True, cache_hash=True)
class World:
    """The whole protocol state at one moment."""

    epoch: Epoch = quantity(0)
    """The current epoch (the Clock)."""
    accounts: tuple[TokenAmount, ...] = quantity(())
    """Account balance of each party (clients, providers, genesis miner)."""
    burned: TokenAmount = quantity(0)
    """Tokens burned (slashed collateral)."""
    minted: TokenAmount = quantity(0)
    """Tokens minted as block rewards."""
    inflight: tuple[Envelope, ...] = ()
    """libp2p: off-chain messages sent and not yet delivered, in send order."""
    mempool: tuple[ChainMessage, ...] = ()
    """Chain messages waiting for a block."""
    block: tuple[ChainMessage, ...] = ()
    """Messages of the last produced block that the block syncer has not applied yet."""
    last_block_epoch: Epoch = quantity(-1)
    """Epoch of the last block produced (-1 before the first)."""
    power: PowerActor = PowerActor()
    """The StoragePowerActor."""
    miner_actors: tuple[MinerActor | None, ...] = ()
    """StorageMinerActor of each miner index, None before RegisterMiner."""
    channels: tuple[Channel | None, ...] = ()
    """PaymentChannelActor of each (client, provider) pair, None before CreateChannel."""
    sectors: tuple[tuple[Sector, ...], ...] = ()
    """Each provider's node's sectors."""
    deals: tuple[StorageDeal | None, ...] = ()
    """The storage deal of each piece, None before its DealProposal."""
    retrievals: tuple[Retrieval | None, ...] = ()
    """Each client's retrieval, None before its first Query or DealProposal."""
    drops_left: int = 0
    """Messages libp2p may still lose in this run (fault model)."""
    duplicates_left: int = 0
    """Messages libp2p may still deliver twice in this run (fault model)."""
    storage_faults_left: int = 0
    """Sectors that may still be lost in this run (fault model)."""
    seal_faults_left: int = 0
    """Seals that may still come out corrupt in this run (fault model)."""
    adversary_left: int = 0
    """Adversarial moves still allowed in this run."""
    genesis_supply: TokenAmount = quantity(0)
    """Ghost: the tokens that existed at genesis."""


def quantity_fields(cls: type) -> tuple[str, ...]:
    """Names of the quantity fields of a state class."""
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get("quantity"))
