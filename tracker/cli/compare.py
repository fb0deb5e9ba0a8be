"""`tracker compare`: the CI gate."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.options import DATABASE, TABLE_FORMAT, TableFormat, emit, note, output_format
from tracker.cli.settings import Settings
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.api.compare import CompareResult, Policy

EXIT_REGRESSION = 1
EXIT_NOT_ENOUGH_DATA = 3


def compare_command(
    candidate: str | None = typer.Option(
        None, "--candidate", help="Run id, commit sha or tag [default: the newest run]."
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Baseline run: a run id, commit sha or tag [default: the previous run on the branch]."
    ),
    baseline_branch: str | None = typer.Option(
        None, "--baseline-branch", help="Take the baseline from the newest runs of this branch (with --window N)."
    ),
    merge_base: str | None = typer.Option(
        None,
        "--merge-base",
        help="Baseline: the newest run at or before the merge base of the candidate and this branch (git).",
    ),
    window: int | None = typer.Option(
        None, "--window", help="Pool this many baseline runs [env TRACKER_WINDOW; default 1]."
    ),
    skip_commit_types: list[str] | None = typer.Option(
        None,
        "--skip-commit-types",
        help="Never take a baseline from commits of this Conventional Commit type, e.g. feat (repeatable).",
    ),
    any_environment: bool | None = typer.Option(
        None, "--any-environment/--same-environment", help="Allow baselines from other machines or interpreters."
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Slowdown in percent that fails the gate [env TRACKER_THRESHOLD; default 10]."
    ),
    warn_threshold: float | None = typer.Option(
        None, "--warn-threshold", help="Slowdown in percent worth a warning [env TRACKER_WARN_THRESHOLD]."
    ),
    min_time: str | None = typer.Option(
        None, "--min-time", help="Judge tests faster than this (1ms, 500us) on their absolute change."
    ),
    fdr: float | None = typer.Option(
        None, "--fdr", help="False discovery rate across all tests [env TRACKER_FDR; default 0.02]."
    ),
    strict: bool | None = typer.Option(
        None, "--strict/--no-strict", help="Exit 3 when there is not enough data to decide [env TRACKER_STRICT]."
    ),
    format: TableFormat | None = TABLE_FORMAT,
    top: int | None = typer.Option(
        None, "--top", help="Also list the candidate's N slowest tests [env TRACKER_TOP, TIMING_THRESHOLD]."
    ),
    summary: bool = typer.Option(
        False, "--summary", help="Also append the markdown report to $GITHUB_STEP_SUMMARY (GitHub Actions)."
    ),
    database: str | None = DATABASE,
) -> None:
    """Compare a candidate run with its baseline; exit 1 when a test regressed beyond the threshold.

    A test regresses when its slowdown is beyond the threshold, significant against the noise its
    own history shows (false discovery rate held across all tests), beyond the threshold against
    the median of the recent runs too, and not a spike its history already shows twice. Each
    verdict says why.
    """
    from tracker.api.compare import Baseline, compare_runs
    from tracker.domain import Verdict

    settings = Settings.load()
    if min_time is not None:
        min_time_seconds: float | None = _duration(min_time)
    else:
        min_time_seconds = None
    policy = _policy(settings, threshold, warn_threshold, fdr, min_time_seconds)
    choice = Baseline(
        ref=baseline,
        branch=baseline_branch,
        merge_base=merge_base,
        window=settings.get("window", window),
        skip_types=tuple(settings.get("skip_commit_types", tuple(skip_commit_types) if skip_commit_types else None)),
        any_environment=settings.get("any_environment", any_environment),
        history_runs=settings.get("noise_runs"),
    )
    result = compare_runs(
        database=settings.get("database", database), candidate_ref=candidate, policy=policy, baseline=choice
    )
    strict_mode = settings.get("strict", strict)
    chosen = output_format(settings, format)
    rows = settings.get("top", top)
    if result.comparison is None:
        note(_no_baseline(result))
        if chosen is TableFormat.JSON:
            _print_json(result, rows)
        raise typer.Exit(EXIT_NOT_ENOUGH_DATA if strict_mode else 0)
    links: dict[str, str] = {}
    if chosen is TableFormat.MARKDOWN:
        from tracker.cli.differentials import differential_links

        links = differential_links(settings, settings.get("database", database), result)
    _render(result, chosen, rows, links)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from tracker.reports.comparison import github_annotations

        for line in github_annotations(result.comparison):
            note(line)
    if summary:
        _write_summary(result, rows)
    if result.comparison.regressed:
        raise typer.Exit(EXIT_REGRESSION)
    undecided = result.comparison.count(Verdict.NOT_ENOUGH_DATA)
    if undecided and strict_mode:
        note(f"{undecided} test(s) had not enough data to decide (--strict)")
        raise typer.Exit(EXIT_NOT_ENOUGH_DATA)


def _policy(
    settings: Settings, threshold: float | None, warn: float | None, fdr: float | None, min_time: float | None
) -> Policy:
    from tracker.api.compare import Policy
    from tracker.domain import Direction

    for flag, value in (("--threshold", threshold), ("--warn-threshold", warn)):
        if value is not None and value < 0:
            raise UsageError(f"{flag} {value:g}: a slowdown threshold in percent must not be negative")
    if fdr is not None and not 0 < fdr < 1:
        raise UsageError(f"--fdr {fdr:g}: a false discovery rate is between 0 and 1, such as 0.02")
    return Policy(
        threshold_pct=settings.get("threshold", threshold),
        warn_threshold_pct=settings.get("warn_threshold", warn),
        fdr=settings.get("fdr", fdr),
        min_time=settings.get("min_time", min_time),
        thresholds=settings.get("thresholds"),
        ignore=settings.get("ignore"),
        directions=tuple((glob, Direction(way)) for glob, way in settings.get("directions")),
    )


def _duration(text: str) -> float:
    from tracker.cli.setting_values import duration

    try:
        return duration(text)
    except ValueError as error:
        raise UsageError(f"--min-time {text!r}: {error}") from None


def _no_baseline(result: CompareResult) -> str:
    from tracker.reports.comparison import describe_run

    text = f"no baseline for {describe_run(result.candidate)} among the {result.source}"
    passed_over = []
    if result.skipped_commits:
        passed_over.append(f"{len(result.skipped_commits)} skipped for their commit type")
    if result.other_environments:
        passed_over.append(f"{result.other_environments} from another environment (--any-environment)")
    if passed_over:
        text += f" ({', '.join(passed_over)})"
    return text + "; pass --baseline REF or --baseline-branch BRANCH"


def _render(result: CompareResult, chosen: TableFormat, top: int, links: dict[str, str] | None = None) -> None:
    from tracker.reports.table import render_text

    if chosen is TableFormat.JSON:
        _print_json(result, top)
    elif chosen is TableFormat.MARKDOWN:
        from tracker.reports.comparison_markdown import comparison_markdown

        emit(comparison_markdown(result, top=top, links=links))
    elif chosen is TableFormat.CSV:
        from tracker.reports.comparison import comparison_csv

        emit(comparison_csv(result))
        if top:
            note("--top is not part of the csv output; use --format table, markdown or json")
    else:
        from tracker.reports.comparison import comparison_table, top_table

        emit(render_text(comparison_table(result)))
        if top:
            assert result.comparison is not None
            emit("\n" + render_text(top_table(result.comparison, top)))


def _print_json(result: CompareResult, top: int) -> None:
    from tracker.reports.comparison_json import comparison_document
    from tracker.reports.jsonout import render_json

    emit(render_json(comparison_document(result, top=top)))


def _write_summary(result: CompareResult, top: int) -> None:
    from tracker.reports.comparison_markdown import comparison_markdown

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        raise UsageError("--summary appends to $GITHUB_STEP_SUMMARY, which GitHub Actions sets; it is not set here")
    try:
        with Path(target).open("a", encoding="utf-8") as summary:
            summary.write(comparison_markdown(result, top=top) + "\n")
    except OSError as error:
        raise UsageError(f"--summary: cannot append to {target} ({error.strerror})") from error
