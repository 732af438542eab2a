"""Benchmarks: speed and memory, measured here and reported in notes, never asserted in tests."""
