"""Real Filecoin proof primitives, bit-exact with the reference implementations.

- `fr32`     Fr32 padding (127 ↔ 128 bytes).
- `commp`    sha254 Merkle trees: CommP of a payload (streamed), zero-piece commitments, CommD
             of a sector from its pieces (Filecoin's alignment).
- `cid`      piece CID v1, sealed CID, FRC-0069 piece CID v2.
- `pip`      piece inclusion proofs against CommD.
- `address`  Filecoin addresses (protocols 0-4, f/t strings with checksums).
- `signing`  secp256k1 and BLS signatures as Filecoin makes and checks them.
- `voucher`  payment channel vouchers: DAG-CBOR, signing bytes, sign/verify.
- `porep`    sealing (SDR, Poseidon trees) and its proofs.
- `errors`   typed rejections under `ProofError`.
"""
