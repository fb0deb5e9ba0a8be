"""The comparison as GitHub-flavoured markdown, for a pull-request comment or a job summary.

The verdicts that matter come first (a table and a sentence for each); every test follows in a
collapsible section. GitHub refuses comments over 65,536 characters, so each section is filled
row by row within what is left of that budget and the long tail is summarised in one line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from tracker.domain import Comparison, TestComparison, Verdict
from tracker.reports.comparison import (
    VERDICT_MARK,
    Compared,
    comparison_rows,
    context_notes,
    counts,
    explain_verdict,
    function_lines,
    notable,
    rule,
    top_table,
)
from tracker.reports.escaping import escape_markdown, markdown_cell
from tracker.reports.flamegraph_links import FlamegraphLink
from tracker.reports.table import Column, Table, render_markdown

GITHUB_COMMENT_LIMIT = 65_536
BUDGET = GITHUB_COMMENT_LIMIT - 1_536
"""Room left for what a workflow puts around the report."""
_MORE_ROOM = 400
"""Room kept for the line that summarises what did not fit."""


def comparison_markdown(
    result: Compared,
    *,
    top: int = 0,
    budget: int = BUDGET,
    links: Mapping[str, Sequence[FlamegraphLink]] | None = None,
) -> str:
    """LINKS: flame graphs per test id, linked under that test's functions."""
    comparison = result.comparison
    assert comparison is not None
    headline = escape_markdown(counts(comparison))
    if comparison.fails_gate:
        headline = f"**{headline}**"
    out = _Budget(budget)
    out.add(f"### Benchmark comparison: {headline}\n\n")
    out.add("".join(f"{escape_markdown(note)}  \n" for note in context_notes(result)))
    out.add(f"{escape_markdown(rule(comparison))}\n\n")
    closing = "\n</details>\n"
    out.reserve(3 * (len(closing) + 200))
    slowest = ""
    if top:
        slowest = f"\n<details><summary>Slowest tests of the candidate (top {top})</summary>\n\n"
        slowest += render_markdown(dataclasses.replace(top_table(comparison, top), title=None)) + closing
        out.reserve(len(slowest))
    important = notable(comparison)
    if important:
        # The verdicts that matter get most of the room, but the table of all tests keeps some.
        _table(out, comparison, important, cap=int(0.45 * out.left()))
        out.add("\n<details><summary>Why these verdicts</summary>\n\n")
        lines = []
        for row in important:
            text = f"- **{escape_markdown(row.test_name)}**: {escape_markdown(explain_verdict(row, comparison))}\n"
            text += "".join(
                f"  - {escape_markdown(line)}\n" for line in function_lines(result.functions.get(row.test_id, ()))
            )
            text += "".join(f"  - {link.markdown()}\n" for link in (links or {}).get(row.test_id, ()))
            lines.append(text)
        out.lines(lines, lambda n: f"- … and {n} more: see `tracker compare --format csv`\n", cap=int(0.5 * out.left()))
        out.add(closing, reserved=True)
    else:
        out.add("No test changed beyond the noise and its threshold.\n")
    out.add(f"\n<details><summary>All {len(comparison.rows)} tests</summary>\n\n")
    _table(out, comparison, list(comparison.rows))
    out.add(closing, reserved=True)
    out.add(slowest, reserved=True)
    return out.text()


def _table(out: _Budget, comparison: Comparison, rows: Sequence[TestComparison], cap: int | None = None) -> None:
    columns, cells = comparison_rows(comparison, list(rows))
    header = render_markdown(Table(columns, ()))
    out.add(header)
    lines = [render_markdown(Table(columns, (cell,))).split("\n", 2)[2] for cell in cells]
    out.lines(lines, lambda n: _more(columns, rows[-n:]), cap=cap)


def _more(columns: tuple[Column, ...], rest: Sequence[TestComparison]) -> str:
    """One table row that stands for the rows left out."""
    tally: dict[Verdict, int] = {}
    for row in rest:
        tally[row.verdict] = tally.get(row.verdict, 0) + 1
    summary = ", ".join(f"{n} {VERDICT_MARK[v].lower()}" for v, n in tally.items())
    cells = [f"… {len(rest)} more tests ({summary}): see tracker compare --format csv"] + [""] * (len(columns) - 1)
    return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |\n"


class _Budget:
    """Text that stays under a size: sections reserve room for their closing tags."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[str] = []
        self.used = 0
        self.reserved = 0

    def reserve(self, amount: int) -> None:
        self.reserved += amount

    def add(self, text: str, *, reserved: bool = False) -> None:
        if reserved:
            self.reserved = max(0, self.reserved - len(text))
        self.parts.append(text)
        self.used += len(text)

    def left(self) -> int:
        return self.size - self.used - self.reserved

    def lines(self, lines: Sequence[str], more: Callable[[int], str], cap: int | None = None) -> None:
        """Add LINES while they fit (in CAP characters, if given), keeping room for the line that
        MORE(count) writes for the rest."""
        room = self.left() if cap is None else min(cap, self.left())
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            if len(line) + (0 if last else _MORE_ROOM) > room:
                self.add(more(len(lines) - index))
                return
            self.add(line)
            room -= len(line)

    def text(self) -> str:
        return "".join(self.parts)
