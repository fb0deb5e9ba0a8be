"""`tracker summary`: a markdown snippet for main that links to the report on the results branch."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.api.publish import REPORT
from tracker.errors import GitError, InputError
from tracker.reports.branch_summary import branch_summary
from tracker.vcs import results_branch


def summary(repo: Path, *, github_repo: str, branch: str, folder: str, remote: str | None, rows: int = 5) -> str:
    """The snippet, from the report tree published on BRANCH (fetched from REMOTE first)."""
    ref = results_branch.fetch_branch(repo, remote, branch) if remote else results_branch.resolve(repo, branch)
    if ref is None:
        where = f" on {remote}" if remote else ""
        raise GitError(f"there is no branch {branch}{where}: publish a release first (tracker publish --release TAG)")
    report = f"{folder}/{REPORT}"
    raw = results_branch.read_file(repo, ref, f"{report}/profile.json")
    if raw is None:
        raise GitError(f"{branch} has no {report}/profile.json: publish with the report (tracker publish --report)")
    try:
        suite = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"{branch}:{report}/profile.json", f"not JSON ({error.msg})") from error
    charts = results_branch.list_folder(repo, ref, report)
    return branch_summary(suite, charts, repo=github_repo, branch=branch, report=report, rows=rows)
