"""Use cases: plain functions that take settings and collaborators and return results. No printing."""
