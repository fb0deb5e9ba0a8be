"""`tracker ingest PATH...`"""

from __future__ import annotations

import sys
from datetime import datetime

import typer

from tracker.cli.options import DATABASE, note
from tracker.cli.progress import progress_on_stderr
from tracker.cli.session import database_session
from tracker.cli.settings import Settings
from tracker.errors import UsageError


def ingest_command(
    paths: list[str] = typer.Argument(..., help="Files, folders, globs, or - for standard input."),
    database: str | None = DATABASE,
    format_name: str | None = typer.Option(
        None, "--format", help="Skip detection: read every input as this format (see tracker formats)."
    ),
    commit: str | None = typer.Option(
        None, "--commit", help="Commit of the results [default: from the file, else git HEAD]."
    ),
    branch: str | None = typer.Option(
        None, "--branch", help="Branch [default: from the file, else the checked-out branch]."
    ),
    tag: str | None = typer.Option(
        None, "--tag", help="Release tag [default: from the file, else a git tag on the commit]."
    ),
    message: str | None = typer.Option(None, "--message", help="Commit message (subject, blank line, body)."),
    time: str | None = typer.Option(
        None, "--time", help="Time of the run, ISO 8601 [default: from the file, else the commit time]."
    ),
) -> None:
    """Store benchmark or test results, keyed by commit and test. Ingesting the same input twice changes nothing."""
    from tracker.api.ingest import STDIN, Origin, ingest

    settings = Settings.load()
    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    origin = Origin(commit=commit, branch=branch, tag=tag, message=message, time=_parse_time(time))
    with database_session(settings, database, writable=True) as store, progress_on_stderr() as progress:
        report = ingest(store, paths, format_name=format_name, origin=origin, stdin=stdin, progress=progress)
    for skipped in report.skipped:
        note(f"skipped {skipped}: no format claims it")
    for warning in report.warnings:
        note(f"warning: {warning}")
    if report.new_runs == 0:
        note(f"nothing new: all {report.runs} run(s) from {len(report.sources)} input(s) were already stored")
    else:
        stored = f", {report.already_stored} already stored" if report.already_stored else ""
        note(
            f"ingested {report.new_runs} new run(s){stored} from {len(report.sources)} input(s): "
            f"{report.tests} test(s), {report.samples} sample(s)"
        )


def _parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise UsageError(f"--time {text!r} is not an ISO 8601 time such as 2026-11-27T14:00:00+00:00") from error
