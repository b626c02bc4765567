"""Every message of the protocol: those drawn in the diagram, and the documented extensions.

A message has a unique key (the diagram reuses words such as ``DealProposal`` and
``RedeemVoucher`` for different messages), its name as drawn, the text drawn on its arrow,
typed fields (types from `spec.types`), and, for replies drawn as a list of alternatives such as
``Accepted, Rejected``, its outcomes.  Extensions are messages the model needs for behaviour the
diagram leaves out (the clock, blocks, faults, channel settlement, paid retrieval); each says
where in Filecoin its rule comes from.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Field:
    """A typed field of a message."""

    name: str
    type: str
    """A name from `spec.types.DATA_TYPES`."""
    doc: str = ""


@attrs.frozen
class Message:
    """A message type of the protocol."""

    key: str
    """Unique identifier, e.g. ``storage.DealProposal``."""
    name: str
    """The message's name as the diagram writes it, e.g. ``DealProposal``."""
    fields: tuple[Field, ...]
    doc: str
    outcomes: tuple[str, ...] = ()
    """For a reply drawn as alternatives: each possible outcome (``Accepted``, ``Rejected``)."""
    in_diagram: bool = True
    """False for an extension the model adds beyond the diagram."""
    source: str = ""
    """For an extension: where in Filecoin its rule is taken from."""


def _f(name: str, type_: str | None = None, doc: str = "") -> Field:
    return Field(name, type_ or name, doc)


# --- RetrievalMarketSubsystem ---------------------------------------------------------------
RETRIEVAL_DEAL_PROPOSAL = Message(
    "retrieval.DealProposal",
    "DealProposal",
    (
        _f("PayloadCID", "CID", "what the client wants to retrieve"),
        _f("PricePerByte", "TokenAmount"),
        _f("PaymentInterval"),
        _f("PaymentChannel", "Address", "the channel the client pays through"),
    ),
    "The retrieval client proposes to retrieve a piece at a price, paid per interval.",
)
RETRIEVAL_DEAL_RESPONSE = Message(
    "retrieval.DealResponse",
    "DealResponse",
    (_f("Status", "DealState"), _f("PayloadCID", "CID")),
    "The retrieval provider accepts (and starts sending data) or rejects the proposal.",
    outcomes=("Accepted", "Rejected"),
)
QUERY = Message(
    "retrieval.Query",
    "Query",
    (_f("CID"),),
    "The retrieval client asks a provider whether it has a piece and at what price.",
)
QUERY_RESPONSE = Message(
    "retrieval.QueryResponse",
    "QueryResponse",
    (_f("Status", "DealState"), _f("MinPricePerByte", "TokenAmount"), _f("Size", "Bytes")),
    "The provider answers with its minimum price, or says the piece is unavailable.",
    outcomes=("MinPrice", "Unavail"),
)

# --- RegisterStorageMiner -------------------------------------------------------------------
CREATE_MINER = Message(
    "mining.CreateMiner",
    "CreateMiner",
    (_f("WorkerPubKey", "PubKey"), _f("PledgeCollateral")),
    "Storage mining decides to become a miner with a worker key and pledge collateral.",
)
REGISTER_MINER = Message(
    "power.RegisterMiner",
    "RegisterMiner",
    (_f("OwnerAddr", "Address"), _f("WorkerPubKey", "PubKey")),
    "A chain message to the power actor that creates a miner actor for the owner.",
)
STORAGE_MINER_ACTOR = Message(
    "power.RegisterMinerReturn",
    "StorageMinerActor",
    (_f("MinerAddr", "Address"),),
    "The power actor returns the new storage miner actor's address.",
)

