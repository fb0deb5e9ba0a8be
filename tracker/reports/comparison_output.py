"""`tracker compare`'s output in the format asked for, and what it says when there is no baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tracker.reports.comparison import Compared, comparison_csv, comparison_table, describe_run, top_table
from tracker.reports.comparison_json import comparison_document
from tracker.reports.comparison_markdown import comparison_markdown
from tracker.reports.flamegraph_links import FlamegraphLink
from tracker.reports.jsonout import render_json
from tracker.reports.table import render_text


def render_comparison(
    result: Compared,
    style: str,
    *,
    top: int = 0,
    links: Mapping[str, Sequence[FlamegraphLink]] | None = None,
    width: int | None = None,
    colour: bool = False,
) -> str:
    """STYLE: table, markdown, json or csv. TOP adds the candidate's slowest tests (csv has no room for
    them); LINKS, flame graphs per test id, go into markdown; WIDTH fits the table to a
    terminal."""
    if style == "json":
        return render_json(comparison_document(result, top=top))
    if style == "markdown":
        return comparison_markdown(result, top=top, links=links)
    if style == "csv":
        return comparison_csv(result)
    text = render_text(comparison_table(result), width, colour=colour)
    if top:
        assert result.comparison is not None
        text += "\n" + render_text(top_table(result.comparison, top), width)
    return text


def no_baseline(result: Compared) -> str:
    """Why nothing was compared, and the flags that pick a baseline."""
    text = f"no baseline for {describe_run(result.candidate)} among the {result.source}"
    passed_over = []
    if result.skipped_commits:
        passed_over.append(f"{len(result.skipped_commits)} skipped for their commit type")
    if result.other_environments:
        passed_over.append(f"{result.other_environments} from another environment (--any-environment)")
    if passed_over:
        text += f" ({', '.join(passed_over)})"
    return text + "; pass --baseline REF or --baseline-branch BRANCH"
