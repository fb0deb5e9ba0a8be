"""The command line: the only place that prints, reads settings or picks exit codes."""
