"""Benchmark model: a payment channel with lanes (`/work/shared/benchmarks/paych-lanes.md`).

A small model with a well-known state space (Spin, TLC and a plain Python loop agree on its
counts), used to measure filspec's explicit-state engine against other checkers and against a
minimal hand-written loop over the same semantics.  It is written against the engine contract
(`checker.contract`) exactly like the protocol model, and it knows nothing of the engines.

State: a flat tuple ``(bal, phase, toSend, paid, refund, nonce[0], redeemed[0], ...,
nonce[N-1], redeemed[N-1])`` of small ints; phase 0 is open, 1 settling, 2 settled,
3 collected.  Flat tuples of small ints are the cheapest hashable value CPython offers.

Actions are pre-built tuples (``("AddFunds",)``, ``("Update", lane, nonce, amount)``,
``("Settle",)``, ``("Expire",)``, ``("Collect",)``) so that `successors` allocates nothing but
the next states and the pairs the contract asks for.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from math import factorial
from typing import Any

import attrs

from checker.contract import Property

State = tuple[int, ...]
Action = tuple[Any, ...]

BAL, PHASE, TOSEND, PAID, REFUND = range(5)
LANES = 5
"""Index of the first lane field; lane ``l`` is ``(state[5 + 2l], state[6 + 2l])``."""

PHASE_NAMES = ("open", "settling", "settled", "collected")

ADD_FUNDS: Action = ("AddFunds",)
SETTLE: Action = ("Settle",)
EXPIRE: Action = ("Expire",)
COLLECT: Action = ("Collect",)


@attrs.frozen
class PaychParams:
    """The benchmark's parameters (all small naturals)."""

    n: int = 4
    """Number of lanes."""
    maxnonce: int = 3
    """Largest voucher nonce."""
    maxamt: int = 3
    """Largest amount a voucher redeems on one lane."""
    initbal: int = 2
    """Channel funds at creation."""
    maxbal: int = 6
    """Funds above which AddFunds is disabled."""


SMALL = PaychParams(n=3, maxnonce=2, maxamt=2, initbal=1, maxbal=3)
"""A size that checks in well under a second (for fast tests)."""
PINNED = PaychParams(n=4, maxnonce=3, maxamt=3, initbal=2, maxbal=6)
"""The size with known counts: 203,540 distinct states, 1,611,158 transitions."""
LARGER = PaychParams(n=4, maxnonce=4, maxamt=3, initbal=2, maxbal=7)
"""The larger benchmark size."""


