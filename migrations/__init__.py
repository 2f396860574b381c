"""The core's Alembic environment, shipped in the wheel as ``labelcore.migrations``."""