# --- StorageMarketSubsystem -----------------------------------------------------------------
STORAGE_DEAL_PROPOSAL = Message(
    "storage.DealProposal",
    "DealProposal",
    (_f("Piece"), _f("PieceCID"), _f("Deal", "Deal", "the proposed terms")),
    "The storage client proposes a deal for a piece it holds (it knows Piece and PieceCID).",
)
DEAL_RESPONSE = Message(
    "storage.DealResponse",
    "DealResponse",
    (
        _f("DealAccepted", "DealState", "the deal's state, drawn as DealAccepted"),
        _f("Deal"),
        _f("PIP", "PIP", "once the piece is packed"),
        _f("SealedSectorCID", "SealedSectorCID", "once the sector is committed"),
    ),
    "The storage provider's signed answer about a deal: its state, and once known its PIP and sealed sector.",
    outcomes=("DealAccepted", "DealRejected"),
)
STORAGE_DEAL_QUERY = Message(
    "storage.StorageDealQuery",
    "StorageDealQuery",
    (_f("Deal"),),
    "The storage client asks the provider where its deal stands.",
)

# --- AddingDealToSector ---------------------------------------------------------------------
MADE_DEAL = Message(
    "mining.MadeDeal",
    "MadeDeal",
    (_f("Deal"), _f("PieceRef")),
    "The provider hands an accepted deal and its piece to storage mining.",
)
ADD_TO_SECTOR = Message(
    "indexing.AddToSector",
    "AddToSector",
    (_f("Deal"), _f("PieceRef")),
    "Storage mining asks sector indexing to place the deal's piece in a sector.",
)
PACK_DEAL_INTO_SECTOR = Message(
    "indexing.PackDealIntoSector",
    "PackDealIntoSector",
    (_f("Deal"), _f("SectorID")),
    "Sector indexing chooses a sector with room for the piece (aligned) and records it there.",
)
PACK_SECTOR = Message(
    "indexing.PackSector",
    "PackSector",
    (_f("SectorID"), _f("PIP")),
    "Sector indexing computes the piece inclusion proof of the piece in its sector.",
)
ADD_TO_SECTOR_RETURN = Message(
    "indexing.AddToSectorReturn",
    "SectorID",
    (_f("SectorID"),),
    "Sector indexing returns the sector the piece went into.",
)
DEAL_IN_SECTOR = Message(
    "mining.DealInSector",
    "DealInSector",
    (_f("Deal"), _f("PieceRef"), _f("PIP"), _f("SectorID")),
    "Storage mining tells the provider where the deal's piece is, with its PIP.",
)

# --- SealingSector / CommitSector -----------------------------------------------------------
SEAL_SECTOR = Message(
    "proving.SealSector",
    "SealSector",
    (_f("SectorID"), _f("ReplicaCfg")),
    "Storage mining asks storage proving to seal a full (or chosen) sector.",
)
SEAL = Message(
    "proving.Seal",
    "Seal",
    (_f("SectorID"), _f("ReplicaCfg"), _f("SealOutputs")),
    "Storage proving seals the sector: replicates it and proves the replication.",
)
SEAL_SECTOR_RETURN = Message(
    "proving.SealSectorReturn",
    "SealSectorReturn",
    (_f("SectorID"), _f("SealOutputs")),
    "Storage proving returns the sector with its seal outputs.",
)
COMMIT_SECTOR = Message(
    "miner.CommitSector",
    "CommitSector",
    (_f("SectorID"), _f("OnBlockchainSectorInfo"), _f("StorageCollateral")),
    "A chain message to the miner actor committing a sealed sector, with storage collateral.",
)
VERIFY_SEAL = Message(
    "proofs.VerifySeal",
    "VerifySeal",
    (_f("SectorID"), _f("OnSectorInfo")),
    "The miner actor asks the proofs subsystem to verify the seal proof.",
)
VERIFY_SEAL_RETURN = Message(
    "proofs.VerifySealReturn",
    "VerifySeal",
    (_f("Result", "VerifyResult"),),
    "The proofs subsystem answers 1 (valid) or 0 (invalid).",
    outcomes=("1", "0"),
)
UPDATE_STATE = Message(
    "miner.UpdateState",
    "Update State",
    (),
    "The miner actor adds the sector to its sector set and locks the storage collateral.",
)
UPDATE_POWER = Message(
    "power.UpdatePower",
    "UpdatePower",
    (_f("MinerAddr", "Address"),),
    "The miner actor tells the power actor to add the sector's size to the miner's power.",
)
COMMIT_SECTOR_RETURN = Message(
    "miner.CommitSectorReturn",
    "CommitSector",
    (_f("Result", "VerifyResult"),),
    "CommitSector returns 1 when the sector was committed, 0 when the seal did not verify.",
    outcomes=("1", "0"),
)

