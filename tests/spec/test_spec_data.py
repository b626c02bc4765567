from __future__ import annotations

import ast
import re
from pathlib import Path

from spec import messages, protocol
from spec.types import DATA_TYPE_NAMES

SPEC_DIR = Path(protocol.__file__).parent
ENGINES = {"z3", "hypothesis", "networkx", "checker", "model", "invariants", "proofs_native"}


def test_spec_imports_no_engine() -> None:
    for path in SPEC_DIR.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            mods: list[str] = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module]
            for mod in mods:
                assert mod.split(".")[0] not in ENGINES, f"{path.name} imports {mod}"


def test_every_field_type_is_a_defined_data_type() -> None:
    for msg in messages.ALL_MESSAGES:
        for f in msg.fields:
            assert f.type in DATA_TYPE_NAMES, f"{msg.key}.{f.name}: unknown type {f.type}"


def test_message_keys_are_unique() -> None:
    keys = [m.key for m in messages.ALL_MESSAGES]
    assert len(keys) == len(set(keys))


def test_every_arrow_label_speaks_only_of_its_message() -> None:
    """Each word drawn on an arrow is the message's name, a field, a field type or an outcome."""
    for flow, send in protocol.all_sends():
        msg = send.message
        vocabulary = {msg.name, *msg.outcomes, *(f.name for f in msg.fields), *(f.type for f in msg.fields)}
        vocabulary |= {"Update", "State", "success", "failure", "ReconcileResponse", "Voucher"}
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", send.label)) | set(re.findall(r"\b[01]\b", send.label))
        unknown = words - vocabulary
        assert not unknown, f"{flow.key}: {send.label!r} mentions {unknown} not in {msg.key}"


def test_every_diagram_message_is_drawn_and_every_drawn_message_is_listed() -> None:
    drawn = {s.message.key for _, s in protocol.all_sends()}
    assert drawn == {m.key for m in messages.DIAGRAM_MESSAGES}


def test_groups_match_the_diagram() -> None:
    assert protocol.group_members(protocol.GROUPS[2]) == (
        "Blockchain", "BlockSyncer", "BlockProducer", "StoragePowerConsensus", "StoragePowerActor")
    assert protocol.group_of("SectorIndexing") == "MiningGroup"
    assert protocol.group_of("libp2p") is None
    assert len(protocol.PARTICIPANTS) == 18


def test_flow_keys_are_unique_and_name_the_second_client_query() -> None:
    keys = [f.key for f in protocol.FLOWS]
    assert len(keys) == len(set(keys)) and "ClientQuery#2" in keys
