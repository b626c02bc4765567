"""The Filecoin protocol model, seen through the engines' contract.

`ProtocolModel(scenario)` gives the engines what `checker.contract` asks for: initial states,
successors, properties (the invariant library bound to the scenario), and the optional hooks
(terminal states, action labels and JSON, state JSON, state diffs, rejections, fairness, and
traces drawn as Mermaid sequence diagrams with the spec's participants).  It also maps every
action to the diagram arrows it draws, which is what coverage counts.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from checker.contract import Property, Trace
from invariants import Ctx, Invariant, select
from model.actions import Action, initial, rejections, successors, sync_outcome
from model.chain import time_matters
from model.proofs import IDEAL, IdealProofs, ProofPort
from model.scenario import Scenario
from model.state import World
from model.symmetry import canonical, renamings
from spec import protocol
from spec.diagram import Arrow, Diagram, Item, Note, Participant
from spec.errors import InputError
from spec.mermaid import render
from spec.protocol import Send

ArrowRef = tuple[str, str]
"""A diagram arrow: (flow key, label as drawn)."""


def _find(flow_key: str, label: str) -> Send:
    for s in protocol.sends(protocol.flow(flow_key)):
        if s.label == label:
            return s
    raise KeyError(f"no arrow {label!r} in flow {flow_key}")


def _refs(flow_key: str, *labels: str) -> tuple[ArrowRef, ...]:
    for label in labels:
        _find(flow_key, label)  # fail at import if the spec changed
    return tuple((flow_key, label) for label in labels)


STATIC_ARROWS: dict[str, tuple[ArrowRef, ...]] = {
    "CreateMiner": _refs("RegisterStorageMiner", "CreateMiner(WorkerPubKey, PledgeCollateral)"),
    "DealProposal": _refs("StorageDealMake", "DealProposal"),
    "DealAccepted": _refs("StorageDealMake", "DealResponse,DealAccepted,Deal"),
    "DealRejected": _refs("StorageDealMake", "DealResponse,DealAccepted,Deal"),
    "MadeDeal": _refs(
        "AddingDealToSector",
        "MadeDeal(Deal,PieceRef)",
        "AddToSector(Deal, PieceRef)",
        "SectorID ← PackDealIntoSector(Deal)",
        "PIP ← PackSector(SectorID)",
        "SectorID",
        "DealInSector(Deal,PieceRef,PIP,SectorID)",
    ),
    "SealSector": _refs(
        "SealingSector",
        "SealSector(SectorID, ReplicaCfg)",
        "SealOutputs ← Seal(SectorID, ReplicaCfg)",
        "(SectorID,SealOutputs)",
    ),
    "ReconcileRequest": _refs("StorageDealCollect", "ReconcileRequest(Deal, [Voucher])"),
    "RequestPIP": _refs("StorageDealCollect", "StorageDealQuery(Deal)"),
    "SendPIP": _refs("StorageDealCollect", "PieceID, SectorID, PIP"),
    "SignVouchers": _refs(
        "StorageDealCollect",
        "VerifySectorExists(SectorID)",
        "VerifyPIP(SectorID, PIP)",
        "ReconcileResponse ← SignVouchers([Voucher])",
        "ReconcileResponse",
    ),
    "Query": _refs("RetrievalQuery", "Query(CID)"),
    "MinPrice": _refs("RetrievalQuery", "MinPrice, Unavail"),
    "Unavail": _refs("RetrievalQuery", "MinPrice, Unavail"),
    "RetrievalDealProposal": _refs("RetrievalDealMake", "DealProposal"),
    "Accepted": _refs("RetrievalDealMake", "Accepted, Rejected"),
    "Rejected": _refs("RetrievalDealMake", "Accepted, Rejected"),
}
STATIC_ARROWS["ReceivePIP"] = STATIC_ARROWS["SignVouchers"]

COMMIT_HEAD = _refs(
    "SealingSector",
    "CommitSector(SectorID, OnBlockchainSectorInfo, StorageCollateral)",
    "VerifySeal(SectorID, OnSectorInfo)",
    "{1,0} ← VerifySeal",
)
COMMIT_OK = _refs("SealingSector", "...Update State...", "UpdatePower(MinerAddr)", "1 ← CommitSector(.)")
COMMIT_FAIL = _refs("SealingSector", "0 ← CommitSector(.)")
REGISTER = _refs("RegisterStorageMiner", "RegisterMiner(OwnerAddr, WorkerPubKey)", "StorageMinerActor")
REDEEM_DIRECT = _refs("StorageDealCollect", "RedeemVoucher(ReconcileResponse.Voucher)")
REDEEM_MARKET = _refs("StorageDealCollect", "RedeemVoucher(Voucher, PIP)")

#: Which outcome words each action stands for, for the alt-branch part of coverage.
OUTCOMES: dict[str, str] = {
    "DealAccepted": "DealAccepted",
    "DealRejected": "DealRejected",
    "MinPrice": "MinPrice",
    "Unavail": "Unavail",
    "Accepted": "Accepted",
    "Rejected": "Rejected",
}

#: Actions that stand for behaviour beyond the diagram (documented extensions in spec.messages).
EXTENSION_OF: dict[str, str] = {
    "Tick": "clock.Tick",
    "ProduceBlock": "chain.ProduceBlock",
    "Drop": "libp2p.Drop",
    "Duplicate": "libp2p.Duplicate",
    "Discard": "libp2p.Deliver",
    "CreateChannel": "paych.CreateChannel",
    "Settle": "paych.Settle",
    "Collect": "paych.Collect",
    "DeclareStorageFault": "miner.DeclareStorageFault",
    "DealFailed": "storage.DealFailed",
    "SendBlock": "retrieval.Block",
    "ReceiveBlock": "retrieval.Payment",
    "ReceivePayment": "retrieval.Payment",
    "RedeemPayment": "paych.RedeemVoucher",
    "Attack": "power.ClaimPower",
    "ReceiveDealResponse": "libp2p.Deliver",
    "ReceiveQueryResponse": "libp2p.Deliver",
    "ReceiveRetrievalResponse": "libp2p.Deliver",
    "CommitSector": "miner.CommitSector",
    "RedeemVoucher": "paych.RedeemVoucher",
    "RedeemVoucherViaMarket": "market.RedeemVoucher",
    "SyncBlock": "chain.SyncBlock",
    "StorageDealQuery": "storage.StorageDealQuery",
    "DealResponse": "storage.DealResponse",
}


def label_of(action: Action) -> str:
    """The coverage label of an action: its name, with the outcome where the diagram draws alternatives.

    ``SyncBlock[miner.CommitSector=1,paych.RedeemVoucher=ok]`` names each message of the block
    and how it ended; ``DealResponse[pip]`` which answer the provider gave.  Labels are all the
    engines count, so arrow coverage can be computed from them, in any process.
    """
    if action.name == "SyncBlock":
        return "SyncBlock[" + ",".join(f"{m}={o}" for m, o in action.args) + "]"
    if action.name == "DealResponse":
        return f"DealResponse[{action.args[2]}]"
    return action.name


_ANSWER_ARROW = {
    "deal": ("StorageDealMake", "DealResponse,DealAccepted,Deal"),
    "pip": ("ClientQuery", "DealResponse,DealAccepted,Deal,PIP"),
    "sealed": ("ClientQuery#2", "DealResponse,DealAccepted,Deal,PIP,SealedSectorCID"),
}
_QUERY_ARROWS = tuple((flow, "StorageDealQuery") for flow in ("StorageDealMake", "ClientQuery", "ClientQuery#2"))


def label_arrows(label: str) -> tuple[ArrowRef, ...]:
    """The diagram arrows drawn by an action with this coverage label."""
    name, _, rest = label.partition("[")
    if name in STATIC_ARROWS:
        return STATIC_ARROWS[name]
    if name == "StorageDealQuery":
        return _QUERY_ARROWS
    if name == "DealResponse":
        return (_ANSWER_ARROW[rest.rstrip("]")],)
    if name == "SyncBlock":
        out: list[ArrowRef] = []
        for part in rest.rstrip("]").split(","):
            method, _, outcome = part.partition("=")
            if method == "power.RegisterMiner" and outcome == "ok":
                out.extend(REGISTER)
            elif method == "miner.CommitSector":
                out.extend(COMMIT_HEAD[:1])
                if outcome in ("1", "0"):
                    out.extend(COMMIT_HEAD[1:])
                    out.extend(COMMIT_OK if outcome == "1" else COMMIT_FAIL)
            elif method == "paych.RedeemVoucher" and outcome == "ok":
                out.extend(REDEEM_DIRECT)
            elif method == "market.RedeemVoucher" and outcome == "ok":
                out.extend(REDEEM_MARKET)
        return tuple(out)
    return ()


def arrows_of(action: Action) -> tuple[ArrowRef, ...]:
    """The diagram arrows an action draws."""
    return label_arrows(label_of(action))


def all_diagram_arrows() -> list[ArrowRef]:
    """Every arrow of the diagram as (flow key, label)."""
    return [(f.key, s.label) for f, s in protocol.all_sends()]


NONE_JSON = {"tag": "None", "value": {"#tup": []}}
"""How an absent value is written in JSON traces (Quint's encoding of Option's None in ITF)."""


def _jsonable(value: Any) -> Any:
    if value is None:
        return NONE_JSON
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {f.name: _jsonable(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


class ProtocolModel:
    """The protocol model for one scenario, bound to a proof port and a choice of invariants."""

    def __init__(
        self, scenario: Scenario, proofs: ProofPort = IDEAL, invariant_names: Sequence[str] | None = None,
        start: World | None = None,
    ) -> None:
        self.scenario = scenario
        self.proofs = proofs
        self.name = scenario.name
        self.ctx = Ctx(scenario, proofs)
        self.invariant_names = invariant_names
        self.start = start
        """The one initial state, when given (to replay or explore from a recorded state); else genesis."""
        # Symmetry renames the identities inside ideal proofs only: none with other proof ports.
        self._renames = renamings(scenario) if isinstance(proofs, IdealProofs) else []
        chosen = select(invariant_names)
        self._invariants: list[Invariant] = [i for i in chosen if i.applies_to(scenario)]
        self.not_applicable: list[Invariant] = [i for i in chosen if not i.applies_to(scenario)]

    # -- the contract ----------------------------------------------------------------------
    def initial_states(self) -> Iterable[World]:
        return [self.start if self.start is not None else initial(self.scenario)]

    def starting_at(self, start: World) -> ProtocolModel:
        """The same model (scenario, proofs, invariants) with `start` as its one initial state."""
        return ProtocolModel(self.scenario, self.proofs, self.invariant_names, start)

    def successors(self, state: World) -> Iterable[tuple[Action, World]]:
        return successors(state, self.scenario, self.proofs)

    def properties(self) -> Sequence[Property[World, Action]]:
        return [self.to_property(inv) for inv in self._invariants]

    def to_property(self, inv: Invariant) -> Property[World, Action]:
        """An invariant as an engine property, bound to this scenario."""
        ctx, pred = self.ctx, inv.predicate
        if inv.kind == "step":
            return Property(inv.name, "step", inv.statement, lambda b, a, s: pred(b, a, s, ctx))
        trigger = None
        if inv.trigger is not None:
            trig = inv.trigger
            trigger = lambda s: trig(s, ctx)  # noqa: E731
        return Property(inv.name, inv.kind, inv.statement, lambda s: pred(s, ctx), trigger)

    # -- hooks ------------------------------------------------------------------------------
    def is_terminal(self, state: World) -> bool:
        """A state with no move left is final: the time bound is reached, or everything is done."""
        return True

    def is_truncated(self, state: World) -> bool:
        """Whether the clock would tick here but for the scenario's last epoch (liveness: time goes on)."""
        return bool(state.epoch >= self.scenario.max_epoch and time_matters(state, self.scenario))

    def action_label(self, action: Action) -> str:
        return label_of(action)

    def canonical(self, state: World) -> World:
        """The representative of the state's orbit under renaming interchangeable providers (and clients)."""
        return canonical(state, self._renames)

    def describe_action(self, action: Action) -> str:
        """An action with its parameters, for printed traces (e.g. ``DealProposal(0, 0, 0, 2)``)."""
        return str(action)

    def action_labels(self) -> Sequence[str]:
        """Every action name the model has (for 'never taken' coverage)."""
        from model.actions import TRANSITIONS

        return sorted(n for n in TRANSITIONS if n not in ("SyncBlock", "DealResponse"))

    def guard_names(self) -> Sequence[str]:
        """Every guard rule of the chain actors (for 'never fired' coverage)."""
        from model import errors

        return sorted(
            n
            for n, v in vars(errors).items()
            if isinstance(v, type)
            and issubclass(v, errors.GuardFailed)
            and v is not errors.GuardFailed
            and n not in ("NotEnabled", "UnknownAction")
        )

    def fairness_class(self, action: Action) -> str:
        return action.name

    def state_to_json(self, state: World) -> Mapping[str, Any]:
        out: dict[str, Any] = _jsonable(state)
        return out

    def action_to_json(self, action: Action) -> Mapping[str, Any]:
        return {"name": action.name, "args": _jsonable(list(action.args))}

    def action_from_json(self, data: Mapping[str, Any]) -> Action:
        def tup(v: Any) -> Any:
            return tuple(tup(x) for x in v) if isinstance(v, list) else v

        return Action(str(data["name"]), tuple(tup(a) for a in data.get("args", [])))

    def rejections(self, state: World) -> Iterable[tuple[Action, str]]:
        return rejections(state, self.scenario, self.proofs)

    def diff(self, before: World, after: World) -> Sequence[str]:
        return diff_worlds(before, after)

    def trace_to_mermaid(self, trace: Trace[World, Action]) -> str:
        return render(trace_diagram(self, trace))


