"""Benchmarks of the label stream and the data manager at 1k, 100k and 1M tasks."""
