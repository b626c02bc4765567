"""Where each participant lives in the model, and which model actions draw each diagram arrow.

Two kinds of facts:

- *Derived* (never kept by hand): the arrows each action draws come from the engines' own
  coverage map (`checker.protocol_model.label_arrows`), the function an action runs from
  `model.actions.TRANSITIONS`, the chain messages a function sends from the ``ChainMessage(...,
  "miner.CommitSector", ...)`` it builds, and the actor function that executes a chain message
  from `model.chain.execute`.
- *Declared here* (the docs' own table of contents of the model): which participant page shows
  which module, function and piece of state.  A module shared by two off-chain parties is split
  by the acting party, the first parameter after ``world``, ``sc`` and ``proofs`` (``client`` or
  ``provider``).  Anything a table forgets still appears (on the module's default page, or on
  the State page), and the tests check that every function, state class and world field is
  placed.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable

import attrs

from checker.docs import introspect
from checker.docs.introspect import FunctionDoc
from spec import protocol

RC, RP = "RetrievalClient", "RetrievalProvider"
SC, SP = "StorageClient", "StorageProvider"
SMA, PCA, BC = "StorageMarketActor", "PaymentChannelActor", "Blockchain"
BS, BP, SPC, SPA = "BlockSyncer", "BlockProducer", "StoragePowerConsensus", "StoragePowerActor"
SM, SMinA, SI, SPv, FP = "StorageMining", "StorageMinerActor", "SectorIndexing", "StorageProving", "FilProofs"
CLOCK, NET = "Clock", "libp2p"


@attrs.frozen
class ModulePlace:
    """Which participant page shows a module's functions."""

    default: str | None
    """The page for functions no other rule places; None: the module is infrastructure (API reference only)."""
    by_name: tuple[tuple[str, str], ...] = ()
    """(function name, participant) for functions that belong elsewhere."""
    by_party: tuple[tuple[str, str], ...] = ()
    """(acting parameter, participant): ``("client", "StorageClient")``."""


#: Model modules and the participant pages that show their functions.
MODULES: dict[str, ModulePlace] = {
    "model.retrieval": ModulePlace(RP, by_party=(("client", RC), ("provider", RP))),
    "model.storage_market": ModulePlace(SP, by_party=(("client", SC), ("provider", SP))),
    "model.collect": ModulePlace(SP, by_party=(("client", SC), ("provider", SP))),
    "model.market_actor": ModulePlace(SMA),
    "model.paych_actor": ModulePlace(PCA),
    "model.settlement": ModulePlace(PCA),
    "model.chain": ModulePlace(BC, by_name=(("tick", CLOCK), ("time_matters", CLOCK), ("produce_block", BP),
                                            ("miner_owner", BP))),
    "model.actions": ModulePlace(None, by_name=(("sync_block", BS), ("sync_outcome", BS), ("receipt", BS),
                                                ("_read_receipt", BS))),
    "model.adversary": ModulePlace(BC),
    "model.power_actor": ModulePlace(SPA),
    "model.mining": ModulePlace(SM, by_name=(("seal_sector", SPv),)),
    "model.miner_actor": ModulePlace(SMinA),
    "model.network": ModulePlace(NET),
    "model.proofs": ModulePlace(FP),
    "model.arith": ModulePlace(None),
    "model.errors": ModulePlace(None),
    "model.ledger": ModulePlace(None),
    "model.scenario": ModulePlace(None),
    "model.state": ModulePlace(None),
    "model.symmetry": ModulePlace(None),
}

#: Participants whose rules live in another participant's code, with where to look.
RULES_ELSEWHERE: dict[str, str] = {
    SPC: "Election is the first guard of `produce_block` (BlockProducer): only a miner with power produces a block.",
    SI: "Sector indexing runs inside StorageMining's `made_deal`: PackDealIntoSector picks the first empty "
        "sector, PackSector closes it and computes the PIP.",
    FP: "FilProofs is the proof port handed to the model with the scenario; the methods below are what the model "
        "asks of it.",
}

#: State classes of `model.state` and the participants whose state they are.
STATE_CLASSES: dict[str, tuple[str, ...]] = {
    "Voucher": (PCA, SC, RC), "Lane": (PCA,), "Channel": (PCA,), "SealOutputs": (SPv,),
    "CommittedSector": (SMinA,), "MinerActor": (SMinA,), "PowerActor": (SPA,), "ChainMessage": (BC,),
    "Envelope": (NET,), "StorageDeal": (SC, SP), "Sector": (SM, SI, SPv), "Retrieval": (RC, RP),
    "DealState": (SC, SP), "SectorState": (SM, SI, SPv), "RetrievalState": (RC, RP), "World": (),
}

#: Fields of `model.state.World` and the participants that hold them.
WORLD_FIELDS: dict[str, tuple[str, ...]] = {
    "epoch": (CLOCK,), "accounts": (BC,), "burned": (BC,), "minted": (BC, BP), "inflight": (NET,),
    "mempool": (BC, BP), "block": (BS,), "last_block_epoch": (BP,), "power": (SPA, SPC), "miner_actors": (SMinA,),
    "channels": (PCA,), "sectors": (SM, SI, SPv), "deals": (SC, SP), "retrievals": (RC, RP),
    "drops_left": (NET,), "duplicates_left": (NET,), "storage_faults_left": (SMinA,), "seal_faults_left": (SPv,),
    "adversary_left": (BC,), "genesis_supply": (BC,),
}

_CONTEXT_PARAMS = ("world", "sc", "proofs")

#: Actions that are adversarial moves (an honest party never takes them).
ADVERSARIAL_ACTIONS: frozenset[str] = frozenset({"Attack"})


