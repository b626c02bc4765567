"""The generated pages of the documentation site, as Markdown text.

`generate(results)` returns every spec page (path relative to the docs directory → Markdown)
and the navigation.  The pages are written from `spec/`, `model/` and `invariants/` each time
the site is built; none is kept by hand.  Links between pages are relative Markdown links to
``.md`` files with explicit anchors, so mkdocs' strict mode checks every one of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from checker.docs import cli_reference, codemap, introspect
from checker.docs import mermaid as diagram_mermaid
from checker.docs.introspect import REPO_ROOT, FunctionDoc
from checker.docs.markdown import anchor, block, cell, code, prose, slug
from checker.docs.results import Results, prove_summary
from spec import messages as msgs
from spec import protocol, types
from spec.mermaid import render

NavItem = dict[str, Any]

#: Packages whose modules get an API reference page (mkdocstrings).
API_PACKAGES: tuple[str, ...] = ("spec", "model", "invariants", "checker")
#: Modules left out of the API reference: the subcommands, whose docstrings are usage text (not Markdown)
#: and which the CLI reference documents from their parsers.
API_EXCLUDE: tuple[str, ...] = ("checker.commands",)

_KIND_WORDS = {
    "off-chain": "off-chain party",
    "actor": "chain actor",
    "subsystem": "node subsystem",
    "environment": "environment",
}


@attrs.frozen
class Site:
    """The generated pages and the navigation that lists them (with the hand-written ones)."""

    pages: dict[str, str]
    nav: list[NavItem]


# --- Links ------------------------------------------------------------------------------------------


def flow_page(f: protocol.Flow) -> str:
    return f"flows/{slug(f.key)}.md"


def participant_page(name: str) -> str:
    return f"participants/{slug(name)}.md"


def fn_anchor(qualname: str) -> str:
    module, _, name = qualname.rpartition(".")
    return anchor("fn", module.removeprefix("model."), name)


def _rel(from_page: str, to_page: str) -> str:
    """A relative link from one page to another (both relative to the docs directory)."""
    depth = from_page.count("/")
    return "../" * depth + to_page


def fn_link(qualname: str, from_page: str, label: str | None = None) -> str:
    """A link to a model function's section on its participant page (plain code when it has none)."""
    text = code(label or qualname.removeprefix("model."))
    page = codemap.page_of_function().get(qualname)
    if page is None:
        return text
    return f"[{text}]({_rel(from_page, participant_page(page))}#{fn_anchor(qualname)})"


def action_link(action: str, from_page: str) -> str:
    fn = codemap.action_functions().get(action)
    if fn is None:
        return code(action)
    return fn_link(fn, from_page, action)


def participant_link(name: str, from_page: str) -> str:
    return f"[{name}]({_rel(from_page, participant_page(name))})"


def type_link(name: str, from_page: str) -> str:
    if name in types.DATA_TYPE_NAMES:
        return f"[{code(name)}]({_rel(from_page, 'glossary.md')}#{anchor('type', name)})"
    return code(name)


def mermaid(diagram_text: str, wide: bool = False) -> list[str]:
    """A Mermaid fence; `wide`: drawn at natural size and scrolled, not shrunk to the page."""
    head = [diagram_mermaid.WIDE] if wide else []
    return ["```mermaid", *head, diagram_text.rstrip("\n"), "```", ""]


# --- Overview ---------------------------------------------------------------------------------------


