"""GitHub's REST API, for what a workflow run does there besides git: the pull request's comment.

The only package that speaks HTTP; the standard library is enough for these few calls."""
