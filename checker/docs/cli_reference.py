"""The CLI reference page, generated from `checker.cli.build_parser()`.

Whatever subcommands `checker.cli.COMMAND_MODULES` lists when the site is built are documented:
each (sub)command's usage, description and arguments, walking nested subcommands.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

from checker.docs.markdown import anchor, cell


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of each direct subcommand, in declaration order."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, str(helps.get(name, "")), sub


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                name += " " + (action.metavar if isinstance(action.metavar, str) else action.dest.upper())
        else:
            name = action.metavar if isinstance(action.metavar, str) else action.dest
        details = []
        if action.choices is not None:
            details.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
        if action.default not in (None, argparse.SUPPRESS, False) and action.nargs != 0:
            details.append(f"default `{action.default}`")
        if action.required and action.option_strings:
            details.append("required")
        text = (action.help or "").replace("%(default)s", str(action.default)).replace("%%", "%")
        if details:
            text = f"{text} ({'; '.join(details)})" if text else "; ".join(details)
        rows.append(f"| `{cell(name)}` | {cell(text)} |")
    if not rows:
        return []
    return ["| Argument | Meaning |", "| --- | --- |", *rows, ""]


def _section(path: tuple[str, ...], summary: str, parser: argparse.ArgumentParser, level: int) -> list[str]:
    title = " ".join(("filspec", *path))
    out = [f"{'#' * level} `{title}` {{#{anchor('cmd', *path)}}}", ""]
    if summary:
        out += [summary[0].upper() + summary[1:] + ("" if summary.endswith(".") else "."), ""]
    out += ["```text", parser.format_usage().strip(), "```", ""]
    if parser.description and parser.description.strip() != summary:
        out += ["```text", parser.description.strip("\n"), "```", ""]
    out += _arguments(parser)
    for name, help_text, sub in _subcommands(parser):
        out += _section((*path, name), help_text, sub, min(level + 1, 4))
    return out


def commands(parser: argparse.ArgumentParser) -> list[str]:
    """The top-level subcommand names of a parser."""
    return [name for name, _, _ in _subcommands(parser)]


def page() -> str:
    """The CLI reference as Markdown."""
    from checker.cli import COMMAND_MODULES, build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse wraps usage lines to the terminal: fix the width
    try:
        parser = build_parser()
        out = [
            "# CLI reference",
            "",
            "Generated from `checker.cli.build_parser()` when the site was built: every subcommand of "
            f"`checker.cli.COMMAND_MODULES` ({', '.join(f'`{m}`' for m in COMMAND_MODULES)}).",
            "",
            "```text",
            parser.format_usage().strip(),
            "```",
            "",
        ]
        if parser.description:
            out += [parser.description, ""]
        from checker import cli

        if cli.__doc__:
            doc = cli.__doc__.strip().split("\n", 1)
            if len(doc) > 1:
                out += ["```text", doc[1].strip("\n"), "```", ""]
        out += ["| Command | What it does |", "| --- | --- |"]
        out += [f"| [`filspec {name}`](#{anchor('cmd', name)}) | {cell(h)} |" for name, h, _ in _subcommands(parser)]
        out.append("")
        for name, help_text, sub in _subcommands(parser):
            out += _section((name,), help_text, sub, 2)
        return "\n".join(out)
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