def overview() -> str:
    page = "index.md"
    out = [
        "# filspec: the 2019 Filecoin storage and retrieval protocol",
        "",
        "An executable formal specification with a model checker. Every page under *Protocol* and "
        "*Participants*, the simplifications, the invariants and both references are generated from the Python "
        "source (`spec/`, `model/`, `invariants/`, `checker/`) each time the site is built; the tutorials and "
        "design decisions are prose.",
        "",
        "## The whole protocol",
        "",
        "The sequence diagram the spec states (`filspec spec diagram` prints it). Each top-level "
        "block is a [flow](#flows); the notes across the top are the groups of participants. It is drawn at "
        "full size: scroll sideways to follow it.",
        "",
        *mermaid(render(protocol.to_diagram()), wide=True),
        "## Participants",
        "",
        "Grouped as in the diagram. Each participant's page lists its state, its transitions with "
        "their guards, and the simplifications the model makes.",
        "",
    ]
    grouped: set[str] = set()
    for g in protocol.GROUPS:
        members = protocol.group_members(g)
        grouped.update(members)
        out += [f"### {g.name} {{#{anchor('group', g.name)}}}", "",
                "| Participant | Kind | Role |", "| --- | --- | --- |"]
        out += [_participant_row(p, page) for p in members]
        out.append("")
    rest = [p for p in protocol.PARTICIPANT_NAMES if p not in grouped]
    if rest:
        out += ["### Not in a group {#group-none}", "", "| Participant | Kind | Role |", "| --- | --- | --- |"]
        out += [_participant_row(p, page) for p in rest]
        out.append("")
    out += ["## Flows {#flows}", "", "| Flow | Participants | Arrows | What happens |", "| --- | --- | --- | --- |"]
    for f in protocol.FLOWS:
        out.append(f"| [{f.key}]({flow_page(f)}) | {len(protocol.flow_participants(f))} | "
                   f"{len(protocol.sends(f))} | {cell(f.doc)} |")
    out += [
        "",
        "## Where to go next",
        "",
        "- [Simplifications and choices](simplifications.md): every place the model departs from Filecoin's "
        "real rules, and why.",
        "- [Invariants](invariants.md): what the protocol promises, with the latest checker and prover results.",
        "- [Messages](messages.md) and the [glossary](glossary.md) of the data types they carry.",
        "- [CLI reference](cli.md) for `filspec`.",
        "",
    ]
    return "\n".join(out)


def _participant_row(name: str, from_page: str) -> str:
    role = next(r for r in protocol.PARTICIPANTS if r.name == name)
    return f"| {participant_link(name, from_page)} | {_KIND_WORDS.get(role.kind, role.kind)} | {cell(role.doc)} |"


# --- Flows ------------------------------------------------------------------------------------------


def _step_lines(steps: tuple[protocol.Step, ...], page: str, counter: list[int], indent: str) -> list[str]:
    out: list[str] = []
    for s in steps:
        if isinstance(s, protocol.Send):
            counter[0] += 1
            n = counter[0]
            m = s.message
            who = (f"**{s.sender}** to itself" if s.sender == s.receiver
                   else f"**{s.sender}** → **{s.receiver}**")
            out.append(f"{indent}- **{n}.** {who}: {code(s.label)}. {prose(m.doc)}")
        elif isinstance(s, protocol.Remark):
            out.append(f"{indent}- *Note {s.position} {', '.join(s.participants)}*: {s.text}")
        else:
            for label, body in s.branches:
                word = {"opt": "Optionally", "alt": "Alternative", "loop": "Repeatedly"}.get(s.kind, s.kind)
                out.append(f"{indent}- **{word}: {label}** (`{s.kind}`)")
                out.append("")
                out += _step_lines(body, page, counter, indent + "    ")
        out.append("")
    return out


def _message_section(m: msgs.Message, page: str) -> list[str]:
    out = [f"### {m.name} ({code(m.key)}) {{#{anchor('msg', m.key)}}}", "", prose(m.doc), ""]
    if m.outcomes:
        out += ["Outcomes: " + ", ".join(code(o) for o in m.outcomes) + ".", ""]
    if m.fields:
        out += ["| Field | Type | Meaning |", "| --- | --- | --- |"]
        out += [f"| {code(f.name)} | {type_link(f.type, page)} | {cell(f.doc)} |" for f in m.fields]
    else:
        out.append("No fields.")
    out.append("")
    return out


