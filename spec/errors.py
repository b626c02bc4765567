"""Errors about bad input: a file, a string or an option a user gave us that we cannot use.

Every such error names *what* is wrong and *where* (file, line, column, key), so the
`filspec` command line can print it and exit with code 2 without a traceback.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: the CLI prints the message and exits with code 2."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
