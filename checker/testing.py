"""Property testing over the protocol model: Hypothesis strategies, profiles and a state machine.

This is the module users write their own property tests in.  It is called `checker.testing`
(not `checker.hypothesis`) because that is where people look for a package's test helpers
(`numpy.testing`, `django.test`), because it is about *testing the model* whatever engine
draws the examples, and because a module named ``hypothesis`` would read, in imports and
tracebacks, as if it were the Hypothesis library itself.

What it offers:

- strategies: `scenarios()` (small valid scenarios), `pieces()` and `piece_bytes(size)`,
  `vouchers()`, `deals()`, `actions(world, scenario)` (among the enabled ones), `traces()`
  and `worlds(scenario, max_steps)` (reachable by random enabled steps);
- `ProtocolMachine`, a `RuleBasedStateMachine` whose one rule takes an enabled action of the
  model and whose checks are the invariant library: every applicable ``always`` invariant
  after every step, every ``step`` invariant on every transition (or the ones named in
  `properties`, the user's own included); `protocol_machine(scenario, properties)` builds one;
- on a failure, the shrunk run, minimized further on the model (`minimize`), printed as the
  checker prints counterexamples (numbered steps with each state change, then a Mermaid
  sequence diagram), written as an ITF trace that ``filspec replay FILE`` re-runs, with the
  command that re-runs the test;
- Hypothesis settings profiles ``dev``, ``ci`` and ``deep``, chosen by the environment variable
  ``FILSPEC_HYPOTHESIS_PROFILE`` (default ``dev``; ``ci`` when ``CI`` is set).

One line gives a pytest test class::

    TestProtocol = protocol_machine("default").TestCase

The machine has one rule, ``step(choice)``, taking ``enabled[choice % len(enabled)]``: every
action of the model is reachable, the distribution follows the model's branching, and the
printed program (``state.step(choice=3)``) can be pasted.  Per-action rules with preconditions
were tried and shrank worse; so did choices stable under deletion (hash rings, rendezvous
hashing), which also skew which actions get drawn.  What Hypothesis cannot see is that a
``Tick`` could come later or two blocks could be one, because deleting a step shifts what later
indices mean; so a failing run is replayed on the model and minimized there, by cutting runs
of steps and moving single steps while the same invariant still fails.  On the doubled
UpdatePower mutation this finds the 12-step shortest run (proved by breadth-first search)
every time, where Hypothesis alone stops between 12 and 19.

The model package never imports Hypothesis; this module is the only bridge.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from checker.contract import Trace
from checker.itf import trace_to_itf, write_itf
from checker.protocol_model import ProtocolModel
from checker.reports import format_trace
from invariants import Ctx, Invariant, select
from model.actions import Action, initial, successors
from model.proofs import IDEAL, ProofPort
from model.scenario import ADVERSARY_MOVES, DEFAULT_SCENARIO, FaultModel, Scenario, resolve
from model.state import DealState, StorageDeal, Voucher, World
from spec.errors import InputError

__all__ = [
    "PROFILE_ENV",
    "TRACE_DIR_ENV",
    "PropertyViolation",
    "ProtocolMachine",
    "actions",
    "deals",
    "load_profile",
    "piece_bytes",
    "pieces",
    "profile_name",
    "protocol_machine",
    "register_profiles",
    "scenarios",
    "traces",
    "vouchers",
    "worlds",
]

# --- Settings profiles --------------------------------------------------------------------------

PROFILE_ENV = "FILSPEC_HYPOTHESIS_PROFILE"
"""Environment variable naming the Hypothesis profile to load (dev, ci or deep)."""
TRACE_DIR_ENV = "FILSPEC_TRACE_DIR"
"""Environment variable naming where failing runs' ITF traces go (default ``.hypothesis/filspec-traces``)."""
PROFILES: dict[str, settings] = {
    "dev": settings(max_examples=25, stateful_step_count=40, deadline=None),
    "ci": settings(max_examples=60, stateful_step_count=50, deadline=None, derandomize=True, print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow]),
    "deep": settings(max_examples=2000, stateful_step_count=200, deadline=None, print_blob=True,
                     suppress_health_check=[HealthCheck.too_slow]),
}
"""dev: a quick look while editing; ci: derandomized and bounded (same examples every run); deep: long hunts."""


