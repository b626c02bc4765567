"""Reading the model's source for the documentation: functions, guards, comments, field docstrings.

Everything here works on the source text with `ast` and `tokenize` (comments are not in the
syntax tree), so the pages say exactly what the code says:

- a transition's *guards* are its ``require(condition, Rule, ...)`` calls, each stated in words
  by the comment block just above it (``# Verify that ...``) and by the rule text of the
  `model.errors` leaf it raises;
- other comment blocks are *steps* (``# PackSector: close the sector; ...``);
- a state class's field docstrings are the string statements below each field;
- *simplifications* are the sentences of module and function docstrings that say where the
  model departs from Filecoin's real rules (found by their wording: "a simplification",
  "not modelled", "a model policy", ...).
"""

from __future__ import annotations

import ast
import functools
import importlib
import io
import re
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

REPO_ROOT = Path(__file__).resolve().parents[2]


@attrs.frozen
class Guard:
    """One check of a transition: what it verifies, in words, and the rule it raises."""

    comment: str
    """The comment block above the check (``Verify that ...``), or "" when there is none."""
    rules: tuple[tuple[str, str], ...]
    """(rule name, rule text) of each `model.errors` leaf raised by the checks under the comment."""
    line: int


@attrs.frozen
class FunctionDoc:
    """A top-level function of a model module, as the docs present it."""

    module: str
    """Dotted module name, e.g. ``model.mining``."""
    name: str
    path: str
    """Path of the module file relative to the repository root, e.g. ``model/mining.py``."""
    first_line: int
    """First line of the definition (decorators included)."""
    last_line: int
    doc: str
    params: tuple[str, ...]
    guards: tuple[Guard, ...]
    steps: tuple[str, ...]
    """Comment blocks that are not above a check: the steps of the update, in order."""
    calls: tuple[str, ...]
    """Qualified names (``model.network.take``) of the model functions it calls."""
    source: str

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def public(self) -> bool:
        return not self.name.startswith("_")


@attrs.frozen
class FieldDoc:
    """A field of a state class: name, annotated type, default, whether it is a quantity, meaning."""

    name: str
    type: str
    default: str
    quantity: bool
    doc: str


@attrs.frozen
class ClassDoc:
    """A class of a model module with its docstring and its fields (attrs classes) or members (enums)."""

    name: str
    doc: str
    fields: tuple[FieldDoc, ...]
    line: int


@attrs.frozen
class Simplification:
    """A sentence of the model's docstrings saying where the model departs from Filecoin."""

    module: str
    where: str
    """The module, or ``module.function`` when the sentence is in a function's docstring."""
    text: str


def module_path(module: str) -> Path:
    """The source file of a dotted module name of this repository."""
    return REPO_ROOT / (module.replace(".", "/") + ".py")


@functools.cache
def _module_source(module: str) -> str:
    return module_path(module).read_text(encoding="utf-8")


@functools.cache
def _module_tree(module: str) -> ast.Module:
    return ast.parse(_module_source(module), filename=str(module_path(module)))


def _comment_blocks(source: str) -> list[tuple[int, int, str]]:
    """Comment-only lines merged into blocks: (first line, last line, text without ``#``)."""
    lines: dict[int, str] = {}
    code_lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            lines[tok.start[0]] = tok.string.lstrip("#").strip()
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            code_lines.update(range(tok.start[0], tok.end[0] + 1))
    blocks: list[tuple[int, int, str]] = []
    for n in sorted(lines):
        if n in code_lines:
            continue  # a trailing comment on a line of code
        if blocks and blocks[-1][1] == n - 1:
            first, _, text = blocks[-1]
            blocks[-1] = (first, n, f"{text} {lines[n]}")
        else:
            blocks.append((n, n, lines[n]))
    return blocks


def _imports(tree: ast.Module, module: str) -> dict[str, str]:
    """Local name → qualified name, for the ``from model... import ...`` of a module."""
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out.setdefault(node.name, f"{module}.{node.name}")
    return out


def _callee(call: ast.Call, names: dict[str, str]) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return names.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in names:
        return f"{names[func.value.id]}.{func.attr}"
    return None


