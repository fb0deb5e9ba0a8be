"""Confirmation re-runs in words: each flagged test's first and final verdict."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from tracker.domain import TestComparison


class Rejudged(Protocol):
    @property
    def first(self) -> TestComparison: ...
    @property
    def final(self) -> TestComparison | None: ...
    @property
    def reruns(self) -> int: ...


def rejudged_lines(rejudged: Sequence[Rejudged]) -> Iterable[str]:
    """`test X: regressed +35% -> unchanged +2% after 5 re-runs`, one line per flagged test."""
    if not rejudged:
        yield "confirmation: no test was flagged; nothing re-run"
        return
    for item in rejudged:
        metric = "" if item.first.metric == "time" else f" [{item.first.metric}]"
        after = _verdict(item.final) if item.final is not None else "not measured"
        runs = "re-run" if item.reruns == 1 else "re-runs"
        yield f"test {item.first.test_name}{metric}: {_verdict(item.first)} -> {after} after {item.reruns} {runs}"


def _verdict(row: TestComparison) -> str:
    warned = " (warning)" if row.warned and row.verdict.value != "regressed" else ""
    change = f" {row.change_pct:+.0f}%" if row.change_pct is not None else ""
    return f"{row.verdict.value}{change}{warned}"
