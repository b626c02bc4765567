"""Engines that consume the model through one small contract, and the `filspec` command line."""
