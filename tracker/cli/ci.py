"""`tracker ci`: what a GitHub Actions job needs, in one call, chosen by the event.

Every step is one of the single commands: restore, ingest, then compare (pull request), or
publish (push to the default branch; a release or tag also builds the release's report)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.ci_compare import Gate, compare_pull_request
from tracker.cli.ci_context import GitHubContext, Step, github_context
from tracker.cli.options import DATABASE, note
from tracker.cli.publish import BRANCH, FOLDER, report_options, show_published
from tracker.cli.session import database_session
from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.store import Store


def ci_command(
    results: list[str] = typer.Argument(None, help="Result files, folders or globs of this run (ingested first)."),
    branch: str = BRANCH,
    folder: str = FOLDER,
    remote: str = typer.Option("origin", "--remote", help="Where the results branch is fetched from and pushed to."),
    threshold: float | None = typer.Option(None, "--threshold", help="Fail a pull request beyond this slowdown (%)."),
    warn_threshold: float | None = typer.Option(None, "--warn-threshold", help="Warn beyond this slowdown (%)."),
    skip_commit_types: list[str] | None = typer.Option(
        None, "--skip-commit-types", help="Never take a baseline from commits of this type, e.g. feat (repeatable)."
    ),
    top: int | None = typer.Option(None, "--top", help="List the N slowest tests [default 20 here]."),
    flamegraphs: str = typer.Option(
        "tracker-flamegraphs/", "--flamegraphs", help="Folder for the flame graphs of regressed tests (pull request)."
    ),
    artifact: str = typer.Option(
        "tracker-flamegraphs", "--artifact", help="The name the workflow uploads that folder under (the links name it)."
    ),
    comment: bool = typer.Option(
        False,
        "--comment/--no-comment",
        help="On a pull request from this repository, also write the report as its one comment, updated on each "
        "push (needs GITHUB_TOKEN with pull-requests: write; never on forks; never changes the exit code).",
    ),
    database: str | None = DATABASE,
) -> None:
    """Inside GitHub Actions: restore the history from the results branch, ingest RESULTS, then on a pull
    request compare with the merge base (exit 1 beyond the threshold), on a push to the default branch publish
    the history, on a release publish it with the release's report."""
    context = github_context(os.environ)
    step = context.step
    note(f"tracker ci: {context.event} {context.ref or ''} -> {step.value}")
    settings = Settings.load()
    code = 0
    with database_session(settings, database, writable=True) as store:
        _restore_and_ingest(store, context, results or [], branch=branch, folder=folder, remote=remote)
        if step in {Step.PUBLISH, Step.RELEASE}:
            _publish(store, context, settings, branch=branch, folder=folder, remote=remote)
        if step is Step.COMPARE:
            gate = Gate(
                threshold=threshold,
                warn_threshold=warn_threshold,
                skip_commit_types=tuple(skip_commit_types or ()),
                top=top or 20,
                flamegraphs=flamegraphs,
                artifact=artifact,
                comment=comment,
            )
            code = compare_pull_request(store, context, settings, gate)
    if step is Step.COMPARE:
        _output(context, "exit-code", str(code))
        raise typer.Exit(code)


def _restore_and_ingest(store: Store, context: GitHubContext, results: list[str], **where: str) -> None:
    from tracker.api.ingest import Origin, ingest
    from tracker.api.publish import restore

    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as scratch:
        added = restore(
            store,
            Path.cwd(),
            branch=where["branch"],
            folder=where["folder"],
            remote=where["remote"],
            scratch=Path(scratch),
        )
    note(f"restored {added} run(s) from {where['branch']}")
    if not results:
        return
    origin = Origin(commit=context.sha or None, branch=context.branch, tag=context.tag)
    report = ingest(store, results, origin=origin)
    note(f"ingested {report.new_runs} new run(s) from {len(report.sources)} input(s): {report.tests} test(s)")


def _publish(store: Store, context: GitHubContext, settings: Settings, **where: str) -> None:
    from tracker.api.publish import PublishOptions, publish

    if context.fork:
        note("a fork's token cannot push: nothing published")
        return
    what = f"release {context.tag}" if context.step is Step.RELEASE else f"{context.sha[:12]}"
    options = PublishOptions(
        branch=where["branch"],
        folder=where["folder"],
        base=context.default_branch,
        remote=where["remote"],
        push=True,
        message=f"chore(results): publish {what} to {where['branch']}",
        report=report_options(settings) if context.step is Step.RELEASE else None,
        release=context.tag if context.step is Step.RELEASE else None,
    )
    result = publish(store, Path.cwd(), options)
    show_published(result)
    _output(context, "published-commit", result.commit or "")
    _summary(context, _published_summary(context, result.commit, result.written, where["branch"]))


def _published_summary(context: GitHubContext, commit: str | None, written: int, branch: str) -> str:
    if commit is None:
        return f"### Benchmark results\n\n`{branch}` already held this run.\n"
    link = f"https://github.com/{context.repository}/tree/{commit}" if context.repository else commit
    return f"### Benchmark results\n\nPublished {written} run file(s) to `{branch}` ([{commit[:12]}]({link})).\n"


def _summary(context: GitHubContext, text: str) -> None:
    if context.step_summary is not None:
        with context.step_summary.open("a", encoding="utf-8") as stream:
            stream.write(text + "\n")


def _output(context: GitHubContext, name: str, value: str) -> None:
    """A step output (GITHUB_OUTPUT's `name=value` lines) for the workflow's later steps."""
    if context.output is not None:
        with context.output.open("a", encoding="utf-8") as stream:
            stream.write(f"{name}={value}\n")
