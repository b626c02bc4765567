"""Scenarios: who takes part, what they store, what they hold, and what may go wrong.

A scenario fixes the counts of each role, the pieces and their sizes, the sectors, initial
balances and the domains amounts are chosen from, the epoch bound, the fault model and the
adversary model.  It is a value (`Scenario`), loaded from a TOML file or taken from the built-in
presets (`tiny`, `default`, `adversarial`, `retrieval`, `deep`).  Values that differ from
Filecoin's real parameters (which are far too large to explore) are marked in `docs`.

Party numbering: clients are ``0..clients-1``; providers (storage miners, also retrieval
providers) come next; the last party is the genesis miner, which holds the preseal power that
lets the first blocks be produced.  Piece ``k`` belongs to client ``k % clients``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from spec.errors import InputError

#: Adversarial moves a scenario may enable, by name (see `model.adversary`).
ADVERSARY_MOVES: tuple[str, ...] = (
    "replay_voucher",  # a redeemed voucher submitted again
    "stale_nonce_voucher",  # a fresh voucher with a nonce equal to the lane's
    "wrong_channel_voucher",  # a voucher naming another channel between other parties
    "voucher_after_settle",  # a voucher submitted after the channel settled
    "negative_voucher",  # a voucher with a negative amount
    "double_redeem",  # the same payment redeemed directly and via the market actor
    "forged_seal",  # CommitSector with a seal proof never produced by Seal
    "other_sector_proof",  # CommitSector with the proof of another sector
    "wrong_pip",  # market RedeemVoucher with the PIP of another piece
    "recommit_sector",  # CommitSector for a sector already committed
    "claim_power",  # UpdatePower sent by a party that is not a miner actor
    "forged_signature",  # a voucher signed by someone other than the payer
)


@attrs.frozen
class FaultModel:
    """What the environment may do wrong, each bounded."""

    drops: int = 0
    """How many off-chain messages libp2p may lose in a run."""
    duplicates: int = 0
    """How many off-chain messages libp2p may deliver twice in a run."""
    reorder: bool = False
    """Whether libp2p may deliver messages out of the order they were sent."""
    storage_faults: int = 0
    """How many committed sectors may be lost (faulted, collateral slashed) in a run."""
    seal_faults: int = 0
    """How many seals may come out corrupt (a disk error while sealing), so VerifySeal returns 0."""


@attrs.frozen
class Scenario:
    """Everything that bounds a run of the model."""

    name: str = "custom"
    description: str = ""
    clients: int = 1
    providers: int = 1
    pieces: tuple[int, ...] = (256,)
    """Padded size in bytes of each piece (a power of two, at least 128)."""
    sector_size: int = 256
    """Padded bytes per sector (Filecoin's smallest real sector is 2 KiB: marked)."""
    sectors_per_miner: int = 1
    client_balance: int = 10
    provider_balance: int = 10
    genesis_power: int = 256
    """Preseal power of the genesis miner (bytes)."""
    pledge_collateral: int = 2
    """Minimum pledge to create a miner (real Filecoin: computed from network state: marked)."""
    collateral_per_sector: int = 1
    """Storage collateral per committed sector (collateral-for-power, simplified: marked)."""
    block_reward: int = 1
    deal_prices: tuple[int, ...] = (2,)
    """Prices a client may offer for a storage deal."""
    provider_min_price: int = 1
    """A provider rejects storage deals below this price."""
    channel_funds: tuple[int, ...] = (4,)
    """Amounts a client may lock in a payment channel."""
    retrieval: bool = True
    """Whether clients retrieve their pieces back (paid per interval)."""
    retrieval_prices: tuple[int, ...] = (1,)
    """Price per chunk a retrieval client may offer."""
    retrieval_min_price: int = 1
    chunks: int = 2
    """Chunks in a retrieved payload; one chunk is one payment interval."""
    settle_delay: int = 1
    """Epochs between Settle and Collect (Filecoin: 1440: marked)."""
    deal_window: int = 3
    """Epochs a provider has to commit a deal's sector before the deal fails."""
    max_epoch: int = 4
    """The clock stops here: the exploration bound on time."""
    faults: FaultModel = FaultModel()
    adversary: tuple[str, ...] = ()
    """Enabled adversarial moves (names from ADVERSARY_MOVES)."""
    adversary_budget: int = 1
    """How many adversarial moves may be made in one run."""

    @property
    def parties(self) -> int:
        return self.clients + self.providers + 1

    @property
    def genesis_miner(self) -> int:
        return self.clients + self.providers

    def provider_party(self, i: int) -> int:
        return self.clients + i

    def client_of_piece(self, piece: int) -> int:
        return piece % self.clients

    def validate(self, where: str = "scenario") -> Scenario:
        """Check ranges and relations; raise InputError naming the key."""

        def bad(key: str, why: str) -> InputError:
            return InputError(f"{key}: {why}", where=where)

        for key in ("clients", "providers", "sectors_per_miner", "chunks"):
            if getattr(self, key) < 1:
                raise bad(key, "must be at least 1")
        for key in (
            "client_balance",
            "provider_balance",
            "pledge_collateral",
            "collateral_per_sector",
            "block_reward",
            "provider_min_price",
            "retrieval_min_price",
            "settle_delay",
            "genesis_power",
        ):
            if getattr(self, key) < 0:
                raise bad(key, "must not be negative")
        if self.max_epoch < 1:
            raise bad("max_epoch", "must be at least 1")
        if not self.pieces:
            raise bad("pieces", "at least one piece is needed")
        for size in (*self.pieces, self.sector_size):
            if size < 128 or size & (size - 1):
                raise bad(
                    "pieces" if size in self.pieces else "sector_size",
                    f"{size} is not a power of two of at least 128 bytes",
                )
        if max(self.pieces) > self.sector_size:
            raise bad("pieces", f"a piece of {max(self.pieces)} bytes does not fit a {self.sector_size}-byte sector")
        for key in ("deal_prices", "channel_funds", "retrieval_prices"):
            values = getattr(self, key)
            if not values or any(v < 0 for v in values):
                raise bad(key, "must list at least one amount, none negative")
        unknown = sorted(set(self.adversary) - set(ADVERSARY_MOVES))
        if unknown:
            raise bad("adversary", f"unknown move {unknown[0]!r}; known: {', '.join(ADVERSARY_MOVES)}")
        f = self.faults
        if min(f.drops, f.duplicates, f.storage_faults, f.seal_faults) < 0:
            raise bad("faults", "bounds must not be negative")
        return self


PRESETS: dict[str, Scenario] = {
    "tiny": Scenario(
        name="tiny",
        description="One client, one provider, one piece, one sector; no retrieval. Seconds to exhaust.",
        retrieval=False,
        max_epoch=3,
        deal_window=1,
    ),
    "default": Scenario(
        name="default",
        description="One client and one provider through every flow of the diagram: storage deal, packing, "
        "sealing, commit, collection both ways, paid retrieval, settlement, a storage fault.",
        chunks=1,
        max_epoch=3,
        deal_window=2,
        faults=FaultModel(storage_faults=1, seal_faults=1),
    ),
    "adversarial": Scenario(
        name="adversarial",
        description="The tiny parties, but the provider tries every attack the actors' guards must stop "
                    "(one attack per run): replayed, stale, misdirected, late, negative and forged vouchers, "
                    "double redemption, forged and misattributed seals, wrong PIPs, recommits, power claims.",
        retrieval=False, max_epoch=3, deal_window=1,
        adversary=ADVERSARY_MOVES, adversary_budget=1,
    ),
    "lossy": Scenario(
        name="lossy",
        description="The tiny parties over a network that may lose one message and deliver one twice.",
        retrieval=False, max_epoch=3, deal_window=1,
        faults=FaultModel(drops=1, duplicates=1),
    ),
    "duo": Scenario(
        name="duo",
        description="One client choosing between two interchangeable providers: the scenario that shows "
                    "symmetry reduction (filspec check duo --symmetry).",
        providers=2, retrieval=False, max_epoch=2, deal_window=1,
    ),
    "retrieval": Scenario(
        name="retrieval",
        description="Paid retrieval in three chunks over a reordering network.",
        chunks=3,
        max_epoch=4,
        faults=FaultModel(reorder=True),
    ),
    "deep": Scenario(
        name="deep",
        description="Two clients, two providers, two pieces, two sectors each: too big to exhaust; "
        "for simulation and Hypothesis.",
        clients=2,
        providers=2,
        pieces=(256, 128),
        sectors_per_miner=2,
        sector_size=512,
        deal_prices=(1, 2),
        channel_funds=(3, 6),
        max_epoch=8,
        chunks=2,
        faults=FaultModel(drops=1, duplicates=1, reorder=True, storage_faults=1),
    ),
}

DEFAULT_SCENARIO = "default"

_SECTIONS: dict[str, tuple[str, ...]] = {
    "scenario": ("name", "description"),
    "roles": ("clients", "providers"),
    "pieces": ("sizes",),
    "sectors": ("size", "per_miner", "collateral", "genesis_power"),
    "tokens": (
        "client_balance",
        "provider_balance",
        "pledge_collateral",
        "block_reward",
        "deal_prices",
        "provider_min_price",
        "channel_funds",
    ),
    "retrieval": ("enabled", "prices", "min_price", "chunks"),
    "time": ("max_epoch", "settle_delay", "deal_window"),
    "faults": ("drops", "duplicates", "reorder", "storage_faults", "seal_faults"),
    "adversary": ("moves", "budget"),
}
_FIELD_OF: dict[tuple[str, str], str] = {
    ("pieces", "sizes"): "pieces",
    ("sectors", "size"): "sector_size",
    ("sectors", "per_miner"): "sectors_per_miner",
    ("sectors", "collateral"): "collateral_per_sector",
    ("retrieval", "enabled"): "retrieval",
    ("retrieval", "prices"): "retrieval_prices",
    ("retrieval", "min_price"): "retrieval_min_price",
    ("adversary", "moves"): "adversary",
    ("adversary", "budget"): "adversary_budget",
}


def _typed(value: Any, expected: Any, key: str, where: str) -> Any:
    if expected is bool:
        if not isinstance(value, bool):
            raise InputError(f"{key}: expected true or false, got {value!r}", where=where)
        return value
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{key}: expected a whole number, got {value!r}", where=where)
        return value
    if expected is str:
        if not isinstance(value, str):
            raise InputError(f"{key}: expected a string, got {value!r}", where=where)
        return value
    # a tuple of ints or of strings
    inner = int if expected == "ints" else str
    if not isinstance(value, list):
        raise InputError(f"{key}: expected a list, got {value!r}", where=where)
    return tuple(_typed(v, inner, f"{key}[{n}]", where) for n, v in enumerate(value))


_TYPES: dict[str, Any] = {
    "name": str,
    "description": str,
    "pieces": "ints",
    "deal_prices": "ints",
    "channel_funds": "ints",
    "retrieval_prices": "ints",
    "adversary": "strs",
    "retrieval": bool,
    "reorder": bool,
}


def from_mapping(data: Mapping[str, Any], where: str = "scenario") -> Scenario:
    """Build a scenario from parsed TOML; every unknown or ill-typed key is an InputError."""
    kwargs: dict[str, Any] = {}
    faults: dict[str, Any] = {}
    base = Scenario()
    for section, body in data.items():
        if section not in _SECTIONS:
            raise InputError(f"unknown section [{section}]; known: {', '.join(_SECTIONS)}", where=where)
        if not isinstance(body, Mapping):
            raise InputError(f"[{section}] must be a table", where=where)
        for key, value in body.items():
            if key not in _SECTIONS[section]:
                raise InputError(
                    f"[{section}] unknown key {key!r}; known: {', '.join(_SECTIONS[section])}", where=where
                )
            field: str = _FIELD_OF.get((section, str(key)), str(key))
            typed = _typed(value, _TYPES.get(field, int), f"{section}.{key}", where)
            if section == "faults":
                faults[field] = typed
            else:
                kwargs[field] = typed
    if "name" not in kwargs:
        kwargs["name"] = where
    try:
        scenario = attrs.evolve(base, faults=FaultModel(**faults), **kwargs)
    except TypeError as err:  # pragma: no cover - guarded by the key tables above
        raise InputError(str(err), where=where) from None
    return scenario.validate(where)


def load(path: str | Path) -> Scenario:
    """Read a scenario TOML file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such scenario file", where=str(p)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read scenario file: {err}", where=str(p)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"malformed TOML: {err}", where=str(p)) from None
    return from_mapping(data, where=str(p))


def resolve(name_or_path: str | None) -> Scenario:
    """A preset by name, or a scenario file by path (a name that is neither is an InputError)."""
    if name_or_path is None:
        return PRESETS[DEFAULT_SCENARIO]
    if name_or_path in PRESETS:
        return PRESETS[name_or_path]
    if name_or_path.endswith(".toml") or Path(name_or_path).exists():
        return load(name_or_path)
    raise InputError(f"unknown scenario {name_or_path!r}: not a preset ({', '.join(PRESETS)}) and not a .toml file")


def to_dict(sc: Scenario) -> dict[str, Any]:
    """A scenario as plain JSON-ready data (traces embed it, so they replay anywhere)."""
    return attrs.asdict(sc, recurse=True)


def from_dict(data: Mapping[str, Any], where: str = "scenario") -> Scenario:
    """The inverse of `to_dict`; an InputError names what is wrong."""
    try:
        fields = dict(data)
        faults = FaultModel(**fields.pop("faults", {}))
        for key in ("pieces", "deal_prices", "channel_funds", "retrieval_prices", "adversary"):
            if key in fields:
                fields[key] = tuple(fields[key])
        return Scenario(faults=faults, **fields).validate(where)
    except TypeError as err:
        raise InputError(f"not a scenario: {err}", where=where) from None
