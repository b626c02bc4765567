"""Benchmarks: run each as a module, e.g. ``python -m benchmarks.bench_checker --quick``."""
