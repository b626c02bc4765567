"""Graph export (GraphML, DOT) and progress reporting."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from checker.explicit import check
from checker.graph_export import export_graph, to_networkx
from checker.progress import Progress
from spec.errors import InputError
from tests.engine.toys import Counter, Grid


def test_graphml_export_has_every_state_and_transition() -> None:
    text = export_graph(Grid(3), "graphml")
    root = ET.fromstring(text)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 9
    assert len(root.findall(".//g:edge", ns)) == 12
    assert '{"x": 0, "y": 0}' in text


def test_dot_export_marks_initial_and_deadlock_states() -> None:
    text = export_graph(Counter(2), "dot")
    assert text.startswith('digraph "counter" {')
    assert "s0 [label=" in text and "doublecircle" in text and "octagon" in text
    assert 's0 -> s1 [label="inc"];' in text


def test_export_refuses_large_models() -> None:
    with pytest.raises(InputError, match="more than 5 states"):
        to_networkx(Grid(4), limit=5)


def test_progress_on_a_pipe_prints_plain_lines() -> None:
    out = io.StringIO()
    progress = Progress(out, interval=0.0, label="check")
    check(Counter(5000, terminal_at_limit=True), progress=progress)
    lines = out.getvalue().splitlines()
    assert lines and all(line.startswith("check: ") for line in lines)
    assert "\r" not in out.getvalue()
    assert "5,001 states" in lines[-1]


def test_progress_is_throttled_by_its_interval() -> None:
    out = io.StringIO()
    progress = Progress(out, interval=3600.0)
    check(Counter(5000, terminal_at_limit=True), progress=progress)
    assert len(out.getvalue().splitlines()) == 1  # only the final line


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_tty_rewrites_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = FakeTTY()
    progress = Progress(out, interval=0.0)
    progress.update(10, 5, 1)
    progress.update(20, 5, 2)
    progress.finish(30, 3)
    assert out.getvalue().count("\r") == 3 and out.getvalue().endswith("\n")


def test_progress_with_ci_true_prints_plain_lines_even_on_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    progress = Progress(FakeTTY())
    assert not progress.live and progress.interval == 10.0
