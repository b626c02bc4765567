"""The proof port: how the model computes and checks commitments, proofs and signatures.

The model never computes a hash itself: it asks the port handed in with the run.  The ideal
port (`IdealProofs`) makes every commitment and proof a small tuple naming what it commits to,
so a proof is valid exactly when Seal (or PackSector) produced it for those inputs; this keeps
states small for checking.  The native port (`proofs_native`) computes real CommP, CommD, PIPs,
seals and signatures for concrete runs.
"""

from __future__ import annotations

from typing import Any, Protocol

from model.state import SealOutputs, Voucher


class ProofPort(Protocol):
    """What the model asks of proofs."""

    def comm_p(self, piece: int) -> Any:
        """The piece commitment (PieceCID) of a piece of the scenario."""
        ...

    def pack_sector(self, miner: int, sector: int, pieces: tuple[int, ...]) -> tuple[Any, tuple[Any, ...]]:
        """CommD of a sector holding `pieces` in order, and the PIP of each piece."""
        ...

    def verify_pip(self, comm_d: Any, piece: int, pip: Any) -> bool:
        """Whether `pip` proves `piece` is in the sector whose data commitment is `comm_d`."""
        ...

    def seal(self, miner: int, sector: int, comm_d: Any, ok: bool = True) -> SealOutputs:
        """Seal a sector; with ``ok=False`` the replica is corrupt (a sealing fault)."""
        ...

    def verify_seal(self, miner: int, sector: int, comm_d: Any, comm_r: Any, proof: Any) -> bool:
        """VerifySeal: 1 when `proof` proves `comm_r` seals `comm_d` for this miner and sector."""
        ...

    def verify_voucher(self, voucher: Voucher, signer: int) -> bool:
        """Whether the voucher carries a valid signature by party `signer` (its `signer` field names who signed)."""
        ...


class IdealProofs:
    """Ideal proofs: a proof is valid exactly when the honest procedure produced it."""

    def comm_p(self, piece: int) -> Any:
        return ("CommP", piece)

    def pack_sector(self, miner: int, sector: int, pieces: tuple[int, ...]) -> tuple[Any, tuple[Any, ...]]:
        comm_d = ("CommD", tuple(self.comm_p(p) for p in pieces))
        return comm_d, tuple(("PIP", comm_d, self.comm_p(p), n) for n, p in enumerate(pieces))

    def verify_pip(self, comm_d: Any, piece: int, pip: Any) -> bool:
        if not (isinstance(pip, tuple) and len(pip) == 4 and pip[0] == "PIP"):
            return False
        _, pip_comm_d, comm_p, position = pip
        pieces = comm_d[1] if isinstance(comm_d, tuple) and comm_d and comm_d[0] == "CommD" else ()
        return bool(
            pip_comm_d == comm_d
            and comm_p == self.comm_p(piece)
            and 0 <= position < len(pieces)
            and pieces[position] == comm_p
        )

    def seal(self, miner: int, sector: int, comm_d: Any, ok: bool = True) -> SealOutputs:
        comm_r = ("CommR", miner, sector, comm_d)
        proof = ("SealProof", miner, sector, comm_d, comm_r) if ok else ("CorruptSeal", miner, sector)
        return SealOutputs(comm_d, comm_r, proof)

    def verify_seal(self, miner: int, sector: int, comm_d: Any, comm_r: Any, proof: Any) -> bool:
        expected_r = ("CommR", miner, sector, comm_d)
        return bool(proof == ("SealProof", miner, sector, comm_d, comm_r) and comm_r == expected_r)

    def verify_voucher(self, voucher: Voucher, signer: int) -> bool:
        return voucher.signer == signer


IDEAL = IdealProofs()
