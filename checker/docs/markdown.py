"""Small helpers for writing the generated Markdown: anchors, table cells, file names, code blocks."""

from __future__ import annotations

import re


def anchor(*parts: str) -> str:
    """A stable HTML id made of `parts` (lowercase letters, digits, ``-`` and ``_``)."""
    text = "-".join(parts)
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")


def slug(name: str) -> str:
    """A file name for a page about `name` (``ClientQuery#2`` → ``clientquery-2``)."""
    return anchor(name)


def cell(text: str) -> str:
    """Text that is safe inside one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def code(text: str) -> str:
    """Inline code that survives backticks in `text`."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def block(lang: str, text: str, indent: str = "", title: str = "", linenums: int | None = None) -> list[str]:
    """A fenced code block (optionally with a title and line numbers from `linenums`), indented."""
    opts = []
    if title:
        opts.append(f'title="{title}"')
    if linenums is not None:
        opts.append(f'linenums="{linenums}"')
    head = f"```{lang}" + (" " + " ".join(opts) if opts else "")
    fence = "````" if "```" in text else "```"
    if fence != "```":
        head = "`" + head
    return [indent + head, *(indent + line if line else "" for line in text.splitlines()), indent + fence]


def prose(text: str) -> str:
    """A docstring as Markdown prose: paragraphs kept, reST double backticks made single."""
    return text.replace("``", "`")
