"""Benchmarks: commentguard beside its peer, in one run; figures, not assertions."""
