"""What the 2019 Filecoin storage and retrieval protocol says: participants, messages, flows.

This package is the single source of truth about the protocol's *shape*.  It imports nothing
from the engines (z3, hypothesis, networkx, checker); a test keeps it that way.
"""
