"""The native proof port: the model's `ProofPort` with real CommP, CommD, PIPs, SDR seals and signatures.

`NativeProofs(scenario, seed)` answers every question the model asks of proofs by computing
the real thing, so a concrete run (`filspec simulate --proofs native`) carries real
commitments and checks real proofs on every arrow that has one:

- **Pieces.** Piece ``k`` of the scenario is random bytes drawn in order from
  ``random.Random(seed)``: its payload fills its padded size (padded size × 127/128 bytes).
  A piece the scenario does not list (only an adversary names one) gets a smallest piece
  (127 bytes) from ``random.Random("filspec {seed} piece {k}")``.  `comm_p` is the piece's
  real CommP, returned as its piece CID v1 (``baga6ea4seaq…``).
- **Sectors.** A model sector (256 or 512 bytes in the presets) maps onto a real 2 KiB sector
  (Filecoin's smallest) whose data holds the model sector's pieces in order, each at the next
  multiple of its own padded size as Filecoin aligns them, the rest zero-filled.  `pack_sector`
  returns that sector's real CommD (as a CID) and the real PIP of each piece against it.  Model
  sectors larger than 2 KiB are refused.
- **Seals.** `seal` runs the real 2 KiB SDR seal (StackedDrg2KiBV1_1) of that sector data:
  prover id = the ID-address payload of miner actor ``1000 + miner`` (left-aligned in 32
  bytes, as Filecoin makes it), sector id = the model's sector number, and ticket and
  interactive seed derived from the run seed: ``sha256("filspec ticket {seed} {miner}
  {sector}")`` and ``sha256("filspec seed {seed} {miner} {sector}")`` (Filecoin draws both from
  chain randomness, which the model has none of).  ``ok=False`` is a disk error while sealing:
  every replica node comes out one too large (in Fr), so the commit proof's encoding check
  fails at whatever nodes are challenged and VerifySeal answers 0.  CommR is the sealed CID.
  Seals are memoised by (miner, sector, CommD, ok), so the invariant that re-seals committed
  sectors stays cheap; VerifySeal (~0.2 s in Python) is memoised by its inputs.
- **Signatures.** Every party has a secp256k1 key (`Key.from_seed`, seeded by the run seed and
  the party).  The model's voucher names who signed it (``signer``); the port serializes it as
  Filecoin's SignedVoucher (channel address, lane, nonce, amount, time lock, min settle height,
  merges, and for a PIP-conditioned voucher an ``extra`` call on the market actor carrying the
  piece's CommP), has that party's key sign its signing bytes (once per voucher), and
  `verify_voucher` checks the signature against the expected signer's ``f1`` address.  A
  channel's address is the actor address (``f2``) derived from the run seed and the channel
  index.

`counts` tallies the real work done (cache hits are not work; they go to `cache_hits`).  A
verification counts under ``*_verified`` when it accepts and ``*_rejected`` when it rejects.
Verifiers never raise: anything malformed is simply rejected.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field

import cbor2

from model.scenario import Scenario
from model.state import SealOutputs, Voucher
from proofs_native import commp, fr32
from proofs_native.address import Address, new_actor_address, new_id_address
from proofs_native.cid import parse_piece_cid_v1, parse_sealed_cid, piece_cid_v1, sealed_cid
from proofs_native.commp import Piece, PieceCommitment, piece_offsets
from proofs_native.errors import ProofError
from proofs_native.pip import decode_proof, prove_inclusion, verify_inclusion
from proofs_native.porep.field import fr_add, fr_from_bytes, fr_to_bytes
from proofs_native.porep.graph import STACKED_DRG_2KIB_V1_1, porep_id_of
from proofs_native.porep.proof_format import proof_to_bytes
from proofs_native.porep.seal import (
    ReplicaConfig,
    SealedSector,
    SealPublicInputs,
    VanillaProof,
    seal_commit,
    seal_pre_commit,
    sealed_sector_from_replica,
    verify_seal,
)
from proofs_native.signing import Key, SigType
from proofs_native.voucher import Merge, ModVerifyParams, SignedVoucher, sign_voucher
from proofs_native.voucher import verify_voucher as check_voucher_signature
from spec.errors import InputError

#: The real sector a model sector maps onto: Filecoin's smallest, 2 KiB.
REAL_SECTOR_SIZE = 2048
#: The seal proof type of that sector (interactive PoRep, V1_1).
SEAL_PROOF = STACKED_DRG_2KIB_V1_1
#: Its porep_id.
POREP_ID = porep_id_of(SEAL_PROOF)
#: Miner index ``m`` is actor ``MINER_ACTOR_BASE + m`` (Filecoin numbers the first miner t01000).
MINER_ACTOR_BASE = 1000
#: The storage market actor (f05), which a PIP-conditioned voucher's ``extra`` calls.
MARKET_ACTOR = new_id_address(5)
#: Method number the ``extra`` call names (stands for the market actor's PIP check).
VERIFY_PIECE_METHOD = 2
#: Smallest padded piece, used for pieces the scenario does not list.
SMALLEST_PIECE = fr32.QUAD_PADDED

#: What a verifier rejects instead of raising (malformed values of any kind).
_MALFORMED = (ProofError, ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


@dataclass(frozen=True, slots=True)
class NativePIP:
    """A real piece inclusion proof as the model carries it: the fPIP wire bytes."""

    wire: bytes
    """`PieceInclusionProof.to_bytes()`: header, position and sibling roots."""

    def __repr__(self) -> str:
        return f"PIP({self.wire.hex()[:24]}…)"


@dataclass(frozen=True, slots=True)
class NativeSealProof:
    """A real vanilla seal proof; two are equal when their serialized bytes are."""

    digest: str
    """Hex sha256 of the proof's serialized bytes (what states compare and hash)."""
    vanilla: VanillaProof = field(compare=False, repr=False)
    """The proof itself: openings, columns and labels of every challenged node."""

    def __repr__(self) -> str:
        return f"SealProof({self.digest[:16]}…)"


