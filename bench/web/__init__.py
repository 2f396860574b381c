"""Browser benchmarks of the labeling view (``python -m bench.web``)."""