def _rule_of(node: ast.expr, names: dict[str, str]) -> tuple[str, str]:
    name = node.id if isinstance(node, ast.Name) else ast.unparse(node)
    qual = names.get(name, "")
    text = ""
    if qual.startswith("model.errors."):
        errors = importlib.import_module("model.errors")
        text = str(getattr(getattr(errors, name, None), "rule", ""))
    return name, text


def _is_require(call: ast.Call) -> bool:
    f = call.func
    return (isinstance(f, ast.Name) and f.id == "require") or (isinstance(f, ast.Attribute) and f.attr == "require")


def _function_doc(module: str, node: ast.FunctionDef, names: dict[str, str],
                  blocks: list[tuple[int, int, str]], lines: list[str]) -> FunctionDoc:
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    last = node.end_lineno or node.lineno
    requires: list[tuple[int, tuple[str, str]]] = []
    calls: list[str] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            if _is_require(sub) and len(sub.args) >= 2:
                requires.append((sub.lineno, _rule_of(sub.args[1], names)))
            callee = _callee(sub, names)
            if callee and callee.startswith("model.") and callee not in calls:
                calls.append(callee)
    requires.sort()
    inside = [b for b in blocks if first <= b[0] <= last]
    # Each check belongs to the nearest comment block above it; a block with checks is a guard.
    under: dict[int, list[tuple[str, str]]] = {}
    bare: list[tuple[int, tuple[str, str]]] = []
    for line, rule in requires:
        above = [k for k, b in enumerate(inside) if b[1] < line]
        if above:
            under.setdefault(above[-1], []).append(rule)
        else:
            bare.append((line, rule))
    guards = [Guard(text, tuple(dict.fromkeys(under[k])), start) for k, (start, _, text) in enumerate(inside)
              if k in under]
    guards.extend(Guard("", (rule,), line) for line, rule in bare)
    guards.sort(key=lambda g: g.line)
    steps = [text for k, (_, _, text) in enumerate(inside) if k not in under]
    params = tuple(a.arg for a in node.args.args)
    return FunctionDoc(
        module=module, name=node.name, path=f"{module.replace('.', '/')}.py", first_line=first, last_line=last,
        doc=ast.get_docstring(node) or "", params=params, guards=tuple(guards), steps=tuple(steps),
        calls=tuple(calls), source="\n".join(lines[first - 1 : last]),
    )


@functools.cache
def functions(module: str) -> tuple[FunctionDoc, ...]:
    """Every top-level function of a model module, in source order."""
    source = _module_source(module)
    tree = _module_tree(module)
    names = _imports(tree, module)
    blocks = _comment_blocks(source)
    lines = source.splitlines()
    return tuple(_function_doc(module, n, names, blocks, lines) for n in tree.body if isinstance(n, ast.FunctionDef))


def function(qualname: str) -> FunctionDoc | None:
    """A model function by qualified name (``model.mining.made_deal``), or None."""
    module, _, name = qualname.rpartition(".")
    try:
        found = functions(module)
    except (FileNotFoundError, SyntaxError):
        return None
    return next((f for f in found if f.name == name), None)


def inherited_guards(fn: FunctionDoc) -> list[tuple[FunctionDoc, Guard]]:
    """Guards of the model functions `fn` calls directly (helpers such as ``network.take``)."""
    out: list[tuple[FunctionDoc, Guard]] = []
    for qual in fn.calls:
        callee = function(qual)
        if callee is not None and callee.qualname != fn.qualname:
            out.extend((callee, g) for g in callee.guards)
    return out


def _field_doc(node: ast.AnnAssign, doc: str) -> FieldDoc:
    assert isinstance(node.target, ast.Name)
    value = node.value
    quantity = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "quantity"
    if quantity:
        assert isinstance(value, ast.Call)
        default = ast.unparse(value.args[0]) if value.args else ""
    else:
        default = ast.unparse(value) if value is not None else ""
    return FieldDoc(node.target.id, ast.unparse(node.annotation), default, quantity, doc)


