"""Build and serve the documentation site: stage the pages, write the mkdocs configuration, build strictly.

`build(out, results_dir)`:

1. copies the hand-written prose of ``docs/`` (tutorials, design decisions) into a staging
   directory, and writes every generated page beside it (`checker.docs.pages`); a hand-written
   file may not take the path of a generated one;
2. adds Mermaid (`checker.docs.mermaid`) and the script that renders diagrams with it;
3. writes ``mkdocs.yml`` (mkdocs-material, mkdocstrings for the API reference, every link and
   anchor validated) and builds the site in strict mode: any warning (a broken link, a missing
   anchor, a docstring mkdocstrings cannot read) fails the build, and the warnings are reported.

`serve(directory, port)` serves a built site on 127.0.0.1 with Python's `http.server`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs

from checker.docs import mermaid, pages
from checker.docs.introspect import REPO_ROOT
from checker.docs.results import load
from spec.errors import InputError

PROSE_DIR = REPO_ROOT / "docs"
MERMAID_SITE_PATH = f"assets/javascripts/mermaid-{mermaid.VERSION}.min.js"
INIT_SITE_PATH = "assets/javascripts/filspec-mermaid.js"
CSS_SITE_PATH = "assets/stylesheets/filspec.css"
_FENCE_FORMAT = "@@FENCE_DIV_FORMAT@@"


@attrs.frozen
class Built:
    """What a build produced."""

    site_dir: Path
    config_file: Path
    """The generated ``mkdocs.yml`` (inside the staging directory, removed after the build unless kept)."""
    pages: tuple[str, ...]
    """Every page of the site, relative to the docs directory."""
    warnings: tuple[str, ...]


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def prose_pages(kind: str) -> list[tuple[str, str]]:
    """(path relative to docs, title) of the hand-written pages under ``docs/<kind>/``, by file name."""
    folder = PROSE_DIR / kind
    if not folder.is_dir():
        return []
    return [(f"{kind}/{p.name}", _title(p)) for p in sorted(folder.glob("*.md")) if p.name != "index.md"]


def config(docs_dir: Path, site_dir: Path, nav: list[pages.NavItem], api: bool) -> str:
    """The mkdocs configuration as YAML text."""
    plugins: list[Any] = ["search"]
    if api:
        plugins.append({"mkdocstrings": {
            "default_handler": "python",
            "handlers": {"python": {
                "paths": [str(REPO_ROOT)],
                "options": {
                    "docstring_style": "google",
                    "show_source": False,
                    "members_order": "source",
                    "show_signature_annotations": True,
                    "separate_signature": False,
                    "filters": ["!^_"],
                    "show_submodules": False,
                    "show_if_no_docstring": False,
                },
            }},
        }})
    cfg: dict[str, Any] = {
        "site_name": "filspec",
        "site_description": "An executable formal specification of the 2019 Filecoin storage and retrieval "
                            "protocol, with a model checker.",
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "strict": True,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "font": False,  # no Google Fonts: the site loads nothing from the network
            "features": ["content.code.copy", "navigation.top", "navigation.indexes", "search.highlight", "toc.follow"],
            "palette": {"primary": "indigo", "accent": "blue"},
        },
        "extra_javascript": [MERMAID_SITE_PATH, INIT_SITE_PATH],
        "extra_css": [CSS_SITE_PATH],
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "def_list",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            {"pymdownx.highlight": {"anchor_linenums": False, "line_spans": "__span"}},
            "pymdownx.inlinehilite",
            {"pymdownx.superfences": {"custom_fences": [
                {"name": "mermaid", "class": mermaid.DIAGRAM_CLASS, "format": _FENCE_FORMAT},
            ]}},
        ],
        "plugins": plugins,
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
        "nav": nav,
    }
    # JSON is YAML; the one tag mkdocs needs (a Python callable) goes in by hand.
    text = json.dumps(cfg, indent=2, ensure_ascii=False)
    return text.replace(json.dumps(_FENCE_FORMAT), "!!python/name:pymdownx.superfences.fence_div_format") + "\n"


def stage(staging: Path, results_dir: Path, api: bool = True) -> tuple[Path, list[pages.NavItem], tuple[str, ...]]:
    """Write the docs directory of the site into `staging`; return it, the nav and the page paths."""
    docs_dir = staging / "docs"
    if PROSE_DIR.is_dir():
        shutil.copytree(PROSE_DIR, docs_dir, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    else:
        docs_dir.mkdir(parents=True)
    site = pages.generate(load(results_dir), prose_pages("tutorials"), prose_pages("adr"), api=api)
    for rel, text in site.pages.items():
        target = docs_dir / rel
        if target.exists():
            raise InputError(f"a hand-written page takes the path of a generated one ({rel}); rename or remove it",
                             where=str(PROSE_DIR / rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    js = docs_dir / MERMAID_SITE_PATH
    js.parent.mkdir(parents=True, exist_ok=True)
    source = mermaid.asset()
    shutil.copyfile(source, js)
    licence = source.with_name(source.name + ".LICENSE")
    if licence.is_file():
        shutil.copyfile(licence, js.with_name(js.name + ".LICENSE.txt"))
    (docs_dir / INIT_SITE_PATH).write_text(mermaid.INIT_JS, encoding="utf-8")
    (docs_dir / CSS_SITE_PATH).parent.mkdir(parents=True, exist_ok=True)
    (docs_dir / CSS_SITE_PATH).write_text(mermaid.CSS, encoding="utf-8")
    all_pages = tuple(sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")))
    listed = set(_nav_paths(site.nav))
    others = [p for p in all_pages if p not in listed]
    nav = list(site.nav)
    if others:  # other hand-written prose: listed, so that no page of docs/ is left out of the site
        nav.append({"More": [{_title(docs_dir / p): p} for p in others]})
    return docs_dir, nav, all_pages


def _nav_paths(nav: list[pages.NavItem]) -> Iterator[str]:
    for item in nav:
        for value in item.values():
            if isinstance(value, str):
                yield value
            else:
                yield from _nav_paths(value)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def build(out: Path, results_dir: Path, *, api: bool = True, keep_config: Path | None = None) -> Built:
    """Build the site into `out` in strict mode; InputError listing the warnings when it fails."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="filspec-docs-") as tmp:
        staging = Path(tmp)
        docs_dir, nav, all_pages = stage(staging, results_dir.resolve(), api=api)
        config_file = staging / "mkdocs.yml"
        config_file.write_text(config(docs_dir, out, nav, api), encoding="utf-8")
        if keep_config is not None:
            keep_config.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(config_file, keep_config)
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            cfg = load_config(config_file=str(config_file), strict=True)
            mkdocs_build(cfg)
        except (Abort, ConfigurationError) as err:
            detail = "\n  ".join(_clean(m, staging) for m in collect.messages) or str(err)
            raise InputError(f"the site does not build in strict mode:\n  {detail}",
                             where="filspec docs build") from None
        finally:
            logger.removeHandler(collect)
        if collect.messages:
            detail = "\n  ".join(_clean(m, staging) for m in collect.messages)
            raise InputError(f"the site built with warnings:\n  {detail}", where="filspec docs build")
    return Built(out, keep_config or config_file, all_pages, tuple(collect.messages))


def _clean(message: str, staging: Path) -> str:
    return message.replace(str(staging / "docs") + "/", "").replace(str(staging), "<staging>")


EXTERNAL_SCRIPT = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                             re.IGNORECASE)


def external_references(site_dir: Path) -> list[str]:
    """Every ``<script src>``, ``<link href>``, ``<img src>`` or ``<iframe src>`` of the site that points off-site."""
    found = []
    for html in sorted(site_dir.rglob("*.html")):
        for m in EXTERNAL_SCRIPT.finditer(html.read_text(encoding="utf-8")):
            tag = html.read_text(encoding="utf-8")[m.start(): m.start() + 200].split(">")[0]
            found.append(f"{html.relative_to(site_dir)}: {tag}>")
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(directory: Path, port: int = 0, quiet: bool = True) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 in a background thread; yield its base URL."""
    handler = functools.partial(_QuietHandler if quiet else SimpleHTTPRequestHandler, directory=str(directory))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {err.strerror}", where="--port") from None
    thread = threading.Thread(target=server.serve_forever, name="filspec-docs-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