# --- StorageDealCollect ---------------------------------------------------------------------
RECONCILE_REQUEST = Message(
    "collect.ReconcileRequest",
    "ReconcileRequest",
    (_f("Deal"), _f("Voucher", "Voucher", "[Voucher]: a list")),
    "The provider asks the client to combine the deal's vouchers into one it can redeem.",
)
PIP_RESPONSE = Message(
    "storage.PIPResponse",
    "PIPResponse",
    (_f("PieceID"), _f("SectorID"), _f("PIP")),
    "The provider answers a client that lacks the PIP with the piece, its sector and the PIP.",
)
VERIFY_SECTOR_EXISTS = Message(
    "chain.VerifySectorExists",
    "VerifySectorExists",
    (_f("SectorID"),),
    "The client reads the chain to check that the sector is committed by the provider.",
)
VERIFY_PIP = Message(
    "collect.VerifyPIP",
    "VerifyPIP",
    (_f("SectorID"), _f("PIP")),
    "The client checks the PIP against the committed sector's CommD.",
)
SIGN_VOUCHERS = Message(
    "collect.SignVouchers",
    "SignVouchers",
    (_f("Voucher", "Voucher", "[Voucher]"), _f("ReconcileResponse")),
    "The client signs one combined voucher superseding the provider's vouchers.",
)
RECONCILE_RESPONSE = Message(
    "collect.ReconcileResponse",
    "ReconcileResponse",
    (_f("Voucher", "Voucher", "the combined voucher"),),
    "The client sends the combined voucher to the provider.",
)
REDEEM_VOUCHER = Message(
    "paych.RedeemVoucher",
    "RedeemVoucher",
    (_f("Voucher", "Voucher", "ReconcileResponse.Voucher"),),
    "The provider redeems the combined voucher on the payment channel actor.",
)
MARKET_REDEEM_VOUCHER = Message(
    "market.RedeemVoucher",
    "RedeemVoucher",
    (_f("Voucher"), _f("PIP")),
    "The provider redeems a PIP-conditioned voucher via the blockchain: the market actor checks "
    "the PIP against the committed sector before the payment channel pays.",
)

DIAGRAM_MESSAGES: tuple[Message, ...] = (
    RETRIEVAL_DEAL_PROPOSAL,
    RETRIEVAL_DEAL_RESPONSE,
    QUERY,
    QUERY_RESPONSE,
    CREATE_MINER,
    REGISTER_MINER,
    STORAGE_MINER_ACTOR,
    STORAGE_DEAL_PROPOSAL,
    DEAL_RESPONSE,
    STORAGE_DEAL_QUERY,
    MADE_DEAL,
    ADD_TO_SECTOR,
    PACK_DEAL_INTO_SECTOR,
    PACK_SECTOR,
    ADD_TO_SECTOR_RETURN,
    DEAL_IN_SECTOR,
    SEAL_SECTOR,
    SEAL,
    SEAL_SECTOR_RETURN,
    COMMIT_SECTOR,
    VERIFY_SEAL,
    VERIFY_SEAL_RETURN,
    UPDATE_STATE,
    UPDATE_POWER,
    COMMIT_SECTOR_RETURN,
    RECONCILE_REQUEST,
    PIP_RESPONSE,
    VERIFY_SECTOR_EXISTS,
    VERIFY_PIP,
    SIGN_VOUCHERS,
    RECONCILE_RESPONSE,
    REDEEM_VOUCHER,
    MARKET_REDEEM_VOUCHER,
)


def _ext(key: str, name: str, fields: tuple[Field, ...], doc: str, source: str) -> Message:
    return Message(key, name, fields, doc, in_diagram=False, source=source)


