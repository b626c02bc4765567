"""Progress lines for long explorations.

On a terminal, one line rewritten in place (states, states/s, queue, depth, elapsed) at most
four times a second; when the stream is not a terminal or ``CI=true``, plain lines every
`interval` seconds (10 by default).  Engines call `Progress.update` once per batch of expanded
states (about every thousand), so the clock is read rarely and the hot loop pays nothing.
Engines are silent unless handed a `Progress`; tests simply don't pass one.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Reports exploration progress to a stream, throttled by wall-clock time."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interval: float | None = None,
        label: str = "explore",
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.live = bool(isatty and isatty()) and os.environ.get("CI", "").lower() != "true"
        self.interval = interval if interval is not None else (0.25 if self.live else 10.0)
        self.label = label
        self.start = time.perf_counter()
        self.last = self.start
        self.lines = 0
        self._width = 0

    def update(self, states: int, queue: int, depth: int, *, force: bool = False) -> None:
        """Print a progress line if `interval` seconds have passed since the last one."""
        now = time.perf_counter()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        elapsed = now - self.start
        rate = states / elapsed if elapsed > 0 else 0.0
        text = (
            f"{self.label}: {states:,} states  {rate:,.0f} states/s  queue {queue:,}  "
            f"depth {depth}  {elapsed:.1f}s"
        )
        if self.live:
            pad = " " * max(0, self._width - len(text))
            self.stream.write("\r" + text + pad)
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.lines += 1

    def finish(self, states: int, depth: int) -> None:
        """End the progress display (terminates the live line) with a final count."""
        self.update(states, 0, depth, force=True)
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
