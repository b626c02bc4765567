"""SDR labelling against rust-fil-proofs `test_stacked_porep_generate_labels`: domain.md §8 P4."""

from __future__ import annotations

import pytest

from proofs_native.porep.graph import ApiVersion, stacked_graph
from proofs_native.porep.labels import fr_safe, layer_labels, replica_id


@pytest.mark.parametrize(
    ("nodes", "porep_byte", "api", "last_label"),
    [
        (64, 0x00, ApiVersion.V1_0_0, "04ba0f9a6ba9fad35e4806d183a281eab3c25afa9a1bd5e3378da6f1f4f46204"),
        (128, 0x00, ApiVersion.V1_0_0, "86daa8c4521e197e48c1fae6c9a1e85ab894a8883b9f23cebe531ddcd1004c23"),
        (64, 0x7B, ApiVersion.V1_1_0, "cfef0db78bf3b3ab9f1169774d2e7a77bc9054499d954834b51ca7c788110206"),
        (64, 0x7B, ApiVersion.V1_2_0, "cfef0db78bf3b3ab9f1169774d2e7a77bc9054499d954834b51ca7c788110206"),
        (128, 0x7B, ApiVersion.V1_1_0, "6d67c468cf81ab2289c1c9c72fa8777a232de4c1323dc0c6bd552ccc187c770f"),
        (128, 0x7B, ApiVersion.V1_2_0, "6d67c468cf81ab2289c1c9c72fa8777a232de4c1323dc0c6bd552ccc187c770f"),
    ],
)
def test_last_label_of_11_layers_matches_rust_fil_proofs(
    nodes: int, porep_byte: int, api: ApiVersion, last_label: str
) -> None:
    graph = stacked_graph(nodes, bytes([porep_byte]) * 32, api)
    labels = layer_labels(graph, bytes([9]) * 32, 11)
    assert labels[-1][-1].hex() == last_label


def test_labels_and_replica_id_are_field_elements() -> None:
    rid = replica_id(bytes(32), 7, bytes(32), bytes(32), bytes(32))
    assert rid[31] < 0x40
    assert fr_safe(b"\xff" * 32)[31] == 0x3F


def test_replica_id_depends_on_sector_number() -> None:
    args = (bytes([1]) * 32, bytes([2]) * 32, bytes([3]) * 32, bytes([5]) + bytes(31))
    first = replica_id(args[0], 1, args[1], args[2], args[3])
    second = replica_id(args[0], 2, args[1], args[2], args[3])
    assert first != second
