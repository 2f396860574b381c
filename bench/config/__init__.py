"""The config-language benchmark: result validation speed, compile once."""
