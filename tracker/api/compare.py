"""Compare: a candidate run against its baseline."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import Comparison, RunInfo
from tracker.errors import UsageError
from tracker.stats.compare import Policy, Side, compare
from tracker.store import Store, open_store


@dataclass(frozen=True)
class CompareResult:
    candidate: RunInfo
    baseline: RunInfo | None
    """None when there is nothing to compare with (the first run of a branch)."""
    comparison: Comparison | None


def compare_runs(
    *, database: str | None, candidate_ref: str | None, baseline_ref: str | None, policy: Policy
) -> CompareResult:
    """Candidate: REF or the newest run. Baseline: REF or the previous run on the candidate's branch."""
    store = open_store(database)
    try:
        candidate = require_run(store, candidate_ref, "--candidate")
        baseline = require_run(store, baseline_ref, "--baseline") if baseline_ref else store.previous_run(candidate)
        if baseline is None:
            return CompareResult(candidate, None, None)
        if baseline.id == candidate.id:
            raise UsageError(
                f"the baseline and the candidate are the same run ({candidate.id}); pick another --baseline"
            )
        comparison = compare(_side(store, baseline), _side(store, candidate), policy)
        return CompareResult(candidate, baseline, comparison)
    finally:
        store.close()


def _side(store: Store, run: RunInfo) -> Side:
    return Side(results=store.results([run.id]), samples=store.samples([run.id]))


def require_run(store: Store, ref: str | None, flag: str) -> RunInfo:
    """The run REF names (the newest when None), or a message that says which flag to fix."""
    run = store.run(ref)
    if run is None:
        what = "the database holds no runs; ingest results first" if ref is None else f"no run matches {ref!r}"
        raise UsageError(f"{what} ({flag} takes a run id, a commit sha or a tag)")
    return run
