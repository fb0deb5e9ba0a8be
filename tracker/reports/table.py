"""The table model and its renderers: plain text, GitHub markdown, CSV.

Cells hold text as the data has it; each renderer escapes for its medium (tracker.reports.escaping),
so a hostile test name (`|`, newlines, HTML, terminal control characters, right-to-left overrides,
10,000 characters) cannot break the layout.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from enum import StrEnum

from tracker.reports.escaping import csv_cell, escape_markdown, escape_text, markdown_cell, terminal_cell


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Column:
    title: str
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    notes: tuple[str, ...] = field(default=())


def render_text(table: Table) -> str:
    """Aligned columns for a terminal or a CI log."""
    header = [terminal_cell(c.title) for c in table.columns]
    body = [[terminal_cell(cell) for cell in row] for row in table.rows]
    widths = [max([len(header[i]), *(len(row[i]) for row in body)]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(width) if column.align is Align.RIGHT else cell.ljust(width)
            for cell, width, column in zip(cells, widths, table.columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = []
    if table.title:
        out += [escape_text(table.title), ""]
    out += [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in body)]
    out += [escape_text(note) for note in table.notes]
    return "\n".join(out) + "\n"


def render_markdown(table: Table) -> str:
    """A GitHub-flavoured markdown table."""
    out = []
    if table.title:
        out += [f"### {escape_markdown(table.title)}", ""]
    out.append("| " + " | ".join(markdown_cell(c.title) for c in table.columns) + " |")
    out.append("|" + "|".join("---:" if c.align is Align.RIGHT else ":---" for c in table.columns) + "|")
    out += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in table.rows]
    if table.notes:
        out += ["", *(escape_markdown(note) for note in table.notes)]
    return "\n".join(out) + "\n"


def render_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(c.title) for c in table.columns])
    writer.writerows([csv_cell(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()
