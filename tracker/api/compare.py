"""Compare: a candidate run against its baseline, with the test's history as the noise model.

Baselines, newest first from a pool of earlier runs:

- `--baseline REF`: that run;
- `--merge-base BRANCH`: runs of the merge base of the candidate's commit and BRANCH, then of its
  ancestors (the pull-request case; needs the git repository);
- `--baseline-branch BRANCH`: runs of BRANCH older than the candidate;
- default: runs of the candidate's own branch older than it.

A run qualifies when its environment fingerprint is the candidate's (unless `any_environment`)
and its commit's Conventional Commit type is not skipped; the first `window` qualifying runs are
pooled as the baseline, and the first `history_runs` qualifying runs (the baseline included) are
the history the noise model learns from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.defaults import BASELINE_WINDOW, HISTORY_RUNS
from tracker.domain import Comparison, FunctionChange, RunInfo, Verdict, short_commit
from tracker.errors import UsageError
from tracker.stats.compare import PlainSide, compare, run_values
from tracker.stats.policy import Policy
from tracker.store import Store
from tracker.vcs import git

if TYPE_CHECKING:
    import pandas as pd

SEED = 0
"""The bootstrap's seed: the same data always gets the same verdicts."""
_PAGE = 200
_FLAGGED = (Verdict.REGRESSED, Verdict.FAILING)
_ANCESTORS = 2_000


@dataclass(frozen=True)
class Baseline:
    """How to pick the baseline runs and the history."""

    ref: str | None = None
    branch: str | None = None
    merge_base: str | None = None
    window: int = BASELINE_WINDOW
    skip_types: tuple[str, ...] = ()
    any_environment: bool = False
    history_runs: int = HISTORY_RUNS


@dataclass(frozen=True)
class CompareResult:
    candidate: RunInfo
    baseline: RunInfo | None
    """The newest baseline run; None when there is nothing to compare with (a branch's first run)."""
    comparison: Comparison | None
    baselines: tuple[RunInfo, ...] = ()
    """Every baseline run pooled, newest first."""
    source: str = ""
    """Where the baseline came from, in words."""
    skipped_commits: tuple[RunInfo, ...] = ()
    """Runs passed over for their commit type (newer than the baseline), newest first."""
    other_environments: int = 0
    """Runs passed over because they ran in another environment."""
    history_runs: int = 0
    """Runs the noise model could learn from (the baseline included)."""
    functions: Mapping[str, tuple[FunctionChange, ...]] = field(default_factory=dict)
    """For each regressed test profiled on both sides: the functions whose self time grew most."""
    differentials: Mapping[str, Path] = field(default_factory=dict)
    """The differential flame graph drawn for each regressed test profiled on both sides, when asked
    (test id -> SVG file)."""
    flamegraphs: Mapping[str, Path] = field(default_factory=dict)
    """The candidate's flame graph drawn for each regressed test it profiled, when asked (test id -> SVG file)."""
    test_files: Mapping[str, str] = field(default_factory=dict)
    """The source file of each test that fails the gate or warns, where known (test id -> path)."""
    test_lines: Mapping[str, int] = field(default_factory=dict)
    """The line in that file where the test is written, where known (test id -> 1-based line)."""


def compare_runs(
    store: Store,
    *,
    candidate_ref: str | int | None,
    policy: Policy,
    baseline: Baseline = Baseline(),
    repo: Path | None = None,
    flamegraphs: str | None = None,
) -> CompareResult:
    """Judge the candidate (REF, a run id when an int, or the newest run) against the baseline that
    BASELINE describes.

    FLAMEGRAPHS: a folder (or a file in it) to draw a differential flame graph into for each
    regressed test profiled on both sides (see `CompareResult.differentials`)."""
    _check(baseline)
    candidate = require_run(store, candidate_ref, "--candidate")
    named = _named(store, candidate, baseline.ref)
    pool, source = _pool(store, candidate, named, baseline, repo or Path.cwd())
    picked = _pick(pool, candidate, baseline, named)
    if not picked.baselines:
        return CompareResult(
            candidate,
            None,
            None,
            source=source,
            skipped_commits=picked.skipped,
            other_environments=picked.other_environments,
        )
    import numpy as np

    comparison = compare(
        _side(store, [run.id for run in picked.baselines]),
        _side(store, [candidate.id]),
        policy,
        np.random.default_rng(SEED),
        _history(store, picked.history),
    )
    regressed = [row.test_id for row in comparison.rows if row.verdict is Verdict.REGRESSED]
    functions = _functions(store, picked.baselines[0], candidate, regressed)
    drawn, differentials = _flamegraphs(store, picked.baselines[0], candidate, comparison, flamegraphs)
    places = store.test_places([row.test_id for row in comparison.rows if row.warned or row.verdict in _FLAGGED])
    return CompareResult(
        candidate,
        picked.baselines[0],
        comparison,
        baselines=picked.baselines,
        source=source,
        skipped_commits=picked.skipped,
        other_environments=picked.other_environments,
        history_runs=len(picked.history),
        functions=functions,
        test_files={test: file for test, (file, _) in places.items()},
        test_lines={test: line for test, (_, line) in places.items() if line is not None},
        flamegraphs=drawn,
        differentials=differentials,
    )


