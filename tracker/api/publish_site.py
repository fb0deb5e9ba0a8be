"""`tracker publish --site`: the dashboard at the root of a branch of its own, which GitHub Pages serves.

Why its own branch (`gh-pages` by default) and not a folder of the results branch: Pages serves a
branch's root or its `docs/` folder, nothing else. The results branch carries main's files, so its
root is main's project, and a `docs/` there would be main's own documentation (merging main in
would collide with it, and Pages would show it). The site branch holds the site and nothing else:
no history shared with main, nothing to merge, and the one setting is Settings -> Pages -> Deploy
from a branch -> `gh-pages`, `/ (root)`.

The site is built once, then written through the same temporary worktree as the results (the
user's checkout is never touched); a push the remote rejects starts again from its new tip. Every
publish replaces the whole site, so a test that no longer exists loses its files.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tracker.api.dashboard import build_dashboard
from tracker.errors import GitError
from tracker.reports.dashboard import MARKER, SiteSummary, write_site
from tracker.store import Store
from tracker.vcs import remotes, results_branch

NO_JEKYLL = ".nojekyll"
"""Tells GitHub Pages to serve the files as they are, without a Jekyll build."""


@dataclass(frozen=True)
class SiteOptions:
    branch: str = "gh-pages"
    history_branch: str | None = "main"
    """Whose benchmark history the site shows, when it has runs (else the newest run's branch)."""
    repo_url: str | None = None
    """Where commits link to; default: the remote's web address when it is on GitHub."""
    remote: str | None = None
    push: bool = False
    message: str = "chore(site): publish the benchmark dashboard"
    attempts: int = results_branch.PUSH_ATTEMPTS


@dataclass(frozen=True)
class SitePublished:
    branch: str
    commit: str | None
    """The branch's new tip; None when the site was already there as it is."""
    pushed: bool
    attempts: int
    site: SiteSummary


def publish_site(store: Store, repo: Path, options: SiteOptions) -> SitePublished:
    """Build the dashboard of STORE and commit it as the whole content of the branch OPTIONS names."""
    with_runs = {name for name, _ in store.branches()}
    shown = options.history_branch if options.history_branch in with_runs else None
    repo_url = options.repo_url or (remotes.web_address(repo, options.remote) if options.remote else None)
    dashboard = build_dashboard(store, branch=shown, repo_url=repo_url)
    with tempfile.TemporaryDirectory(prefix="tracker-site-") as scratch:
        site = write_site(dashboard, Path(scratch) / "site")

        def write(root: Path) -> None:
            _replace_tree(root, site.path, options.branch)

        target = results_branch.BranchTarget(
            repo=repo,
            branch=options.branch,
            folder=".",
            base=None,
            remote=options.remote,
            push=options.push,
            message=options.message,
            attempts=options.attempts,
        )
        outcome = results_branch.publish(target, write)
    return SitePublished(options.branch, outcome.commit, outcome.pushed, outcome.attempts, site)


def _replace_tree(root: Path, site: Path, branch: str) -> None:
    """Make ROOT (a worktree of the site branch) hold SITE and nothing else; refuse a branch of other files."""
    present = [entry for entry in root.iterdir() if entry.name != ".git"]
    if present and not (root / MARKER).exists():
        raise GitError(
            f"the branch {branch} holds files that tracker did not write ({present[0].name}, ...); "
            "pass --site-branch with a new branch name for the dashboard"
        )
    for entry in present:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    shutil.copytree(site, root, dirs_exist_ok=True)
    (root / NO_JEKYLL).write_text("", encoding="utf-8")