def state_to_repr(world: World) -> str:
    """A world as Python text that `state_from_repr` reads back exactly (traces carry their start this way)."""
    return repr(world)


def state_from_repr(text: str) -> World:
    """Read a world written by `state_to_repr`; only the model's state classes may appear in the text."""
    from model import state as st

    names = {n: v for n, v in vars(st).items() if isinstance(v, type) and v.__module__ == st.__name__}
    try:
        world = eval(text, {"__builtins__": {}}, names)  # no builtins: only the state classes can be named
    except Exception as err:
        raise InputError(f"not a recorded world: {type(err).__name__}: {err}") from None
    if not isinstance(world, World):
        raise InputError("not a recorded world")
    return world


def diff_worlds(before: Any, after: Any, path: str = "") -> list[str]:
    """The fields that differ between two states, as ``path: old → new`` lines."""
    if before == after:
        return []
    if attrs.has(type(before)) and type(before) is type(after):
        out: list[str] = []
        for f in attrs.fields(type(before)):
            out.extend(
                diff_worlds(getattr(before, f.name), getattr(after, f.name), f"{path}.{f.name}" if path else f.name)
            )
        return out
    if (
        isinstance(before, tuple)
        and isinstance(after, tuple)
        and len(before) == len(after)
        and not path.endswith(("inflight", "mempool", "block"))
    ):
        out = []
        for i, (x, y) in enumerate(zip(before, after, strict=True)):
            out.extend(diff_worlds(x, y, f"{path}[{i}]"))
        return out
    return [f"{path}: {_short(before)} → {_short(after)}"]


