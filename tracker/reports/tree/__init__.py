"""The per-release report tree (`tracker report`): pages, charts and documents drawn from plain
values (`model`), folder names that stay inside the tree (`paths`), and an all-at-once swap
that removes only what tracker made (`swap`)."""

from tracker.reports.tree.build import TestFiles, write_tree
from tracker.reports.tree.model import (
    SUITE_STATISTICS,
    ProfileSummary,
    Release,
    Report,
    Section,
    SuiteTiming,
    TableStyle,
    TestReport,
    Timing,
)
from tracker.reports.tree.swap import Carried, discard, prepare, swap

__all__ = [
    "SUITE_STATISTICS",
    "Carried",
    "ProfileSummary",
    "Release",
    "Report",
    "Section",
    "SuiteTiming",
    "TableStyle",
    "TestFiles",
    "TestReport",
    "Timing",
    "discard",
    "prepare",
    "swap",
    "write_tree",
]