def _implementation_cell(impls: Iterable[codemap.Implementation], page: str) -> str:
    parts = []
    for impl in impls:
        named = [action_link(a, page) + (" (adversarial)" if a in codemap.ADVERSARIAL_ACTIONS else "")
                 for a in impl.actions]
        if impl.chain_message and len(named) > 1:
            text = " or ".join(named[:-1]) + " then " + named[-1]  # senders of the chain message, then SyncBlock
        else:
            text = " then ".join(named)
        if impl.executed_by:
            text += f", which runs {fn_link(impl.executed_by, page)}"
        if impl.chain_message:
            text += f" on chain message {code(impl.chain_message)}"
        if impl.note:
            text += f" ({impl.note})"
        parts.append(text)
    return "<br>".join(parts) if parts else "*no model action draws this arrow*"


def flow(f: protocol.Flow) -> str:
    page = flow_page(f)
    sends = protocol.sends(f)
    out = [
        f"# {f.key}",
        "",
        prose(f.doc),
        "",
        f"A top-level `{f.kind}` block of the diagram with {len(sends)} arrows. Participants: "
        + ", ".join(participant_link(p, page) for p in protocol.flow_participants(f)) + ".",
        "",
        "## Diagram",
        "",
        *mermaid(render(protocol.to_diagram((f,)))),
        "## Steps",
        "",
        *_step_lines(f.steps, page, [0], ""),
        "## Messages",
        "",
        "The typed fields of each message the flow carries (types link to the [glossary]"
        f"({_rel(page, 'glossary.md')})).",
        "",
    ]
    seen: set[str] = set()
    for s in sends:
        if s.message.key not in seen:
            seen.add(s.message.key)
            out += _message_section(s.message, page)
    out += [
        "## Model actions {#model-actions}",
        "",
        "The actions of `model.actions.TRANSITIONS` that draw each arrow (from the engines' coverage map, "
        "`checker.protocol_model.label_arrows`). Each links to its function, with its guards and source. "
        "Arrows drawn when a block is applied are sent by one action and executed in `SyncBlock` by a chain "
        "actor's function.",
        "",
        "| # | Arrow | Drawn by |",
        "| --- | --- | --- |",
    ]
    for n, s in enumerate(sends, 1):
        impls = codemap.implementations(f.key, s.label)
        out.append(f"| {n} | {s.sender} → {s.receiver}: {code(cell(s.label))} | {_implementation_cell(impls, page)} |")
    out.append("")
    return "\n".join(out)


# --- Participants -----------------------------------------------------------------------------------


def _fields_table(fields: Iterable[introspect.FieldDoc], page: str) -> list[str]:
    out = ["| Field | Type | Meaning |", "| --- | --- | --- |"]
    for fd in fields:
        typ = code(fd.type) if fd.type else ""
        if fd.quantity:
            typ += " (quantity)"
        default = f" Default {code(fd.default)}." if fd.default and fd.type else ""
        out.append(f"| {code(fd.name)} | {typ} | {cell(prose(fd.doc))}{default} |")
    return [*out, ""]


def _state_classes() -> dict[str, introspect.ClassDoc]:
    return {c.name: c for c in introspect.classes("model.state")}