def register_profiles() -> None:
    """Register the dev, ci and deep profiles with Hypothesis."""
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)


def profile_name() -> str:
    """The profile the environment asks for: FILSPEC_HYPOTHESIS_PROFILE, else ci under CI, else dev."""
    chosen = os.environ.get(PROFILE_ENV)
    if chosen:
        if chosen not in PROFILES:
            raise InputError(f"{PROFILE_ENV}={chosen!r}: unknown profile; known: {', '.join(PROFILES)}")
        return chosen
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return "ci" if in_ci else "dev"


def load_profile() -> str:
    """Register the profiles, load the one the environment asks for, and return its name."""
    register_profiles()
    name = profile_name()
    settings.load_profile(name)
    return name


register_profiles()


# --- Scenarios, pieces, vouchers and deals ------------------------------------------------------

PIECE_SIZES = (128, 256, 512)
"""Padded piece sizes the strategies draw (bytes): small, so runs stay fast."""


def pieces(max_size: int = 512) -> st.SearchStrategy[int]:
    """Padded piece sizes: powers of two from 128 bytes up to `max_size`."""
    sizes = [s for s in PIECE_SIZES if s <= max_size] or [128]
    return st.sampled_from(sizes)


def piece_bytes(size: int) -> st.SearchStrategy[bytes]:
    """Payloads whose padded piece size is exactly `size` (Fr32: 127 payload bytes per 128)."""
    if size < 128 or size & (size - 1):
        raise InputError(f"piece size {size} is not a power of two of at least 128 bytes")
    low = 0 if size == 128 else (size // 2) * 127 // 128 + 1
    return st.binary(min_size=low, max_size=size * 127 // 128)


@st.composite
def _scenarios(draw: st.DrawFn, max_parties: int, adversarial: bool, faults: bool) -> Scenario:
    """A small valid scenario (see `scenarios`)."""
    sizes = tuple(draw(st.lists(pieces(256), min_size=1, max_size=max_parties)))
    sector = draw(st.sampled_from([s for s in (256, 512) if s >= max(sizes)]))
    fault_model = FaultModel(
        drops=draw(st.integers(0, 1)), duplicates=draw(st.integers(0, 1)), reorder=draw(st.booleans()),
        storage_faults=draw(st.integers(0, 1)), seal_faults=draw(st.integers(0, 1)),
    ) if faults else FaultModel()
    moves = tuple(draw(st.lists(st.sampled_from(ADVERSARY_MOVES), max_size=3, unique=True))) if adversarial else ()
    return Scenario(
        name="hypothesis",
        description="drawn by checker.testing.scenarios()",
        clients=draw(st.integers(1, max_parties)),
        providers=draw(st.integers(1, max_parties)),
        pieces=sizes,
        sector_size=sector,
        sectors_per_miner=draw(st.integers(1, 2)),
        client_balance=draw(st.integers(4, 12)),
        provider_balance=draw(st.integers(2, 12)),
        deal_prices=tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=2, unique=True))),
        channel_funds=tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=2, unique=True))),
        retrieval=draw(st.booleans()),
        chunks=draw(st.integers(1, 3)),
        max_epoch=draw(st.integers(2, 5)),
        faults=fault_model,
        adversary=moves,
    ).validate("scenarios()")


def scenarios(*, max_parties: int = 2, adversarial: bool = False, faults: bool = True) -> st.SearchStrategy[Scenario]:
    """Small valid scenarios: up to `max_parties` clients, providers and pieces, short clocks, few faults."""
    return _scenarios(max_parties, adversarial, faults)


