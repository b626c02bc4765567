"""Stacked DRG proof of replication (SDR), natively: the diagram's SealSector and VerifySeal, done for real.

`Seal(SectorID, ReplicaCfg) → SealOutputs` and `VerifySeal → {1, 0}` as rust-fil-proofs computes
them for small sectors: neptune Poseidon over BLS12-381 Fr (`poseidon`), Poseidon Merkle trees
(`trees`), the SDR graph with its ChaCha8 (`chacha`) DRG and Feistel expander parents (`graph`),
SHA-256 layer labels (`labels`), interactive and synthetic challenges (`challenges`), the seal and
vanilla-proof verification itself (`seal`) and the versioned JSON proof file (`proof_format`).
Typed rejections live in `errors`.

Out of scope: the Groth16 SNARK that wraps the vanilla proof on chain. `verify_seal` checks the
vanilla proof (Merkle openings plus label and encoding recomputation) directly, which proves the
same statements without the succinctness.
"""