def _function_section(fn: FunctionDoc, page: str) -> list[str]:
    title = f"{fn.module.removeprefix('model.')}.{fn.name}"
    out = [f"### `{title}` {{#{fn_anchor(fn.qualname)}}}", ""]
    if fn.doc:
        out += [prose(fn.doc), ""]
    acts = codemap.actions_of_function(fn.qualname)
    if acts:
        out += [f"Model action{'s' if len(acts) > 1 else ''}: {', '.join(code(a) for a in acts)}.", ""]
    if fn.guards:
        out += ["Guards (a failing check rejects the action; the world is left as it was):", ""]
        for k, g in enumerate(fn.guards, 1):
            out.append(f"{k}. {_guard_text(g)}")
        out.append("")
    inherited = [(callee, g) for callee, g in introspect.inherited_guards(fn)
                 if callee.module.startswith("model.") and callee.module != "model.arith"]
    if inherited:
        out += ["Checked by the helpers it calls:", ""]
        for callee, g in inherited:
            out.append(f"- {fn_link(callee.qualname, page)}: {_guard_text(g)}")
        out.append("")
    if fn.steps:
        out += ["Steps:", ""]
        out += [f"- {prose(s)}" for s in fn.steps]
        out.append("")
    out += [f'??? quote "Source: {fn.path}, lines {fn.first_line}–{fn.last_line}"', ""]
    out += block("python", fn.source, indent="    ", linenums=fn.first_line)
    out.append("")
    return out


def _guard_text(g: introspect.Guard) -> str:
    rules = []
    for name, text in g.rules:
        if name == "NotEnabled" or not text:
            rules.append(code(name))
        else:
            rules.append(f"{code(name)} ({text})")
    said = prose(g.comment) if g.comment else "*(no comment in the source)*"
    return f"{said} Rejects with {', '.join(rules)}."


def participant(name: str) -> str:
    page = participant_page(name)
    role = next(r for r in protocol.PARTICIPANTS if r.name == name)
    group = protocol.group_of(name)
    flows = [f for f in protocol.FLOWS if name in protocol.flow_participants(f)]
    out = [
        f"# {name}",
        "",
        role.doc,
        "",
        f"A {_KIND_WORDS.get(role.kind, role.kind)}"
        + (f" of the [{group}]({_rel(page, 'index.md')}#{anchor('group', group)}) group" if group else "")
        + ". "
        + ("Appears in the flows " + ", ".join(f"[{f.key}]({_rel(page, flow_page(f))})" for f in flows) + "."
           if flows else "Draws no arrow of the diagram: its behaviour is a documented extension "
           f"(see [Messages]({_rel(page, 'messages.md')}#extensions))."),
        "",
    ]
    if name in codemap.RULES_ELSEWHERE:
        out += [codemap.RULES_ELSEWHERE[name], ""]
    out += _rules_section(name)
    out += _state_section(name, page)
    out += _arrows_section(name, page)
    fns = codemap.functions_by_participant().get(name, ())
    transitions = [f for f in fns if f.guards or codemap.actions_of_function(f.qualname)]
    helpers = [f for f in fns if f not in transitions]
    if transitions:
        out += ["## Transitions and checks", "",
                "Each function below is one step of this participant (or a check an actor runs on a chain "
                "message), with its guards in plain words: the `# Verify ...` comment above each check and the "
                "rule of `model.errors` it raises.", ""]
        for fn in transitions:
            out += _function_section(fn, page)
    if helpers:
        out += ["## Queries and helpers", ""]
        for fn in helpers:
            out += _function_section(fn, page)
    if name == codemap.FP:
        out += _proof_port_section()
    simplifications = [s for m in _modules_of(name) for s in introspect.simplifications(m)]
    out += ["## Simplifications", ""]
    if simplifications:
        out += [f"- {prose(s.text)} (`{s.where}`)" for s in simplifications]
        everything = _rel(page, "simplifications.md")
        out += ["", f"All of them, for every participant: [Simplifications and choices]({everything}).", ""]
    else:
        out += ["The model's code for this participant states no simplification of Filecoin's rules.", ""]
    return "\n".join(out)


def _modules_of(name: str) -> list[str]:
    fns = codemap.functions_by_participant().get(name, ())
    modules = list(dict.fromkeys(f.module for f in fns))
    if name == codemap.FP:
        modules.append("model.proofs")
    return list(dict.fromkeys(modules))


