"""The soak: parsers fuzzed with mutated real files, and crash, idempotency and concurrency experiments."""