def vouchers(scenario: Scenario | str | None = None) -> st.SearchStrategy[Voucher]:
    """Vouchers on the scenario's channels and lanes (any amount, nonce or condition, valid or not)."""
    sc = _scenario(scenario)
    channels = sc.clients * sc.providers
    return st.builds(
        Voucher,
        channel=st.integers(0, channels - 1),
        lane=st.integers(0, len(sc.pieces)),
        nonce=st.integers(0, 5),
        amount=st.integers(-1, max(sc.channel_funds) + 1),
        signer=st.integers(0, sc.parties - 1),
        condition=st.none() | st.integers(0, len(sc.pieces) - 1),
        merges=st.lists(st.integers(0, len(sc.pieces)), max_size=2, unique=True).map(tuple),
        time_lock=st.integers(0, sc.max_epoch),
        min_settle_height=st.integers(0, sc.max_epoch),
    )


@st.composite
def _deals(draw: st.DrawFn, sc: Scenario) -> StorageDeal:
    """A storage deal of the scenario (see `deals`)."""
    piece = draw(st.integers(0, len(sc.pieces) - 1))
    client = sc.client_of_piece(piece)
    provider = draw(st.integers(0, sc.providers - 1))
    price = draw(st.sampled_from(sc.deal_prices))
    voucher = Voucher(client * sc.providers + provider, piece, 1, price, signer=client, condition=piece)
    return StorageDeal(
        piece, client, provider, price, draw(st.integers(0, sc.max_epoch)), voucher,
        provider_state=draw(st.sampled_from(DealState)), client_state=draw(st.sampled_from(DealState)),
        sector=draw(st.none() | st.integers(0, sc.sectors_per_miner - 1)),
    )


def deals(scenario: Scenario | str | None = None) -> st.SearchStrategy[StorageDeal]:
    """Storage deals as DealProposal makes them (piece, its client, a provider, a price, the voucher), in any state."""
    return _deals(_scenario(scenario))


# --- Actions, traces and reachable worlds -------------------------------------------------------


def _scenario(scenario: Scenario | str | None) -> Scenario:
    """A scenario value from a preset name, a TOML path, a value or None (the default preset)."""
    return scenario if isinstance(scenario, Scenario) else resolve(scenario)


def actions(world: World, scenario: Scenario | str | None = None, proofs: ProofPort = IDEAL) -> st.SearchStrategy[
        Action]:
    """An action enabled in `world` (nothing, if no action is: the example is then discarded)."""
    enabled = [a for a, _ in successors(world, _scenario(scenario), proofs)]
    return st.sampled_from(enabled) if enabled else st.nothing()


@st.composite
def _traces(draw: st.DrawFn, sc: Scenario, max_steps: int, proofs: ProofPort) -> Trace[World, Action]:
    """A run from the initial world (see `traces`)."""
    world = initial(sc)
    steps: list[tuple[Action, World]] = []
    for _ in range(draw(st.integers(0, max_steps))):
        succ = list(successors(world, sc, proofs))
        if not succ:
            break
        action, world = succ[draw(st.integers(0, len(succ) - 1))]
        steps.append((action, world))
    return Trace(initial(sc), tuple(steps))


def traces(scenario: Scenario | str | None = None, max_steps: int = 20,
           proofs: ProofPort = IDEAL) -> st.SearchStrategy[Trace[World, Action]]:
    """Runs of the model: up to `max_steps` enabled actions from the initial world, each with its next world."""
    return _traces(_scenario(scenario), max_steps, proofs)


def worlds(scenario: Scenario | str | None = None, max_steps: int = 20,
           proofs: ProofPort = IDEAL) -> st.SearchStrategy[World]:
    """Reachable worlds: the last world of a run of at most `max_steps` enabled actions."""
    return traces(scenario, max_steps, proofs).map(lambda t: t.states[-1])


# --- The state machine --------------------------------------------------------------------------

CHOICES = 2**16
"""The rule draws a number below this; the action taken is ``enabled[choice % len(enabled)]``."""