def _rules_section(name: str) -> list[str]:
    out: list[str] = []
    for module in _modules_of(name):
        doc = introspect.module_doc(module)
        if not doc:
            continue
        out += [f"## Rules ({code(module)})", "", "From the module's docstring:", ""]
        out += [f"> {prose(p)}\n>" for p in introspect.paragraphs(doc)]
        out[-1] = out[-1].removesuffix("\n>")
        out.append("")
    return out


def _state_section(name: str, page: str) -> list[str]:
    classes = _state_classes()
    world = classes.get("World")
    out = ["## State", ""]
    world_fields = [f for f in (world.fields if world else ()) if name in codemap.WORLD_FIELDS.get(f.name, ())]
    own = [c for c, who in codemap.STATE_CLASSES.items() if name in who and c in classes]
    if not world_fields and not own:
        return [*out, "No state of its own in the model.", ""]
    if world_fields:
        out += [f"Fields of the world (`model.state.World`) this participant holds (all fields: [State]"
                f"({_rel(page, 'state.md')})):", ""]
        out += _fields_table(world_fields, page)
    for c in own:
        cls = classes[c]
        out += [f"### {code(c)} {{#{anchor('state', c)}}}", "", prose(cls.doc), ""]
        out += _fields_table(cls.fields, page) if cls.fields else []
    return out


def _arrows_section(name: str, page: str) -> list[str]:
    rows = []
    for f, s in protocol.all_sends():
        if name not in (s.sender, s.receiver):
            continue
        role = "sends" if s.sender == name else "receives"
        if s.sender == s.receiver:
            role = "to itself"
        impls = codemap.implementations(f.key, s.label)
        rows.append(f"| [{f.key}]({_rel(page, flow_page(f))}) | {role} | {code(cell(s.label))} | "
                    f"{_implementation_cell(impls, page)} |")
    if not rows:
        return []
    return ["## Arrows", "", "The diagram arrows this participant sends or receives, and the model actions that "
            "draw them.", "", "| Flow | Role | Arrow | Drawn by |", "| --- | --- | --- | --- |", *rows, ""]


def _proof_port_section() -> list[str]:
    for c in introspect.classes("model.proofs"):
        if c.name == "ProofPort":
            break
    else:
        return []
    import model.proofs

    out = ["## The proof port", "", prose(c.doc), "", "| Method | What the model asks |", "| --- | --- |"]
    port = model.proofs.ProofPort
    for name, member in vars(port).items():
        if callable(member) and not name.startswith("_"):
            signature = str(inspect.signature(member)).replace("self, ", "").replace("(self)", "()").replace("'", "")
            out.append(f"| {code(name + signature)} "
                       f"| {cell(prose(inspect.getdoc(member) or ''))} |")
    return [*out, ""]


# --- State, simplifications, messages, glossary -----------------------------------------------------


def state() -> str:
    page = "state.md"
    out = ["# State", "", prose(introspect.module_doc("model.state")), ""]
    for c in introspect.classes("model.state"):
        who = codemap.STATE_CLASSES.get(c.name, ())
        out += [f"## {code(c.name)} {{#{anchor('state', c.name)}}}", "", prose(c.doc), ""]
        if who:
            out += ["State of " + ", ".join(participant_link(p, page) for p in who) + ".", ""]
        if c.fields:
            if c.name == "World":
                out += ["| Field | Type | Held by | Meaning |", "| --- | --- | --- | --- |"]
                for fd in c.fields:
                    holders = ", ".join(participant_link(p, page) for p in codemap.WORLD_FIELDS.get(fd.name, ()))
                    typ = code(fd.type) + (" (quantity)" if fd.quantity else "")
                    out.append(f"| {code(fd.name)} | {typ} | {holders} | {cell(prose(fd.doc))} |")
                out.append("")
            else:
                out += _fields_table(c.fields, page)
    return "\n".join(out)


