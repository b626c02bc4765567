"""ITF writing, reading and replay; text, Mermaid, JSON and JUnit renderings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from benchmarks.paych_lanes import SMALL, PaychLanes
from checker.contract import Property, Trace
from checker.explicit import check
from checker.itf import decode, encode, read_itf, replay, trace_to_itf, write_itf
from checker.reports import format_result, format_trace, junit_xml, summary_json, trace_to_mermaid
from spec.errors import InputError
from tests.engine.toys import Counter, Grid


def bug_trace() -> tuple[PaychLanes, Trace[Any, Any]]:
    model = PaychLanes(SMALL, bug=True)
    trace = check(model).verdict("to_send_within_balance").trace
    assert trace is not None
    return model, trace


def test_encode_tags_bigints_tuples_sets_and_maps() -> None:
    value = {"big": 2**64, "small": 7, "tup": (1, 2), "set": frozenset({3, 1}), "map": {(1, 2): "x"},
             "flag": True}
    doc = encode(value)
    assert doc["big"] == {"#bigint": str(2**64)} and doc["small"] == 7
    assert doc["tup"] == {"#tup": [1, 2]} and doc["set"] == {"#set": [1, 3]}
    assert doc["map"] == {"#map": [[{"#tup": [1, 2]}, "x"]]} and doc["flag"] is True
    assert decode(json.loads(json.dumps(doc))) == value


def test_itf_document_has_meta_vars_states_and_actions() -> None:
    model, trace = bug_trace()
    doc = trace_to_itf(model, trace, command="filspec check", scenario="small", seed=7)
    assert doc["#meta"]["command"] == "filspec check" and doc["#meta"]["seed"] == 7
    assert doc["#meta"]["format"] == "ITF"
    assert doc["vars"] == ["bal", "phase", "toSend", "paid", "refund", "lanes", "action_taken"]
    assert [s["#meta"]["index"] for s in doc["states"]] == list(range(len(trace) + 1))
    assert doc["states"][0]["action_taken"] == "init"
    assert doc["states"][1]["action_taken"]["name"] == "Update"
    assert "loop" not in doc


def test_replay_of_a_written_trace_reproduces_it_and_finds_the_violation(tmp_path: Path) -> None:
    model, trace = bug_trace()
    path = tmp_path / "cex.itf.json"
    write_itf(path, trace_to_itf(model, trace))
    result = replay(model, path)
    assert result.ok and result.steps == len(trace)
    assert result.trace == trace
    assert ("to_send_within_balance", 1) in result.violations


def test_replay_reports_the_first_divergence() -> None:
    model, trace = bug_trace()
    doc = trace_to_itf(model, trace)
    doc["states"][1]["toSend"] = 99
    result = replay(model, doc)
    assert not result.ok and result.divergence is not None
    assert result.divergence.index == 1 and "different state" in result.divergence.reason


def test_replay_reports_an_action_that_is_not_enabled() -> None:
    model, trace = bug_trace()
    doc = trace_to_itf(model, trace)
    doc["states"][1]["action_taken"] = {"name": "Collect"}
    result = replay(model, doc)
    assert result.divergence is not None and "not enabled" in result.divergence.reason


def test_replay_on_the_fixed_model_diverges_where_the_bug_was_used() -> None:
    model, trace = bug_trace()
    result = replay(PaychLanes(SMALL), trace_to_itf(model, trace))
    assert result.divergence is not None and result.divergence.index == 1


def test_read_itf_rejects_a_document_without_states() -> None:
    with pytest.raises(InputError, match="states"):
        read_itf({"vars": []})
    with pytest.raises(InputError, match="not JSON"):
        read_itf("{not json")


def test_text_trace_numbers_steps_and_shows_the_change() -> None:
    model, trace = bug_trace()
    text = format_trace(model, trace)
    assert text.startswith("0. initial state")
    assert "1. Update(" in text and "toSend: 0 ->" in text


def test_generic_diff_is_used_without_a_diff_hook() -> None:
    model = Grid(3, props=[Property("x_small", "always", "", lambda s: s[0] < 1)])
    trace = check(model).verdict("x_small").trace
    assert trace is not None
    assert "1. right\n     x: 0 -> 1" in format_trace(model, trace)


def test_generic_mermaid_has_one_participant() -> None:
    model = Grid(3, props=[Property("x_small", "always", "", lambda s: s[0] < 1)])
    trace = check(model).verdict("x_small").trace
    assert trace is not None
    text = trace_to_mermaid(model, trace)
    assert text.startswith("sequenceDiagram\n    participant model\n")
    assert "model->>model: 1. right" in text


def test_json_summary_has_counts_verdicts_and_timings() -> None:
    model, _ = bug_trace()
    summary = summary_json(check(model))
    json.dumps(summary)
    assert summary["outcome"] == "fail" and summary["distinct_states"] > 0
    statuses = {p["name"]: p["status"] for p in summary["properties"]}
    assert statuses["to_send_within_balance"] == "fails"
    assert "explore_s" in summary["timings"]


def test_junit_xml_is_valid_with_one_testcase_per_property() -> None:
    model, _ = bug_trace()
    result = check(model)
    root = ET.fromstring(junit_xml(model, result))
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [v.name for v in result.verdicts]
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["to_send_within_balance"]
    failure = failed[0].find("failure")
    assert failure is not None and failure.text is not None and "1. Update(" in failure.text
    assert root.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]


def test_format_result_lists_verdicts_and_counterexamples() -> None:
    model = Counter(2)
    text = format_result(model, check(model))
    assert "FAIL" in text and "deadlock" in text and "Counterexample to deadlock" in text
