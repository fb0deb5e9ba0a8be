"""Tables inside the tree's markdown pages, in the chosen style.

`github`: a markdown table (cells escaped: `|`, backticks, `<`, `>`, newlines cannot break it).
`lines`: plain padded columns in a code block whose fence is longer than any run of backticks in
it, so no cell can close the block; control characters are shown as escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.reports.escaping import escape_markdown, markdown_cell
from tracker.reports.table import Align, Column, Table, render_text
from tracker.reports.tree.model import TableStyle


@dataclass(frozen=True)
class Link:
    """A cell that links to a file of the tree (TARGET is relative and made of safe characters)."""

    text: str
    target: str


Cell = str | Link


def render(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], style: TableStyle) -> str:
    if style is TableStyle.GITHUB:
        out = ["| " + " | ".join(markdown_cell(c.title) for c in columns) + " |"]
        out.append("|" + "|".join("---:" if c.align is Align.RIGHT else ":---" for c in columns) + "|")
        out += ["| " + " | ".join(_markdown(cell) for cell in row) + " |" for row in rows]
        return "\n".join(out) + "\n"
    plain = tuple(tuple(_plain(cell) for cell in row) for row in rows)
    rendered = render_text(Table(tuple(columns), plain))
    longest = max((len(run) for run in re.findall(r"`+", rendered)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{rendered}{fence}\n"


def _markdown(cell: Cell) -> str:
    if isinstance(cell, Link):
        return f"[{markdown_cell(cell.text)}]({cell.target})"
    return markdown_cell(cell)


def _plain(cell: Cell) -> str:
    """Plain columns show a link's text: the folders are listed in by_release/README.md."""
    return cell.text if isinstance(cell, Link) else cell


def text(value: str) -> str:
    """Any name in running text (headings, lists, paragraphs), escaped for markdown."""
    return escape_markdown(value)


def left(title: str) -> Column:
    return Column(title)


def right(title: str) -> Column:
    return Column(title, Align.RIGHT)