def _short(value: Any) -> str:
    text = repr(_jsonable(value))
    return text if len(text) <= 160 else text[:157] + "..."


def _party_name(sc: Scenario, party: int) -> str:
    if party < sc.clients:
        return f"c{party}"
    if party == sc.genesis_miner:
        return "genesis"
    return f"p{party - sc.clients}"


def trace_diagram(model: ProtocolModel, trace: Trace[World, Action]) -> Diagram:
    """A trace as a sequence diagram: each action's arrows with the spec's participants, extensions as notes."""
    sc = model.scenario
    items: list[Item] = []
    used: set[str] = set()
    for n, (action, _after) in enumerate(trace.steps, 1):
        refs = arrows_of(action)
        who = ", ".join(
            _party_name(sc, a) if isinstance(a, int) and name_is_party(action, k) else str(a)
            for k, a in enumerate(action.args)
            if not isinstance(a, tuple)
        )
        if refs:
            for flow_key, label in refs:
                send = _find(flow_key, label)
                items.append(
                    Arrow(send.sender, send.receiver, send.arrow, f"{n}. {label}" + (f" [{who}]" if who else ""))
                )
                used.update((send.sender, send.receiver))
        else:
            where = _extension_participant(action)
            used.add(where)
            detail = ", ".join(f"{m}→{o}" for m, o in action.args) if action.name == "SyncBlock" else who
            items.append(Note("over", (where,), f"{n}. {action.name}" + (f" ({detail})" if detail else "")))
    if trace.loop_start is not None:
        items.append(Note("over", ("Clock",), f"loop back to state {trace.loop_start}"))
        used.add("Clock")
    participants = tuple(Participant(p) for p in protocol.PARTICIPANT_NAMES if p in used)
    return Diagram(participants, tuple(items))


