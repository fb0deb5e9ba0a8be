"""What the format modules share: sources, streaming readers, units, fields and profile helpers."""
