"""The documentation site, generated from the spec, the model and the invariants.

Nothing in the spec pages is kept by hand: `checker.docs.pages` writes them from `spec/`
(participants, flows, messages, glossary), `model/` (state fields, transitions with their
guards, simplifications stated in module docstrings), `invariants/` (statements, formulas) and
the latest results of `filspec check` / `filspec prove` (`checker.docs.results`).
`checker.docs.site` stages those pages with the hand-written prose of ``docs/`` (tutorials,
design decisions) and builds a mkdocs-material site in strict mode, with Mermaid's JavaScript
served from the site itself (`checker.docs.mermaid`): it renders with no network.

Modules:

- `checker.docs.introspect`: reads model source with `ast` (functions, guards, comments,
  state field docstrings, simplifications).
- `checker.docs.codemap`: which model code and state belongs to which participant, and which
  model actions draw each diagram arrow.
- `checker.docs.pages`: the generated Markdown pages.
- `checker.docs.cli_reference`: the CLI reference from `checker.cli.build_parser()`.
- `checker.docs.results`: latest check and prove results from ``.filspec/``.
- `checker.docs.mermaid`: the pinned, locally served Mermaid asset.
- `checker.docs.site`: staging, mkdocs configuration, build and serve.
"""
