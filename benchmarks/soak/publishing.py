"""`tracker publish` killed at random moments, and publishers racing: real repositories, a bare remote.

The remote stands for a server: its receive-pack runs in a session of its own, so a kill of the
publisher's process group (tracker and its git children, as when a CI job is cancelled) does not
reach it. The remote refuses non-fast-forward updates and logs every update of its refs, so a
forced push would fail and every move of the branch is checked afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BRANCH = "profiling"
SCRATCH = "tracker-publish"
"""The name tracker gives the temporary folder of a publish (its worktree is in it)."""
IDENTITY = {
    "GIT_AUTHOR_NAME": "Soak Tester",
    "GIT_AUTHOR_EMAIL": "soak@example.org",
    "GIT_COMMITTER_NAME": "Soak Tester",
    "GIT_COMMITTER_EMAIL": "soak@example.org",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=environment(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} in {repo} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def environment(temp: Path | None = None) -> dict[str, str]:
    """This environment without TRACKER_* settings, with a fixed git identity (and TMPDIR, to find leftovers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "BUSTED_PROFILER_", "GIT_"))}
    return {**env, **IDENTITY, **({"TMPDIR": str(temp)} if temp else {})}


def make_remote(root: Path) -> Path:
    """A bare remote whose main has one commit; forced updates refused, every ref update logged."""
    remote = root / "remote.git"
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "--bare", "-b", "main", str(remote))
    git(remote, "config", "receive.denyNonFastForwards", "true")
    git(remote, "config", "core.logAllRefUpdates", "always")
    seed = root / "seed"
    git(root, "clone", "-q", str(remote), str(seed))
    (seed / "module.py").write_text("VALUE = 1\n")
    git(seed, "add", "module.py")
    git(seed, "commit", "-q", "-m", "feat: the project")
    git(seed, "push", "-q", "origin", "HEAD:main")
    return remote


def clone_with_work_in_progress(remote: Path, path: Path) -> Path:
    """A user's clone: a stash entry, a modified file, a staged file and an untracked one."""
    git(path.parent, "clone", "-q", str(remote), str(path))
    # The remote is a server: killing the publisher must not kill the remote's side of a push.
    git(path, "config", "remote.origin.receivepack", "setsid -w git-receive-pack")
    (path / "module.py").write_text("VALUE = 'stashed'\n")
    git(path, "stash", "-q")
    (path / "module.py").write_text("VALUE = 'edited, not committed'\n")
    (path / "staged.py").write_text("STAGED = True\n")
    git(path, "add", "staged.py")
    (path / "notes.txt").write_text("untracked notes\n")
    return path


def checkout_state(repo: Path) -> dict[str, str]:
    """What publishing must leave alone, byte for byte: files, index, HEAD, stash, local branches."""
    files = {
        str(path.relative_to(repo)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    return {
        "index": hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest(),
        "index.lock": str((repo / ".git" / "index.lock").exists()),
        "HEAD": git(repo, "rev-parse", "HEAD"),
        "symbolic HEAD": git(repo, "rev-parse", "--symbolic-full-name", "HEAD"),
        "stash": git(repo, "stash", "list", "--format=%H %s"),
        "branches": git(repo, "for-each-ref", "refs/heads", "--format=%(refname) %(objectname)"),
        "status": git(repo, "--no-optional-locks", "status", "--porcelain=v2", "--untracked-files=all"),
        "files": repr(files),
    }


def publish_command(database: Path, *, report: bool = True) -> list[str]:
    command = [sys.executable, "-m", "tracker", "publish", "--db", str(database), "--remote", "origin", "--push"]
    return [*command, "--report" if report else "--no-report"]


def start_publish(clone: Path, database: Path, temp: Path, *, report: bool = True) -> subprocess.Popen[str]:
    """A publish in a process group of its own, so that a kill takes its git children with it."""
    return subprocess.Popen(
        publish_command(database, report=report),
        cwd=clone,
        env=environment(temp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(process: subprocess.Popen[str], root: Path, pattern: str) -> None:
    """Until a path matching PATTERN exists under ROOT (or PROCESS ended): to aim a kill at a late step."""
    while process.poll() is None and not any(root.glob(pattern)):
        time.sleep(0.002)


def kill_group(process: subprocess.Popen[str]) -> bool:
    """SIGKILL to the process and its children; whether it had already ended."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    return process.returncode == 0


def run_files_on(remote: Path, commit: str) -> list[str]:
    listed = git(remote, "ls-tree", "-r", "--name-only", commit, "--", f"{BRANCH}/history")
    return sorted(line for line in listed.splitlines() if line.endswith(".json.gz"))


def tip(remote: Path) -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"],
        cwd=remote,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None


def forced_updates(remote: Path) -> list[str]:
    """Updates of the branch in the remote's log whose new commit does not descend from the old one."""
    log = remote / "logs" / "refs" / "heads" / BRANCH
    forced = []
    for line in log.read_text().splitlines():
        old, new = line.split()[:2]
        if set(old) == {"0"}:
            continue
        done = subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=remote, check=False)
        if done.returncode != 0:
            forced.append(f"{old[:12]} -> {new[:12]}")
    return forced


def leftovers(clone: Path, temp: Path) -> list[str]:
    """What a publish leaves where a user sees it: extra worktrees, git locks, temporary folders."""
    listed = git(clone, "worktree", "list", "--porcelain").splitlines()
    found = [line for line in listed if line.startswith("worktree ")][1:]  # the first is the clone itself
    git_dir = clone / ".git"
    found += [str(path.relative_to(git_dir)) for path in git_dir.rglob("*.lock")]
    found += [entry.name for entry in temp.iterdir()] if temp.is_dir() else []
    return found
