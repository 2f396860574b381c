"""The storage sync benchmark; run with ``python -m bench.storages``."""