def _check(baseline: Baseline) -> None:
    if baseline.window < 1 or baseline.history_runs < 1:
        raise UsageError("--window and the noise_runs setting must be at least 1")
    if sum(x is not None for x in (baseline.ref, baseline.branch, baseline.merge_base)) > 1:
        raise UsageError("--baseline, --baseline-branch and --merge-base pick the baseline in different ways; give one")
    if baseline.ref is not None and baseline.window > 1:
        raise UsageError("--baseline names one run; drop --window or use --baseline-branch BRANCH --window N")


def require_run(store: Store, ref: str | int | None, flag: str) -> RunInfo:
    """The run REF names (the newest when None; an int is a run id), or a message that says which flag to fix."""
    run = store.run_with_id(ref) if isinstance(ref, int) else store.run(ref)
    if run is None:
        what = "the database holds no runs; ingest results first" if ref is None else f"no run matches {ref!r}"
        raise UsageError(f"{what} ({flag} takes a run id, a commit sha or a tag)")
    return run


# --- picking ------------------------------------------------------------------------------------


def _named(store: Store, candidate: RunInfo, ref: str | None) -> RunInfo | None:
    """The run --baseline names: the baseline whatever its environment or commit type."""
    if ref is None:
        return None
    run = require_run(store, ref, "--baseline")
    if run.id == candidate.id:
        raise UsageError(f"the baseline and the candidate are the same run ({run.id}); pick another --baseline")
    return run


def _pool(
    store: Store, candidate: RunInfo, named: RunInfo | None, baseline: Baseline, repo: Path
) -> tuple[Iterator[RunInfo], str]:
    """Earlier runs to pick from, newest first, and a description of where they come from."""
    if named is not None:
        return _older(store, named, named.branch), f"--baseline {baseline.ref}"
    if baseline.merge_base is not None:
        return _merge_base_pool(store, candidate, baseline.merge_base, repo)
    branch = baseline.branch if baseline.branch is not None else candidate.branch
    where = f"branch {branch}" if branch is not None else "runs without a branch"
    return _older(store, candidate, branch), f"previous runs of {where}"


def _older(store: Store, run: RunInfo, branch: str | None) -> Iterator[RunInfo]:
    offset = 0
    while True:
        page = store.runs_before(run, branch=branch, limit=_PAGE, offset=offset)
        yield from page
        if len(page) < _PAGE:
            return
        offset += _PAGE


def _merge_base_pool(store: Store, candidate: RunInfo, branch: str, repo: Path) -> tuple[Iterator[RunInfo], str]:
    if candidate.commit is None:
        raise UsageError(f"--merge-base needs the candidate's commit; run {candidate.id} has none")
    sha = git.merge_base(repo, candidate.commit, branch)
    if sha is None:
        raise UsageError(
            f"--merge-base {branch}: git finds no merge base of {short_commit(candidate.commit)} and {branch} "
            f"in {repo}; "
            f"run inside the repository with both fetched (git fetch origin {branch}), or use --baseline REF"
        )
    order = {commit: i for i, commit in enumerate(git.ancestors(repo, sha, _ANCESTORS) or [sha])}
    runs = [run for run in store.runs_of_commits(list(order)) if run.id != candidate.id]
    runs.sort(key=lambda run: order[run.commit or ""])  # stable: newest run first within a commit
    return iter(runs), f"merge base {short_commit(sha)} of {short_commit(candidate.commit)} and {branch}"


