"""`tracker publish` of one new run onto a results branch that already holds a few hundred.

A repository with a bare remote; 300 generated pytest-benchmark runs (50 tests x 20 samples,
seeded) ingested and published; one more run ingested. Each repeat starts from the same database
and the same branch tip and publishes that run (`--no-report --remote origin --push`), timed as a
whole process. Publishing matches branch and database by run digest, so its cost should follow
the runs missing on one side, not the runs on the branch. TRACKER_BENCH_PUBLISH_RUNS changes 300.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.generated import write_pytest_benchmark
from benchmarks.measure import best, environment, row, tracker

RUNS = int(os.environ.get("TRACKER_BENCH_PUBLISH_RUNS", "300"))
TESTS = 50
SAMPLES = 20
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=environment(_GIT_ENV), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _run(cwd: Path, *args: str) -> None:
    subprocess.run(tracker(*args), cwd=cwd, env=environment(_GIT_ENV), capture_output=True, check=True)


def _prepare(root: Path) -> tuple[Path, Path, str]:
    """The clone, the database holding RUNS published runs and one more, and the branch's tip."""
    _git(root, "init", "-q", "--bare", "-b", "main", "remote.git")
    clone = root / "clone"
    _git(root, "clone", "-q", "remote.git", str(clone))
    _git(clone, "checkout", "-q", "-b", "main")
    (clone / "README").write_text("bench\n")
    _git(clone, "add", "README")
    _git(clone, "commit", "-q", "-m", "chore: start")
    _git(clone, "push", "-q", "origin", "main")
    rng = np.random.default_rng(11)
    levels = rng.uniform(1e-4, 1e-2, TESTS)
    files = [root / f"run{i:04d}.json" for i in range(RUNS + 1)]
    for index, path in enumerate(files):
        write_pytest_benchmark(path, index, levels, rng, SAMPLES)
    database = root / "published.db"
    _run(clone, "ingest", "--db", str(database), *map(str, files[:-1]))
    _run(clone, "publish", "--db", str(database), "--no-report", "--remote", "origin", "--push")
    _run(clone, "ingest", "--db", str(database), str(files[-1]))
    return clone, database, _git(root / "remote.git", "rev-parse", "profiling")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        clone, database, tip = _prepare(root)
        working = root / "bench.db"
        reset = root / "reset.sh"
        # Every repeat: the same database and branch tip, the one new run still to publish.
        reset.write_text(
            f"cp '{database}' '{working}'\n"
            f"git -C '{root / 'remote.git'}' update-ref refs/heads/profiling {tip}\n"
            f"git -C '{clone}' update-ref refs/remotes/origin/profiling {tip}\n"
            f'exec "$@"\n'
        )
        argv = [
            "sh",
            str(reset),
            *tracker("publish", "--db", str(working), "--no-report", "--remote", "origin", "--push"),
        ]
        figure = best(argv, env=_GIT_ENV, cwd=clone)
        written = len(_git(root / "remote.git", "ls-tree", "-r", "--name-only", "profiling").splitlines())
        row(
            f"publish 1 new run onto a branch of {RUNS} runs ({written} files after)",
            figure,
            None,
            "follows the new runs",
        )
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
