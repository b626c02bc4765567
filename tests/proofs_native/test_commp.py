"""CommP, zero commitments, Fr32 and CommD against the vectors of domain.md §3."""

from __future__ import annotations

import io
import itertools
import os
from pathlib import Path

import pytest

from proofs_native import commp, fr32
from proofs_native.cid import piece_cid_v1
from proofs_native.commp import Piece, comm_d, comm_p, zero_commitment
from proofs_native.errors import InvalidFr32, InvalidPieceSize, PiecesDoNotFit

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30

# go-commp-utils zerocomm table, as listed in domain.md §3.
ZERO_COMMITMENTS = {
    32: "0000000000000000000000000000000000000000000000000000000000000000",
    64: "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb0b",
    128: "3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333",
    256: "642a607ef886b004bf2c1978463ae1d4693ac0f410eb2d1b7a47fe205e5e750f",
    512: "57a2381a28652bf47f6bef7aca679be4aede5871ab5cf3eb2c08114488cb8526",
    1 * KiB: "1f7ac9595510e09ea41c460b176430bb322cd6fb412ec57cb17d989a4310372f",
    2 * KiB: "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833",
    4 * KiB: "08c47b38ee13bc43f41b915c0eed9911a26086b3ed62401bf9d58b8d19dff624",
    8 * MiB: "65f29e5d98d246c38b388cfc06db1f6b021303c5a289000bdce832a9c3ec421c",
    512 * MiB: "39560e7b13a93b07a243fd2720ffa7cb3e1d2e505ab3629e79f46313512cda06",
    1 * GiB: "ccc3c012f5b05e811a2bbfdd0f6833b84275b47bf229c0052a82484f3c1a5b3d",
    8 * GiB: "d8610218425ab5e95b1ca6239d29a2e420d706a96f373e2f9c9a91d759d19b01",
    16 * GiB: "6d364b1ef846441a5a4a68862314acc0a46f016717e53443e839eedf83c2853c",
    32 * GiB: "077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e",
    64 * GiB: "e64005a6bfe3777953b8ad6ef93f0fca1049b2041654f2a411f7702799cece02",
}

ZERO_CIDS = {
    128: "baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy",
    256: "baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy",
    512: "baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq",
    1 * KiB: "baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly",
    2 * KiB: "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy",
    8 * MiB: "baga6ea4seaqgl4u6lwmnerwdrm4iz7ag3mpwwaqtapc2fciabpooqmvjypweeha",
    512 * MiB: "baga6ea4seaqdsvqopmj2soyhujb72jza76t4wpq5fzifvm3ctz47iyytkewnubq",
    32 * GiB: "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq",
    64 * GiB: "baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq",
}

# go-fil-commp-hashhash testdata/0xCC.txt rows listed in domain.md.
CC_ROWS = [
    (96, 128, "baga6ea4seaqhwcjhi4krhl3ht6dewnwevkpxbepxy7p7onwgz65t52typbsysby"),
    (126, 128, "baga6ea4seaqapbh46gdnszvb7fcinevsy5bzg3b4higkh7groptswf6zas6jamy"),
    (127, 128, "baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq"),
    (192, 256, "baga6ea4seaqkx7m2s6r4zahtlbwrs5ryvemkclwfp7nijopdd5swpdnxzjf7wkq"),
    (254, 256, "baga6ea4seaqkixbzz75uys2pcjbrbdilgjhmum72qm4xphrwav2iyel5oat4aka"),
]

# testdata/zero.txt: payload size -> padded size (each the zero CID of that size).
ZERO_ROWS = [(96, 128), (126, 128), (127, 128), (192, 256), (253, 256), (254, 256), (255, 512),
             (508, 512), (509, 1024), (1016, 1024), (1017, 2048), (1024, 2048)]

STRUCTURED = bytes(127) + b"\x01" * 127 + b"\x02" * 127 + b"\x03" * 127


def _reference_fr32(data: bytes) -> bytes:
    """Bit-by-bit Fr32 padding, written independently of the implementation."""
    out = bytearray()
    for q in range(0, len(data), 127):
        value = int.from_bytes(data[q : q + 127], "little")
        for j in range(4):
            out += ((value >> (254 * j)) & ((1 << 254) - 1)).to_bytes(32, "little")
    return bytes(out)


@pytest.mark.parametrize("size", sorted(ZERO_COMMITMENTS))
def test_zero_commitment_matches_filecoin_table(size: int) -> None:
    assert zero_commitment(size).hex() == ZERO_COMMITMENTS[size]


@pytest.mark.parametrize("size", sorted(ZERO_CIDS))
def test_zero_piece_cid_matches_filecoin_table(size: int) -> None:
    assert piece_cid_v1(zero_commitment(size)) == ZERO_CIDS[size]


def test_zero_commitments_exist_for_every_power_of_two_up_to_64_gib() -> None:
    sizes = [32 << k for k in range(32)]
    assert sizes[-1] == 64 * GiB
    commitments = [zero_commitment(s) for s in sizes]
    assert len(set(commitments)) == len(sizes)
    for smaller, larger in itertools.pairwise(commitments):
        assert commp.node_hash(smaller, smaller) == larger


