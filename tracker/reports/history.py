"""Change points and histories as tables (terminal, markdown, CSV share one model)."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import ChangeKind, ChangePoint, CommitSummary, HistoryPoint, short_commit
from tracker.reports.table import Align, Column, Table
from tracker.reports.values import format_percent, format_span, format_value, plural


def describe_commit(commit: CommitSummary, width: int = 50) -> str:
    subject = commit.subject if len(commit.subject) <= width else commit.subject[: width - 1] + "…"
    return f"{short_commit(commit.sha)} {subject}".rstrip()


def format_change(change: ChangePoint) -> str:
    interval = format_span(format_percent(change.change_low_pct), format_percent(change.change_high_pct))
    return f"{format_percent(change.change_pct)} [{interval}]"


def _direction(change: ChangePoint) -> str:
    word = "REGRESSION" if change.direction is ChangeKind.REGRESSION else "improvement"
    if change.transient:
        back = f", back at {short_commit(change.returned_commit.sha)}" if change.returned_commit else ""
        return f"transient {word.lower()}{back}"
    return word


def format_p(p_value: float) -> str:
    return "<1e-12" if p_value < 1e-12 else f"{p_value:.1e}"


def changes_table(changes: Sequence[ChangePoint], *, branch: str | None, commits: int, series: int) -> Table:
    """One row per change point, newest first."""
    several_metrics = len({c.metric for c in changes}) > 1
    columns = [Column("Test")]
    if several_metrics:
        columns.append(Column("Metric"))
    columns += [
        Column("First bad commit"),
        Column("Type"),
        Column("Last good"),
        Column("Skipped", Align.RIGHT),
        Column("Before", Align.RIGHT),
        Column("After", Align.RIGHT),
        Column("Change [95% interval]", Align.RIGHT),
        Column("p", Align.RIGHT),
        Column("Direction"),
    ]
    rows = []
    for c in changes:
        cells = [c.test_name]
        if several_metrics:
            cells.append(c.metric)
        cells += [
            describe_commit(c.commit),
            c.commit.type or "",
            short_commit(c.previous_commit.sha),
            str(len(c.unmeasured)),
            format_value(c.before, c.unit),
            format_value(c.after, c.unit),
            format_change(c),
            format_p(c.p_value),
            _direction(c),
        ]
        rows.append(tuple(cells))
    regressions = sum(1 for c in changes if c.direction is ChangeKind.REGRESSION)
    notes = [
        f"Branch {branch or '(none)'}: {plural(series, 'series', 'series')} over {plural(commits, 'commit')}; "
        f"{plural(len(changes), 'change point')} ({plural(regressions, 'regression')}, "
        f"{plural(len(changes) - regressions, 'improvement')})."
    ]
    excursions = sum(1 for c in changes if c.transient)
    if excursions:
        notes.append(
            f"{excursions} transient excursion(s): the level came back a few commits later (marked; "
            "without --transients they are left out)."
        )
    skipped = [c for c in changes if c.unmeasured]
    if skipped:
        first = skipped[0]
        notes.append(
            "Skipped: commits between the last good and the first bad one where the test was not measured; "
            "to narrow one down: tracker bisect-plan "
            f"{short_commit(first.previous_commit.sha)} {short_commit(first.commit.sha)}"
        )
    return Table(tuple(columns), tuple(rows), title="Change points", notes=tuple(notes))


ESTIMATE_NOTES = {
    "mean": "Level: the mean of each run's samples (their trimean when a round is wild).",
    "median": "Level: the median of each run's samples (steadier than the mean in this history).",
    "lower quartile": "Level: the lower quartile of each run's samples, its fast mode "
    "(much steadier than the mean in this history).",
}


def history_table(
    title: str,
    unit: str,
    points: Sequence[HistoryPoint],
    changes: Sequence[ChangePoint],
    sparkline: str = "",
    estimate: str = "mean",
) -> Table:
    """One row per measured commit, oldest first; change points marked on the commit where they start."""
    at = {c.commit.sha: c for c in changes}
    columns = (
        Column("Commit"),
        Column("Level", Align.RIGHT),
        Column("Median", Align.RIGHT),
        Column("Spread", Align.RIGHT),
        Column("Samples", Align.RIGHT),
        Column("Runs", Align.RIGHT),
        Column("Change point"),
    )
    rows = []
    for p in points:
        change = at.get(p.commit.sha)
        mark = ""
        if change is not None:
            kind = "REGRESSION" if change.direction is ChangeKind.REGRESSION else "improvement"
            mark = f"{kind} {format_change(change)} p={format_p(change.p_value)}"
        spread = (
            "-"
            if p.low is None or p.high is None
            else format_span(format_value(p.low, unit), format_value(p.high, unit))
        )
        rows.append(
            (
                describe_commit(p.commit, 40),
                format_value(p.level, unit),
                format_value(p.median, unit),
                spread,
                str(p.samples),
                str(p.runs),
                mark,
            )
        )
    notes = [
        f"{plural(len(points), 'measured commit')}, {plural(len(changes), 'change point')}.",
        ESTIMATE_NOTES.get(estimate, ""),
    ]
    if sparkline:
        notes += ["", *sparkline.splitlines()]
    return Table(columns, tuple(rows), title=title, notes=tuple(notes))


def bisect_table(
    good: CommitSummary, bad: CommitSummary, plan: Sequence[tuple[int, CommitSummary]], source: str
) -> Table:
    """The commits to measure next, in the order that halves the range each round."""
    columns = (Column("Round", Align.RIGHT), Column("Commit"), Column("Type"), Column("Author"))
    rows = tuple((str(r), describe_commit(c, 60), c.type or "", c.author or "") for r, c in plan)
    rounds = max((r for r, _ in plan), default=0)
    notes = (
        f"Between last good {short_commit(good.sha)} and first bad {short_commit(bad.sha)}: "
        f"{len(plan)} unmeasured commits "
        f"(from {source}); measuring in this order finds the culprit in at most {rounds} rounds.",
        "Round 1 halves the range; in each later round measure only the commit inside the half that changed.",
    )
    return Table(columns, rows, title="Bisect plan", notes=notes)