def _pick(enabled: list[tuple[Action, World]], choice: int) -> tuple[Action, World]:
    """The enabled action numbered `choice` (modulo their count), with its next world."""
    return enabled[choice % len(enabled)]


class PropertyViolation(AssertionError):
    """A property of the invariant library fails on a run of the state machine."""


@attrs.frozen
class _Binding:
    """A machine class's scenario, its checks and the protocol model that prints its traces."""

    scenario: Scenario
    ctx: Ctx
    always: tuple[Invariant, ...]
    step: tuple[Invariant, ...]
    model: ProtocolModel


_BINDINGS: dict[type[Any], _Binding] = {}


def _chosen(wanted: Sequence[str | Invariant] | None) -> list[Invariant]:
    """The invariants a machine checks: the named or given ones, or the whole library."""
    if wanted is None:
        return [i for i in select(None) if i.kind in ("always", "step")]
    if isinstance(wanted, str):
        raise InputError(f"properties must be a list of names, not the string {wanted!r}")
    chosen = [w if isinstance(w, Invariant) else select([w])[0] for w in wanted]
    for inv in chosen:
        if inv.kind not in ("always", "step"):
            raise InputError(f"invariant {inv.name!r} is a {inv.kind} property; the state machine checks "
                             "always and step invariants (use `filspec check` for sometimes and eventually)")
    return chosen


def _bind(cls: type[ProtocolMachine]) -> _Binding:
    """Resolve a machine class's scenario and properties once."""
    binding = _BINDINGS.get(cls)
    if binding is None:
        sc = _scenario(cls.scenario)
        chosen = [i for i in _chosen(cls.properties) if i.applies_to(sc)]
        binding = _Binding(
            sc, Ctx(sc, cls.proofs),
            tuple(i for i in chosen if i.kind == "always"), tuple(i for i in chosen if i.kind == "step"),
            ProtocolModel(sc, cls.proofs),
        )
        _BINDINGS[cls] = binding
    return binding


def _is_final() -> bool:
    """Whether Hypothesis is replaying the final (shrunk) example, or no Hypothesis run is under way."""
    try:
        return bool(current_build_context().is_final)
    except InvalidArgument:
        return True


class ProtocolMachine(RuleBasedStateMachine):
    """The protocol model as a Hypothesis state machine: take enabled actions, check the invariants.

    Subclass it and set `scenario` (a preset name, a TOML path or a `Scenario`) and `properties`
    (invariant names or `Invariant` values; None: every applicable always and step invariant),
    then use ``MyMachine.TestCase`` as a pytest test class.
    """

    scenario: ClassVar[Scenario | str] = DEFAULT_SCENARIO
    """The scenario the machine runs (preset name, TOML path or value)."""
    properties: ClassVar[Sequence[str | Invariant] | None] = None
    """The invariants to check (names or values); None: the whole library that applies."""
    proofs: ClassVar[ProofPort] = IDEAL
    """The proof port the model runs with."""

    def __init__(self) -> None:
        super().__init__()
        self.binding = _bind(type(self))
        self.world: World = initial(self.binding.scenario)
        self.steps: list[tuple[Action, World]] = []
        self._enabled: list[tuple[Action, World]] | None = None
        self._checked: World | None = None

    def enabled(self) -> list[tuple[Action, World]]:
        """The enabled actions of the current world, each with the world it leads to."""
        if self._enabled is None:
            b = self.binding
            self._enabled = list(successors(self.world, b.scenario, b.ctx.proofs))
        return self._enabled

    @rule(choice=st.integers(min_value=0, max_value=CHOICES - 1))
    def step(self, choice: int) -> None:
        """Take the enabled action numbered `choice` (modulo their count); a final world stays put."""
        enabled = self.enabled()
        if not enabled:
            return
        action, after = _pick(enabled, choice)
        before, self.world, self._enabled = self.world, after, None
        self.steps.append((action, after))
        for inv in self.binding.step:
            if not inv.predicate(before, action, after, self.binding.ctx):
                self.fail(inv)

    @invariant()
    def check_invariants_hold(self) -> None:
        """Every chosen always invariant holds in the current world."""
        if self._checked is self.world:  # a final world the last step left as it was
            return
        self._checked = self.world
        for inv in self.binding.always:
            if not inv.predicate(self.world, self.binding.ctx):
                self.fail(inv)

    def trace(self) -> Trace[World, Action]:
        """The run so far, from the initial world."""
        return Trace(initial(self.binding.scenario), tuple(self.steps))

    def fail(self, inv: Invariant) -> None:
        """Raise PropertyViolation; on the final (shrunk) example, with the full report and an ITF file."""
        if not _is_final():
            raise PropertyViolation(f"{inv.name} fails after {len(self.steps)} steps")
        shrunk = self.trace()
        minimal = minimize(self.binding, inv, shrunk)
        raise PropertyViolation(failure_report(self.binding.model, inv, minimal, shrunk_steps=len(shrunk)))