@dataclass(frozen=True)
class _Picked:
    baselines: tuple[RunInfo, ...]
    history: tuple[RunInfo, ...]
    """Qualifying runs, oldest first, the baselines at the end."""
    skipped: tuple[RunInfo, ...]
    other_environments: int


def _pick(pool: Iterator[RunInfo], candidate: RunInfo, baseline: Baseline, named: RunInfo | None) -> _Picked:
    skip = {kind.lower() for kind in baseline.skip_types}
    qualifying: list[RunInfo] = [] if named is None else [named]
    skipped: list[RunInfo] = []
    other_environments = 0
    wanted = max(baseline.window, baseline.history_runs)
    for run in pool:
        if len(qualifying) >= wanted:
            break
        if not baseline.any_environment and run.environment != candidate.environment:
            other_environments += 1
        elif run.commit_type is not None and run.commit_type.lower() in skip:
            if len(qualifying) < baseline.window:
                skipped.append(run)
        else:
            qualifying.append(run)
    return _Picked(
        tuple(qualifying[: baseline.window]),
        tuple(reversed(qualifying[: baseline.history_runs])),
        tuple(skipped),
        other_environments,
    )


# --- loading ------------------------------------------------------------------------------------


def _side(store: Store, run_ids: list[int]) -> PlainSide:
    return PlainSide(results=store.result_columns(run_ids), samples=store.sample_columns(run_ids))


def _history(store: Store, runs: tuple[RunInfo, ...]) -> pd.DataFrame | dict[str, Any]:
    """One value per run and test, in the runs' order; raw samples are read only where the tool gave no median."""
    ids = [run.id for run in runs]
    summaries = store.run_summaries(ids)
    samples = store.samples_without_median(ids)
    if samples["run_id"]:
        return run_values(PlainSide(results=summaries, samples=samples), order=ids)
    return _summary_values(summaries, ids)


def _summary_values(summaries: Mapping[str, list[Any]], order: list[int]) -> dict[str, Any]:
    """`run_values` of runs whose every value comes from the tool's summary (the median, else the
    mean), as plain columns (the same rows), without a Python loop over every run and test."""
    import numpy as np

    median = np.array(summaries["median"], dtype=float)  # None -> NaN
    value = np.where(np.isnan(median), np.array(summaries["mean"], dtype=float), median)
    kept = ~np.isnan(value)
    run_ids = np.array(summaries["run_id"], dtype=np.int64)[kept]
    places = {run_id: place for place, run_id in enumerate(order)}
    return {
        "run_id": run_ids,
        "test_id": np.array(summaries["test_id"], dtype=object)[kept],
        "metric": np.array(summaries["metric"], dtype=object)[kept],
        "value": value[kept],
        "order": np.array([places[run_id] for run_id in run_ids.tolist()], dtype=np.int64),
    }


def _functions(
    store: Store, baseline: RunInfo, candidate: RunInfo, regressed: list[str]
) -> dict[str, tuple[FunctionChange, ...]]:
    """Where the time went, for regressed tests profiled in both runs (see `tracker.api.profiles`)."""
    if not regressed:
        return {}
    from tracker.api.profiles import functions_that_grew

    return {
        test: changes
        for test, changes in functions_that_grew(store, baseline.id, candidate.id, regressed).items()
        if changes
    }


def _flamegraphs(
    store: Store, baseline: RunInfo, candidate: RunInfo, comparison: Comparison, output: str | None
) -> tuple[dict[str, Path], dict[str, Path]]:
    """The candidate's flame graph and the differential flame graph of each regressed test profiled
    (in the candidate; on both sides), drawn into OUTPUT when it is given."""
    names = {row.test_id: row.test_name for row in comparison.rows if row.verdict is Verdict.REGRESSED}
    if output is None or not names:
        return {}, {}
    from tracker.api.profiles import write_differentials, write_flamegraphs

    return (
        write_flamegraphs(store, run=candidate, tests=names, output=output),
        write_differentials(store, baseline=baseline, candidate=candidate, tests=names, output=output),
    )
