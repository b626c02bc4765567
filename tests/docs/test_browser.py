"""The built site in a real browser: headless Chromium renders a flow's Mermaid diagram as SVG, offline.

Chromium comes from the system's packages (Debian ``chromium``), installed by
``scripts/install-test-deps.sh`` where it is missing; the test skips, saying why, only when it
cannot be installed.  The browser resolves no host but 127.0.0.1 (``--host-resolver-rules``), so
a diagram that renders proves Mermaid came from the site itself, not from a CDN.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.docs import mermaid, site
from checker.docs.introspect import REPO_ROOT
from checker.docs.markdown import slug
from spec import protocol

CHROMIUM = Path(os.environ.get("FILSPEC_CHROMIUM", "/usr/bin/chromium"))
INSTALL = REPO_ROOT / "scripts" / "install-test-deps.sh"
FLOW = "StorageDealCollect"
#: Where the screenshot is kept for people to look at (beside the test run's other outputs).
SCREENSHOT_DIR_ENV = "FILSPEC_SCREENSHOT_DIR"


def chromium() -> Path:
    """The Chromium binary, installed with the project's test set-up script if missing (else skip)."""
    if not CHROMIUM.exists():
        done = subprocess.run(["bash", str(INSTALL)], capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0 or not CHROMIUM.exists():
            pytest.skip(f"headless Chromium is not available and {INSTALL.name} could not install it: "
                        f"{(done.stderr or done.stdout).strip()}")
    return CHROMIUM


def browse(binary: Path, profile: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on `url` with no network but 127.0.0.1."""
    args = [
        str(binary), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=20000", "--hide-scrollbars", "--window-size=1280,1400", *extra, url,
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=90, check=False)


def diagram_svg(dom: str) -> str:
    """The SVG inside the page's (single) diagram element, or ""."""
    m = re.search(rf'<div class="{mermaid.DIAGRAM_CLASS}"[^>]*>(.*?</svg>)', dom, re.DOTALL)
    return m.group(1) if m else ""


@pytest.mark.browser
def test_flow_diagram_renders_as_svg_offline_in_chromium(built_site: site.Built, tmp_path: Path) -> None:
    binary = chromium()
    flow = protocol.flow(FLOW)
    with site.serving(built_site.site_dir) as base:
        url = f"{base}flows/{slug(flow.key)}/"
        done = browse(binary, tmp_path / "profile-dom", url, "--dump-dom")
        assert done.returncode == 0, done.stderr[-2000:]
        dom = done.stdout
        shot = tmp_path / f"{slug(flow.key)}.png"
        taken = browse(binary, tmp_path / "profile-shot", url, f"--screenshot={shot}")
        assert taken.returncode == 0, taken.stderr[-2000:]

    assert 'data-filspec-mermaid="rendered"' in dom, "the diagram script did not finish rendering"
    svg = diagram_svg(dom)
    assert svg.startswith("<svg") or "<svg" in svg[:400], "the diagram is not an SVG"
    labels = html.unescape(re.sub(r"<[^>]+>", " ", svg))
    for name in protocol.flow_participants(flow):
        assert name in labels, f"participant {name} is not drawn"
    for s in protocol.sends(flow):
        assert s.label in labels, f"arrow {s.label!r} is not drawn"

    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000, "the screenshot looks blank"
    keep = os.environ.get(SCREENSHOT_DIR_ENV)
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(keep) / shot.name)
