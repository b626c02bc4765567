"""Piece CIDs v1/v2 and sealed CIDs against go-fil-commcid / FRC-0069 vectors (domain.md §3)."""

from __future__ import annotations

import pytest

from proofs_native import cid
from proofs_native.commp import comm_p, zero_commitment
from proofs_native.errors import InvalidCID

GiB = 1 << 30
STRUCTURED = bytes(127) + b"\x01" * 127 + b"\x02" * 127 + b"\x03" * 127


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (STRUCTURED, "bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"),
        (STRUCTURED + bytes(508), "bafkzcibcaac542av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa"),
        (STRUCTURED + bytes(4), "bafkzcibd7abqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4"),
        (STRUCTURED + bytes(5), "bafkzcibd64bqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4"),
        (b"", "bafkzcibcp4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy"),
        (bytes(127), "bafkzcibcaabdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy"),
        (bytes(128), "bafkzcibcpybwiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy"),
    ],
)
def test_piece_cid_v2_matches_frc0069(payload: bytes, expected: str) -> None:
    assert comm_p(payload, minimum_payload=0).cid_v2 == expected


def test_piece_cid_v2_in_base16_matches_frc0069() -> None:
    v2 = comm_p(STRUCTURED).cid_v2
    assert cid.to_base16(v2) == "f01559120220004496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605"


def test_piece_cid_v2_of_empty_32_and_64_gib_pieces() -> None:
    payload_32 = 32 * GiB * 127 // 128
    assert cid.piece_cid_v2(zero_commitment(32 * GiB), payload_32) == (
        "bafkzcibcaapao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")
    assert cid.piece_cid_v2(zero_commitment(64 * GiB), 2 * payload_32) == (
        "bafkzcibcaap6mqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq")


@pytest.mark.parametrize(
    ("payload", "height", "padding"),
    [(508, 4, 0), (512, 5, 504), (127, 2, 0), (32 * GiB, 31, 33822867456),
     (32 * GiB * 127 // 128, 30, 0), (64 * GiB, 32, 67645734912)],
)
def test_v2_height_and_padding_match_go_fil_commcid(payload: int, height: int, padding: int) -> None:
    assert cid.v2_height_and_padding(payload) == (height, padding)


@pytest.mark.parametrize(("size", "height"), [(127, 2), (128, 2), (129, 3), (512, 4)])
def test_fr32_height_matches_go_fil_commcid(size: int, height: int) -> None:
    assert cid.fr32_height(size) == height


def test_piece_cid_v2_parses_back_to_commitment_and_sizes() -> None:
    parsed = cid.parse_piece_cid_v2("bafkzcibd64bqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4")
    assert parsed.payload_size == 513 and parsed.padded_size == 1024
    # 513 bytes zero-pad to the same 1 KiB tree as the 1016-byte vector.
    assert parsed.v1 == "baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa"


def test_v1_and_v2_convert_into_each_other() -> None:
    v1 = "baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"
    v2 = cid.piece_cid_v2_from_v1(v1, 508)
    assert v2 == "bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"
    assert cid.piece_cid_v1_from_v2(v2) == v1


def test_piece_cid_v1_round_trips() -> None:
    text = cid.piece_cid_v1(zero_commitment(2048))
    assert cid.parse_piece_cid_v1(text) == zero_commitment(2048)


def test_sealed_cid_has_filecoin_prefix_and_round_trips() -> None:
    comm_r = bytes(range(32))
    text = cid.sealed_cid(comm_r)
    assert text.startswith("bagboea4b5abc")
    assert cid.parse_sealed_cid(text) == comm_r


@pytest.mark.parametrize("text", ["notacid", "", "baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigm"])
def test_rejects_string_that_is_not_a_cid(text: str) -> None:
    with pytest.raises(InvalidCID, match="piece CID"):
        cid.parse_piece_cid_v1(text)


def test_rejects_cid_that_is_not_a_filecoin_commitment() -> None:
    with pytest.raises(InvalidCID, match="not a Filecoin commitment CID: codec dag-pb"):
        cid.parse_commitment_cid("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")


def test_rejects_sealed_cid_where_piece_cid_is_expected() -> None:
    with pytest.raises(InvalidCID, match="expected a unsealed commitment CID, got a sealed one"):
        cid.parse_piece_cid_v1(cid.sealed_cid(bytes(32)))


def test_rejects_commitment_of_wrong_length() -> None:
    with pytest.raises(InvalidCID, match="32 bytes, got 31"):
        cid.piece_cid_v1(bytes(31))
