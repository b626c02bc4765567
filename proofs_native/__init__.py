"""proofs_native package."""
