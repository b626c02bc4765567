"""libp2p: carries off-chain messages between parties.

Sending puts a message in flight; a receiver's handling of a message is its delivery.  Without
reordering, each link (sender to receiver) delivers in send order; the scenario's fault model
may let libp2p reorder, drop (bounded) and duplicate (bounded) messages.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from model.arith import require
from model.errors import NotEnabled
from model.ledger import remove_at
from model.scenario import Scenario
from model.state import Envelope, World


def send(world: World, env: Envelope) -> World:
    """Put a message in flight."""
    return attrs.evolve(world, inflight=(*world.inflight, env))


def deliverable(world: World, sc: Scenario) -> list[int]:
    """Indices of in-flight messages that can be delivered now (first of each link, or any if reordering)."""
    if sc.faults.reorder:
        return list(range(len(world.inflight)))
    seen: set[tuple[int, int]] = set()
    out: list[int] = []
    for i, env in enumerate(world.inflight):
        link = (env.sender, env.receiver)
        if link not in seen:
            seen.add(link)
            out.append(i)
    return out


def take(world: World, sc: Scenario, index: int, receiver: int, message: str) -> tuple[World, Envelope]:
    """Deliver in-flight message `index` to `receiver`; it must be that kind of message and deliverable."""
    # Verify that the message exists, is addressed to the receiver, is of this kind, and may be delivered now.
    ok = 0 <= index < len(world.inflight) and index in deliverable(world, sc)
    env = world.inflight[index] if ok else None
    require(
        env is not None and env.receiver == receiver and env.message == message,
        NotEnabled,
        f"no deliverable {message} for party {receiver} at {index}",
    )
    assert env is not None
    return attrs.evolve(world, inflight=remove_at(world.inflight, index)), env


def discard(world: World, sc: Scenario, index: int, handled: Callable[[World, int], bool]) -> World:
    """Discard: the receiver drops a delivered message it cannot act on (a duplicate or a stale one).

    `handled(world, index)` says whether one of the receiver's handlers accepts the message.
    """
    # Verify that the message may be delivered now, and that none of the receiver's handlers accepts it.
    require(0 <= index < len(world.inflight) and index in deliverable(world, sc), NotEnabled, "nothing to discard")
    require(not handled(world, index), NotEnabled, "a handler accepts the message")
    return attrs.evolve(world, inflight=remove_at(world.inflight, index))


def drop(world: World, index: int) -> World:
    """Drop: libp2p loses an in-flight message (fault model)."""
    # Verify that the fault budget allows another loss.
    require(world.drops_left > 0 and 0 <= index < len(world.inflight), NotEnabled, "no drop left")
    return attrs.evolve(world, inflight=remove_at(world.inflight, index), drops_left=world.drops_left - 1)


def duplicate(world: World, index: int) -> World:
    """Duplicate: libp2p delivers a copy of an in-flight message again (fault model)."""
    # Verify that the fault budget allows another duplicate.
    require(world.duplicates_left > 0 and 0 <= index < len(world.inflight), NotEnabled, "no duplicate left")
    return attrs.evolve(
        world, inflight=(*world.inflight, world.inflight[index]), duplicates_left=world.duplicates_left - 1
    )