def name_is_party(action: Action, position: int) -> bool:
    """Whether an action's argument at `position` names a party (as opposed to an index)."""
    return action.name in ("Settle", "Collect") and position == 0


_EXTENSION_PARTICIPANT = {
    "Tick": "Clock",
    "ProduceBlock": "BlockProducer",
    "SyncBlock": "BlockSyncer",
    "Drop": "libp2p",
    "Duplicate": "libp2p",
    "CreateChannel": "PaymentChannelActor",
    "Settle": "PaymentChannelActor",
    "Collect": "PaymentChannelActor",
    "DeclareStorageFault": "StorageMinerActor",
    "DealFailed": "StorageClient",
    "SendBlock": "RetrievalProvider",
    "ReceiveBlock": "RetrievalClient",
    "ReceivePayment": "RetrievalProvider",
    "RedeemPayment": "RetrievalProvider",
    "Attack": "Blockchain",
    "CommitSector": "StorageMining",
    "RedeemVoucher": "StorageProvider",
    "RedeemVoucherViaMarket": "StorageProvider",
    "ReceiveDealResponse": "StorageClient",
    "ReceiveQueryResponse": "RetrievalClient",
    "ReceiveRetrievalResponse": "RetrievalClient",
}


def _extension_participant(action: Action) -> str:
    return _EXTENSION_PARTICIPANT.get(action.name, "libp2p")


