"""Byte sizes as people write them for Filecoin: `2048`, `2KiB`, `512 MiB`, `32GiB`.

Units are binary (KiB = 1024 B), as in Filecoin's sector sizes; decimal units (KB, MB) are
refused rather than guessed, since a 32 GB sector does not exist.
"""

from __future__ import annotations

import re

from proofs_native.errors import InvalidPieceSize

_UNITS = {"": 1, "b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40, "pib": 1 << 50}
_SIZE = re.compile(r"\s*(\d+)\s*([A-Za-z]*)\s*")


def parse_size(text: str, *, where: str = "size") -> int:
    """A size in bytes from `N` or `N<unit>` with unit B, KiB, MiB, GiB, TiB or PiB (any case)."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise InvalidPieceSize(
            f"{text!r} is not a size; write bytes (2048) or a number with a binary unit "
            "(B, KiB, MiB, GiB, TiB, PiB), e.g. 2KiB or 32GiB",
            where=where,
        )
    return int(match.group(1)) * _UNITS[unit]


def format_size(size: int) -> str:
    """The size with the largest binary unit that divides it exactly, e.g. 2048 → `2 KiB`."""
    for unit, factor in (("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"