def protocol_machine(scenario: Scenario | str = DEFAULT_SCENARIO, properties: Sequence[str | Invariant] | None = None,
                     *, proofs: ProofPort = IDEAL, name: str | None = None) -> type[ProtocolMachine]:
    """A ProtocolMachine subclass for `scenario` checking `properties` (None: the whole applicable library)."""
    label = scenario.name if isinstance(scenario, Scenario) else Path(scenario).stem
    title = name or "Protocol" + "".join(part.capitalize() for part in label.replace("-", "_").split("_"))
    machine = type(title, (ProtocolMachine,), {"scenario": scenario, "properties": properties, "proofs": proofs,
                                               "__module__": __name__})
    _bind(machine)  # fail now, at import of the test module, on an unknown scenario or invariant
    return machine


# --- Minimal traces -----------------------------------------------------------------------------

MAX_CUT = 8
"""The longest run of consecutive steps `minimize` tries to cut at once."""
MINIMIZE_SECONDS = 20.0
"""Time `minimize` may take; past it, the shortest run found so far is reported."""


class _Replayer:
    """Replays action sequences from genesis against one invariant, remembering each world's successors."""

    def __init__(self, binding: _Binding, inv: Invariant) -> None:
        self.binding, self.inv = binding, inv
        self.memo: dict[World, list[tuple[Action, World]]] = {}
        self.deadline = time.monotonic() + MINIMIZE_SECONDS

    def out_of_time(self) -> bool:
        """Whether the minimization budget is spent."""
        return time.monotonic() > self.deadline

    def enabled(self, world: World) -> list[tuple[Action, World]]:
        """The enabled actions of `world` with their next worlds (computed once per world)."""
        found = self.memo.get(world)
        if found is None:
            found = self.memo[world] = list(successors(world, self.binding.scenario, self.binding.ctx.proofs))
        return found

    def broken(self, before: World, action: Action, after: World) -> bool:
        """Whether the step from `before` to `after` (or the world `after`) breaks the invariant."""
        ctx = self.binding.ctx
        if self.inv.kind == "step":
            return not self.inv.predicate(before, action, after, ctx)
        return not self.inv.predicate(after, ctx)

    def violation(self, actions: Sequence[Action]) -> Trace[World, Action] | None:
        """The run of `actions` up to the first step breaking the invariant; None if no step does.

        An action no longer enabled as recorded is replaced by the only enabled action of the same
        name, if there is exactly one (a SyncBlock whose block now holds other messages), and is
        skipped otherwise (so a cut or a move may drop further steps that depended on it).
        """
        world = start = initial(self.binding.scenario)
        steps: list[tuple[Action, World]] = []
        for wanted in actions:
            enabled = self.enabled(world)
            match = [s for s in enabled if s[0] == wanted] or [s for s in enabled if s[0].name == wanted.name]
            if len(match) != 1:
                continue
            action, after = match[0]
            steps.append((action, after))
            if self.broken(world, action, after):
                return Trace(start, tuple(steps))
            world = after
        return None

    def cut(self, best: Trace[World, Action]) -> Trace[World, Action]:
        """Cut runs of up to MAX_CUT consecutive steps while the invariant still fails, to a fixpoint."""
        shrinking = True
        while shrinking and not self.out_of_time():
            shrinking = False
            for size in range(min(MAX_CUT, len(best) - 1), 0, -1):
                start = len(best) - size
                while start >= 0:
                    shorter = self.violation(best.actions[:start] + best.actions[start + size:])
                    if shorter is not None and len(shorter) < len(best):
                        best, shrinking = shorter, True
                    start = min(start, len(best) - size) - 1
        return best

    def move_and_cut(self, best: Trace[World, Action]) -> Trace[World, Action] | None:
        """A shorter failing run found by moving one step elsewhere and then cutting; None if there is none."""
        actions = best.actions
        for i in range(len(actions)):
            if self.out_of_time():
                return None
            rest = actions[:i] + actions[i + 1:]
            for j in range(len(actions)):
                moved = self.violation((*rest[:j], actions[i], *rest[j:])) if j != i else None
                if moved is not None:
                    shorter = self.cut(moved)
                    if len(shorter) < len(best):
                        return shorter
        return None


