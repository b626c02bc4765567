"""Small pure helpers that rebuild the world: replace one element, move tokens.

Every transition is written with these, so each reads as "verify ..., then update ...".
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from model.arith import require
from model.errors import InsufficientFunds
from model.state import World

T = TypeVar("T")


def replace_at(items: tuple[T, ...], index: int, value: T) -> tuple[T, ...]:
    """`items` with the element at `index` replaced."""
    return (*items[:index], value, *items[index + 1 :])


def remove_at(items: tuple[T, ...], index: int) -> tuple[T, ...]:
    """`items` without the element at `index`."""
    return items[:index] + items[index + 1 :]


def debit(world: World, party: int, amount: Any) -> World:
    """Take `amount` from a party's account; its balance must cover it."""
    # Verify that the party can pay.
    require(world.accounts[party] >= amount, InsufficientFunds, f"party {party}")
    return attrs.evolve(world, accounts=replace_at(world.accounts, party, world.accounts[party] - amount))


def credit(world: World, party: int, amount: Any) -> World:
    """Add `amount` to a party's account."""
    return attrs.evolve(world, accounts=replace_at(world.accounts, party, world.accounts[party] + amount))
