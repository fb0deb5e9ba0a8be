"""The comparison as tables and sentences: every output format of `tracker compare` starts here.

The terminal table lists every test, tests that stopped passing and regressions first, then the
worst slowdown; below it, each verdict other than "unchanged" is explained in a sentence built from the numbers it rests
on. CSV has one row per test with raw numbers and the sentence. Markdown and JSON live in
`comparison_markdown.py` and `comparison_json.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, assert_never

from tracker.domain import Comparison, FunctionChange, Reason, RunInfo, TestComparison, Verdict, short_commit
from tracker.reports.comparison_outcomes import explain_outcome, outcome_mark
from tracker.reports.table import Align, Column, Table, render_csv
from tracker.reports.values import format_percent, format_value, plural

VERDICT_TONES = (("FAILING", "bad"), ("REGRESSED", "bad"), ("improved", "good"), ("fixed", "good"))
"""How a terminal in colour shows each verdict: failures and regressions red, improvements green, the rest bold."""

VERDICT_MARK = {
    Verdict.FAILING: "FAILING",
    Verdict.REGRESSED: "REGRESSED",
    Verdict.IMPROVED: "improved",
    Verdict.UNCHANGED: "unchanged",
    Verdict.NEW: "new",
    Verdict.MISSING: "missing",
    Verdict.NOT_ENOUGH_DATA: "not enough data",
    Verdict.FIXED: "fixed",
}


class Compared(Protocol):
    """What `tracker.api.compare.compare_runs` returns, as far as rendering needs it."""

    @property
    def candidate(self) -> RunInfo: ...
    @property
    def baseline(self) -> RunInfo | None: ...
    @property
    def comparison(self) -> Comparison | None: ...
    @property
    def baselines(self) -> tuple[RunInfo, ...]: ...
    @property
    def source(self) -> str: ...
    @property
    def skipped_commits(self) -> tuple[RunInfo, ...]: ...
    @property
    def other_environments(self) -> int: ...
    @property
    def history_runs(self) -> int: ...
    @property
    def functions(self) -> Mapping[str, tuple[FunctionChange, ...]]: ...


def describe_run(run: RunInfo) -> str:
    commit = short_commit(run.commit) if run.commit else "no commit"
    parts = [f"run {run.id}", commit, run.branch or "no branch"]
    if run.tag:
        parts.append(run.tag)
    if run.subject:
        parts.append(repr(run.subject[:60]))
    return ", ".join(parts)


def describe_baselines(result: Compared) -> str:
    runs = result.baselines
    if not runs:
        return "none"
    if len(runs) == 1:
        return f"{describe_run(runs[0])} ({result.source})"
    return f"{len(runs)} runs pooled, newest {describe_run(runs[0])} ({result.source})"


def counts(comparison: Comparison) -> str:
    parts = [f"{comparison.count(v)} {VERDICT_MARK[v].lower()}" for v in Verdict if comparison.count(v)]
    if comparison.ignored:
        parts.append(f"{comparison.ignored} ignored")
    return ", ".join(parts) or "no tests"


def rule(comparison: Comparison) -> str:
    """The decision rule in one line, with the knobs and constants this comparison was judged by."""
    policy, constants = comparison.policy, comparison.constants
    text = (
        f"Rule: regressed when the slowdown is beyond {policy.threshold_pct:g}% (per-test overrides apply), "
        f"significant at a false discovery rate of {policy.fdr:g} (Benjamini-Hochberg{_over_tests(comparison)}; "
        f"with {constants.level_min_runs} or more "
        "earlier runs, p is the stronger of the tests against the baseline and against the median of the recent "
        "runs, doubled; tripled when a pooled baseline's newest runs since a step are tested with the candidate), "
        "beyond the threshold against that median too, and not a spike the test's history "
        f"already shows {_times(constants.spike_repeats)}."
    )
    if policy.min_time > 0:
        text += f" Values below --min-time {format_value(policy.min_time, 's')} count as that floor."
    return text


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def context_notes(result: Compared) -> list[str]:
    """Where the baseline came from and what was passed over."""
    notes = [f"Baseline: {describe_baselines(result)}", f"Candidate: {describe_run(result.candidate)}"]
    if result.skipped_commits:
        listed = ", ".join(
            f"{short_commit(run.commit) if run.commit else run.id} ({run.commit_type})"
            for run in result.skipped_commits
        )
        notes.append(f"Skipped for their commit type: {listed}.")
    if result.other_environments:
        notes.append(
            f"{result.other_environments} run(s) from another environment were left out (--any-environment mixes them)."
        )
    if result.baseline is not None and result.baseline.environment != result.candidate.environment:
        notes.append("The baseline ran in another environment than the candidate: timings may not be comparable.")
    return notes


_PLAIN = {
    Reason.ONLY_CANDIDATE: "new: measured in the candidate only",
    Reason.ONLY_BASELINE: "missing: measured in the baseline only",
    Reason.NO_VALUE: "no value on one side (the test failed, was skipped, or reported nothing)",
    Reason.NOT_POSITIVE: "a zero or negative value: a change in percent means nothing",
}
"""Reasons whose sentence needs no numbers."""


def _over_tests(comparison: Comparison) -> str:
    tested = sum(row.p_value is not None for row in comparison.rows)
    return f" over {plural(tested, 'test')}" if tested else ""


def explain_verdict(row: TestComparison, comparison: Comparison) -> str:
    """One sentence on why ROW got its verdict, with the numbers it rests on."""
    special = explain_outcome(row, comparison.constants.noise_min_runs)
    if special is not None:
        return special
    match row.reason:
        case None:
            return _unexplained(row)
        case Reason.ONLY_CANDIDATE | Reason.ONLY_BASELINE | Reason.NO_VALUE | Reason.NOT_POSITIVE:
            return _PLAIN[row.reason]
        case Reason.NO_NOISE_ESTIMATE:
            return (
                f"one value per run and {row.history_runs or 'no'} earlier run(s): at least "
                f"{comparison.constants.noise_min_runs} are needed to learn how much this test moves between runs "
                "(or raw samples in both runs)"
            )
        case Reason.BEYOND_THRESHOLD:
            what = "slower" if row.verdict is Verdict.REGRESSED else "faster"
            return _judged(row, comparison, what + " beyond {threshold} and significant ({evidence} < {fdr}); {noise}")
        case Reason.NOT_SIGNIFICANT:
            return _judged(row, comparison, "within the noise ({evidence}, not below {fdr}); {noise}")
        case Reason.WITHIN_THRESHOLD:
            return _judged(row, comparison, "significant ({evidence}) but within the {threshold} threshold")
        case Reason.BASELINE_OUTLIER:
            return _judged(
                row,
                comparison,
                "against the baseline run, but {level} against the median of the recent runs: the baseline run "
                "itself was unusual",
                joint=" ",
            )
        case Reason.SEEN_BEFORE:
            return _judged(
                row,
                comparison,
                "{level} against the median of the recent runs: but {spikes} earlier runs spiked this far and came "
                "back, so one run this far off is this test's noise (`tracker changes` tells a lasting step from a "
                "spike)",
                joint=", ",
            )
        case Reason.BELOW_MIN_TIME:
            return _judged(
                row,
                comparison,
                "below --min-time {min_time}, where the absolute change ({absolute}) is what counts",
            )
        case Reason.EXCEEDS_RESOLUTION:  # `explain_outcome` gives the timer's step when the row knows it
            return "the change exceeds the timer's resolution, but one value per side cannot be tested"
        case Reason.BELOW_RESOLUTION:
            return "both values are at or below the timer's resolution: no change can be seen"
        case Reason.STOPPED_PASSING | Reason.PASSES_AGAIN:
            return _unexplained(row)  # always worded by `explain_outcome`, from the statuses the row carries
        case unknown:
            assert_never(unknown)


def _unexplained(row: TestComparison) -> str:
    return "identical values on both sides" if row.verdict is Verdict.UNCHANGED else VERDICT_MARK[row.verdict]


def _judged(row: TestComparison, comparison: Comparison, template: str, joint: str = ": ") -> str:
    """The change with its interval, then TEMPLATE filled with the numbers a judged row rests on."""
    if row.change_pct is None or row.p_adjusted is None:
        return _unexplained(row)
    low, high = format_percent(row.change_low_pct), format_percent(row.change_high_pct)
    noise = (
        f"noise ±{row.noise_pct:.1f}% per run from {row.history_runs} earlier run(s)"
        if row.history_runs
        else f"noise ±{row.noise_pct:.1f}% per run assumed (no history yet)"
    )
    if row.history_runs >= 2 and row.level_change_pct is not None:
        noise += f"; {format_percent(row.level_change_pct)} against the median of the recent runs"
    if row.recent_step_runs and row.recent_step_pct is not None:
        noise += (
            f"; the candidate and the newest {plural(row.recent_step_runs, 'baseline run')}: "
            f"{format_percent(row.recent_step_pct)} against the median of the {row.recent_step_earlier} runs "
            "before them"
        )
    absolute = abs((row.candidate_median or 0) - (row.baseline_median or 0))
    return f"{format_percent(row.change_pct)} [{low}, {high}]{joint}" + template.format(
        threshold=f"{row.threshold_pct:g}%",
        evidence=f"p={row.p_value:.2g}, {row.p_adjusted:.2g} adjusted",
        fdr=f"{comparison.policy.fdr:g}",
        noise=noise,
        level=format_percent(row.level_change_pct),
        spikes=row.similar_spikes,
        min_time=format_value(comparison.policy.min_time, "s"),
        absolute=format_value(absolute, row.unit),
    )


def notable(comparison: Comparison) -> list[TestComparison]:
    """Rows worth a sentence: every verdict but "unchanged", and unchanged rows beyond the warning level."""
    return [row for row in comparison.rows if row.verdict is not Verdict.UNCHANGED or row.warned]


def _several_metrics(comparison: Comparison) -> bool:
    return len({row.metric for row in comparison.rows}) > 1


def _interval(row: TestComparison) -> str:
    if row.change_low_pct is None or row.change_high_pct is None:
        return "-"
    return f"{format_percent(row.change_low_pct)} to {format_percent(row.change_high_pct)}"


def _p(value: float | None) -> str:
    return "-" if value is None else f"{value:.2g}"


def comparison_rows(
    comparison: Comparison, rows: list[TestComparison]
) -> tuple[tuple[Column, ...], list[tuple[str, ...]]]:
    """Columns and formatted cells shared by the terminal and markdown tables."""
    several = _several_metrics(comparison)
    columns = [Column("Test")]
    if several:
        columns.append(Column("Metric"))
    columns += [
        Column("Baseline", Align.RIGHT),
        Column("Candidate", Align.RIGHT),
        Column("Change", Align.RIGHT),
        Column("95% interval", Align.RIGHT, optional=True),  # also in the explanations below the table
        Column("p (adj.)", Align.RIGHT),
        Column("Verdict", tones=VERDICT_TONES),
    ]
    cells = []
    for row in rows:
        line = [row.test_name] + ([row.metric] if several else [])
        line += [
            format_value(row.baseline_median, row.unit),
            format_value(row.candidate_median, row.unit),
            format_percent(row.change_pct),
            _interval(row),
            _p(row.p_adjusted),
            VERDICT_MARK[row.verdict]
            + outcome_mark(row)
            + (" (warning)" if row.warned and row.verdict is not Verdict.REGRESSED else ""),
        ]
        cells.append(tuple(line))
    return tuple(columns), cells


def comparison_table(result: Compared) -> Table:
    """Every test, regressions first; notes say what was compared, by which rule, and why."""
    comparison = result.comparison
    assert comparison is not None
    columns, cells = comparison_rows(comparison, list(comparison.rows))
    notes = [*context_notes(result), rule(comparison), f"{counts(comparison)}."]
    reasons = notable(comparison)
    if reasons:
        notes += ["", "Why:"]
        for row in reasons:
            notes.append(f"  {row.test_name}{_metric_suffix(comparison, row)}: {explain_verdict(row, comparison)}")
            notes += [f"    {line}" for line in function_lines(result.functions.get(row.test_id, ()))]
    return Table(columns, tuple(cells), title="Benchmark comparison", notes=tuple(notes))


def _metric_suffix(comparison: Comparison, row: TestComparison) -> str:
    return f" [{row.metric}]" if _several_metrics(comparison) else ""


def function_lines(changes: tuple[FunctionChange, ...]) -> list[str]:
    """The functions whose self time grew most, one line each."""
    return [
        f"self time of {change.name}: {format_value(change.before, change.unit)} -> "
        f"{format_value(change.after, change.unit)} (+{format_value(change.change, change.unit)})"
        for change in changes
    ]


CSV_COLUMNS = (
    "test_id",
    "test",
    "metric",
    "unit",
    "direction",
    "verdict",
    "reason",
    "baseline",
    "candidate",
    "change_pct",
    "change_low_pct",
    "change_high_pct",
    "slowdown_pct",
    "p_value",
    "p_adjusted",
    "threshold_pct",
    "noise_pct",
    "history_runs",
    "baseline_n",
    "candidate_n",
    "baseline_runs",
    "warned",
    "baseline_status",
    "candidate_status",
    "explanation",
)


def comparison_csv(result: Compared) -> str:
    """One row per test: raw numbers (canonical units, full precision) and the explanation."""
    comparison = result.comparison
    assert comparison is not None
    rows = tuple(
        tuple(
            _cell(value)
            for value in (
                row.test_id,
                row.test_name,
                row.metric,
                row.unit,
                row.direction,
                row.verdict,
                row.reason,
                row.baseline_median,
                row.candidate_median,
                row.change_pct,
                row.change_low_pct,
                row.change_high_pct,
                row.slowdown_pct,
                row.p_value,
                row.p_adjusted,
                row.threshold_pct,
                row.noise_pct,
                row.history_runs,
                row.baseline_n,
                row.candidate_n,
                " ".join(str(run) for run in row.baseline_runs),
                "true" if row.warned else "false",
                row.baseline_status,
                row.candidate_status,
                explain_verdict(row, comparison),
            )
        )
        for row in comparison.rows
    )
    return render_csv(Table(tuple(Column(name) for name in CSV_COLUMNS), rows))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def top_rows(comparison: Comparison, count: int) -> list[TestComparison]:
    """The COUNT slowest tests of the candidate (time metrics), slowest first."""
    timed = [row for row in comparison.rows if row.unit == "s" and row.candidate_median is not None]
    timed.sort(key=lambda row: (-(row.candidate_median or 0.0), row.test_name))
    return timed[:count]


def top_table(comparison: Comparison, count: int) -> Table:
    rows = tuple(
        (str(rank), row.test_name, format_value(row.candidate_median, row.unit), format_percent(row.change_pct))
        for rank, row in enumerate(top_rows(comparison, count), start=1)
    )
    columns = (Column("#", Align.RIGHT), Column("Test"), Column("Time", Align.RIGHT), Column("Change", Align.RIGHT))
    return Table(columns, rows, title=f"Slowest {len(rows)} tests of the candidate")
