"""Writing a results branch through a temporary worktree, never through the user's checkout.

Each attempt starts a detached worktree at the branch's newest commit (the remote's, when there is
one), merges the base branch in (the results live in a folder the base never has, so this never
conflicts), lets the caller write its folder, and commits. The branch moves only once that commit
exists: locally by a compare-and-swap of the ref, remotely by a plain push. A push the remote
rejects because another publisher got there first starts the attempt again from the new tip; the
caller writes again, so nothing the other publisher wrote is lost, and nothing is ever forced.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.processes import left_by_a_gone_process, owned_name
from tracker.errors import GitError

# The user's hooks and filters belong to their checkout, not to a commit of generated files.
_QUIET = ("-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false", "-c", "advice.detachedHead=false")
_FALLBACK_IDENTITY = ("-c", "user.name=tracker", "-c", "user.email=tracker@users.noreply.github.com")
SCRATCH = "tracker-publish"
"""The temporary folder of a publish (named after its process), which holds its worktree."""


PUSH_ATTEMPTS = 10
"""Each rejected push means another publisher landed, so N jobs racing need at most N attempts."""


@dataclass(frozen=True)
class BranchTarget:
    repo: Path
    branch: str
    folder: str
    """The one folder (relative to the repository root) that the results live in."""
    base: str | None = "main"
    """Merged in on every publish, so that the branch stays up to date with it; without one, a new
    branch starts from an empty commit of its own (a branch of only generated files, such as a site)."""
    remote: str | None = None
    push: bool = False
    message: str = "chore(results): publish benchmark results"
    attempts: int = PUSH_ATTEMPTS


@dataclass(frozen=True)
class Published:
    commit: str | None
    """The branch's new tip; None when there was nothing new to commit."""
    attempts: int
    pushed: bool
    local_branch_moved: bool


class _Rejected(Exception):
    """The remote moved while we were writing: start again from its new tip."""


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *_QUIET, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if check and done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise GitError(f"git {' '.join(args[:2])} in {repo} failed: {reason}")
    return done


def resolve(repo: Path, ref: str) -> str | None:
    done = git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return done.stdout.strip() or None if done.returncode == 0 else None


def publish(target: BranchTarget, write: Callable[[Path], None]) -> Published:
    """Commit what WRITE puts into the folder (given as a path in a temporary worktree) onto the branch."""
    _check_repository(target)
    for attempt in range(1, target.attempts + 1):
        tip, merges, local_tip = _starting_points(target)
        commit = _commit_in_worktree(target, tip, merges, write)
        if commit is None:
            return Published(None, attempt, pushed=False, local_branch_moved=False)
        if not (target.push and target.remote):
            if _move_branch(target, commit, local_tip):
                return Published(commit, attempt, pushed=False, local_branch_moved=True)
            continue
        try:
            _push(target, commit)
        except _Rejected:
            continue
        # A local branch of that name follows the pushed one; none is created for it.
        moved = local_tip is not None and _is_ancestor(target.repo, local_tip, commit)
        moved = moved and _move_branch(target, commit, local_tip)
        return Published(commit, attempt, pushed=True, local_branch_moved=moved)
    where = f"the remote {target.remote}" if target.push else "the local branch"
    raise GitError(
        f"{where} moved {target.attempts} times while {target.branch} was being published; nothing was lost or "
        "forced: run the publish again"
    )


def fetch_branch(repo: Path, remote: str, branch: str) -> str | None:
    """Fetch BRANCH from REMOTE into refs/remotes/REMOTE/BRANCH; its sha, or None when the remote has no such branch."""
    listed = git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout.split()
    if not listed:
        return None
    git(repo, "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    return resolve(repo, f"refs/remotes/{remote}/{branch}")  # what was fetched, should the branch have moved since


def extract_folder(repo: Path, commit: str, folder: str, into: Path) -> int:
    """Copy FOLDER as it is in COMMIT into INTO (no checkout involved); the number of files, 0 when absent."""
    if not git(repo, "ls-tree", "--name-only", commit, "--", folder).stdout.strip():
        return 0
    done = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", folder], cwd=repo, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise GitError(
            f"git archive {commit} {folder} in {repo} failed: {done.stderr.decode(errors='replace').strip()}"
        )
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        archive.extractall(into, members=members, filter="data")
    return len(members)


def _check_repository(target: BranchTarget) -> None:
    if git(target.repo, "rev-parse", "--git-dir", check=False).returncode != 0:
        raise GitError(f"{target.repo} is not in a git repository; publish from inside the project's clone")
    ref = f"branch refs/heads/{target.branch}"
    for block in git(target.repo, "worktree", "list", "--porcelain").stdout.split("\n\n"):
        lines = block.splitlines()
        if ref in lines:
            path = lines[0].removeprefix("worktree ")
            raise GitError(
                f"the branch {target.branch} is checked out in {path}; switch that checkout to another branch "
                "(tracker writes the branch without a checkout of it)"
            )


def _starting_points(target: BranchTarget) -> tuple[str | None, list[str], str | None]:
    """The commit to start from, the commits to merge into it (the base, unpublished local results), the local tip."""
    repo = target.repo
    local_tip = resolve(repo, f"refs/heads/{target.branch}")
    tip = local_tip
    base = resolve(repo, target.base) if target.base else None
    if target.remote:
        remote_tip = fetch_branch(repo, target.remote, target.branch)
        remote_base = fetch_branch(repo, target.remote, target.base) if target.base else None
        base = remote_base or base
        tip = remote_tip or local_tip
    if target.base and base is None:
        raise GitError(f"the base branch {target.base} is unknown here{_on_remote(target)}; fetch it or pass --base")
    merges = [c for c in (base, local_tip) if c and c != tip]
    return tip, merges, local_tip


