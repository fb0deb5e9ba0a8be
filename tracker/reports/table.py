"""The table model and its renderers: plain text, GitHub markdown, CSV.

Cells hold text as the data has it; each renderer escapes for its medium (tracker.reports.escaping),
so a hostile test name (`|`, newlines, HTML, terminal control characters, right-to-left overrides,
10,000 characters) cannot break the layout.
"""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass, field
from enum import StrEnum

from tracker.reports.escaping import (
    csv_cell,
    escape_markdown,
    escape_text,
    markdown_cell,
    shorten_middle,
    terminal_cell,
)


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Column:
    title: str
    align: Align = Align.LEFT
    optional: bool = False
    """Left out on a terminal too narrow for it once the names are as short as they may be."""
    tones: tuple[tuple[str, str], ...] = ()
    """(start of a cell, tone) pairs for a terminal in colour: `bad`, `good` or `plain` (bold)."""


ANSI = {"bad": "\x1b[1;31m", "good": "\x1b[1;32m", "plain": "\x1b[1m"}
RESET = "\x1b[0m"


def _tone(column: Column, cell: str) -> str | None:
    return next((tone for start, tone in column.tones if cell.startswith(start)), "plain" if column.tones else None)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    notes: tuple[str, ...] = field(default=())


NARROWEST_NAME = 24
"""A shortened column keeps at least this many characters, however narrow the terminal."""
SEPARATOR = "  "


def render_text(table: Table, width: int | None = None, *, colour: bool = False) -> str:
    """Aligned columns for a terminal or a CI log. With WIDTH (a terminal's columns), the widest
    left-aligned column (the names) is shortened in the middle and notes are wrapped so that lines fit;
    without it (piped output), every line is whole."""
    header = [terminal_cell(c.title) for c in table.columns]
    body = [[terminal_cell(cell) for cell in row] for row in table.rows]
    widths = [max([len(header[i]), *(len(row[i]) for row in body)]) for i in range(len(header))]
    columns = table.columns
    if width is not None:
        columns, header, body, widths = _drop_optional(columns, header, body, widths, width)
        widths, body = _fit(columns, widths, body, width)

    def line(cells: list[str], painted: bool = False) -> str:
        parts = []
        for cell, size, column in zip(cells, widths, columns, strict=True):
            text = cell.rjust(size) if column.align is Align.RIGHT else cell.ljust(size)
            tone = _tone(column, cell) if painted else None
            parts.append(f"{ANSI[tone]}{text}{RESET}" if tone else text)  # codes outside the padding
        return SEPARATOR.join(parts).rstrip()

    out = []
    if table.title:
        out += [escape_text(table.title), ""]
    out += [line(header), SEPARATOR.join("-" * w for w in widths), *(line(row, colour) for row in body)]
    out += [_wrap(escape_text(note), width) for note in table.notes]
    return "\n".join(out) + "\n"


def _drop_optional(
    columns: tuple[Column, ...], header: list[str], body: list[list[str]], widths: list[int], width: int
) -> tuple[tuple[Column, ...], list[str], list[list[str]], list[int]]:
    """Without the optional columns when the row cannot fit WIDTH with its names at their shortest."""
    names = [i for i, column in enumerate(columns) if column.align is Align.LEFT]
    widest = max(names, key=lambda i: widths[i], default=None)
    shortest = [min(size, NARROWEST_NAME) if i == widest else size for i, size in enumerate(widths)]
    if sum(shortest) + len(SEPARATOR) * (len(widths) - 1) <= width:
        return columns, header, body, widths
    kept = [i for i, column in enumerate(columns) if not column.optional]
    return (
        tuple(columns[i] for i in kept),
        [header[i] for i in kept],
        [[row[i] for i in kept] for row in body],
        [widths[i] for i in kept],
    )


def _fit(
    columns: tuple[Column, ...], widths: list[int], body: list[list[str]], width: int
) -> tuple[list[int], list[list[str]]]:
    """Shorten the widest left-aligned column so that a row fits WIDTH, if it does not already."""
    total = sum(widths) + len(SEPARATOR) * (len(widths) - 1)
    names = [i for i, column in enumerate(columns) if column.align is Align.LEFT]
    if total <= width or not names:
        return widths, body
    widest = max(names, key=lambda i: widths[i])
    room = max(NARROWEST_NAME, widths[widest] - (total - width))
    if room >= widths[widest]:
        return widths, body
    shortened = [[shorten_middle(cell, room) if i == widest else cell for i, cell in enumerate(row)] for row in body]
    return [room if i == widest else size for i, size in enumerate(widths)], shortened


def _wrap(text: str, width: int | None) -> str:
    """Prose wrapped to WIDTH, each line's indent kept for its continuation lines."""
    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        out.append(
            textwrap.fill(line, width, subsequent_indent=indent + "  ", break_on_hyphens=False)
            if len(line) > width
            else line
        )
    return "\n".join(out)


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
