"""What must always (or sometimes, or eventually) hold of the protocol, each stated in words.

Importing this package registers the protocol's invariants (`invariants.protocol`); users add
theirs with `invariant`.  `select(names)` picks some by name.
"""

from invariants import lemmas as lemmas
from invariants import protocol as protocol
from invariants.core import REGISTRY, Ctx, Invariant, invariant, select

__all__ = ["REGISTRY", "Ctx", "Invariant", "invariant", "lemmas", "protocol", "select"]
