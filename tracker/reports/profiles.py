"""Profile tables: functions of a test (the original profiler's timing table) and the functions
that explain a regression in `tracker compare`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tracker.domain import FunctionChange, FunctionStat
from tracker.reports.table import Align, Column, Table, escape_markdown
from tracker.reports.values import format_value


def _amount(value: float, unit: str) -> str:
    return format_value(value, unit) if unit == "s" else f"{value:.6g} {unit}"


def functions_table(
    functions: Sequence[FunctionStat],
    *,
    title: str | None = None,
    notes: tuple[str, ...] = (),
    original_shape: bool = False,
) -> Table:
    """Count, total, self (and self %) per function. ORIGINAL_SHAPE: the busted profiler's four
    markdown columns, `| Count | Total-Time | Self-Time | Name |`."""
    columns = [Column("Count", Align.RIGHT), Column("Total-Time", Align.RIGHT), Column("Self-Time", Align.RIGHT)]
    if not original_shape:
        columns.append(Column("Self %", Align.RIGHT))
    columns.append(Column("Name"))
    rows = []
    for stat in functions:
        cells = [str(stat.calls), _amount(stat.total, stat.unit), _amount(stat.self_time, stat.unit)]
        if not original_shape:
            cells.append(f"{100 * stat.self_share:.1f}%")
        cells.append(stat.name)
        rows.append(tuple(cells))
    return Table(tuple(columns), tuple(rows), title=title, notes=notes)


def explanation_table(changes: Sequence[FunctionChange], *, title: str | None = None) -> Table:
    columns = (
        Column("Function"),
        Column("Before", Align.RIGHT),
        Column("After", Align.RIGHT),
        Column("Change", Align.RIGHT),
    )
    rows = tuple(
        (c.name, _amount(c.before, c.unit), _amount(c.after, c.unit), "+" + _amount(c.change, c.unit)) for c in changes
    )
    return Table(columns, rows, title=title)


def render_explanations(
    explanations: Mapping[str, Sequence[FunctionChange]],
    names: Mapping[str, str],
    *,
    markdown: bool,
    links: Mapping[str, str] | None = None,
) -> str:
    """For each regressed test: the functions whose self time grew most; in markdown, a link to
    the differential flame graph when one was written."""
    from tracker.reports.table import render_markdown, render_text

    parts = []
    for test_id, changes in explanations.items():
        name = names.get(test_id, test_id)
        title = f"Where the time went: {name}"
        if not changes:
            parts.append(f"{title}: no function's self time grew.\n")
            continue
        table = explanation_table(changes, title=title)
        if markdown:
            text = render_markdown(table)
            link = (links or {}).get(test_id)
            if link:
                text += f"\n[Differential flame graph of {escape_markdown(name)}]({link.replace(' ', '%20')})\n"
            parts.append(text)
        else:
            parts.append(render_text(table))
    return "\n".join(parts)
