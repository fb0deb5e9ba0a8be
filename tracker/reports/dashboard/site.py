"""Writing the site: built in a folder beside the target and swapped in whole, so a reader (or a
web server) never sees half a site; the same data gives the same bytes."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tracker.errors import UsageError
from tracker.reports.dashboard import encode, pages
from tracker.reports.dashboard.model import Dashboard, TestSeries
from tracker.reports.exchange import exchange, recover, staging_folder

MARKER = ".tracker-dashboard"
"""Left in every site, so that a rebuild only ever replaces a folder that it wrote."""
STATIC = ("dashboard.css", "index.js", "test.js")


@dataclass(frozen=True)
class SiteSummary:
    path: Path
    series: int
    regressions: int
    files: int
    bytes: int


def write_site(dashboard: Dashboard, out: Path) -> SiteSummary:
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)  # what a killed build left beside OUT
    _check_target(out)
    staging = staging_folder(out)
    try:
        _render(dashboard, staging)
        files = [p for p in staging.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        if out.exists():
            exchange(out, staging)  # STAGING now holds the old site
        else:
            staging.replace(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteSummary(out, len(dashboard.series), len(dashboard.regressions), len(files), size)


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; --out takes a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UsageError(f"{out} holds files that tracker did not write; pass an empty or new folder as --out")


def _render(dashboard: Dashboard, root: Path) -> None:
    (root / "static").mkdir()
    (root / "data").mkdir()
    (root / "flame").mkdir()
    for name in STATIC:
        (root / "static" / name).write_bytes(resources.files(__package__).joinpath("static", name).read_bytes())
    keys = {f"{s.test_id}\n{s.metric}": s.key for s in dashboard.series}
    _write(root / "index.html", pages.index_page(dashboard))
    _write(root / "regressions.html", pages.regressions_page(dashboard, keys))
    _write(root / "test.html", pages.test_page(dashboard.repo_url))
    _write(root / "data" / "commits.js", encode.commits_file(dashboard.commits))
    flames = _write_flames(dashboard.series, root / "flame")
    commit_index = {c.sha: i for i, c in enumerate(dashboard.commits)}
    chunks: dict[str, list[TestSeries]] = defaultdict(list)
    for s in dashboard.series:
        chunks[encode.chunk_of(s.key)].append(s)
    for chunk, members in sorted(chunks.items()):
        _write(root / "data" / f"t-{chunk}.js", encode.series_file(members, commit_index, flames))
    _write(root / MARKER, "A static site written by `tracker dashboard`; rebuilding it replaces this folder.\n")


def _write_flames(series: tuple[TestSeries, ...], folder: Path) -> dict[str, tuple[str, str]]:
    paths = {}
    for s in series:
        if s.flame is None:
            continue
        _write(folder / f"{s.key}.svg", s.flame.svg)
        diff = ""
        if s.flame.differential is not None:
            diff = f"flame/{s.key}-diff.svg"
            _write(folder / f"{s.key}-diff.svg", s.flame.differential)
        paths[s.key] = (f"flame/{s.key}.svg", diff)
    return paths


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8", newline="\n")
