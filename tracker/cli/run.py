"""`tracker run busted | pytest | command`: run a tool with tracker's collector and ingest the results."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tracker.cli.options import DATABASE, note
from tracker.cli.session import database_session
from tracker.cli.settings import Settings, option_help
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.api.confirm import Rerun
    from tracker.api.ingest import Origin
    from tracker.api.run import Delivery, RunReport
    from tracker.store import Store

    Confirming = tuple[Callable[[Any, Delivery], Rerun], int]

app = typer.Typer(help="Run busted, pytest or any command with tracker's collectors; ingest the results.")

PASSTHROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}
REPEAT = typer.Option(None, "--repeat", help=option_help("maximum_tries", "Runs of every test; each is a sample"))
KEEP = typer.Option(None, "--keep", help=option_help("keep", "Repeats kept: all or fastest"))
OUTPUT = typer.Option(None, "--output", help="Write tracker's JSON to this file instead of ingesting it.")
COMMIT = typer.Option(None, "--commit", help="Commit of the results [default: git HEAD].")
BRANCH = typer.Option(None, "--branch", help="Branch [default: the checked-out branch].")
TAG = typer.Option(None, "--tag", help=option_help("release", "Release tag, e.g. v1.2.0; empty: none"))
CONFIRM = typer.Option(
    False,
    "--confirm",
    help="Then compare with the baseline as tracker compare does; re-run only the flagged tests and judge "
    "again before failing (exit 0/1).",
)
CONFIRM_TRIES = typer.Option(
    None,
    "--confirm-tries",
    help="Re-runs of a flagged test at most: 3, unless this or TRACKER_MAXIMUM_TRIES says otherwise.",
)


def origin(settings: Settings, commit: str | None, branch: str | None, tag: str | None) -> Origin:
    from tracker.api.ingest import Origin

    release = settings.get("release", tag)
    return Origin(commit=commit, branch=branch, tag=release.strip() or None)


def keep_choice(settings: Settings, given: str | None) -> str:
    chosen = str(settings.get("keep", given))
    if chosen not in {"all", "fastest"}:
        raise UsageError(f"--keep {chosen!r}: use all or fastest")
    return chosen


def deliver(
    tool: str,
    runner: Callable[[Any, Delivery], RunReport],
    call: object,
    settings: Settings,
    database: str | None,
    keep: str | None,
    output: Path | None,
    where_from: Origin,
    confirming: Confirming | None = None,
) -> None:
    """Run CALL with RUNNER into the command's one store session, then say what happened; with
    CONFIRMING (re-runs of CALL's flagged tests, and how many), judge the run and exit as the gate."""
    from tracker.api.run import Delivery
    from tracker.runners.repeats import Keep

    if confirming is not None and output is not None:
        raise UsageError("--confirm judges the ingested run; drop --output")
    with database_session(settings, database, writable=True) as store:
        chosen = Delivery(store, keep=Keep(keep_choice(settings, keep)), origin=where_from, output=output)
        result = runner(call, chosen)
        report(tool, result)
        if confirming is not None:
            confirm_and_exit(store, result, confirming[0](call, chosen), settings, confirming[1])


def report(tool: str, result: RunReport) -> None:
    counts = ", ".join(f"{count} {status}" for status, count in sorted(result.statuses.items())) or "no tests"
    note(f"{tool} exited with {result.exit_code}: {counts}")
    if result.written is not None:
        note(f"wrote {result.written}")
    elif result.ingested is not None:
        stored = result.ingested
        if stored.new_runs:
            note(f"ingested {stored.new_runs} new run(s): {stored.tests} test(s), {stored.samples} sample(s)")
        else:
            note("nothing new: this run was already stored")
        for warning in stored.warnings:
            note(f"warning: {warning}")


def tries(settings: Settings, given: int | None) -> int:
    tries = settings.effective("maximum_tries", given)
    return int(tries.value) if tries.source != "default" else 3


def confirm_and_exit(store: Store, result: RunReport, rerun: Rerun, settings: Settings, tries: int) -> None:
    """Judge the run with re-runs of its flagged tests; the final table on stdout, what was re-run on stderr."""
    from tracker.api.confirm import Confirmation, confirm
    from tracker.cli.compare import baseline_choice, gate_exit_code, show_comparison
    from tracker.cli.options import TableFormat, terminal_width, use_colour
    from tracker.reports.confirmation import rejudged_lines

    choice = baseline_choice(settings, None, None, None, None, None, None)
    outcome = confirm(store, result, rerun, Confirmation(settings.policy(), choice, tries))
    for line in rejudged_lines(outcome.rejudged):
        note(line)
    show_comparison(outcome.final, TableFormat.TABLE, 0, summary=False, width=terminal_width(), colour=use_colour(None))
    raise typer.Exit(gate_exit_code(outcome.final, bool(settings.get("strict", None))))


@app.command("busted", context_settings=PASSTHROUGH)
def busted_command(
    ctx: typer.Context,
    repeat: int | None = REPEAT,
    keep: str | None = KEEP,
    profile: bool = typer.Option(False, "--profile", help="Record a call tree of every test (debug.sethook)."),
    output: Path | None = OUTPUT,
    busted: str | None = typer.Option(
        None, "--busted", help=option_help("busted", "How to start busted, e.g. 'nvim -l busted.lua'")
    ),
    database: str | None = DATABASE,
    commit: str | None = COMMIT,
    branch: str | None = BRANCH,
    tag: str | None = TAG,
    confirm: bool = CONFIRM,
    confirm_tries: int | None = CONFIRM_TRIES,
) -> None:
    """Run busted with tracker's output handler; every argument after -- goes to busted unchanged."""
    from tracker.api.run import busted_reruns, run_busted
    from tracker.runners.busted import BustedCall

    settings = Settings.load()
    call = BustedCall(
        command=tuple(shlex.split(str(settings.get("busted", busted)))),
        arguments=tuple(ctx.args),
        repeat=int(settings.get("maximum_tries", repeat)),
        profile=profile,
    )
    confirming = (busted_reruns, tries(settings, confirm_tries)) if confirm else None
    where_from = origin(settings, commit, branch, tag)
    deliver("busted", run_busted, call, settings, database, keep, output, where_from, confirming)


@app.command("pytest", context_settings=PASSTHROUGH)
def pytest_command(
    ctx: typer.Context,
    repeat: int | None = REPEAT,
    keep: str | None = KEEP,
    profile: bool = typer.Option(False, "--profile", help="Record a call tree of every test (sys.setprofile)."),
    output: Path | None = OUTPUT,
    database: str | None = DATABASE,
    commit: str | None = COMMIT,
    branch: str | None = BRANCH,
    tag: str | None = TAG,
    confirm: bool = CONFIRM,
    confirm_tries: int | None = CONFIRM_TRIES,
) -> None:
    """Run pytest with tracker's plugin; every argument after -- goes to pytest unchanged."""
    from tracker.api.run import pytest_reruns, run_pytest
    from tracker.runners.pytest import PytestCall

    settings = Settings.load()
    call = PytestCall(arguments=tuple(ctx.args), repeat=int(settings.get("maximum_tries", repeat)), profile=profile)
    confirming = (pytest_reruns, tries(settings, confirm_tries)) if confirm else None
    where_from = origin(settings, commit, branch, tag)
    deliver("pytest", run_pytest, call, settings, database, keep, output, where_from, confirming)


@app.command("command", context_settings=PASSTHROUGH)
def command_command(
    ctx: typer.Context,
    repeat: int | None = typer.Option(
        None, "--repeat", help="Timed runs: 10 for a command, unless this or TRACKER_MAXIMUM_TRIES says otherwise."
    ),
    warmup: int = typer.Option(1, "--warmup", min=0, help="Untimed runs first (caches, disk)."),
    name: str | None = typer.Option(None, "--name", help="Name of the test [default: the command line]."),
    allow_failure: bool = typer.Option(
        False, "--allow-failure", help="Time runs that exit with an error (stored as failed)."
    ),
    keep: str | None = KEEP,
    output: Path | None = OUTPUT,
    database: str | None = DATABASE,
    commit: str | None = COMMIT,
    branch: str | None = BRANCH,
    tag: str | None = TAG,
) -> None:
    """Time a command as hyperfine does (wall, user and system time, peak memory); the command follows --."""
    from tracker.api.run import run_command
    from tracker.runners.command import CommandCall

    settings = Settings.load()
    tries = settings.effective("maximum_tries", repeat)
    call = CommandCall(
        argv=tuple(ctx.args),
        runs=int(tries.value) if tries.source != "default" else 10,
        warmup=warmup,
        name=name,
        allow_failure=allow_failure,
    )
    deliver("the command", run_command, call, settings, database, keep, output, origin(settings, commit, branch, tag))