def test_zero_commitment_rejects_size_that_is_not_a_power_of_two() -> None:
    with pytest.raises(InvalidPieceSize, match="not a power of two"):
        zero_commitment(3000)


def test_node_hash_clears_top_two_bits_of_last_byte() -> None:
    digest = commp.node_hash(b"\xff" * 32, b"\xee" * 32)
    assert len(digest) == 32 and digest[31] & 0xC0 == 0


def test_fr32_pad_matches_bitwise_reference_and_unpads_back() -> None:
    data = os.urandom(127 * 8200)  # more than one block
    padded = fr32.pad(data)
    assert padded == _reference_fr32(data)
    assert fr32.unpad(padded) == data


def test_fr32_pads_all_ones_with_cleared_top_bits() -> None:
    padded = fr32.pad(b"\xff" * 127)
    assert padded == (b"\xff" * 31 + b"\x3f") * 4


def test_fr32_rejects_length_not_a_multiple_of_127() -> None:
    with pytest.raises(InvalidPieceSize, match="multiple of 127"):
        fr32.pad(b"\x00" * 100)


def test_fr32_unpad_rejects_word_with_top_bits_set_naming_its_offset() -> None:
    bad = bytearray(256)
    bad[32 * 5 + 31] = 0x80
    with pytest.raises(InvalidFr32, match="byte offset 160"):
        fr32.unpad(bytes(bad))


@pytest.mark.parametrize(("payload", "padded", "cid"), CC_ROWS)
def test_comm_p_of_0xcc_payload_matches_lotus(payload: int, padded: int, cid: str) -> None:
    piece = comm_p(b"\xcc" * payload)
    assert (piece.padded_size, piece.cid) == (padded, cid)


@pytest.mark.parametrize(("payload", "padded"), ZERO_ROWS)
def test_comm_p_of_zero_payload_is_zero_commitment(payload: int, padded: int) -> None:
    piece = comm_p(bytes(payload))
    assert piece.padded_size == padded
    assert piece.commitment == zero_commitment(padded)


def test_comm_p_of_frc0069_structured_data() -> None:
    piece = comm_p(STRUCTURED)
    assert piece.commitment.hex() == "496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605"
    assert piece.cid == "baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"
    longer = comm_p(STRUCTURED + bytes(508))
    assert longer.commitment.hex() == "de6815dcb348843215a94de532954b60be550a4bec6e74555665e9a5ec4e0f3c"
    assert longer.cid == "baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa"


def test_comm_p_rejects_payload_below_minimum() -> None:
    with pytest.raises(InvalidPieceSize, match="smaller than the minimum piece payload of 65"):
        comm_p(b"\x01" * 64)


