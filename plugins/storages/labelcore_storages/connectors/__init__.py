"""The connectors: one StorageConnector subclass per provider."""