def payload_size(padded_size: int) -> int:
    """A piece's payload fills its padded size: padded size × 127/128 bytes."""
    return padded_size // fr32.QUAD_PADDED * fr32.QUAD_UNPADDED


def prover_id(miner: int) -> bytes:
    """The prover id of miner index `miner`: its actor's ID-address payload, left-aligned in 32 bytes."""
    payload = new_id_address(MINER_ACTOR_BASE + miner).payload
    return payload + bytes(32 - len(payload))


def _randomness(kind: str, seed: int, miner: int, sector: int) -> bytes:
    """32 bytes standing for chain randomness: sha256 of the kind, run seed, miner and sector."""
    return hashlib.sha256(f"filspec {kind} {seed} {miner} {sector}".encode()).digest()


def corrupt_replica(replica: tuple[bytes, ...]) -> bytes:
    """A disk error while sealing: every replica node is one too large (still a field element)."""
    return b"".join(fr_to_bytes(fr_add(fr_from_bytes(node), 1)) for node in replica)


def sector_data(payloads: list[bytes], sizes: list[int]) -> bytes:
    """The Fr32 data of a real sector holding these pieces in order, aligned and zero-filled."""
    data = bytearray(REAL_SECTOR_SIZE)
    for offset, payload, size in zip(piece_offsets(sizes, REAL_SECTOR_SIZE), payloads, sizes, strict=True):
        data[offset : offset + size] = fr32.pad(payload + bytes(payload_size(size) - len(payload)))
    return bytes(data)


