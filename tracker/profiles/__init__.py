"""Profiles: call trees from trace events and sampled stacks, function tables, flame graph files.

Parsers hand over event streams (`domain.ProfileSource`); `aggregate` folds them into stored
nodes (`domain.ProfileNode`). The rest works from stored nodes: `functions` (the per-function
table), `flametree` (the tree that writers draw), the writers (`svg`, `speedscope`, `chrome`,
`folded`, named in `formats`) and `differential` (baseline against candidate).
"""