def simplifications() -> str:
    page = "simplifications.md"
    out = [
        "# Simplifications and choices",
        "",
        "Every place where the model departs from Filecoin's real rules, or chooses among rules the 2019 "
        "spec leaves open, as the model's own docstrings state it. The list is collected from the docstrings "
        "of `model/` by their wording (\"a simplification\", \"not modelled\", \"a model policy\", \"keeps "
        "the state space small\", \"the spec is silent\", ...), so a new simplification appears here as soon "
        "as its docstring says so.",
        "",
    ]
    for module in introspect.model_modules():
        found = introspect.simplifications(module)
        if not found:
            continue
        who = codemap.participant_of_module(module)
        links = ", ".join(participant_link(p, page) for p in who)
        out += [f"## {code(module)}" + (f" ({links})" if links else ""), ""]
        out += [f"- {prose(s.text)}" + (f" (`{s.where}`)" if s.where != module else "") for s in found]
        out.append("")
    out += _scenario_section(page)
    out += [
        "## Extensions beyond the diagram",
        "",
        "Behaviour the diagram leaves out but the model needs, each with where its rule comes from: "
        f"[Messages: extensions]({_rel(page, 'messages.md')}#extensions).",
        "",
    ]
    return "\n".join(out)


def _scenario_section(page: str) -> list[str]:
    from model.scenario import PRESETS, Scenario

    sc_class = next(c for c in introspect.classes("model.scenario") if c.name == "Scenario")
    marked = [f for f in sc_class.fields if "marked" in f.doc.lower()]
    out = [
        "## Scenario values that differ from Filecoin's {#scenario-values}",
        "",
        "Real parameters are far too large to explore, so scenarios use small ones. The fields whose "
        "docstring marks them as differing from Filecoin's real values:",
        "",
        "| Field | Meaning | " + " | ".join(code(n) for n in PRESETS) + " |",
        "| --- | --- | " + " | ".join("---" for _ in PRESETS) + " |",
    ]
    for fd in marked:
        values = " | ".join(code(str(getattr(sc, fd.name, ""))) for sc in PRESETS.values())
        out.append(f"| {code(fd.name)} | {cell(prose(fd.doc))} | {values} |")
    out += ["", "The presets:", "", "| Preset | What it explores |", "| --- | --- |"]
    out += [f"| {code(n)} | {cell(sc.description)} |" for n, sc in PRESETS.items()]
    assert isinstance(Scenario.__doc__, str)
    return [*out, ""]


def messages() -> str:
    page = "messages.md"
    out = ["# Messages", "", prose(msgs.__doc__ or ""), "", "## Drawn in the diagram", ""]
    drawn_in: dict[str, list[protocol.Flow]] = {}
    for f, s in protocol.all_sends():
        found = drawn_in.setdefault(s.message.key, [])
        if f not in found:
            found.append(f)
    for m in msgs.DIAGRAM_MESSAGES:
        out += _message_section(m, page)
        flows = drawn_in.get(m.key, [])
        if flows:
            out += ["Drawn in " + ", ".join(f"[{f.key}]({_rel(page, flow_page(f))})" for f in flows) + ".", ""]
    out += ["## Extensions {#extensions}", "",
            "Messages the model needs for behaviour the diagram leaves out; each names where its rule comes from.", ""]
    for m in msgs.EXTENSIONS:
        out += _message_section(m, page)
        out += [f"Source of the rule: {prose(m.source)}.", ""]
    return "\n".join(out)


def glossary() -> str:
    page = "glossary.md"
    out = ["# Glossary", "", prose(types.__doc__ or ""), ""]
    for t in sorted(types.DATA_TYPES, key=lambda t: t.name.lower()):
        out += [f"## {t.name} {{#{anchor('type', t.name)}}}", "", prose(t.doc), ""]
        if t.parts:
            out += ["Made of: " + ", ".join(type_link(p, page) if p in types.DATA_TYPE_NAMES else p
                                            for p in t.parts) + ".", ""]
    return "\n".join(out)


