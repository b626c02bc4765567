"""Poseidon (neptune, BLS12-381) against upstream vectors: domain.md §8 P1, P2."""

from __future__ import annotations

import pytest

from proofs_native.porep.field import MODULUS, fr_to_bytes
from proofs_native.porep.poseidon import (
    hash2,
    hash_constant_length,
    hash_elements,
    mds_matrix,
    round_constants,
    round_numbers,
)
from proofs_native.porep.trees import tree_levels, tree_root


def le(value: int) -> str:
    return fr_to_bytes(value).hex()


@pytest.mark.parametrize(
    ("t", "partial_rounds"),
    [
        (2, 55),
        (3, 55),
        (4, 56),
        (5, 56),
        (6, 56),
        (7, 56),
        (8, 57),
        (9, 57),
        (10, 57),
        (11, 57),
        (12, 57),
        (13, 57),
        (14, 57),
        (15, 57),
        (16, 59),
        (17, 59),
        (25, 59),
        (37, 60),
        (65, 61),
    ],
)
def test_round_numbers_match_neptune_known_values(t: int, partial_rounds: int) -> None:
    assert round_numbers(t) == (8, partial_rounds)


@pytest.mark.parametrize(
    ("t", "count", "first", "last"),
    [
        (
            3,
            189,
            "669f064bfa3ae17a23bd51861dbb4a24501eac92a2758b36a7320a009d6ed3d8",
            "60dfbfa5d5dd06351a917a05466e5884ed12e38ec24d5bb80be0abe065395e5c",
        ),
        (
            9,
            585,
            "6ce90d12c4045fe08c3caddb776dd84ac52b4ae7e48cd49443984154f2f4c2f9",
            "3b3a75eb91b0f723bcc4ab7e449e4a011b8960063efe74670c05e545519d9a8c",
        ),
        (
            12,
            780,
            "1f6c9576e648b5047399bfc5f38902e0d506f18e0f3ab77de6de096bd089bce4",
            "4543ca937ff30a73db73c95cf11b2f641c744cc5d6a08d197c29ea4e2aab6a16",
        ),
    ],
)
def test_round_constants_spot_values_match_grain_reference(t: int, count: int, first: str, last: str) -> None:
    constants = round_constants(t)
    assert len(constants) == count
    assert f"{constants[0]:064x}" == first
    assert f"{constants[-1]:064x}" == last
    assert all(c < MODULUS for c in constants)


def test_mds_is_symmetric_cauchy_with_check_value() -> None:
    matrix = mds_matrix(9)
    assert f"{matrix[0][1]:064x}" == "22c74bcc2615a595a8f7c0cf3616f401991f4acdb332b532e66666661999999a"
    assert all(matrix[i][j] == matrix[j][i] for i in range(9) for j in range(9))
    assert matrix[0][0] * 9 % MODULUS == 1


@pytest.mark.parametrize(
    ("arity", "expected_le"),
    [
        (2, "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539"),
        (4, "5d076266ff149801ec2713bf05466bfb99932279653cdb008a84e5a9104ba558"),
        (5, "7d68eef634cd988e5524f0758249ed6a40a0d7f517873165f2a36492a283e76b"),
        (8, "e6a5386df534992ad9aec49c9d2e684b777067114200011255dea5a31d619423"),
        (11, "6331692bc3bbe3cec18fb0ccd8dcf3097ae8eb32e237a56c287f22e5b2c10f0c"),
        (16, "376d266040c791126f0a68306dbc8d5b631e876f5afbc2c18aae813366e23a2d"),
        (24, "21b385f56935efd7b1158846f679e7c39f3d3f78bf396f0615ae111f83b8be63"),
        (36, "40814efa6d6073443caca8f88d36cd75aabb103ce0300a545f5d6e2a08039369"),
    ],
)
def test_merkle_tag_hash_of_counting_preimage_matches_neptune(arity: int, expected_le: str) -> None:
    assert le(hash_elements(list(range(arity)))) == expected_le


@pytest.mark.parametrize(
    ("length", "arity", "expected_le"),
    [
        (2, 2, "bd69e6c2ff35f704334306bad075573b87a01030280b1c3a2228d77ff709e704"),
        (4, 4, "459d90070ab0358977992c5408de844993757d0780394439294a7586aea6213a"),
        (4, 8, "9788812f53940a37f9c1854a7c3c3e208f57b1aef8b9d8ca92d7e99db6e46d5c"),
        (4, 11, "3bf796647dcbb0e98295af93d707287d395a1af56b1b84efcac713213a0c5502"),
        (5, 5, "233a9193aa8dd6d5a0006ed1d4b0ecf78a093b2268efbd7e411f7cf919439e45"),
        (8, 8, "028f8ae57b8ecab4bf96541bd7c1e9497dd7e79e99674a7c103f8342bda8d325"),
        (11, 11, "146bda5009bdd1b7f38b8ee23bd3e47ebfc798419267841b3dafec594ce24c26"),
    ],
)
def test_constant_length_hash_matches_neptune(length: int, arity: int, expected_le: str) -> None:
    assert le(hash_constant_length(list(range(length)), arity)) == expected_le


def test_binary_poseidon_tree_matches_rust_fil_proofs_hasher_test() -> None:
    levels = tree_levels([fr_to_bytes(v) for v in (1, 0, 0, 1)], 2)
    assert levels[1][0].hex() == "5e0b807960ff39b3af9430dcb30759ec264fa274cc03c093c36b78beff942f04"
    assert levels[1][1].hex() == "ffe7029a363c202e9da6059d33a9fba661e1ef02d90f9e736ba5765ed7086539"
    assert levels[2][0].hex() == "71e691e2e38bbbefd25a2bcbb872cc77ae746bae8563eb30ebd96ab2b7ebff1e"


def test_hash_md_of_71_ones_matches_rust_fil_proofs() -> None:
    ones = [1] * 71
    acc = ones[0]
    for start in range(1, 71, 35):
        acc = hash_elements([acc, *ones[start : start + 35]])
    assert le(acc) == "902c333b13541c3595814e5f626d6fc22296ed433662d95ff7f69fe02022f459"


def test_derived_regression_anchors() -> None:
    assert tree_root([fr_to_bytes(v) for v in range(1, 9)], 8).hex() == (
        "7ec0e1c106a134b810eee278ecefca3ee8c429116af3d14376e0c48f2ed4ed04"
    )
    assert le(hash_elements([1, 2])) == "bea95f3e83d91793d896586e724ec069769d6a43afcbab7b4d1f7f6506816f6d"
    top = MODULUS - 1
    assert le(hash_elements([top, top])) == "db23584ec925eff92b24b7d749910d9cc8248dcccb70cbdb6c3206ac3c824c06"


def test_toy_2kib_comm_r_shape_matches_regression_anchors() -> None:
    replica = [fr_to_bytes(i) for i in range(64)]
    comm_r_last = tree_root(replica, 8)
    columns = [hash2(fr_to_bytes(i), fr_to_bytes(2 * i)) for i in range(64)]
    comm_c = tree_root(columns, 8)
    assert comm_r_last.hex() == "89099e1674806530a31ecee906a911b76b36f6c89b78f0d33a07a1435ff98328"
    assert comm_c.hex() == "9411a839074e8142d278f315c7999f5c58fd40e1807d64b1e82c805ca27a1f19"
    assert hash2(comm_c, comm_r_last).hex() == ("4d0f491310df41478449a80de98d070a7b533ce647f9a46c6c4ad28b86429d01")
