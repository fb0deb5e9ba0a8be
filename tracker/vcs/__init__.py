"""Git: the only package that runs it (commit metadata now, the results branch later)."""
