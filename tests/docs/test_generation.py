"""What the generator reads from the source: arrows to actions, guards, placement, results, tutorials."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest

from checker.cli import build_parser, main
from checker.docs import cli_reference, codemap, introspect, mermaid, pages, results
from checker.docs.introspect import REPO_ROOT
from spec import protocol
from spec.errors import InputError
from tests.docs.conftest import write_sample_results

TUTORIALS = sorted((REPO_ROOT / "docs" / "tutorials").glob("*.md"))


def test_every_diagram_arrow_is_drawn_by_some_model_action() -> None:
    for f, s in protocol.all_sends():
        impls = codemap.implementations(f.key, s.label)
        assert impls, f"no action draws {f.key}: {s.label}"
        for impl in impls:
            assert set(impl.actions) <= set(codemap.action_functions()), impl


def test_block_arrows_name_the_sending_action_and_the_actor_function() -> None:
    (impl,) = codemap.implementations("RegisterStorageMiner", "RegisterMiner(OwnerAddr, WorkerPubKey)")
    assert impl.actions == ("CreateMiner", "SyncBlock")
    assert impl.executed_by == "model.power_actor.register_miner"
    (failed,) = codemap.implementations("SealingSector", "0 ← CommitSector(.)")
    assert failed.actions[0] == "CommitSector" and failed.note == "when VerifySeal returns 0"


def test_every_model_module_state_class_and_world_field_has_a_place() -> None:
    assert set(introspect.model_modules()) <= set(codemap.MODULES)
    state = {c.name: c for c in introspect.classes("model.state")}
    assert set(state) <= set(codemap.STATE_CLASSES)
    assert {f.name for f in state["World"].fields} <= set(codemap.WORLD_FIELDS)
    for who in (*codemap.STATE_CLASSES.values(), *codemap.WORLD_FIELDS.values()):
        assert set(who) <= set(protocol.PARTICIPANT_NAMES)


def test_every_participant_page_says_where_its_rules_are() -> None:
    by = codemap.functions_by_participant()
    for name in protocol.PARTICIPANT_NAMES:
        assert by.get(name) or name in codemap.RULES_ELSEWHERE, name


def test_guards_are_read_from_verify_comments_and_rules() -> None:
    fn = introspect.function("model.power_actor.register_miner")
    assert fn is not None
    assert len(fn.guards) == 2 and all(g.comment.startswith("Verify") for g in fn.guards)
    assert fn.guards[0].rules == (("MinerAlreadyRegistered", "an owner registers at most one miner"),)
    assert fn.guards[1].rules[0][0] == "PledgeTooLow"
    assert "pledge" in fn.guards[1].comment


def test_helpers_guards_are_inherited_by_their_callers() -> None:
    fn = introspect.function("model.storage_market.accept_deal")
    assert fn is not None
    inherited = {callee.qualname for callee, _ in introspect.inherited_guards(fn)}
    assert {"model.network.take", "model.storage_market._deal"} <= inherited


def test_lambda_transitions_resolve_to_the_function_they_call() -> None:
    functions = codemap.action_functions()
    assert functions["MinPrice"] == "model.retrieval.answer_query"
    assert functions["Drop"] == "model.network.drop"


def test_fetch_script_pins_the_same_mermaid_as_the_build() -> None:
    script = (REPO_ROOT / "scripts" / "fetch-mermaid.sh").read_text(encoding="utf-8")
    assert f'MERMAID_VERSION="{mermaid.VERSION}"' in script
    assert f'MERMAID_SHA256="{mermaid.SHA256}"' in script


def test_invariants_page_says_not_run_yet_without_results() -> None:
    page = pages.invariants(results.Results())
    assert "Not run yet" in page
    assert "Results: not run yet." in page


def test_results_are_read_from_check_and_prove_summaries(tmp_path: Path) -> None:
    write_sample_results(tmp_path)
    (tmp_path / "prove-tiny-token_supply-Tick.itf.json").write_text('{"#meta": {}}', encoding="utf-8")
    found = results.load(tmp_path)
    assert [c.scenario for c in found.checks] == ["tiny"] and found.checks[0].states == 1234
    assert [p.scenario for p in found.proofs] == ["tiny"]
    assert results.load(tmp_path / "missing").empty


def test_malformed_results_are_an_input_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "check-tiny.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as err:
        results.load(tmp_path)
    assert "check-tiny.json" in str(err.value) and "not JSON" in str(err.value)
    (tmp_path / "check-tiny.json").write_text('{"scenario": "tiny"}', encoding="utf-8")
    with pytest.raises(InputError, match="verdicts"):
        results.load(tmp_path)


def test_docs_build_with_unreadable_results_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "prove-tiny.json").write_text("[]", encoding="utf-8")
    code = main(["docs", "build", "--out", str(tmp_path / "site"), "--results", str(tmp_path / "results")])
    assert code == 2
    assert "prove-tiny.json" in capsys.readouterr().err


def test_docs_build_command_writes_a_site_without_results(tmp_path: Path) -> None:
    code = main(["docs", "build", "--no-api", "--out", str(tmp_path / "site"), "--results", str(tmp_path / "none")])
    assert code == 0
    page = (tmp_path / "site" / "invariants" / "index.html").read_text(encoding="utf-8")
    assert "Not run yet" in page


def test_cli_reference_documents_every_subcommand_of_the_parser() -> None:
    page = cli_reference.page()
    parser = build_parser()
    for name in cli_reference.commands(parser):
        assert f"{{#cmd-{name}}}" in page, name


# --- Tutorials stay true to the CLI and the API ---------------------------------------------------


def _blocks(path: Path, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)


def test_there_are_the_three_tutorials() -> None:
    titles = [p.read_text(encoding="utf-8").splitlines()[0] for p in TUTORIALS]
    assert titles == ["# Check the protocol", "# Write your first property test", "# Add an invariant"]


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_commands_parse_with_the_cli(path: Path) -> None:
    parser = build_parser()
    known = set(cli_reference.commands(parser))
    for block in _blocks(path, "bash"):
        for line in block.splitlines():
            words = shlex.split(line)
            if not words or words[0] != "filspec":
                continue
            if words[1] not in known:
                pytest.fail(f"{path.name}: `{line}` uses a command filspec does not have")
            parser.parse_args(words[1:])


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_code_compiles_and_imports_exist(path: Path) -> None:
    for block in _blocks(path, "python"):
        tree = compile(block, str(path), "exec", flags=0x400, dont_inherit=True)  # PyCF_ONLY_AST
        for node in getattr(tree, "body", []):
            if type(node).__name__ == "ImportFrom" and node.module and node.module.split(".")[0] in (
                    "checker", "model", "invariants", "spec"):
                try:
                    module = importlib.import_module(node.module)
                except ImportError as err:  # pragma: no cover - a module not written yet
                    pytest.skip(f"{path.name} imports {node.module}, which is not importable yet: {err}")
                for alias in node.names:
                    assert hasattr(module, alias.name), f"{path.name}: {node.module} has no {alias.name}"


def test_docs_serve_serves_the_built_site_on_localhost(tmp_path: Path) -> None:
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())", "docs", "serve",
         "--port", "0", "--no-api", "--results", str(tmp_path / "none")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, f"no URL in {line!r} ({proc.stderr.read() if proc.poll() is not None and proc.stderr else ''})"
        with urllib.request.urlopen(url.group(0) + "flows/sealingsector/", timeout=10) as response:
            assert response.status == 200
            assert mermaid.DIAGRAM_CLASS in response.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
