"""Building report databases and reading report trees in tests."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.cli.helpers import Outcome, run
from tests.conftest import DATA
from tracker.domain import TIME, CommitInfo, Measurement, Metric, ParsedRun, TestCase, tags_in
from tracker.store import open_store

BUSTED_TREE = DATA / "busted_profiler" / "benchmarks"
TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*__0001_baseline.json"))
"""The tubular pytest-benchmark history, v01 to v08."""
RELEASES = ("v1.0.0", "v1.0.1", "v1.1.0")
"""The busted profiler tree's releases; the first three tubular files get the same tags."""


@contextmanager
def clean_environment() -> Iterator[None]:
    """For module-scoped fixtures, which run before the per-test cleaning of the environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(("TRACKER_", "BUSTED_PROFILER_", "MEGA_BUSTED_PROFILER_", "GITHUB_")):
                patch.delenv(name)
        yield


def ingest_suites(db: str) -> None:
    """A database holding three releases of a busted suite and of a pytest suite."""
    assert run("ingest", BUSTED_TREE, "--commit", "b" * 40, "--branch", "main", "--db", db).exit_code == 0
    for index, (path, tag) in enumerate(zip(TUBULAR, RELEASES, strict=False)):
        sha = f"{index + 1:x}" * 40
        outcome = run("ingest", path, "--tag", tag, "--commit", sha, "--branch", "main", "--db", db)
        assert outcome.exit_code == 0, outcome.stderr


def report(db: str, out: Path, *extra: str, env: dict[str, str] | None = None) -> Outcome:
    return run("report", "--out", out, "--db", db, *extra, env=env)


def save_releases(db: str, releases: list[tuple[str, dict[str, list[float]]]], metric: Metric = TIME) -> None:
    """Runs of hand-named tests: (tag, {full name: samples}) per release, a day apart."""
    store = open_store(db, writable=True)
    try:
        start = datetime(2026, 1, 1, tzinfo=UTC)
        runs = [
            ParsedRun(
                format="csv",
                tool="test",
                source=f"{tag}.csv",
                measurements=tuple(
                    Measurement(TestCase(name, tags=tags_in(name)), metric, tuple(values))
                    for name, values in tests.items()
                ),
                commit=CommitInfo(sha=f"{index + 1:x}" * 40, subject=f"release {tag}"),
                branch="main",
                tag=tag,
                time=start + timedelta(days=index),
                environment={"os": "Linux", "cpu": "Test CPU", "interpreter": "CPython 3.11"},
            )
            for index, (tag, tests) in enumerate(releases)
        ]
        store.save_runs(runs)
    finally:
        store.close()


def files(root: Path) -> dict[str, bytes]:
    """Every file under ROOT (relative path -> bytes)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def folders_of(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "by_release").iterdir() if p.is_dir())


_MARKDOWN = MarkdownIt("commonmark").enable("table")


def links(readme: Path) -> list[str]:
    """Every link and image target of a README, as a markdown renderer sees them."""
    found: list[str] = []
    for token in _MARKDOWN.parse(readme.read_text(encoding="utf-8")):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
            elif child.type == "image":
                found.append(str(child.attrs["src"]))
    return found


def html(readme: Path) -> str:
    """The README as an HTML page (GitHub-like tables) for a browser."""
    style = "body{font-family:sans-serif;max-width:1000px} td,th{border:1px solid #ccc;padding:2px 6px}"
    body = str(_MARKDOWN.render(readme.read_text(encoding="utf-8")))
    return f"<!doctype html><meta charset=utf-8><style>{style}</style>{body}"


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table after HEADING (cells split on unescaped `|`)."""
    lines = markdown.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    body = lines[start + 2 : end]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in body]