class PaychLanes:
    """The payment-channel-with-lanes model; ``bug=True`` drops the ``<= bal`` bound of Update."""

    def __init__(self, params: PaychParams = PINNED, *, bug: bool = False) -> None:
        self.params = params
        self.bug = bug
        self.name = f"paych-lanes(N={params.n},MAXNONCE={params.maxnonce},MAXAMT={params.maxamt}," \
            f"INITBAL={params.initbal},MAXBAL={params.maxbal}){' bug' if bug else ''}"
        p = params
        # _updates[l][n][a]: the pre-built action Update(l, n, a).
        self._updates = [
            [[("Update", lane, n, a) for a in range(p.maxamt + 1)] for n in range(p.maxnonce + 1)]
            for lane in range(p.n)
        ]

    # -- the contract ---------------------------------------------------------------------------

    def initial_states(self) -> list[State]:
        """The single initial state: ``bal = INITBAL``, everything else 0."""
        return [(self.params.initbal, 0, 0, 0, 0) + (0, 0) * self.params.n]

    def successors(self, state: State) -> list[tuple[Action, State]]:
        """Every enabled action instance with the state it leads to."""
        p = self.params
        bal, phase, to_send = state[0], state[1], state[2]
        out: list[tuple[Action, State]] = []
        append = out.append
        if phase <= 1:
            maxnonce1 = p.maxnonce + 1
            maxamt = p.maxamt
            bug = self.bug
            updates = self._updates
            for lane in range(p.n):
                i = LANES + 2 * lane
                nonce = state[i]
                if nonce >= p.maxnonce:
                    continue
                base = to_send - state[i + 1]
                lo = -base if base < 0 else 0
                hi = maxamt if bug or bal - base >= maxamt else bal - base
                if lo > hi:
                    continue
                # One scratch list per lane, snapshotted by tuple(): the cheapest way CPython
                # offers to build many tuples that differ from `state` in three places.
                scratch = list(state)
                acts = updates[lane]
                for n in range(nonce + 1, maxnonce1):
                    row = acts[n]
                    scratch[i] = n
                    for a in range(lo, hi + 1):
                        scratch[2] = base + a  # toSend (a literal index: no global lookup)
                        scratch[i + 1] = a
                        append((row[a], tuple(scratch)))
            if phase == 0:
                if bal < p.maxbal:
                    append((ADD_FUNDS, (bal + 1, *state[1:])))
                append((SETTLE, (bal, 1, *state[2:])))
            else:
                append((EXPIRE, (bal, 2, *state[2:])))
        elif phase == 2:
            append((COLLECT, (bal, 3, to_send, to_send, bal - to_send, *state[5:])))
        return out

    def properties(self) -> Sequence[Property[State, Action]]:
        """The three invariants of the benchmark."""
        return (
            Property("to_send_within_balance", "always", "toSend <= bal.", _to_send_within_balance),
            Property(
                "to_send_is_sum_of_redeemed",
                "always",
                "toSend equals the sum of the lanes' redeemed amounts.",
                _to_send_is_sum_of_redeemed,
            ),
            Property(
                "collected_funds_add_up",
                "always",
                "Once collected, paid + refund = bal.",
                _collected_funds_add_up,
            ),
        )

    # -- optional hooks ---------------------------------------------------------------------------

    def is_terminal(self, state: State) -> bool:
        """Collected is the end of the channel's life, not a deadlock."""
        return state[PHASE] == 3

    def canonical(self, state: State) -> Hashable:
        """Lanes are interchangeable: the channel fields with the sorted (nonce, redeemed) pairs."""
        return state[:LANES], tuple(sorted(zip(state[LANES::2], state[LANES + 1 :: 2])))  # noqa: B905 - equal lengths by construction

    def orbit_size(self, representative: tuple[State, tuple[tuple[int, int], ...]]) -> int:
        """Distinct lane orders of a canonical form: N! over the multiplicities' factorials."""
        pairs = list(representative[1])
        size = factorial(len(pairs))
        for pair in set(pairs):
            size //= factorial(pairs.count(pair))
        return size

    def action_label(self, action: Action) -> str:
        """``Update(l,n,a)`` or the bare action name."""
        if action[0] == "Update":
            return f"Update({action[1]},{action[2]},{action[3]})"
        return str(action[0])

    def state_to_json(self, state: State) -> Mapping[str, Any]:
        """The state as named fields (lanes as a list of {nonce, redeemed})."""
        return {
            "bal": state[BAL],
            "phase": state[PHASE],
            "toSend": state[TOSEND],
            "paid": state[PAID],
            "refund": state[REFUND],
            "lanes": [
                {"nonce": state[i], "redeemed": state[i + 1]}
                for i in range(LANES, LANES + 2 * self.params.n, 2)
            ],
        }

    def state_from_json(self, data: Mapping[str, Any]) -> State:
        """The inverse of `state_to_json`."""
        lanes = tuple(x for lane in data["lanes"] for x in (int(lane["nonce"]), int(lane["redeemed"])))
        head = ("bal", "phase", "toSend", "paid", "refund")
        return (*(int(data[k]) for k in head), *lanes)

    def action_to_json(self, action: Action) -> Mapping[str, Any]:
        """The action as ``{"name": ..., "lane": ..., "nonce": ..., "amount": ...}``."""
        if action[0] == "Update":
            return {"name": "Update", "lane": action[1], "nonce": action[2], "amount": action[3]}
        return {"name": action[0]}

    def action_from_json(self, data: Mapping[str, Any]) -> Action:
        """The inverse of `action_to_json`."""
        if data["name"] == "Update":
            return ("Update", int(data["lane"]), int(data["nonce"]), int(data["amount"]))
        return (str(data["name"]),)

    def diff(self, before: State, after: State) -> list[str]:
        """The fields a step changed, as ``field: old -> new``."""
        names = ["bal", "phase", "toSend", "paid", "refund"]
        for lane in range(self.params.n):
            names += [f"nonce[{lane}]", f"redeemed[{lane}]"]
        out = []
        for name, old, new in zip(names, before, after, strict=True):
            if old != new:
                if name == "phase":
                    out.append(f"phase: {PHASE_NAMES[old]} -> {PHASE_NAMES[new]}")
                else:
                    out.append(f"{name}: {old} -> {new}")
        return out


def _to_send_within_balance(s: State) -> bool:
    return s[2] <= s[0]


def _to_send_is_sum_of_redeemed(s: State) -> bool:
    return s[2] == sum(s[6::2])


def _collected_funds_add_up(s: State) -> bool:
    return s[1] != 3 or s[3] + s[4] == s[0]


def minimal_loop(params: PaychParams, *, check_invariants: bool = True) -> tuple[int, int]:
    """Explore the model with a minimal hand-written BFS (tuples, a set, a deque): (states, transitions).

    Independent of `PaychLanes` on purpose: it is the baseline of the benchmark and the
    cross-check of the engine's counts in the tests.
    """
    from collections import deque

    n_lanes, maxnonce, maxamt, maxbal = params.n, params.maxnonce, params.maxamt, params.maxbal
    init = (params.initbal, 0, 0, 0, 0) + (0, 0) * n_lanes
    seen = {init}
    queue = deque([init])
    pop, push, add = queue.popleft, queue.append, seen.add
    transitions = 0
    while queue:
        s = pop()
        bal, phase, to_send = s[0], s[1], s[2]
        nexts = []
        if phase <= 1:
            for lane in range(n_lanes):
                i = 5 + 2 * lane
                base = to_send - s[i + 1]
                scratch = list(s)
                for n in range(s[i] + 1, maxnonce + 1):
                    scratch[i] = n
                    for a in range(maxamt + 1):
                        if 0 <= base + a <= bal:
                            scratch[2] = base + a
                            scratch[i + 1] = a
                            nexts.append(tuple(scratch))
            if phase == 0:
                if bal < maxbal:
                    nexts.append((bal + 1, *s[1:]))
                nexts.append((bal, 1, *s[2:]))
            else:
                nexts.append((bal, 2, *s[2:]))
        elif phase == 2:
            nexts.append((bal, 3, to_send, to_send, bal - to_send, *s[5:]))
        transitions += len(nexts)
        for t in nexts:
            if t not in seen:
                if check_invariants and not (
                    t[2] <= t[0] and t[2] == sum(t[6::2]) and (t[1] != 3 or t[3] + t[4] == t[0])
                ):
                    raise AssertionError(f"invariant violated in {t}")
                add(t)
                push(t)
    return len(seen), transitions
