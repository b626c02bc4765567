"""Shared fixtures of the docs tests: one strict build of the whole site, with sample results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.docs import site
from invariants import REGISTRY

#: The invariant the sample results mark, and what they say about it.
SAMPLE_INVARIANT = next(iter(REGISTRY))
SAMPLE_SCENARIO = "tiny"


def write_sample_results(directory: Path) -> None:
    """A `filspec check` and a `filspec prove` summary, as those commands write them."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"check-{SAMPLE_SCENARIO}.json").write_text(json.dumps({
        "command": "check", "scenario": SAMPLE_SCENARIO, "states": 1234, "transitions": 5678, "seconds": 1.5,
        "verdicts": [{"name": SAMPLE_INVARIANT, "kind": "always", "status": "holds"}],
    }), encoding="utf-8")
    (directory / f"prove-{SAMPLE_SCENARIO}.json").write_text(json.dumps({
        "command": "prove", "scenario": SAMPLE_SCENARIO,
        "results": [{"invariant": SAMPLE_INVARIANT, "action": "Tick", "verdict": "proved", "instances": 1,
                     "seconds": 0.25}],
    }), encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> site.Built:
    """The site, built once in strict mode (API reference included) with sample results."""
    root = tmp_path_factory.mktemp("docs")
    write_sample_results(root / "results")
    return site.build(root / "site", root / "results", keep_config=root / "mkdocs.yml")