# --- Invariants -------------------------------------------------------------------------------------


def invariants(results: Results) -> str:
    from invariants import REGISTRY

    page = "invariants.md"
    out = [
        "# Invariants",
        "",
        "What the protocol promises, as the invariant library (`invariants/`) states it: each property's "
        "statement in plain words, its formula (the predicate's source, which evaluates on concrete worlds "
        "for the checker and on symbolic ones for the prover), and its latest results.",
        "",
        "Kinds: **always** holds in every reachable state; **sometimes** is a witness that some reachable "
        "state satisfies it (so a flow is not vacuously safe); **eventually** must be reached from every state "
        "where its trigger holds; **step** holds of every transition (before, action, after).",
        "",
        "## Latest results",
        "",
    ]
    if results.empty:
        out += ["Not run yet: no `check-*.json` or `prove-*.json` in the results directory when the site was "
                "built. Run `filspec check` (and `filspec prove`), then rebuild the site.", ""]
    else:
        out += ["| Command | Scenario | States | Transitions | Seconds |", "| --- | --- | --- | --- | --- |"]
        out += [f"| check | `{c.scenario}` | {c.states} | {c.transitions} | {c.seconds:.2f} |" for c in results.checks]
        out += [f"| prove | `{p.scenario}` | | | {sum(r.seconds for rs in p.results.values() for r in rs):.2f} |"
                for p in results.proofs]
        out.append("")
    groups: dict[str, list[Any]] = {}
    for inv in REGISTRY.values():
        groups.setdefault(inv.group, []).append(inv)
    out += ["| Invariant | Kind | Group | Latest | Statement |", "| --- | --- | --- | --- | --- |"]
    for group, invs in groups.items():
        out += [f"| [`{i.name}`](#{anchor('inv', i.name)}) | {i.kind} | {group} | {_latest(i.name, results)} | "
                f"{cell(i.statement)} |" for i in invs]
    out.append("")
    for group, invs in groups.items():
        out += [f"## {group.capitalize()} {{#{anchor('group', group)}}}", ""]
        for inv in invs:
            out += _invariant_section(inv, results, page)
    return "\n".join(out)


def _latest(name: str, results: Results) -> str:
    """An invariant's latest verdicts in one cell: ``tiny: holds; tiny (prove): 3 proved``."""
    found = [f"{c.scenario}: {c.verdicts[name]}" for c in results.checks if name in c.verdicts]
    found += [f"{p.scenario} (prove): {prove_summary(p.results[name])}" for p in results.proofs if name in p.results]
    return "; ".join(found) if found else "not run yet"


def _source_of(fn: Any) -> tuple[str, str, int]:
    """(source text, path relative to the repository, first line) of a function."""
    try:
        lines, first = inspect.getsourcelines(fn)
        path = Path(inspect.getsourcefile(fn) or "")
    except (OSError, TypeError):
        return "", "", 0
    try:
        rel = path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        rel = path.name
    return "".join(lines).rstrip("\n"), rel, first


def _invariant_section(inv: Any, results: Results, page: str) -> list[str]:
    out = [f"### `{inv.name}` {{#{anchor('inv', inv.name)}}}", "", f"**{inv.statement}**", ""]
    facts = [f"Kind: {inv.kind}", f"group: {inv.group}"]
    if inv.lemma:
        facts.append("a strengthening lemma for the prover")
    out += ["; ".join(facts) + ".", ""]
    rows = []
    for c in results.checks:
        status = c.verdicts.get(inv.name)
        rows.append(f"| `{c.scenario}` | check | {status if status else 'not checked in this run'} |")
    for p in results.proofs:
        obligations = p.results.get(inv.name)
        if obligations:
            summary = prove_summary(obligations)
        elif inv.kind in ("sometimes", "eventually"):
            summary = "not an inductive property: the prover skips it"
        else:
            summary = "not proved in this run"
        rows.append(f"| `{p.scenario}` | prove | {summary} |")
    if rows:
        out += ["| Scenario | Engine | Result |", "| --- | --- | --- |", *rows, ""]
    else:
        out += ["Results: not run yet.", ""]
    source, path, first = _source_of(inv.predicate)
    if source:
        out += ["Formula:", ""]
        out += block("python", source, title=f"{path}", linenums=first)
        out.append("")
    if inv.trigger is not None:
        source, path, first = _source_of(inv.trigger)
        if source:
            out += ["Trigger (the states from which it must eventually hold):", ""]
            out += block("python", source, title=f"{path}", linenums=first)
            out.append("")
    return out


