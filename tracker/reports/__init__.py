"""Rendering: one table model behind every output format."""
