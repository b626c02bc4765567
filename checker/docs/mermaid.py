"""Mermaid's JavaScript for the site, pinned and served locally, so diagrams render offline.

The site never loads Mermaid from a CDN: `filspec docs build` copies a pinned
``mermaid.min.js`` into the site and renders every diagram with it (`INIT_JS`).  The file comes
from, in order:

1. ``$FILSPEC_MERMAID_JS``, a path to a ``mermaid.min.js`` you provide (for machines without npm);
2. the cache, ``$FILSPEC_CACHE`` or ``$XDG_CACHE_HOME/filspec`` or ``~/.cache/filspec``;
3. ``scripts/fetch-mermaid.sh``, which runs ``npm pack mermaid@VERSION``, checks the file's
   SHA-256 and writes it to the cache.

Diagrams are written as ```` ```mermaid ```` fences, which the site turns into
``<div class="filspec-mermaid">`` elements.  mkdocs-material would render its own ``mermaid``
class itself, but it loads Mermaid from unpkg.com when ``window.mermaid`` is missing, and draws
into a *closed* shadow root that no test can see; our own class and `INIT_JS` keep both the
loading and the rendered SVG in our hands (see ``docs/adr/docs-site-offline-mermaid.md``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from spec.errors import InputError

VERSION = "11.12.0"
SHA256 = "07e37dfa97b337ccc85365d57eddf99b9706f09db3b59b260d0333b23b343c4b"
"""SHA-256 of ``dist/mermaid.min.js`` in the npm package mermaid@`VERSION`."""

FETCH_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fetch-mermaid.sh"

#: The CSS class of a diagram's element in the built HTML.
DIAGRAM_CLASS = "filspec-mermaid"

#: Renders every diagram of a page with the local Mermaid, on load and on each instant navigation.
INIT_JS = """\
// filspec: render the site's Mermaid diagrams with the Mermaid bundled in the site (no CDN).
(function () {
  var ready = false;
  function render() {
    if (typeof window.mermaid === "undefined") {
      console.error("filspec: Mermaid is missing from the site");
      return;
    }
    if (!ready) {
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: "default",
        sequence: { useMaxWidth: true, showSequenceNumbers: false }
      });
      ready = true;
    }
    var nodes = document.querySelectorAll("div.@CLASS@:not([data-processed])");
    if (nodes.length) {
      window.mermaid.run({ nodes: nodes }).then(function () {
        document.documentElement.setAttribute("data-filspec-mermaid", "rendered");
      }, function (err) {
        document.documentElement.setAttribute("data-filspec-mermaid", "error");
        console.error("filspec: Mermaid failed", err);
      });
    }
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(render);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
""".replace("@CLASS@", DIAGRAM_CLASS)


#: A diagram drawn at its natural size (see `WIDE`) scrolls sideways inside the page.
CSS = """\
/* filspec: diagrams at their natural size, scrolling sideways inside the page when wider. */
div.@CLASS@ { overflow-x: auto; margin: 1em 0; }
div.@CLASS@ > svg { max-width: none !important; height: auto; }
""".replace("@CLASS@", DIAGRAM_CLASS)


#: Mermaid directive that draws a diagram at its natural size instead of shrinking it to the page's width.
WIDE = '%%{init: {"sequence": {"useMaxWidth": false}}}%%'


def cache_dir() -> Path:
    """Where fetched assets are kept between builds."""
    if os.environ.get("FILSPEC_CACHE"):
        return Path(os.environ["FILSPEC_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "filspec"


def cached_path() -> Path:
    return cache_dir() / f"mermaid-{VERSION}.min.js"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def asset(fetch: bool = True) -> Path:
    """The path of a verified ``mermaid.min.js``, fetching it with npm when it is missing.

    Raises InputError saying how to provide the file when it can be had neither way.
    """
    given = os.environ.get("FILSPEC_MERMAID_JS")
    if given:
        path = Path(given)
        if not path.is_file():
            raise InputError("FILSPEC_MERMAID_JS names no file", where=given)
        return path
    path = cached_path()
    if path.is_file() and _digest(path) == SHA256:
        return path
    if not fetch:
        raise InputError(f"Mermaid {VERSION} is not in the cache", where=str(path))
    how = (f"run `{FETCH_SCRIPT} {path}` with network access to the npm registry, or set FILSPEC_MERMAID_JS to a "
           f"copy of mermaid@{VERSION}'s dist/mermaid.min.js")
    if not FETCH_SCRIPT.is_file():
        raise InputError(f"Mermaid's JavaScript is missing and {FETCH_SCRIPT} is not there to fetch it; {how}",
                         where=str(path))
    try:
        done = subprocess.run(["bash", str(FETCH_SCRIPT), str(path)], capture_output=True, text=True, timeout=300,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise InputError(f"could not fetch Mermaid ({err}); {how}", where=str(path)) from None
    if done.returncode != 0 or not path.is_file():
        detail = (done.stderr or done.stdout).strip().replace("\n", " ")
        raise InputError(f"could not fetch Mermaid: {detail}; {how}", where=str(path))
    if _digest(path) != SHA256:
        raise InputError(f"the fetched file's SHA-256 is not mermaid@{VERSION}'s; {how}", where=str(path))
    return path
