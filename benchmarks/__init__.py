"""Benchmarks, run as modules from the repository root: `python -m benchmarks.bench_editor`,
or all of them with `make bench`."""
