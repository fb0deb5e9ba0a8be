"""`tracker dashboard --out DIR`: a static HTML site of every test's history."""

from __future__ import annotations

from pathlib import Path

import typer

from tracker.cli.changes import BRANCH
from tracker.cli.options import DATABASE, MIN_CHANGE, note
from tracker.cli.session import database_session
from tracker.cli.settings import Settings


def dashboard_command(
    out: Path = typer.Option(..., "--out", help="Folder to write the site into (replaced whole on each build)."),
    branch: str | None = BRANCH,
    repo_url: str | None = typer.Option(
        None, "--repo-url", help="Repository web address (https://github.com/OWNER/REPO): commits become links."
    ),
    min_change: float | None = MIN_CHANGE,
    database: str | None = DATABASE,
) -> None:
    """Write a static HTML dashboard: every test with its history, open regressions, flame graphs."""
    from tracker.api.dashboard import DetectionSettings, write_dashboard

    settings = Settings.load()
    detection = DetectionSettings(min_change_pct=settings.get("min_change", min_change))
    with database_session(settings, database) as store:
        site = write_dashboard(store, out=out, branch=branch, repo_url=repo_url, settings=detection)
    note(
        f"dashboard written to {site.path}: {site.series} series, {site.regressions} open regressions, "
        f"{site.files} files, {site.bytes / 1e6:.1f} MB; open {site.path / 'index.html'}"
    )