def place(fn: FunctionDoc) -> str | None:
    """The participant page that shows a function (None: API reference only)."""
    where = MODULES.get(fn.module)
    if where is None:
        return None
    named = dict(where.by_name)
    if fn.name in named:
        return named[fn.name]
    acting = next((p for p in fn.params if p not in _CONTEXT_PARAMS), None)
    parties = dict(where.by_party)
    if acting in parties:
        return parties[acting]
    return where.default


@functools.cache
def functions_by_participant() -> dict[str, tuple[FunctionDoc, ...]]:
    """Each participant's functions (public ones, and private ones named in `MODULES`), in module order."""
    out: dict[str, list[FunctionDoc]] = {p: [] for p in protocol.PARTICIPANT_NAMES}
    for module in MODULES:
        named = dict(MODULES[module].by_name)
        for fn in introspect.functions(module):
            if not fn.public and fn.name not in named:
                continue
            who = place(fn)
            if who is not None:
                out.setdefault(who, []).append(fn)
    return {p: tuple(fns) for p, fns in out.items()}


@functools.cache
def page_of_function() -> dict[str, str]:
    """Qualified function name → the participant page that documents it."""
    return {fn.qualname: p for p, fns in functions_by_participant().items() for fn in fns}


def participant_of_module(module: str) -> tuple[str, ...]:
    """Every participant a module's functions appear under."""
    return tuple(dict.fromkeys(p for p, fns in functions_by_participant().items() for f in fns if f.module == module))


# --- Actions and arrows ---------------------------------------------------------------------------


@functools.cache
def action_functions() -> dict[str, str]:
    """Action name → qualified name of the model function it runs (`model.actions.TRANSITIONS`)."""
    from model.actions import TRANSITIONS

    out: dict[str, str] = {}
    for name, (fn, _) in TRANSITIONS.items():
        target = introspect.callable_target(fn)
        if target is not None:
            out[name] = target
    return out


def actions_of_function(qualname: str) -> tuple[str, ...]:
    """The action names that run a function."""
    return tuple(a for a, f in action_functions().items() if f == qualname)


@functools.cache
def chain_senders() -> dict[str, tuple[str, ...]]:
    """Chain message key → the qualified model functions that build a ``ChainMessage`` with it."""
    out: dict[str, list[str]] = {}
    for module in MODULES:
        tree = ast.parse(introspect.module_path(module).read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for sub in ast.walk(node):
                if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "ChainMessage"
                        and len(sub.args) >= 2 and isinstance(sub.args[1], ast.Constant)
                        and isinstance(sub.args[1].value, str)):
                    out.setdefault(sub.args[1].value, []).append(f"{module}.{node.name}")
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


@attrs.frozen
class Implementation:
    """How the model draws one arrow: the actions that take it, and the chain actor function if any."""

    actions: tuple[str, ...]
    """Action names (keys of `TRANSITIONS`), in the order they happen."""
    executed_by: str | None = None
    """For an arrow drawn when a block is applied: the actor function `chain.execute` runs."""
    chain_message: str | None = None
    """For such an arrow: the chain message key whose execution draws it."""
    note: str = ""


def _labels() -> Iterable[tuple[str, str | None]]:
    """Every coverage label worth asking about, with the chain message it stands for (if any)."""
    from model.actions import TRANSITIONS

    for name in TRANSITIONS:
        yield name, None
    for kind in ("deal", "pip", "sealed"):
        yield f"DealResponse[{kind}]", None
    keys = set(introspect.execute_dispatch()) | set(chain_senders())
    for key in sorted(keys):
        for outcome in ("ok", "1", "0"):
            yield f"SyncBlock[{key}={outcome}]", key


@functools.cache
def arrow_implementations() -> dict[tuple[str, str], tuple[Implementation, ...]]:
    """(flow key, arrow label) → how the model draws it, for every arrow some action draws."""
    from checker.protocol_model import label_arrows

    dispatch = introspect.execute_dispatch()
    senders = chain_senders()
    by_fn: dict[str, tuple[str, ...]] = {}
    for action, fn in action_functions().items():
        by_fn[fn] = (*by_fn.get(fn, ()), action)
    out: dict[tuple[str, str], list[Implementation]] = {}
    for label, chain_key in _labels():
        try:
            refs = label_arrows(label)
        except (KeyError, ValueError, IndexError):
            continue
        name = label.partition("[")[0]
        if chain_key is None:
            impl = Implementation((name,))
        else:
            sent_by = tuple(sorted((a for fn in senders.get(chain_key, ()) for a in by_fn.get(fn, ())),
                                   key=lambda a: a in ADVERSARIAL_ACTIONS))
            outcome = label.partition("=")[2].rstrip("]")
            note = {"1": "when VerifySeal returns 1", "0": "when VerifySeal returns 0"}.get(outcome, "")
            impl = Implementation((*sent_by, "SyncBlock"), dispatch.get(chain_key), chain_key, note)
        for ref in refs:
            found = out.setdefault(ref, [])
            key = (impl.actions, impl.executed_by)
            same = next((k for k, f in enumerate(found) if (f.actions, f.executed_by) == key), None)
            if same is None:
                found.append(impl)
            elif found[same].note != impl.note:
                found[same] = attrs.evolve(found[same], note="")  # drawn whatever the outcome
    return {ref: tuple(v) for ref, v in out.items()}


def implementations(flow_key: str, label: str) -> tuple[Implementation, ...]:
    """How the model draws one arrow of a flow (empty: no action draws it)."""
    return arrow_implementations().get((flow_key, label), ())