#: Behaviour beyond the arrows: every participant without arrows, and what Filecoin users expect.
EXTENSIONS: tuple[Message, ...] = (
    _ext(
        "clock.Tick",
        "Tick",
        (_f("Epoch"),),
        "The Clock advances the epoch by one.",
        "2019 spec: the clock drives epochs; every deadline below is an epoch",
    ),
    _ext(
        "libp2p.Deliver",
        "Deliver",
        (),
        "libp2p hands an in-flight off-chain message to its receiver.",
        "2019 spec: market and retrieval messages travel over libp2p streams",
    ),
    _ext(
        "libp2p.Drop",
        "Drop",
        (),
        "libp2p loses an in-flight message (fault model).",
        "network fault model of the scenario",
    ),
    _ext(
        "libp2p.Duplicate",
        "Duplicate",
        (),
        "libp2p delivers a copy of a message again (bounded).",
        "network fault model of the scenario",
    ),
    _ext(
        "chain.ProduceBlock",
        "ProduceBlock",
        (_f("Miner", "Address"), _f("Epoch")),
        "A miner with power, elected at this epoch, produces a block carrying the pending chain "
        "messages and receives the block reward.",
        "2019 spec BlockProduction / StoragePowerConsensus: election in proportion to power",
    ),
    _ext(
        "chain.SyncBlock",
        "SyncBlock",
        (_f("Epoch"),),
        "The block syncer applies a produced block's messages to the chain state, in order.",
        "2019 spec BlockReception / BlockSyncer",
    ),
    _ext(
        "paych.CreateChannel",
        "CreateChannel",
        (_f("From", "Address"), _f("To", "Address"), _f("Funds", "TokenAmount")),
        "A payer locks funds in a new payment channel to a payee.",
        "2019 vm_interpreter.md payment channel actor; builtin-actors paych Constructor",
    ),
    _ext(
        "paych.UpdateChannelState",
        "UpdateChannelState",
        (_f("Voucher"),),
        "The payee submits a signed voucher on chain; the channel records it (retrieval payments use it).",
        "builtin-actors paych UpdateChannelState",
    ),
    _ext(
        "paych.Settle",
        "Settle",
        (),
        "A party starts settling the channel; it can be collected after the settle delay.",
        "builtin-actors paych Settle (settling_at = max(now + SETTLE_DELAY, min_settle_height))",
    ),
    _ext(
        "paych.Collect",
        "Collect",
        (),
        "After settling, the payee receives what is owed and the payer the rest.",
        "builtin-actors paych Collect",
    ),
    _ext(
        "power.ClaimPower",
        "UpdatePower",
        (_f("MinerAddr", "Address"),),
        "An UpdatePower message sent from outside a miner actor (an adversary claiming power it never proved).",
        "specs-actors power actor: only a miner actor may update its claim",
    ),
    _ext(
        "miner.DeclareStorageFault",
        "DeclareStorageFault",
        (_f("SectorID"),),
        "A committed sector is lost: its power is removed and its storage collateral slashed (burned).",
        "2019 spec Storage Fault; specs-actors fault penalties",
    ),
    _ext(
        "retrieval.Block",
        "Block",
        (_f("Bytes"),),
        "The retrieval provider sends the next chunk of the payload (up to one payment interval).",
        "go-fil-markets retrieval: data sent in blocks, paid per interval",
    ),
    _ext(
        "retrieval.Payment",
        "Payment",
        (_f("Voucher"),),
        "The retrieval client pays for the data received so far with a voucher.",
        "go-fil-markets retrieval: payment per interval by voucher",
    ),
    _ext(
        "storage.DealFailed",
        "DealFailed",
        (_f("Deal"),),
        "A deal that was not sealed by its start epoch fails; the client may abort and close the channel.",
        "2019 spec Storage Deal Abort",
    ),
)

ALL_MESSAGES: tuple[Message, ...] = DIAGRAM_MESSAGES + EXTENSIONS
MESSAGES_BY_KEY: dict[str, Message] = {m.key: m for m in ALL_MESSAGES}
