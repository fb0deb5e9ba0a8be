"""`tracker compare A B` and `tracker compare FILE`: result files judged by the gate's own rule,
with nothing written.

Two files: both are ingested into a database in memory, each as one run on a commit of its own
named after the file (names git cannot resolve, so git is never asked about them), and compared as
the runs of any database are: the same statistics, verdicts and outputs.

One file: the database is copied into memory, the file's run is ingested into the copy as `tracker
ingest` would store it (its commit, branch and environment from the file or git) and judged there
as the candidate, against the baseline and with the history `tracker compare` would pick: the
verdicts of an ingest followed by a compare, with the database left as it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tracker.api.compare import Baseline, CompareResult, compare_runs
from tracker.api.ingest import Origin, ingest, read_inputs
from tracker.errors import UsageError
from tracker.stats.policy import Policy
from tracker.store import IN_MEMORY, Store

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


def compare_file_with_runs(
    store: Store,
    candidate_file: str,
    *,
    policy: Policy,
    baseline: Baseline = Baseline(),
    format_name: str | None = None,
    cwd: Path | None = None,
    flamegraphs: str | None = None,
    stdin: bytes | None = None,
) -> CompareResult:
    """Judge the run in CANDIDATE_FILE (`-`: STDIN) against its baseline among the runs of STORE, which is
    only read (FLAMEGRAPHS as in `compare_runs`)."""
    origin = Origin(stand_in=f"file: {candidate_file}")
    inputs = read_inputs([candidate_file], format_name=format_name, origin=origin, stdin=stdin, cwd=cwd)
    if len(inputs.runs) != 1:
        raise UsageError(
            f"{candidate_file}: holds {len(inputs.runs)} runs (a history); a file compared with the database "
            "is one run: ingest it with tracker ingest and compare its runs with --candidate"
        )
    with store.in_memory_copy() as scratch:
        saved = scratch.save_runs(inputs.runs)
        # A run the database holds already is judged as stored; else the new one.
        run_id = saved.new_run_ids[0] if saved.new_run_ids else scratch.run_id_of(inputs.runs[0])
        return compare_runs(
            scratch, candidate_ref=run_id, policy=policy, baseline=baseline, repo=cwd, flamegraphs=flamegraphs
        )
