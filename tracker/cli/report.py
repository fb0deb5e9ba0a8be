"""`tracker report --out DIR`: the per-release folder tree (README pages, charts, flame graphs)."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.cli.options import DATABASE, MIN_CHANGE, emit, note
from tracker.cli.progress import progress_on_stderr
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def report_command(
    out: Path = typer.Option(..., "--out", help="The folder to write (created, or updated where tracker wrote it)."),
    release: str | None = typer.Option(
        None, "--release", help="Draw the tree as of this release (a tag) [default: the newest]."
    ),
    min_change: float | None = MIN_CHANGE,
    database: str | None = DATABASE,
) -> None:
    """Write the per-release report tree into --out from the database; prints the folder (stderr: what was
    removed, kept or left alone)."""
    from tracker.api.report import DetectionSettings, ReportOptions, TableStyle, build_report

    settings = Settings.load()
    style = settings.effective("table_style")
    options = ReportOptions(
        # Pages are markdown: GitHub tables unless a style was chosen on purpose.
        style=TableStyle(style.value) if style.source != "default" else TableStyle.GITHUB,
        tagged_directories=settings.get("tagged_directories"),
        keep_old_tag_directories=settings.get("keep_old_tag_directories"),
        keep_temporary_files=settings.get("keep_temporary_files"),
        detection=DetectionSettings(min_change_pct=settings.get("min_change", min_change)),
        protected=_protected(settings.get("database", database)),
    )
    with database_session(settings, database) as store, progress_on_stderr() as progress:
        result = build_report(store, out, release=release, options=options, progress=progress)
    emit(f"{result.out}\n")
    note(f"release {result.release} ({result.releases} releases): {result.tests} test folders, {len(result.tags)} tags")
    for path in result.carried.removed:
        note(f"removed {path} (no longer in the newest release)")
    for name in result.carried.kept_tags:
        note(f"kept tags/{name} (old tag folders are kept)")
    for path in result.carried.kept:
        note(f"left alone: {path} (not made by tracker report)")
    for path in result.carried.conflicts:
        note(f"not carried over: {path} sits where tracker now writes; the old copy is in {result.kept_old_tree}")
    if result.kept_old_tree is not None and not result.carried.conflicts:
        note(f"the replaced tree is kept in {result.kept_old_tree}")


def _protected(database: str | None) -> tuple[Path, ...]:
    """The working folder and a database file must never be moved by the swap."""
    found = [Path.cwd()]
    if database and "://" not in database:
        found.append(Path(database))
    elif database is None:
        found.append(Path("benchmarks.db"))
    return tuple(found)
