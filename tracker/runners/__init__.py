"""Running the tools that produce results: busted, pytest, any command. The only place besides
`tracker.vcs` that starts processes; each runner is one module."""
