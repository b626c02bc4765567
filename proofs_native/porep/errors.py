"""Typed rejections raised by the Stacked DRG PoRep primitives.

Every rejection of an input by a rule of the proof system is a leaf under `PorepError`, itself
under `proofs_native.errors.ProofError`, so a caller can tell "this value breaks rule X" apart from
a bug. `verify_seal` itself never raises for a bad proof: it answers False (the protocol's 0);
these errors are for malformed values. `MalformedProof` is also an `InputError`: the command line
prints it and exits with code 2.
"""

from __future__ import annotations

from proofs_native.errors import ProofError
from spec.errors import InputError


class PorepError(ProofError):
    """Root of every rejection raised by `proofs_native.porep`."""


class NotAFieldElement(PorepError):
    """32 bytes whose little-endian integer is not below the BLS12-381 scalar modulus."""


class BadLength(PorepError):
    """A byte string or list has the wrong length for the value it should encode."""


class UnsupportedSectorSize(PorepError):
    """A sector size this implementation does not seal (only 2 KiB and 8 MiB are known)."""


class UnsupportedProofType(PorepError):
    """A RegisteredSealProof that does not exist, or whose PoRep variant (synthetic, NI) is not sealed here."""


class UnsupportedArity(PorepError):
    """A Poseidon arity or Merkle-tree arity outside what the construction defines."""


class MalformedProof(PorepError, InputError):
    """A serialized vanilla proof that cannot be decoded (wrong version, missing keys, bad hex)."""
