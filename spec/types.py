"""The data types named in the diagram (Deal, PieceRef, PIP, SectorID, SealOutputs, Voucher, ...).

Each is a glossary entry: its name as the diagram writes it, what it is, and what it is made of
in the 2019 spec.  Message fields (`spec.messages`) refer to these names; a test checks that
every field type is defined here.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class DataType:
    """A named kind of value carried by messages."""

    name: str
    """As the diagram (or the 2019 spec text) writes it."""
    doc: str
    """What it is, in one or two sentences."""
    parts: tuple[str, ...] = ()
    """What it is made of (names of other data types or plain words), if composite."""


DATA_TYPES: tuple[DataType, ...] = (
    DataType("TokenAmount", "A quantity of FIL in attoFIL; never negative in any balance."),
    DataType("Epoch", "A chain height: the Clock's count of 30-second rounds since genesis."),
    DataType("Bytes", "A size in bytes."),
    DataType("Address", "A Filecoin address of an account or actor (ID, secp256k1, actor or BLS)."),
    DataType("PubKey", "A public key; the miner's worker key signs its chain messages."),
    DataType("CID", "A content identifier: a self-describing hash of a payload."),
    DataType("Piece", "The client's data to be stored: a byte string, Fr32-padded to a power of two."),
    DataType("PieceCID", "The piece commitment CommP as a CID (fil-commitment-unsealed, sha2-256-trunc254-padded)."),
    DataType(
        "PieceRef", "The provider's handle for a piece it holds locally, ready to be packed.", ("PieceCID", "Bytes")
    ),
    DataType("PieceID", "The identifier of a piece inside a deal: its PieceCID."),
    DataType(
        "Deal",
        "A storage deal both parties signed: which piece, which provider, the price, the duration "
        "and the payment channel that pays it.",
        ("PieceCID", "Bytes", "Address", "Address", "TokenAmount", "Epoch", "Address"),
    ),
    DataType(
        "DealState",
        "Where a storage deal stands (2019 spec): Unknown, Rejected, Accepted, Started, Failed, "
        "Staged, Sealing, Complete.",
    ),
    DataType("DealAccepted", "The DealState value 'accepted' as drawn in the DealResponse label."),
    DataType("SectorID", "A sector's number, unique per miner."),
    DataType(
        "PIP",
        "Piece inclusion proof: the Merkle path showing that a piece's CommP is a subtree of a sector's CommD.",
        ("PieceCID", "SectorID", "Bytes"),
    ),
    DataType("ReplicaCfg", "The sealing arguments: algorithm, sector size, partitions (SealArguments)."),
    DataType(
        "SealOutputs",
        "What sealing produces: CommD, CommR, the proof of replication and its auxiliary data.",
        ("CID", "CID", "SealProof"),
    ),
    DataType("SealProof", "A proof of replication binding CommD, CommR, the prover, the sector and the ticket."),
    DataType(
        "OnBlockchainSectorInfo",
        "The sector's on-chain commitment: SectorID, UnsealedCID (CommD), SealedCID (CommR) and the proof.",
        ("SectorID", "CID", "CID", "SealProof"),
    ),
    DataType("OnSectorInfo", "The part of OnBlockchainSectorInfo that VerifySeal checks (same fields)."),
    DataType("SealedSectorCID", "CommR as a CID (fil-commitment-sealed): the sealed sector's identity."),
    DataType("StorageCollateral", "Tokens a miner locks with a sector commitment, in proportion to its size."),
    DataType("PledgeCollateral", "Tokens a miner locks when it creates its miner actor."),
    DataType(
        "Voucher",
        "A signed promise of payment on a payment channel: lane, nonce, cumulative amount, time "
        "lock, minimum settle height, lanes it merges, and an optional condition.",
        ("Address", "Epoch", "TokenAmount", "SectorID", "Signature"),
    ),
    DataType("Signature", "A signature by the party that owes the payment, over the voucher's signing bytes."),
    DataType(
        "ReconcileRequest",
        "The provider's request to combine its vouchers for a deal into one (payment_channels.md).",
        ("Deal", "Voucher"),
    ),
    DataType(
        "ReconcileResponse",
        "The client's reply: one combined voucher that supersedes the vouchers it was asked for.",
        ("Voucher",),
    ),
    DataType("VerifyResult", "The result of a check drawn as {1,0}: 1 valid, 0 invalid."),
    DataType("PaymentInterval", "Bytes a retrieval provider sends before it waits for the next payment."),
)

DATA_TYPE_NAMES: frozenset[str] = frozenset(t.name for t in DATA_TYPES)
