"""`tracker compare`: the CI gate."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.options import (
    COLOR,
    DATABASE,
    TABLE_FORMAT,
    WIDE,
    TableFormat,
    emit,
    note,
    output_format,
    terminal_width,
    use_colour,
)
from tracker.cli.session import database_session
from tracker.cli.settings import Settings, option_help
from tracker.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tracker.api.compare import Baseline, CompareResult, Policy
    from tracker.reports.flamegraph_links import ArtifactPlace, FlamegraphLink
    from tracker.store import Store

EXIT_REGRESSION = 1
EXIT_NOT_ENOUGH_DATA = 3


FILES = typer.Argument(
    None,
    metavar="[BASELINE_FILE] CANDIDATE_FILE",
    help=(
        "Result files (any format), judged without storing anything. One file: its run against its baseline in "
        "the database (--db, --baseline, --baseline-branch ... pick it as for a stored run). Two files: the second "
        "against the first, no database."
    ),
    show_default=False,
)
CANDIDATE = typer.Option(None, "--candidate", help="Run id, commit sha or tag [default: the newest run].")
BASELINE = typer.Option(
    None, "--baseline", help="Baseline run: a run id, commit sha or tag [default: the previous run on the branch]."
)
BASELINE_BRANCH = typer.Option(
    None, "--baseline-branch", help="Take the baseline from the newest runs of this branch (with --window N)."
)
MERGE_BASE = typer.Option(
    None,
    "--merge-base",
    help="Baseline: the newest run at or before the merge base of the candidate and this branch (git).",
)
WINDOW = typer.Option(None, "--window", help=option_help("window", "Pool this many baseline runs"))
SKIP_COMMIT_TYPES = typer.Option(
    None,
    "--skip-commit-types",
    help=option_help(
        "skip_commit_types",
        "Never take a baseline from commits of this Conventional Commit type, e.g. feat (repeatable)",
    ),
)
ANY_ENVIRONMENT = typer.Option(
    None,
    "--any-environment/--same-environment",
    help=option_help("any_environment", "Allow baselines from other machines or interpreters"),
)
THRESHOLD = typer.Option(None, "--threshold", help=option_help("threshold", "Slowdown in percent that fails the gate"))
WARN_THRESHOLD = typer.Option(
    None, "--warn-threshold", help=option_help("warn_threshold", "Slowdown in percent worth a warning")
)
MIN_TIME = typer.Option(
    None,
    "--min-time",
    help=option_help("min_time", "Judge tests faster than this (1ms, 500us) on their absolute change"),
)
FDR = typer.Option(None, "--fdr", help=option_help("fdr", "False discovery rate across all tests"))
STRICT = typer.Option(
    None, "--strict/--no-strict", help=option_help("strict", "Exit 3 when there is not enough data to decide")
)
TOP = typer.Option(None, "--top", help=option_help("top", "Also list the candidate's N slowest tests"))
FAIL_ON_BROKEN = typer.Option(
    None,
    "--fail-on-broken/--no-fail-on-broken",
    help=option_help("fail_on_broken", "Exit 1 when a test that passed in the baseline fails or errors now"),
)
SUMMARY = typer.Option(
    False, "--summary", help="Also append the markdown report to $GITHUB_STEP_SUMMARY (GitHub Actions)."
)


def compare_command(
    files: list[str] | None = FILES,
    candidate: str | None = CANDIDATE,
    baseline: str | None = BASELINE,
    baseline_branch: str | None = BASELINE_BRANCH,
    merge_base: str | None = MERGE_BASE,
    window: int | None = WINDOW,
    skip_commit_types: list[str] | None = SKIP_COMMIT_TYPES,
    any_environment: bool | None = ANY_ENVIRONMENT,
    threshold: float | None = THRESHOLD,
    warn_threshold: float | None = WARN_THRESHOLD,
    min_time: str | None = MIN_TIME,
    fdr: float | None = FDR,
    strict: bool | None = STRICT,
    fail_on_broken: bool | None = FAIL_ON_BROKEN,
    format: TableFormat | None = TABLE_FORMAT,
    top: int | None = TOP,
    summary: bool = SUMMARY,
    wide: bool = WIDE,
    color: bool | None = COLOR,
    database: str | None = DATABASE,
) -> None:
    """Compare a candidate run with its baseline; exit 1 when a test regressed beyond the threshold.

    A test regresses when its slowdown is beyond the threshold, significant against the noise its
    own history shows (false discovery rate held across all tests), beyond the threshold against
    the median of the recent runs too, and not a spike its history already shows twice. Each
    verdict says why.

    `tracker compare FILE` judges a result file's run as if it had been ingested (commit, branch
    and environment from the file or git), against its baseline and history in the database,
    which is left unchanged; `tracker compare BASELINE_FILE CANDIDATE_FILE` needs no database.
    """
    from tracker.api.compare import compare_runs

    settings = Settings.load()
    policy = settings.policy(
        threshold=threshold,
        warn_threshold=warn_threshold,
        fdr=fdr,
        min_time=None if min_time is None else _duration(min_time),
        fail_on_broken=fail_on_broken,
    )
    choice = baseline_choice(
        settings, baseline, baseline_branch, merge_base, window, skip_commit_types, any_environment
    )
    strict_mode = settings.get("strict", strict)
    chosen, rows = output_format(settings, format), settings.get("top", top)
    # Markdown (on stdout or in the summary) links the flame graphs of regressed tests; only it draws them.
    flamegraphs = settings.get("flamegraph_output_path") if chosen is TableFormat.MARKDOWN or summary else None
    if files and len(files) != 1:
        result = _compare_files(files, candidate, policy, choice)
    else:
        with database_session(settings, database) as store:
            result = (
                _compare_file_with_runs(store, files[0], candidate, policy, choice, flamegraphs)
                if files
                else compare_runs(
                    store, candidate_ref=candidate, policy=policy, baseline=choice, flamegraphs=flamegraphs
                )
            )
    show_comparison(result, chosen, rows, summary, terminal_width(wide), use_colour(color))
    raise typer.Exit(gate_exit_code(result, strict_mode))


def _compare_files(files: list[str], candidate: str | None, policy: Policy, choice: Baseline) -> CompareResult:
    from tracker.api.compare_files import compare_files

    if len(files) != 2 or candidate:
        raise UsageError(
            "tracker compare takes one result file (compared with the database) or two (BASELINE_FILE "
            "CANDIDATE_FILE), and no --candidate with them"
        )
    return compare_files(files[0], files[1], policy=policy, baseline=choice)


def _compare_file_with_runs(
    store: Store, file: str, candidate: str | None, policy: Policy, choice: Baseline, flamegraphs: str | None
) -> CompareResult:
    from tracker.api.compare_files import compare_file_with_runs

    if candidate:
        raise UsageError(
            f"tracker compare {file} judges the file's run as the candidate; drop --candidate, or ingest the file"
        )
    stdin = sys.stdin.buffer.read() if file == "-" else None
    return compare_file_with_runs(store, file, policy=policy, baseline=choice, flamegraphs=flamegraphs, stdin=stdin)


def baseline_choice(
    settings: Settings,
    ref: str | None,
    branch: str | None,
    merge_base: str | None,
    window: int | None,
    skip_commit_types: list[str] | None,
    any_environment: bool | None,
) -> Baseline:
    from tracker.api.compare import Baseline

    return Baseline(
        ref=ref,
        branch=branch,
        merge_base=merge_base,
        window=settings.get("window", window),
        skip_types=tuple(settings.get("skip_commit_types", tuple(skip_commit_types) if skip_commit_types else None)),
        any_environment=settings.get("any_environment", any_environment),
        history_runs=settings.get("noise_runs"),
    )


def _duration(text: str) -> float:
    from tracker.cli.setting_values import duration

    try:
        return duration(text)
    except ValueError as error:
        raise UsageError(f"--min-time {text!r}: {error}") from None


def show_comparison(
    result: CompareResult,
    chosen: TableFormat,
    top: int,
    summary: bool,
    width: int | None,
    colour: bool = False,
    place: ArtifactPlace | None = None,
) -> None:
    """The comparison on stdout; on stderr, why nothing was compared, or GitHub's annotations.

    PLACE: where the flame graphs are kept in a GitHub Actions run [default: this run's artifacts]."""
    from tracker.reports.comparison_output import no_baseline, render_comparison
    from tracker.reports.flamegraph_links import flamegraph_links, relative_path

    if result.comparison is None:
        note(no_baseline(result))
        if chosen is TableFormat.JSON:
            emit(render_comparison(result, chosen.value, top=top))
        return
    links = flamegraph_links(result.flamegraphs, result.differentials, place or artifact_place())
    if links:
        drawn = [*result.flamegraphs.values(), *result.differentials.values()]
        folders = sorted({relative_path(path.parent) for path in drawn})
        note(f"flame graphs of {len(links)} regressed test(s) in {', '.join(folders)}")
    emit(render_comparison(result, chosen.value, top=top, links=links, width=width, colour=colour), colour=colour)
    if top and chosen is TableFormat.CSV:
        note("--top is not part of the csv output; use --format table, markdown or json")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from tracker.reports.annotations import github_annotations

        for line in github_annotations(result.comparison, result.test_files, result.test_lines):
            note(line)
    if summary:
        _write_summary(result, top, links)


def gate_exit_code(result: CompareResult, strict: bool) -> int:
    """1 for a regression or a test that stopped passing (unless --no-fail-on-broken); 3 when --strict and
    some test (or the whole run) had too little data."""
    from tracker.domain import Verdict

    if result.comparison is None:
        return EXIT_NOT_ENOUGH_DATA if strict else 0
    if result.comparison.fails_gate:
        return EXIT_REGRESSION
    undecided = result.comparison.count(Verdict.NOT_ENOUGH_DATA)
    if undecided and strict:
        note(f"{undecided} test(s) had not enough data to decide (--strict)")
        return EXIT_NOT_ENOUGH_DATA
    return 0


def artifact_place() -> ArtifactPlace | None:
    """In a GitHub Actions run, its page (which lists the artifacts the flame graphs are uploaded as)."""
    from tracker.cli.ci_context import run_page
    from tracker.reports.flamegraph_links import ArtifactPlace

    page = run_page(os.environ, os.environ.get("GITHUB_REPOSITORY", ""))
    if os.environ.get("GITHUB_ACTIONS") != "true" or page is None:
        return None
    return ArtifactPlace(page)


def _write_summary(result: CompareResult, top: int, links: Mapping[str, Sequence[FlamegraphLink]]) -> None:
    from tracker.reports.comparison_markdown import comparison_markdown

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        raise UsageError("--summary appends to $GITHUB_STEP_SUMMARY, which GitHub Actions sets; it is not set here")
    try:
        with Path(target).open("a", encoding="utf-8") as summary:
            summary.write(comparison_markdown(result, top=top, links=links) + "\n")
    except OSError as error:
        raise UsageError(f"--summary: cannot append to {target} ({error.strerror})") from error
