"""The function table of a profile: what the original busted profiler's timing.txt showed."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import FunctionStat
from tracker.reports.table import Align, Column, Table
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