def classes(module: str) -> tuple[ClassDoc, ...]:
    """Every top-level class of a module with its field (or enum member) docstrings, in source order."""
    out: list[ClassDoc] = []
    for node in _module_tree(module).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: list[FieldDoc] = []
        body = node.body
        for k, stmt in enumerate(body):
            nxt = body[k + 1] if k + 1 < len(body) else None
            doc = ""
            if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str):
                doc = " ".join(nxt.value.value.split())
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                fields.append(_field_doc(stmt, doc))
            elif (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                  and stmt.targets[0].id.isupper()):
                fields.append(FieldDoc(stmt.targets[0].id, "", ast.unparse(stmt.value), False, doc))
        out.append(ClassDoc(node.name, ast.get_docstring(node) or "", tuple(fields), node.lineno))
    return tuple(out)


def module_doc(module: str) -> str:
    """A module's docstring ("" when it has none)."""
    return ast.get_docstring(_module_tree(module)) or ""


def paragraphs(doc: str) -> list[str]:
    """A docstring's paragraphs, each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", doc) if p.strip()]


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"`])|(?<=[.!?]\))\s+(?=[A-Z\"`])")

#: Wordings by which the model's docstrings mark a departure from Filecoin's real rules.
SIMPLIFICATION_MARKS: tuple[str, ...] = (
    "simplif", "not modelled", "not modeled", "model policy", "state space", "is silent", "in this model",
    "in the model", "lazy", "later fixes", "instead of", "ideal port",
)


def sentences(text: str) -> list[str]:
    """A paragraph split into sentences (on a full stop followed by a capital or a parenthesis)."""
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def _marked(sentence: str) -> bool:
    low = sentence.lower()
    return any(mark in low for mark in SIMPLIFICATION_MARKS)


def simplifications(module: str) -> list[Simplification]:
    """Sentences of a module's docstring, its functions' and its classes' that state a simplification."""
    out: list[Simplification] = []
    tree = _module_tree(module)
    for paragraph in paragraphs(module_doc(module)):
        out.extend(Simplification(module, module, s) for s in sentences(paragraph) if _marked(s))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for paragraph in paragraphs(ast.get_docstring(node) or ""):
                out.extend(Simplification(module, f"{module}.{node.name}", s) for s in sentences(paragraph)
                           if _marked(s))
    return out


def callable_target(fn: Callable[..., Any]) -> str | None:
    """The qualified name of the model function a `TRANSITIONS` entry runs (looking through lambdas)."""
    mod = getattr(fn, "__module__", "") or ""
    name = getattr(fn, "__name__", "")
    if name != "<lambda>":
        return f"{mod}.{name}"
    module: ModuleType = importlib.import_module(mod)
    code = fn.__code__
    names = code.co_names
    for k, n in enumerate(names[:-1]):
        target = getattr(module, n, None)
        if isinstance(target, ModuleType) and target.__name__.startswith("model."):
            return f"{target.__name__}.{names[k + 1]}"
    for n in names:
        target = getattr(module, n, None)
        if callable(target) and getattr(target, "__module__", "").startswith("model."):
            return f"{target.__module__}.{n}"
    return None


def execute_dispatch() -> dict[str, str]:
    """Chain message key → the actor function `model.chain.execute` runs for it (from its ``match``)."""
    tree = _module_tree("model.chain")
    names = _imports(tree, "model.chain")
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "execute":
            for sub in ast.walk(node):
                if not isinstance(sub, ast.match_case):
                    continue
                patterns = sub.pattern.patterns if isinstance(sub.pattern, ast.MatchOr) else [sub.pattern]
                keys = [p.value.value for p in patterns if isinstance(p, ast.MatchValue)
                        and isinstance(p.value, ast.Constant) and isinstance(p.value.value, str)]
                callees = [_callee(c, names) for c in ast.walk(ast.Module(body=sub.body, type_ignores=[]))
                           if isinstance(c, ast.Call)]
                target = next((c for c in callees if c), None)
                if target:
                    out.update(dict.fromkeys(keys, target))
    return out


def model_modules() -> Iterator[str]:
    """Dotted names of the modules of the model package, in file-name order."""
    for path in sorted((REPO_ROOT / "model").glob("*.py")):
        if path.stem != "__init__":
            yield f"model.{path.stem}"
