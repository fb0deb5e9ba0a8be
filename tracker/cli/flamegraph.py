"""`tracker flamegraph TEST`: a flame graph file (SVG, speedscope, Chrome trace or folded stacks)."""

from __future__ import annotations

import typer

from tracker.cli.completion import test_names
from tracker.cli.options import DATABASE, emit
from tracker.cli.session import database_session
from tracker.cli.settings import Settings, option_help
from tracker.profiles.formats import FlameFormat


def flamegraph_command(
    test: str | None = typer.Argument(
        None,
        help="Test id, full name, glob or unique part of the name [default: the largest profile in the run].",
        autocompletion=test_names,
    ),
    run: str | None = typer.Option(
        None, "--run", help="Run id, commit sha or tag [default: the newest run with a profile of the test]."
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Draw a differential flame graph against this run (red: slower, blue: faster)."
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help=option_help("flamegraph_output_path", "File, or folder ending in /"),
    ),
    format: FlameFormat = typer.Option(
        FlameFormat.SVG, "--format", help="svg (browser, GitHub), speedscope, chrome (Perfetto) or folded."
    ),
    database: str | None = DATABASE,
) -> None:
    """Write a test's flame graph; prints the path written (and, with --baseline, the top movers)."""
    from tracker.api.profiles import write_flamegraph

    settings = Settings.load()
    with database_session(settings, database) as store:
        written = write_flamegraph(
            store,
            test=test,
            run_ref=run,
            baseline_ref=baseline,
            output=settings.get("flamegraph_output_path", output),
            format=format,
        )
    emit(f"{written.path}\n")
    for mover in written.movers[:5]:
        emit(f"  {100 * mover.delta:+.2f} points of the run  {mover.name}\n")
