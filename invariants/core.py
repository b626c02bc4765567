"""The invariant API: named, stated-in-words properties of the protocol model.

An invariant is written once, as a function of the world (and, for a step property, of the
step: before, action, after) built from comparisons, arithmetic and the helpers of
`model.arith` (`all_of`, `any_of`, `implies`, `total`).  The same function then evaluates two
ways: on a concrete world it returns a Python bool (the checker calls it on every state); on a
world whose quantities are solver terms it returns a formula (the Z3 prover asserts it).

Users add their own with the same decorator::

    from invariants import invariant

    @invariant("no_client_broke", "No client ever ends with an empty account.")
    def no_client_broke(world, ctx):
        return all_of(*(world.accounts[c] > 0 for c in range(ctx.scenario.clients)))

and select them by name on the command line (``filspec check --invariant no_client_broke``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from model.proofs import IDEAL, ProofPort
from model.scenario import Scenario
from spec.errors import InputError

Kind = Literal["always", "sometimes", "eventually", "step"]


@attrs.frozen
class Ctx:
    """What an invariant may read besides the world: the scenario and the proof port."""

    scenario: Scenario
    proofs: ProofPort = IDEAL


@attrs.frozen
class Invariant:
    """A named property of the protocol with its plain-words statement."""

    name: str
    kind: Kind
    statement: str
    """The rule in one plain sentence."""
    predicate: Callable[..., Any]
    """always/sometimes/eventually: ``f(world, ctx)``; step: ``f(before, action, after, ctx)``."""
    trigger: Callable[..., Any] | None = None
    """eventually only: ``f(world, ctx)``, the states from which the predicate must be reached."""
    group: str = "custom"
    """Which family it belongs to (token, collateral, power, voucher, deal, retrieval, chain, witness)."""
    lemma: bool = False
    """A strengthening lemma for the prover (checked like any invariant)."""
    applies: Callable[[Scenario], bool] | None = None
    """Whether the property means anything in a scenario (e.g. retrieval witnesses need retrieval); None: always."""

    def applies_to(self, scenario: Scenario) -> bool:
        """Whether to check this property in `scenario`."""
        return self.applies is None or self.applies(scenario)

    def holds(self, *args: Any) -> Any:
        """Evaluate the predicate (bool on concrete worlds, a formula on symbolic ones)."""
        return self.predicate(*args)


REGISTRY: dict[str, Invariant] = {}


def invariant(
    name: str,
    statement: str,
    *,
    kind: Kind = "always",
    group: str = "custom",
    trigger: Callable[..., Any] | None = None,
    lemma: bool = False,
    applies: Callable[[Scenario], bool] | None = None,
) -> Callable[[Callable[..., Any]], Invariant]:
    """Declare an invariant: decorate its predicate; it joins the registry under `name`."""

    def register(fn: Callable[..., Any]) -> Invariant:
        if name in REGISTRY:
            raise ValueError(f"invariant {name!r} is declared twice")
        inv = Invariant(name, kind, statement, fn, trigger, group, lemma, applies)
        REGISTRY[name] = inv
        return inv

    return register


def select(names: Iterable[str] | None = None, *, kinds: Iterable[Kind] | None = None) -> list[Invariant]:
    """The invariants named (all when None), optionally of the given kinds; unknown names are an InputError."""
    if names is None:
        chosen = list(REGISTRY.values())
    else:
        chosen = []
        for n in names:
            if n not in REGISTRY:
                known = ", ".join(sorted(REGISTRY))
                raise InputError(f"unknown invariant {n!r}; known invariants: {known}")
            chosen.append(REGISTRY[n])
    if kinds is not None:
        wanted = set(kinds)
        chosen = [i for i in chosen if i.kind in wanted]
    return chosen
