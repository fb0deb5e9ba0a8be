"""A remote's web address, so that a site published to it can link its commits."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.vcs.results_branch import git

# https://github.com/OWNER/REPO(.git), git@github.com:OWNER/REPO.git, ssh://git@github.com/OWNER/REPO.git;
# user names and tokens in the address are left out.
_GITHUB = re.compile(r"^(?:https://(?:[^@/]+@)?|ssh://git@|git@)github\.com[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def web_address(repo: Path, remote: str) -> str | None:
    """https://github.com/OWNER/REPO of REMOTE when it is on GitHub, else None."""
    done = git(repo, "remote", "get-url", remote, check=False)
    found = _GITHUB.match(done.stdout.strip()) if done.returncode == 0 else None
    return f"https://github.com/{found[1]}/{found[2]}" if found else None
