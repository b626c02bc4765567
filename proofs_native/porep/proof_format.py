"""The vanilla seal proof file: a versioned JSON document.

Layout (version 1; every 32-byte value is lower-case hex of its bytes, Fr elements little-endian
as Filecoin stores them)::

    {
      "format": "filspec-sdr-vanilla-proof",
      "version": 1,
      "registered_seal_proof": 5,          # RegisteredSealProof id (5 = StackedDrg2KiBV1_1)
      "comm_c": "<64 hex>",                # root of tree_c
      "comm_r_last": "<64 hex>",           # root of tree_r_last
      "challenges": [                      # one per interactive challenge, in order
        {
          "node": 35,                      # the challenged node
          "data":    {"leaf": "<hex>", "siblings": [["<hex>"], …]},        # CommD tree, binary
          "replica": {"leaf": "<hex>", "siblings": [["<hex>" ×7], …]},     # tree_r_last, oct
          "columns": [                     # the node, then its 6 base and 8 expander parents
            {"node": 34, "labels": ["<hex>", …one per layer],
             "opening": {"leaf": "<hex>", "siblings": [["<hex>" ×7], …]}}, # tree_c, oct
            …
          ]
        }, …
      ]
    }

Siblings are listed level by level from the leaves up, each level left to right without the path
node. The public inputs (prover id, sector number, ticket, seed, CommD, CommR) are not in the file:
the verifier supplies them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from proofs_native.porep.errors import MalformedProof
from proofs_native.porep.seal import ChallengeProof, ColumnOpening, VanillaProof
from proofs_native.porep.trees import MerkleOpening

#: The `format` value every proof file carries.
PROOF_FORMAT = "filspec-sdr-vanilla-proof"

#: The layout version this module writes and reads.
PROOF_VERSION = 1

T = TypeVar("T")


# --- writing -------------------------------------------------------------------------------------


def _opening_json(opening: MerkleOpening) -> dict[str, Any]:
    return {"leaf": opening.leaf.hex(), "siblings": [[s.hex() for s in level] for level in opening.siblings]}


def proof_to_json(proof: VanillaProof) -> dict[str, Any]:
    """The proof as a JSON-ready document (see the module docstring for the layout)."""
    return {
        "format": PROOF_FORMAT,
        "version": PROOF_VERSION,
        "registered_seal_proof": proof.registered_seal_proof,
        "comm_c": proof.comm_c.hex(),
        "comm_r_last": proof.comm_r_last.hex(),
        "challenges": [
            {
                "node": entry.node,
                "data": _opening_json(entry.data_opening),
                "replica": _opening_json(entry.replica_opening),
                "columns": [
                    {
                        "node": column.node,
                        "labels": [lab.hex() for lab in column.labels],
                        "opening": _opening_json(column.opening),
                    }
                    for column in entry.columns
                ],
            }
            for entry in proof.challenges
        ],
    }


def proof_to_bytes(proof: VanillaProof) -> bytes:
    """The proof file's bytes: the JSON document, indented, UTF-8, with a final newline."""
    return (json.dumps(proof_to_json(proof), indent=1) + "\n").encode()


# --- reading -------------------------------------------------------------------------------------


def _field(obj: Any, key: str, path: str) -> Any:
    """obj[key], or MalformedProof naming the missing key."""
    if not isinstance(obj, dict):
        raise MalformedProof(f"expected an object, got {type(obj).__name__}", where=path or "top level")
    if key not in obj:
        raise MalformedProof(f"missing key {key!r}", where=path or "top level")
    return obj[key]


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _node32(value: Any, path: str) -> bytes:
    """A 32-byte value written as 64 hex digits."""
    if not isinstance(value, str) or len(value) != 64:
        raise MalformedProof("expected 64 hex digits (32 bytes)", where=path)
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise MalformedProof(f"not hex: {value!r}", where=path) from None


def _index(value: Any, path: str) -> int:
    """A non-negative integer (booleans are not integers here)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise MalformedProof("expected a non-negative integer", where=path)
    return value


def _list_of(value: Any, path: str, item: Callable[[Any, str], T]) -> tuple[T, ...]:
    if not isinstance(value, list):
        raise MalformedProof("expected a list", where=path)
    return tuple(item(v, _join(path, i)) for i, v in enumerate(value))


def _opening(value: Any, path: str) -> MerkleOpening:
    leaf = _node32(_field(value, "leaf", path), _join(path, "leaf"))
    siblings = _list_of(
        _field(value, "siblings", path),
        _join(path, "siblings"),
        lambda level, p: _list_of(level, p, _node32),
    )
    return MerkleOpening(leaf=leaf, siblings=siblings)


def _column(value: Any, path: str) -> ColumnOpening:
    return ColumnOpening(
        node=_index(_field(value, "node", path), _join(path, "node")),
        labels=_list_of(_field(value, "labels", path), _join(path, "labels"), _node32),
        opening=_opening(_field(value, "opening", path), _join(path, "opening")),
    )


def _challenge(value: Any, path: str) -> ChallengeProof:
    return ChallengeProof(
        node=_index(_field(value, "node", path), _join(path, "node")),
        data_opening=_opening(_field(value, "data", path), _join(path, "data")),
        replica_opening=_opening(_field(value, "replica", path), _join(path, "replica")),
        columns=_list_of(_field(value, "columns", path), _join(path, "columns"), _column),
    )


def proof_from_json(document: Any) -> VanillaProof:
    """Decode a proof document; MalformedProof names the key path of the first problem."""
    fmt = _field(document, "format", "")
    if fmt != PROOF_FORMAT:
        raise MalformedProof(f"expected {PROOF_FORMAT!r}, got {fmt!r}", where="format")
    version = _field(document, "version", "")
    if version != PROOF_VERSION:
        raise MalformedProof(f"this reader knows version {PROOF_VERSION} only, got {version!r}", where="version")
    return VanillaProof(
        registered_seal_proof=_index(_field(document, "registered_seal_proof", ""), "registered_seal_proof"),
        comm_c=_node32(_field(document, "comm_c", ""), "comm_c"),
        comm_r_last=_node32(_field(document, "comm_r_last", ""), "comm_r_last"),
        challenges=_list_of(_field(document, "challenges", ""), "challenges", _challenge),
    )


def proof_from_bytes(raw: bytes) -> VanillaProof:
    """Decode a proof file's bytes (UTF-8 JSON); MalformedProof says what and where."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise MalformedProof(f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise MalformedProof(f"not JSON: {err.msg}", where=f"line {err.lineno}, column {err.colno}") from None
    return proof_from_json(document)
