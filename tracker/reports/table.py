"""The table model and its renderers: plain text, GitHub markdown, CSV.

Cells hold text as the data has it; each renderer escapes for its medium, so a hostile test
name (`|`, newlines, HTML, terminal control characters) cannot break the layout.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum


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


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_control(text: str) -> str:
    """Control characters (newlines and terminal escapes included) shown as visible escapes."""
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m[0], f"\\x{ord(m[0]):02x}"), text)


def escape_markdown(text: str) -> str:
    """Safe inside a GitHub markdown table cell: no HTML, no column breaks, no line breaks."""
    text = html.escape(escape_control(text), quote=False)
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", text)


def render_text(table: Table) -> str:
    """Aligned columns for a terminal or a CI log."""
    header = [escape_control(c.title) for c in table.columns]
    body = [[escape_control(cell) for cell in row] for row in table.rows]
    widths = [max([len(header[i]), *(len(row[i]) for row in body)]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(width) if column.align is Align.RIGHT else cell.ljust(width)
            for cell, width, column in zip(cells, widths, table.columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = []
    if table.title:
        out += [escape_control(table.title), ""]
    out += [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in body)]
    out += [escape_control(note) for note in table.notes]
    return "\n".join(out) + "\n"


def render_markdown(table: Table) -> str:
    """A GitHub-flavoured markdown table."""
    out = []
    if table.title:
        out += [f"### {escape_markdown(table.title)}", ""]
    out.append("| " + " | ".join(escape_markdown(c.title) for c in table.columns) + " |")
    out.append("|" + "|".join("---:" if c.align is Align.RIGHT else ":---" for c in table.columns) + "|")
    out += ["| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in table.rows]
    if table.notes:
        out += ["", *(escape_markdown(note) for note in table.notes)]
    return "\n".join(out) + "\n"


def render_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.title for c in table.columns])
    writer.writerows(table.rows)
    return buffer.getvalue()