def test_streamed_comm_p_equals_whole_tree_over_padded_data() -> None:
    block = fr32.BLOCK_QUADS * 127
    data = os.urandom(2 * block + 5000)  # two full blocks and a partial one
    quads = -(-len(data) // 127)
    quads_pow2 = 1 << (quads - 1).bit_length()
    expected = commp.root_of_leaves(fr32.pad(data + bytes(quads_pow2 * 127 - len(data))))
    streamed = comm_p(io.BytesIO(data), chunk_size=70_001)  # odd chunking
    assert streamed.commitment == expected
    assert streamed.padded_size == quads_pow2 * 128
    assert comm_p(data) == streamed


def test_hasher_accepts_writes_of_any_size() -> None:
    data = os.urandom(fr32.BLOCK_QUADS * 127 + 3333)
    hasher = commp.CommPHasher()
    for start in range(0, len(data), 99_999):
        hasher.write(data[start : start + 99_999])
    assert hasher.digest() == comm_p(data)
    assert hasher.digest() == comm_p(data)  # digest does not consume


def test_merkle_root_of_two_leaves_is_node_hash() -> None:
    a, b = b"\x01" * 32, b"\x02" * 32
    assert commp.merkle_root([a, b]) == commp.node_hash(a, b)
    assert commp.merkle_root([a]) == a


def test_merkle_root_rejects_non_power_of_two_leaf_count() -> None:
    with pytest.raises(InvalidPieceSize, match="power-of-two number"):
        commp.merkle_root([b"\x00" * 32] * 3)


@pytest.mark.parametrize("sector", [128, 2 * KiB, 8 * MiB, 32 * GiB, 64 * GiB])
def test_comm_d_of_empty_sector_is_zero_commitment(sector: int) -> None:
    assert comm_d([], sector) == zero_commitment(sector)


def test_comm_d_of_empty_2kib_sector_matches_rust_fil_proofs() -> None:
    assert comm_d([], 2048)[:4] == bytes([252, 126, 146, 130])
    assert comm_d([], 2048)[-2:] == bytes([248, 51])


def test_comm_d_equals_tree_over_sector_bytes_with_aligned_pieces() -> None:
    # 256 B piece, then a 512 B piece that must start at 512 (gap of 256 zero bytes), in a 2 KiB sector.
    first = os.urandom(254)
    second = os.urandom(508)
    pieces = [Piece(256, comm_p(first).commitment), Piece(512, comm_p(second).commitment)]
    sector = fr32.pad(first) + bytes(256) + fr32.pad(second) + bytes(1024)
    assert comm_d(pieces, 2048) == commp.root_of_leaves(sector)


def test_comm_d_accepts_piece_commitments_directly() -> None:
    piece = comm_p(STRUCTURED)
    assert comm_d([piece], 512) == piece.commitment


def test_comm_d_rejects_pieces_that_do_not_fit_naming_the_piece() -> None:
    pieces = [Piece(256, zero_commitment(256)), Piece(1024, zero_commitment(1024)),
              Piece(1024, zero_commitment(1024))]
    with pytest.raises(PiecesDoNotFit, match="piece 3"):
        comm_d(pieces, 2048)


def test_comm_d_rejects_non_power_of_two_piece_size() -> None:
    with pytest.raises(InvalidPieceSize, match="piece 1"):
        comm_d([Piece(300, bytes(32))], 2048)


def test_piece_offsets_align_each_piece_to_its_own_size() -> None:
    assert commp.piece_offsets([128, 512, 128, 256], 2048) == [0, 512, 1024, 1280]


def test_parallel_comm_p_equals_single_process() -> None:
    unit = commp.TASK_BLOCKS * fr32.BLOCK_QUADS * 127
    data = os.urandom(2 * unit + 12345)
    assert comm_p(io.BytesIO(data), workers=2) == comm_p(data)


# go-commp-utils nonffi/commd_test.go: mainnet sector f01392893:139074 (32 GiB), pieces in deal order.
MAINNET_PIECES = [
    ("baga6ea4seaqknzm22isnhsxt2s4dnw45kfywmhenngqq3nc7jvecakoca6ksyhy", 256 * MiB),
    ("baga6ea4seaqnq6o5wuewdpviyoafno4rdpqnokz6ghvg2iyeyfbqxgcwdlj2egi", 1024 * MiB),
    ("baga6ea4seaqpixk4ifbkzato3huzycj6ty6gllqwanhdpsvxikawyl5bg2h44mq", 512 * MiB),
    ("baga6ea4seaqaxwe5dy6nt3ko5tngtmzvpqxqikw5mdwfjqgaxfwtzenc6bgzajq", 512 * MiB),
    ("baga6ea4seaqpy33nbesa4d6ot2ygeuy43y4t7amc4izt52mlotqenwcmn2kyaai", 1024 * MiB),
    ("baga6ea4seaqphvv4x2s2v7ykgc3ugs2kkltbdeg7icxstklkrgqvv72m2v3i2aa", 256 * MiB),
    ("baga6ea4seaqf5u55znk6jwhdsrhe37emzhmehiyvjxpsww274f6fiy3h4yctady", 512 * MiB),
    ("baga6ea4seaqa3qbabsbmvk5er6rhsjzt74beplzgulthamm22jue4zgqcuszofi", 1024 * MiB),
    ("baga6ea4seaqiekvf623muj6jpxg6vsqaikyw3r4ob5u7363z7zcaixqvfqsc2ji", 256 * MiB),
    ("baga6ea4seaqhsewv65z2d4m5o4vo65vl5o6z4bcegdvgnusvlt7rao44gro36pi", 512 * MiB),
]
MAINNET_COMM_D = "baga6ea4seaqiw3gbmstmexb7sqwkc5r23o3i7zcyx5kr76pfobpykes3af62kca"


def test_comm_d_of_mainnet_32gib_sector_matches_lotus() -> None:
    from proofs_native.cid import parse_piece_cid_v1

    pieces = [Piece(size, parse_piece_cid_v1(text)) for text, size in MAINNET_PIECES]
    assert piece_cid_v1(comm_d(pieces, 32 * GiB)) == MAINNET_COMM_D
    # Filling the tail explicitly with zero pieces (as the Go test does) gives the same CommD.
    filled = [*pieces, Piece(8 * GiB, zero_commitment(8 * GiB)), Piece(16 * GiB, zero_commitment(16 * GiB))]
    assert piece_cid_v1(comm_d(filled, 32 * GiB)) == MAINNET_COMM_D


def test_inclusion_proofs_verify_for_every_piece_of_the_mainnet_sector() -> None:
    from proofs_native.cid import parse_piece_cid_v1
    from proofs_native.pip import prove_inclusion, verify_inclusion

    pieces = [Piece(size, parse_piece_cid_v1(text)) for text, size in MAINNET_PIECES]
    root = comm_d(pieces, 32 * GiB)
    for index, piece in enumerate(pieces):
        proof = prove_inclusion(pieces, 32 * GiB, index)
        assert verify_inclusion(proof, root, piece.commitment, piece_size=piece.padded_size)


def test_parallel_file_comm_p_equals_single_process(tmp_path: Path) -> None:
    unit = commp.TASK_BLOCKS * fr32.BLOCK_QUADS * 127
    data = os.urandom(2 * unit + 777)
    path = tmp_path / "payload.bin"
    path.write_bytes(data)
    assert commp.comm_p_file(str(path), workers=2) == comm_p(data)
    assert commp.comm_p_file(str(path)) == comm_p(data)