# --- ADRs and API reference -------------------------------------------------------------------------


def adr_index(adr_files: list[tuple[str, str]]) -> str:
    """The index of design decisions: (file name, title) of each ``docs/adr/*.md``."""
    out = ["# Design decisions", "",
           "Architecture decision records (`docs/adr/`): context, options, decision and consequences of each "
           "choice that shapes the code. Newest additions appear here when the site is rebuilt.", ""]
    if not adr_files:
        out.append("No decision recorded yet.")
    out += [f"- [{title}]({name})" for name, title in adr_files]
    out.append("")
    return "\n".join(out)


def api_modules(package: str) -> list[str]:
    """Dotted names of a package's modules (subpackages included), in path order."""
    root = REPO_ROOT / package
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(REPO_ROOT).with_suffix("")
        parts = rel.parts
        if any(p.startswith((".", "_")) and p != "__init__" for p in parts) or "__pycache__" in parts:
            continue
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)
        if not any(name == x or name.startswith(x + ".") for x in API_EXCLUDE):
            out.append(name)
    return out


def api_page(module: str) -> str:
    return f"::: {module}\n    options:\n      show_root_heading: true\n      heading_level: 1\n"


# --- Everything -------------------------------------------------------------------------------------


def generate(results: Results, tutorials: list[tuple[str, str]], adr_files: list[tuple[str, str]],
             api: bool = True) -> Site:
    """Every generated page and the site's navigation (tutorials and ADRs are (path, title) of prose pages)."""
    pages: dict[str, str] = {
        "index.md": overview(),
        "simplifications.md": simplifications(),
        "state.md": state(),
        "messages.md": messages(),
        "glossary.md": glossary(),
        "invariants.md": invariants(results),
        "cli.md": cli_reference.page(),
        "adr/index.md": adr_index([(Path(p).name, t) for p, t in adr_files]),
    }
    for f in protocol.FLOWS:
        pages[flow_page(f)] = flow(f)
    for p in protocol.PARTICIPANT_NAMES:
        pages[participant_page(p)] = participant(p)
    nav: list[NavItem] = [
        {"Overview": "index.md"},
        {"Protocol": [{f.key: flow_page(f)} for f in protocol.FLOWS] + [{"Messages": "messages.md"},
                                                                       {"Glossary": "glossary.md"}]},
        {"Participants": [{p: participant_page(p)} for p in protocol.PARTICIPANT_NAMES] + [{"State": "state.md"}]},
        {"Simplifications and choices": "simplifications.md"},
        {"Invariants": "invariants.md"},
    ]
    if tutorials:
        nav.append({"Tutorials": [{title: path} for path, title in tutorials]})
    nav.append({"CLI reference": "cli.md"})
    if api:
        api_nav: list[NavItem] = []
        for package in API_PACKAGES:
            entries: list[NavItem] = []
            for module in api_modules(package):
                path = f"api/{module.replace('.', '/')}.md" if module != package else f"api/{package}/index.md"
                pages[path] = api_page(module)
                entries.append({module: path})
            api_nav.append({package: entries})
        nav.append({"API reference": api_nav})
    nav.append({"Design decisions": [{"Index": "adr/index.md"}] + [{t: p} for p, t in adr_files]})
    return Site(pages, nav)