class NativeProofs:
    """The proof port with real primitives (see the module docstring for how the model maps onto them)."""

    def __init__(self, scenario: Scenario, seed: int = 0) -> None:
        if scenario.sector_size > REAL_SECTOR_SIZE:
            raise InputError(
                f"--proofs native seals 2 KiB sectors; scenario {scenario.name!r} has "
                f"{scenario.sector_size}-byte sectors",
                where="sector_size",
            )
        self.scenario = scenario
        self.seed = seed
        self.counts: Counter[str] = Counter()
        """Real operations performed: commitments, proofs made, verifications (accepted / rejected)."""
        self.cache_hits: Counter[str] = Counter()
        """Answers given from memory instead of recomputed."""
        rng = random.Random(seed)
        self._payloads = {k: rng.randbytes(payload_size(size)) for k, size in enumerate(scenario.pieces)}
        self._pieces: dict[int, PieceCommitment] = {}
        self._packed: dict[tuple[int, ...], tuple[str, tuple[NativePIP, ...]]] = {}
        self._sector_data: dict[str, bytes] = {}
        self._precommits: dict[tuple[int, int, str], SealedSector] = {}
        self._seals: dict[tuple[int, int, str, bool], SealOutputs] = {}
        self._seal_verdicts: dict[tuple[int, int, str, str, str], bool] = {}
        self._roots: dict[str, bytes] = {}
        self._keys: dict[int, tuple[Key, Address]] = {}
        self._signed: dict[Voucher, SignedVoucher] = {}

    # -- pieces ------------------------------------------------------------------------------

    def payload(self, piece: int) -> bytes:
        """The random payload of piece `piece` (see the module docstring)."""
        if piece not in self._payloads:
            rng = random.Random(f"filspec {self.seed} piece {piece}")
            self._payloads[piece] = rng.randbytes(payload_size(SMALLEST_PIECE))
        return self._payloads[piece]

    def piece(self, piece: int) -> PieceCommitment:
        """The real CommP of piece `piece` with its sizes (computed once)."""
        found = self._pieces.get(piece)
        if found is not None:
            self.cache_hits["comm_p"] += 1
            return found
        commitment = commp.comm_p(self.payload(piece))
        self.counts["comm_p"] += 1
        self._pieces[piece] = commitment
        return commitment

    def comm_p(self, piece: int) -> str:
        """The piece CID v1 of the piece's real CommP."""
        return self.piece(piece).cid

    # -- sectors and PIPs --------------------------------------------------------------------

    def pack_sector(self, miner: int, sector: int, pieces: tuple[int, ...]) -> tuple[str, tuple[NativePIP, ...]]:
        """Real CommD of the 2 KiB sector holding `pieces` in order, and each piece's real PIP."""
        found = self._packed.get(pieces)
        if found is not None:
            self.cache_hits["comm_d"] += 1
            return found
        infos = [self.piece(p) for p in pieces]
        placed = [Piece(info.padded_size, info.commitment) for info in infos]
        root = commp.comm_d(placed, REAL_SECTOR_SIZE)
        self.counts["comm_d"] += 1
        pips = tuple(NativePIP(prove_inclusion(placed, REAL_SECTOR_SIZE, n).to_bytes()) for n in range(len(placed)))
        self.counts["pip_made"] += len(pips)
        cid = piece_cid_v1(root)
        self._roots[cid] = root
        self._sector_data[cid] = sector_data([self.payload(p) for p in pieces], [i.padded_size for i in infos])
        self._packed[pieces] = (cid, pips)
        return cid, pips

    def verify_pip(self, comm_d: object, piece: int, pip: object) -> bool:
        """Real VerifyPIP: the proof's path leads from the piece's CommP, at its size, to CommD."""
        accepted = self._check_pip(comm_d, piece, pip)
        self.counts["pip_verified" if accepted else "pip_rejected"] += 1
        return accepted

    def _check_pip(self, comm_d: object, piece: int, pip: object) -> bool:
        """Whether `pip` verifies; anything malformed is rejected."""
        if not isinstance(pip, NativePIP) or not isinstance(comm_d, str):
            return False
        try:
            proof = decode_proof(pip.wire)
            info = self.piece(piece)
            return proof.sector_size == REAL_SECTOR_SIZE and verify_inclusion(
                proof, self._root(comm_d), info.commitment, piece_size=info.padded_size
            )
        except _MALFORMED:
            return False

    def _root(self, cid: str) -> bytes:
        """The 32-byte commitment of a CommP/CommD CID (those this port made are remembered)."""
        root = self._roots.get(cid)
        return root if root is not None else parse_piece_cid_v1(cid)

    # -- sealing -----------------------------------------------------------------------------

    def replica_config(self, miner: int, sector: int) -> ReplicaConfig:
        """What the miner seals `sector` under: porep_id, prover id, sector number and ticket."""
        return ReplicaConfig(POREP_ID, prover_id(miner), sector, _randomness("ticket", self.seed, miner, sector))

    def interactive_seed(self, miner: int, sector: int) -> bytes:
        """The seed that picks the commit proof's challenges."""
        return _randomness("seed", self.seed, miner, sector)

    def _pre_commit(self, miner: int, sector: int, comm_d: str) -> SealedSector:
        """The honest pre-commit of the packed sector whose CommD is `comm_d` (computed once)."""
        key = (miner, sector, comm_d)
        found = self._precommits.get(key)
        if found is not None:
            return found
        data = self._sector_data.get(comm_d)
        if data is None:
            raise ValueError(f"CommD {comm_d} is not a sector this port packed; Seal needs its data")
        sealed = seal_pre_commit(self.replica_config(miner, sector), data)
        if piece_cid_v1(sealed.comm_d) != comm_d:
            raise AssertionError(f"the sealed data's CommD {piece_cid_v1(sealed.comm_d)} is not the packed {comm_d}")
        self._precommits[key] = sealed
        return sealed

    def seal(self, miner: int, sector: int, comm_d: str, ok: bool = True) -> SealOutputs:
        """Real SDR Seal of the packed sector; with ``ok=False`` the replica is corrupt."""
        key = (miner, sector, comm_d, ok)
        found = self._seals.get(key)
        if found is not None:
            self.cache_hits["seal"] += 1
            return found
        sealed = self._pre_commit(miner, sector, comm_d)
        if not ok:
            sealed = sealed_sector_from_replica(sealed.config, b"".join(sealed.data), corrupt_replica(sealed.replica))
            self.counts["seal_corrupt"] += 1
        vanilla = seal_commit(sealed, self.interactive_seed(miner, sector))
        self.counts["seal"] += 1
        proof = NativeSealProof(hashlib.sha256(proof_to_bytes(vanilla)).hexdigest(), vanilla)
        outputs = SealOutputs(comm_d, sealed_cid(sealed.comm_r), proof)
        self._seals[key] = outputs
        return outputs

    def verify_seal(self, miner: int, sector: int, comm_d: object, comm_r: object, proof: object) -> bool:
        """Real VerifySeal of the vanilla proof against the sector's public inputs (memoised)."""
        if not (isinstance(proof, NativeSealProof) and isinstance(comm_d, str) and isinstance(comm_r, str)):
            self.counts["seal_rejected"] += 1
            return False
        key = (miner, sector, comm_d, comm_r, proof.digest)
        found = self._seal_verdicts.get(key)
        if found is not None:
            self.cache_hits["seal_verified" if found else "seal_rejected"] += 1
            return found
        accepted = self._check_seal(miner, sector, comm_d, comm_r, proof)
        self.counts["seal_verified" if accepted else "seal_rejected"] += 1
        self._seal_verdicts[key] = accepted
        return accepted

    def _check_seal(self, miner: int, sector: int, comm_d: str, comm_r: str, proof: NativeSealProof) -> bool:
        """Whether the proof verifies; anything malformed is rejected."""
        try:
            inputs = SealPublicInputs(
                porep_id=POREP_ID,
                prover_id=prover_id(miner),
                sector_id=sector,
                ticket=_randomness("ticket", self.seed, miner, sector),
                seed=self.interactive_seed(miner, sector),
                comm_d=self._root(comm_d),
                comm_r=parse_sealed_cid(comm_r),
            )
            return verify_seal(inputs, proof.vanilla)
        except _MALFORMED:
            return False

    # -- signatures --------------------------------------------------------------------------

    def _key_and_address(self, party: int) -> tuple[Key, Address]:
        """Party `party`'s secp256k1 key, seeded by the run seed and the party, and its f1 address."""
        found = self._keys.get(party)
        if found is None:
            key = Key.from_seed(SigType.SECP256K1, f"filspec {self.seed} party {party}".encode())
            found = self._keys[party] = (key, key.address)
        return found

    def key(self, party: int) -> Key:
        """Party `party`'s secp256k1 key."""
        return self._key_and_address(party)[0]

    def address(self, party: int) -> Address:
        """Party `party`'s f1 address."""
        return self._key_and_address(party)[1]

    def channel_address(self, channel: int) -> Address:
        """The f2 actor address of payment channel `channel`, derived from the run seed and the index."""
        return new_actor_address(f"filspec {self.seed} paych {channel}".encode())

    def signed_voucher(self, voucher: Voucher) -> SignedVoucher:
        """The model's voucher as Filecoin's SignedVoucher, signed by the party it names (once per voucher)."""
        found = self._signed.get(voucher)
        if found is not None:
            self.cache_hits["signature"] += 1
            return found
        extra = None
        if voucher.condition is not None:
            data = cbor2.dumps(self.piece(voucher.condition).commitment)
            extra = ModVerifyParams(MARKET_ACTOR, VERIFY_PIECE_METHOD, data)
        unsigned = SignedVoucher(
            channel_addr=self.channel_address(voucher.channel),
            time_lock_min=voucher.time_lock,
            extra=extra,
            lane=voucher.lane,
            nonce=voucher.nonce,
            amount=voucher.amount,
            min_settle_height=voucher.min_settle_height,
            merges=tuple(Merge(lane, voucher.nonce) for lane in voucher.merges),
        )
        signed = sign_voucher(unsigned, self.key(voucher.signer))
        self.counts["signature"] += 1
        self._signed[voucher] = signed
        return signed

    def verify_voucher(self, voucher: Voucher, signer: int) -> bool:
        """Real signature check: the voucher's signature recovers to party `signer`'s f1 address."""
        try:
            check_voucher_signature(self.signed_voucher(voucher), self.address(signer))
            accepted = True
        except _MALFORMED:
            accepted = False
        self.counts["signature_verified" if accepted else "signature_rejected"] += 1
        return accepted