def arrow_coverage(label_counts: Mapping[str, int]) -> dict[ArrowRef, int]:
    """How often each diagram arrow was drawn, from the engines' per-label transition counts."""
    counts: Counter[ArrowRef] = Counter({ref: 0 for ref in all_diagram_arrows()})
    for label, n in label_counts.items():
        for ref in label_arrows(label):
            counts[ref] += n
    return dict(counts)


def outcome_coverage(label_counts: Mapping[str, int]) -> dict[str, int]:
    """How often each alternative outcome drawn in the diagram was taken (Accepted/Rejected, 1/0, ...)."""
    out = {
        o: 0
        for o in (
            "DealAccepted",
            "DealRejected",
            "MinPrice",
            "Unavail",
            "Accepted",
            "Rejected",
            "VerifySeal=1",
            "VerifySeal=0",
            "Via Client",
            "Via Blockchain",
            "If Client Does Not Have PIP",
        )
    }
    for label, n in label_counts.items():
        name = label.partition("[")[0]
        if name in OUTCOMES:
            out[OUTCOMES[name]] += n
        if "miner.CommitSector=1" in label:
            out["VerifySeal=1"] += n
        if "miner.CommitSector=0" in label:
            out["VerifySeal=0"] += n
        if "paych.RedeemVoucher=ok" in label:
            out["Via Client"] += n
        if "market.RedeemVoucher=ok" in label:
            out["Via Blockchain"] += n
        if name == "RequestPIP":
            out["If Client Does Not Have PIP"] += n
    return out


__all__ = ["ProtocolModel", "arrow_coverage", "arrows_of", "label_of", "outcome_coverage", "sync_outcome"]
