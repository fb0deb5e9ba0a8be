"""`tracker publish` and `tracker restore`: the history on a results branch, and back."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.options import DATABASE, emit, note
from tracker.cli.publish_site import SITE, SITE_BRANCH, publish_site_if_asked
from tracker.cli.session import database_session
from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.api.publish import PublishResult
    from tracker.api.report import ReportOptions

BRANCH = typer.Option("profiling", "--branch", help="The results branch.")
FOLDER = typer.Option("profiling", "--folder", help="The branch's own folder for results (main never has it).")
REMOTE = typer.Option(None, "--remote", help="Fetch from (and with --push, push to) this remote, e.g. origin.")


def publish_command(
    branch: str = BRANCH,
    remote: str | None = REMOTE,
    push: bool = typer.Option(
        False, "--push", help="Push the branch to --remote (retried when another job got there first)."
    ),
    message: str | None = typer.Option(None, "--message", help="Commit message of the results commit."),
    base: str = typer.Option("main", "--base", help="Branch merged into the results branch on every publish."),
    folder: str = FOLDER,
    compact: bool = typer.Option(False, "--compact", help="Fold the run files of past years into yearly archives."),
    report: bool = typer.Option(True, "--report/--no-report", help="Also rebuild the report tree in FOLDER/report/."),
    release: str | None = typer.Option(None, "--release", help="Draw the report as of this release [default: newest]."),
    site: bool | None = SITE,
    site_branch: str | None = SITE_BRANCH,
    database: str | None = DATABASE,
) -> None:
    """Write the history (one compressed file per run) to the results branch through a temporary worktree;
    prints the new commit. Your checkout (files, index, HEAD, stash) is never touched."""
    from tracker.api.publish import PublishOptions, publish

    settings = Settings.load()
    options = PublishOptions(
        report=report_options(settings) if report else None,
        release=release,
        branch=branch,
        folder=folder.strip("/"),
        base=base or None,
        remote=remote,
        push=push,
        message=message,
        compact=compact,
    )
    if push and not remote:
        from tracker.errors import UsageError

        raise UsageError("--push needs --remote NAME (such as origin): the remote to push the branch to")
    with database_session(settings, database, writable=True) as store:
        result = publish(store, Path.cwd(), options)
        show_published(result)
        publish_site_if_asked(store, settings, options, site=site, site_branch=site_branch)


def report_options(settings: Settings) -> ReportOptions:
    """The report tree's options, from the same settings `tracker report` reads."""
    from tracker.api.report import DetectionSettings, ReportOptions, TableStyle

    style = settings.effective("table_style")
    return ReportOptions(
        # Pages are markdown: GitHub tables unless a style was chosen on purpose.
        style=TableStyle(style.value) if style.source != "default" else TableStyle.GITHUB,
        tagged_directories=settings.get("tagged_directories"),
        keep_old_tag_directories=settings.get("keep_old_tag_directories"),
        detection=DetectionSettings(min_change_pct=settings.get("min_change")),
    )


def show_published(result: PublishResult) -> None:
    if result.restored:
        note(f"restored {result.restored} run(s) from {result.branch} into the database first")
    for year in result.archived_years:
        note(f"archived the runs of {year}")
    if result.commit is None:
        note(f"{result.branch} already holds every run; nothing to commit")
        return
    where = "pushed" if result.pushed else "committed"
    retried = (
        f" after {result.attempts - 1} retr{'y' if result.attempts == 2 else 'ies'}" if result.attempts > 1 else ""
    )
    report = f" and the report of {result.report_release}" if result.report_release else ""
    note(f"{where} {result.written} new run file(s){report} to {result.branch}{retried}")
    emit(f"{result.commit}\n")


def restore_command(
    branch: str = BRANCH,
    remote: str | None = REMOTE,
    folder: str = FOLDER,
    database: str | None = DATABASE,
) -> None:
    """Ingest the history stored on the results branch (fetched from --remote first) into the database."""
    from tracker.api.publish import restore

    with database_session(Settings.load(), database, writable=True) as store, tempfile.TemporaryDirectory() as scratch:
        added = restore(
            store, Path.cwd(), branch=branch, folder=folder.strip("/"), remote=remote, scratch=Path(scratch)
        )
    note(f"restored {added} new run(s) from {branch}")


def summary_command(
    repo: str = typer.Option(..., "--repo", help="The GitHub repository, OWNER/NAME, that the links point to."),
    branch: str = BRANCH,
    remote: str | None = REMOTE,
    folder: str = FOLDER,
    rows: int = typer.Option(5, "--rows", help="How many of the newest releases the table shows."),
) -> None:
    """Print a markdown snippet for main (suite charts and the newest releases) whose images are links to the
    report on the results branch, so main holds links, not images."""
    import re

    from tracker.api.summary import summary
    from tracker.errors import UsageError

    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise UsageError(f"--repo {repo!r}: give the GitHub repository as OWNER/NAME, such as octo/widgets")
    emit(summary(Path.cwd(), github_repo=repo, branch=branch, folder=folder.strip("/"), remote=remote, rows=rows))
