"""What `tracker compare --format markdown` links: a differential flame graph per regressed test."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.api.compare import CompareResult


def differential_links(settings: Settings, database: str | None, result: CompareResult) -> dict[str, str]:
    """Writes the differential SVG of each regressed test that has profiles on both sides into
    TRACKER_FLAMEGRAPH_OUTPUT_PATH; returns the links by test id (relative when below the current folder)."""
    if not result.functions or result.baseline is None or result.comparison is None:
        return {}
    from tracker.api.profiles import write_differentials

    names = {row.test_id: row.test_name for row in result.comparison.rows if row.test_id in result.functions}
    written = write_differentials(
        database=database,
        baseline=result.baseline,
        candidate=result.candidate,
        tests=names,
        output=settings.get("flamegraph_output_path"),
    )
    return {test_id: _link(path) for test_id, path in written.items()}


def _link(path: os.PathLike[str]) -> str:
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") else relative
