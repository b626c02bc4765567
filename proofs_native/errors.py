"""Typed rejections raised by `proofs_native`, all under one root, `ProofError`.

Leaves about something a user handed us (a CID string, an address, a proof's bytes, a size)
also subclass `spec.errors.InputError`, so the `filspec` command line prints them and exits
with code 2. Leaves that say "this does not verify" (`InvalidSignature`,
`InclusionProofMismatch`) are not input errors: the CLI maps them to exit code 1.
"""

from __future__ import annotations

from spec.errors import InputError


class ProofError(Exception):
    """Root of every rejection raised by `proofs_native`; names what is wrong and where."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        Exception.__init__(self, f"{where}: {message}" if where else message)


class InvalidPieceSize(ProofError, InputError):
    """A piece or sector size is not a power of two in the allowed range, or data has the wrong length."""


class PiecesDoNotFit(ProofError, InputError):
    """The pieces, aligned as Filecoin aligns them, need more room than the sector has."""


class InvalidFr32(ProofError, InputError):
    """Bytes claimed to be Fr32-padded have a 32-byte word whose top two bits are set."""


class InvalidCID(ProofError, InputError):
    """A string or bytes is not a CID, or not the kind of commitment CID that was expected."""


class InvalidAddress(ProofError, InputError):
    """A Filecoin address string or its bytes are malformed (protocol, payload, checksum, alphabet)."""


class MalformedProof(ProofError, InputError):
    """Serialized piece inclusion proof bytes are truncated or inconsistent."""


class InclusionProofMismatch(ProofError):
    """A well-formed piece inclusion proof does not lead from the piece to the given CommD."""


class MalformedVoucher(ProofError, InputError):
    """Voucher bytes are not the DAG-CBOR 11-tuple Filecoin uses, or a field has the wrong type."""


class MalformedSignature(ProofError, InputError):
    """Signature bytes have an unknown type byte, the wrong length, or do not decode to a curve point."""


class MalformedKey(ProofError, InputError):
    """A private or public key has the wrong length or is not a valid key of its curve."""


class InvalidSignature(ProofError):
    """A well-formed signature was not made by the claimed signer over these bytes."""
