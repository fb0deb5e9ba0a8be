"""`tracker publish` and `tracker restore`: the history on a results branch, and back."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.options import DATABASE, emit, note
from tracker.cli.session import database_session
from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.api.publish import PublishResult

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
    database: str | None = DATABASE,
) -> None:
    """Write the history (one compressed file per run) to the results branch through a temporary worktree;
    prints the new commit. Your checkout (files, index, HEAD, stash) is never touched."""
    from tracker.api.publish import PublishOptions, publish

    options = PublishOptions(
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
    with database_session(Settings.load(), database, writable=True) as store:
        result = publish(store, Path.cwd(), options)
    show_published(result)


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
    note(f"{where} {result.written} new run file(s) to {result.branch}{retried}")
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
