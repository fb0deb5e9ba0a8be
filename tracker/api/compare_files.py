"""`tracker compare A B`: two result files judged by the gate's own rule, with no database.

Both files are ingested into a database in memory, each as one run on a commit of its own named
after the file (names git cannot resolve, so git is never asked about them), and compared as the
runs of any database are: the same statistics, verdicts and outputs. Nothing is written to disk.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tracker.api.compare import Baseline, CompareResult, compare_runs
from tracker.api.ingest import Origin, ingest
from tracker.errors import UsageError
from tracker.stats.policy import Policy
from tracker.store import Store

IN_MEMORY = "sqlite://"
BRANCH = "files"


def compare_files(
    baseline_file: str,
    candidate_file: str,
    *,
    policy: Policy,
    baseline: Baseline = Baseline(),
    format_name: str | None = None,
    cwd: Path | None = None,
) -> CompareResult:
    """Judge the run in CANDIDATE_FILE against the run in BASELINE_FILE (any format each)."""
    chosen = (baseline.ref, baseline.branch, baseline.merge_base)
    if any(chosen) or baseline.window != 1:
        raise UsageError(
            "two files are compared with each other; --baseline, --baseline-branch, --merge-base and --window "
            "pick runs of a database: drop them, or ingest the files and compare their runs"
        )
    with Store(IN_MEMORY, writable=True) as store:
        run_ids = [
            _ingest_one(store, path, f"file {number}: {path}", format_name, cwd)
            for number, path in enumerate((baseline_file, candidate_file), 1)
        ]
        # The files chose the environments; compare them whatever machine each ran on.
        choice = dataclasses.replace(baseline, ref=str(run_ids[0]), any_environment=True)
        return compare_runs(store, candidate_ref=str(run_ids[1]), policy=policy, baseline=choice)


def _ingest_one(store: Store, path: str, name: str, format_name: str | None, cwd: Path | None) -> int:
    before = {run.id for run in store.runs()}
    report = ingest(store, [path], format_name=format_name, origin=Origin(commit=name, branch=BRANCH), cwd=cwd)
    if report.runs != 1:
        raise UsageError(
            f"{path}: holds {report.runs} runs (a history); a two-file compare takes one run per file: "
            "ingest it with tracker ingest and compare its runs with --baseline and --candidate"
        )
    (run_id,) = {run.id for run in store.runs()} - before
    return run_id
