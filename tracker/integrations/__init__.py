"""Collectors that run inside the tools tracker drives: busted's output handler, the pytest plugin.

Nothing here imports the rest of tracker: the busted handler is Lua, and the pytest plugin is
loaded into every pytest session of an environment where tracker is installed, so it stays light.
"""
