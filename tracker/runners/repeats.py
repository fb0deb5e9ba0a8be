"""What is kept of a test's repeated measurements in a tracker JSON document."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Keep(StrEnum):
    """`all`: every repeat is a sample; `fastest`: only the fastest (the original profiler's rule)."""

    ALL = "all"
    FASTEST = "fastest"


def keep_samples(document: dict[str, Any], keep: Keep) -> dict[str, Any]:
    """DOCUMENT with each result's samples cut down to what KEEP asks for (the input is not changed)."""
    if keep is Keep.ALL:
        return document
    runs = []
    for run in document.get("runs", []):
        results = [
            {**result, "samples": [min(result["samples"])] if result.get("samples") else []}
            for result in run.get("results", [])
        ]
        runs.append({**run, "results": results})
    return {**document, "runs": runs}