def minimize(binding: _Binding, inv: Invariant, trace: Trace[World, Action]) -> Trace[World, Action]:
    """A short run breaking `inv`: cut steps that do not matter, move single steps to cut more, to a fixpoint."""
    replayer = _Replayer(binding, inv)
    best: Trace[World, Action] | None = replayer.cut(replayer.violation(trace.actions) or trace)
    while best is not None:
        shorter = replayer.move_and_cut(best)
        if shorter is None:
            return best
        best = shorter
    return trace  # pragma: no cover - the loop returns


# --- Failure reports ----------------------------------------------------------------------------


def trace_dir() -> Path:
    """Where ITF traces of failing runs go: FILSPEC_TRACE_DIR, else ``.hypothesis/filspec-traces``."""
    return Path(os.environ.get(TRACE_DIR_ENV) or Path(".hypothesis") / "filspec-traces")


def write_trace(model: ProtocolModel, inv: Invariant, trace: Trace[World, Action]) -> Path:
    """Write `trace` as ITF JSON, named after scenario, property and a digest of its actions; return the path."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0] or None
    digest = hashlib.sha256(repr(trace.actions).encode()).hexdigest()[:10]
    path = (trace_dir() / f"{model.name}-{inv.name}-{digest}.itf.json").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = trace_to_itf(model, trace, command=f"filspec replay {path}", engine="hypothesis",
                       scenario=model.name, property=inv.name, test=test, profile=profile_name())
    write_itf(path, doc)
    return path


def failure_report(model: ProtocolModel, inv: Invariant, trace: Trace[World, Action],
                   shrunk_steps: int | None = None) -> str:
    """The checker's counterexample text, its Mermaid diagram, the ITF path and how to re-run."""
    n = len(trace)
    lines = [f"{inv.name} [{inv.kind}] fails in scenario {model.name}: {inv.statement}", ""]
    if shrunk_steps is not None and shrunk_steps != n:
        lines += [f"(The failing run Hypothesis reported had {shrunk_steps} steps; cutting and moving steps that do "
                  f"not matter left {n}.)", ""]
    lines += [
        f"Counterexample to {inv.name} ({n} step{'' if n == 1 else 's'}):",
        format_trace(model, trace),
        "",
        "Sequence diagram (Mermaid):",
        model.trace_to_mermaid(trace).rstrip("\n"),
        "",
    ]
    try:
        path = write_trace(model, inv, trace)
        lines.append(f"ITF trace: {path}  (re-run it with: filspec replay {path})")
    except OSError as err:
        lines.append(f"(could not write the ITF trace: {err})")
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    if test:
        lines.append(f"Re-run the test: {PROFILE_ENV}={profile_name()} python -m pytest '{test}'")
    return "\n".join(lines)
