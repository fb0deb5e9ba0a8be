"""`tracker publish`: the history (and the report tree) on a results branch, kept up to date with main.

The branch holds main's history plus one folder of its own (`profiling/` by default):

    profiling/README.md     what the folder is and how to get a database back from it
    profiling/history/      one compressed tracker JSON file per run (see `history_files`)
    profiling/report/       the report tree of `tracker report` (when asked: releases)

Before writing, the runs on the branch that the store lacks are ingested into it, so the store (and
what is built from it) is the union of both; then every stored run the branch lacks gets its file.
Both sides are matched by run digest (the branch's file names, one query of the store): only the
runs missing on one side are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.api import history_files
from tracker.api.ingest import ingest
from tracker.api.report import ReportOptions, build_report
from tracker.store import Store
from tracker.vcs import results_branch

HISTORY = "history"
REPORT = "report"


@dataclass(frozen=True)
class PublishOptions:
    branch: str = "profiling"
    folder: str = "profiling"
    base: str | None = "main"
    remote: str | None = None
    push: bool = False
    message: str | None = None
    compact: bool = False
    attempts: int = results_branch.PUSH_ATTEMPTS
    report: ReportOptions | None = None
    """Also (re)build the report tree in the folder's report/, as of RELEASE (default: the newest)."""
    release: str | None = None


@dataclass
class PublishResult:
    branch: str
    commit: str | None = None
    """The branch's new tip; None when the branch already held everything."""
    pushed: bool = False
    attempts: int = 0
    restored: int = 0
    """Runs that were on the branch but not in the store."""
    written: int = 0
    """Run files added to the branch."""
    archived_years: tuple[str, ...] = ()
    report_release: str | None = None
    """The release the report tree was drawn for, when one was built."""
    local_branch_moved: bool = False
    notes: list[str] = field(default_factory=list)


def publish(store: Store, repo: Path, options: PublishOptions) -> PublishResult:
    """Write the store's history to the branch OPTIONS names (STORE opened writable); the checkout is left alone."""
    result = PublishResult(branch=options.branch)

    def write(folder: Path) -> None:
        history = folder / HISTORY
        history.mkdir(parents=True, exist_ok=True)
        result.restored = restore_folder(store, history, repo)
        result.written = history_files.write_new_runs(store, history)
        if options.compact:
            result.archived_years = history_files.compact(history).years
        if options.report is not None:
            built = build_report(store, folder / REPORT, release=options.release, options=options.report)
            result.report_release = built.release
        _write_readme(folder, options)

    target = results_branch.BranchTarget(
        repo=repo,
        branch=options.branch,
        folder=options.folder,
        base=options.base,
        remote=options.remote,
        push=options.push,
        message=options.message or _default_message(options),
        attempts=options.attempts,
    )
    outcome = results_branch.publish(target, write)
    result.commit, result.pushed, result.attempts = outcome.commit, outcome.pushed, outcome.attempts
    result.local_branch_moved = outcome.local_branch_moved
    return result


def restore(store: Store, repo: Path, *, branch: str, folder: str, remote: str | None, scratch: Path) -> int:
    """Ingest the history folder of BRANCH (fetched from REMOTE first) into STORE; the runs it added.

    The folder is copied out of git into SCRATCH: no checkout is involved. A branch that does not
    exist yet restores nothing."""
    ref = results_branch.fetch_branch(repo, remote, branch) if remote else results_branch.resolve(repo, branch)
    if ref is None:
        return 0
    history = f"{folder}/{HISTORY}"
    if results_branch.extract_folder(repo, ref, history, scratch) == 0:
        return 0
    return restore_folder(store, scratch / history, repo)


def restore_folder(store: Store, history: Path, repo: Path) -> int:
    """Ingest the files of HISTORY that hold runs the store lacks (judged by their digests, without reading runs)."""
    missing = history_files.files_missing_from(history, store.run_digests())
    if not missing:
        return 0
    return ingest(store, [str(path) for path in missing], cwd=repo).new_runs


def _default_message(options: PublishOptions) -> str:
    return f"chore(results): publish benchmark history to {options.branch}"


def _write_readme(folder: Path, options: PublishOptions) -> None:
    text = f"""# Benchmark results

This folder is written by `tracker publish` on the `{options.branch}` branch only; the base branch
never has it, so merging the base in never conflicts.

- `history/runs/YEAR/*.json.gz`: one run per file, tracker's own JSON, gzip-compressed; files are
  added, never edited.
- `history/archive/YEAR.json.gz`: older runs folded into one file per year (`tracker publish --compact`).
- `report/`: the report tree of the newest published release (`tracker report`): charts, past
  runs, one folder per test with its flame graph.

Get a database back from it (this is how CI restores its history):

    git fetch origin {options.branch}
    git archive origin/{options.branch} {options.folder}/history | tar -x -C /tmp
    tracker ingest /tmp/{options.folder}/history
"""
    (folder / "README.md").write_text(text, encoding="utf-8")
