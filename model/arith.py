"""Arithmetic and guards that run on Python ints *and* on symbolic terms.

Every quantity of the model (balances, prices, collateral, amounts, nonces, epochs, power)
flows through ``+``, ``-``, comparisons and the few helpers below, never through a Python
``if`` on its value.  So the same transition code runs on ints (the explicit checker,
Hypothesis, concrete runs) and on solver terms (the Z3 prover), and there is one encoding.

How the symbolic side plugs in, without this package importing a solver: an engine installs a
`SymbolicBackend` for the duration of a run with `symbolic(backend)`.  Concretely (the default),
``require`` raises when its condition is false; symbolically, it hands the condition to the
backend, which records it as an assumption of the path (the action's guard).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any, Protocol

from model.errors import GuardFailed


class SymbolicBackend(Protocol):
    """What a solver layer provides so model code can run on its terms."""

    def ite(self, cond: Any, then: Any, other: Any) -> Any: ...
    def and_(self, *conds: Any) -> Any: ...
    def or_(self, *conds: Any) -> Any: ...
    def not_(self, cond: Any) -> Any: ...
    def assume(self, cond: Any, guard: type[GuardFailed], detail: str) -> None:
        """Record `cond` as holding on this path (the guard named `guard` passed)."""
        ...


_backend: contextvars.ContextVar[SymbolicBackend | None] = contextvars.ContextVar("filspec_backend", default=None)


@contextlib.contextmanager
def symbolic(backend: SymbolicBackend) -> Iterator[SymbolicBackend]:
    """Run model code on symbolic terms with `backend` (used by the Z3 layer only)."""
    token = _backend.set(backend)
    try:
        yield backend
    finally:
        _backend.reset(token)


def _concrete(*values: Any) -> bool:
    return all(isinstance(v, (bool, int)) for v in values)


def require(cond: Any, guard: type[GuardFailed], detail: str = "") -> None:
    """Verify a guard: raise `guard` if `cond` is false (symbolically: assume it holds)."""
    if isinstance(cond, bool):
        if not cond:
            raise guard(detail)
        return
    backend = _backend.get()
    if backend is None:
        raise TypeError(f"symbolic condition {cond!r} outside a symbolic run")
    backend.assume(cond, guard, detail)


def ite(cond: Any, then: Any, other: Any) -> Any:
    """``then`` if ``cond`` else ``other``: a conditional update."""
    if isinstance(cond, bool):
        return then if cond else other
    backend = _backend.get()
    assert backend is not None, "symbolic condition outside a symbolic run"
    return backend.ite(cond, then, other)


def all_of(*conds: Any) -> Any:
    """Conjunction of conditions (True for none)."""
    if _backend.get() is None or _concrete(*conds):  # outside a symbolic run every value is concrete
        return all(conds)
    backend = _backend.get()
    assert backend is not None, "symbolic condition outside a symbolic run"
    return backend.and_(*conds)


def any_of(*conds: Any) -> Any:
    """Disjunction of conditions (False for none)."""
    if _backend.get() is None or _concrete(*conds):
        return any(conds)
    backend = _backend.get()
    assert backend is not None, "symbolic condition outside a symbolic run"
    return backend.or_(*conds)


def not_(cond: Any) -> Any:
    """Negation of a condition."""
    if isinstance(cond, bool):
        return not cond
    backend = _backend.get()
    assert backend is not None, "symbolic condition outside a symbolic run"
    return backend.not_(cond)


def implies(a: Any, b: Any) -> Any:
    """``a`` implies ``b``."""
    return any_of(not_(a), b)


def max_(a: Any, b: Any) -> Any:
    """The larger of two quantities."""
    return ite(a >= b, a, b)


def min_(a: Any, b: Any) -> Any:
    """The smaller of two quantities."""
    return ite(a <= b, a, b)


def total(values: Any) -> Any:
    """The sum of quantities (0 for none)."""
    out: Any = 0
    for v in values:
        out = out + v
    return out