def _on_remote(target: BranchTarget) -> str:
    return f" and on {target.remote}" if target.remote else ""


def _commit_in_worktree(
    target: BranchTarget, tip: str | None, merges: list[str], write: Callable[[Path], None]
) -> str | None:
    start = tip or (merges[0] if merges else None)
    if start is None and target.base is None:
        start = _empty_root(target)
    if start is None:
        raise GitError(f"there is nothing to start {target.branch} from: it does not exist yet; pass --base BRANCH")
    _remove_stale_worktrees(target.repo)
    with tempfile.TemporaryDirectory(prefix=owned_name(SCRATCH)) as scratch:
        tree = Path(scratch) / "tree"
        git(target.repo, "worktree", "add", "--quiet", "--detach", str(tree), start)
        try:
            return _write_and_commit(target, tree, start, merges, write)
        finally:
            git(target.repo, "worktree", "remove", "--force", str(tree), check=False)
            git(target.repo, "worktree", "prune", check=False)


def _remove_stale_worktrees(repo: Path) -> None:
    """Remove the worktrees and temporary folders of publishes that were killed (their process is gone);
    `git worktree remove` twice forced also takes one locked while it was being made, or holding index.lock."""
    for line in git(repo, "worktree", "list", "--porcelain").stdout.splitlines():
        tree = Path(line.removeprefix("worktree "))
        if line.startswith("worktree ") and left_by_a_gone_process(tree.parent.name, SCRATCH):
            git(repo, "worktree", "unlock", str(tree), check=False)  # so that prune takes it if remove cannot
            git(repo, "worktree", "remove", "--force", "--force", str(tree), check=False)
            shutil.rmtree(tree.parent, ignore_errors=True)
    for scratch in Path(tempfile.gettempdir()).glob(f"{SCRATCH}-*"):
        if left_by_a_gone_process(scratch.name, SCRATCH):
            shutil.rmtree(scratch, ignore_errors=True)
    git(repo, "worktree", "prune", check=False)


def _write_and_commit(
    target: BranchTarget, tree: Path, start: str, merges: list[str], write: Callable[[Path], None]
) -> str | None:
    identity = () if _has_identity(tree) else _FALLBACK_IDENTITY
    for commit in merges:
        if _is_ancestor(tree, commit, "HEAD"):
            continue
        done = git(
            tree, *identity, "merge", "--quiet", "--no-edit", "-m", _merge_message(target, commit), commit, check=False
        )
        if done.returncode != 0:
            raise GitError(
                f"merging {commit[:12]} into {target.branch} conflicts outside {target.folder}/: keep {target.folder}/ "
                f"for results only (the base branch must never have it)"
            )
    folder = tree / target.folder
    folder.mkdir(parents=True, exist_ok=True)
    write(folder)
    git(tree, "add", "--all", "--force", "--", target.folder)
    staged = git(tree, "diff", "--cached", "--quiet", check=False).returncode != 0
    if staged:
        git(tree, *identity, "commit", "--quiet", "--no-verify", "-m", target.message)
    head = git(tree, "rev-parse", "HEAD").stdout.strip()
    return None if head == start else head


def _empty_root(target: BranchTarget) -> str:
    """A commit of nothing, with no parent: where a branch without a base starts (no ref points at it)."""
    empty = git(target.repo, "hash-object", "-t", "tree", "-w", "/dev/null").stdout.strip()
    identity = () if _has_identity(target.repo) else _FALLBACK_IDENTITY
    message = f"chore(results): start {target.branch}"
    return git(target.repo, *identity, "commit-tree", empty, "-m", message).stdout.strip()


def _merge_message(target: BranchTarget, commit: str) -> str:
    return f"chore(results): merge {target.base or commit[:12]} into {target.branch}"


def _has_identity(tree: Path) -> bool:
    return all(git(tree, "config", key, check=False).stdout.strip() for key in ("user.name", "user.email"))


def _is_ancestor(repo: Path, older: str, newer: str) -> bool:
    return git(repo, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def _move_branch(target: BranchTarget, commit: str, expected: str | None) -> bool:
    """Point the local branch at COMMIT if it still is where we found it (another publisher may have moved it)."""
    old = expected or "0" * len(commit)
    ref = f"refs/heads/{target.branch}"
    return git(target.repo, "update-ref", "-m", "tracker publish", ref, commit, old, check=False).returncode == 0


def _push(target: BranchTarget, commit: str) -> None:
    assert target.remote is not None
    done = git(target.repo, "push", "--porcelain", target.remote, f"{commit}:refs/heads/{target.branch}", check=False)
    if done.returncode == 0:
        return
    if any(line.startswith("!") and "rejected" in line for line in done.stdout.splitlines()):
        raise _Rejected
    reason = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or ["no message"])[-1]
    raise GitError(f"git push to {target.remote} failed: {reason}; check the remote's URL and the token's write access")


def read_file(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes of PATH in COMMIT, or None when it has no such file."""
    done = subprocess.run(["git", "cat-file", "blob", f"{commit}:{path}"], cwd=repo, capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def list_folder(repo: Path, commit: str, folder: str) -> list[str]:
    """The names of the files directly in FOLDER of COMMIT."""
    out = git(repo, "ls-tree", "--name-only", f"{commit}:{folder}", check=False).stdout
    return out.splitlines()
