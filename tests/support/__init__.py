"""Shared test machinery: throw-away servers and a launcher for ``labelcore``."""
