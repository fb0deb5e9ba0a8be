"""Statistics: pure functions, DataFrames in and dataclasses out; no I/O, no clock, no global randomness."""
