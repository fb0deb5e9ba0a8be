"""Output that fits a terminal: tables and prose within COLUMNS, whole lines when piped or --wide."""

from __future__ import annotations

from tests.cli.helpers import run
from tests.conftest import ROOT
from tracker.reports.table import Align, Column, Table, render_text

EXAMPLE = ROOT / "benchmarks.db.example"
LONG = "tests/misc/test_SetValueTransformer.py::TestTransform::test_benchmark_many_row[polars-True]"


def test_compare_fits_80_and_120_columns() -> None:
    """Issue: `make demo` printed lines of about 230 columns (the rule 392) and ignored COLUMNS."""
    for columns in (80, 120):
        outcome = run("compare", "--db", EXAMPLE, env={"COLUMNS": str(columns)})
        assert outcome.exit_code == 1, outcome.stderr
        lines = outcome.stdout.splitlines()
        assert max(len(line) for line in lines) <= columns
        assert any("…" in line and "REGRESSED" in line for line in lines)  # names shortened in the middle
    narrow = run("compare", "--db", EXAMPLE, env={"COLUMNS": "80"}).stdout
    assert "95% interval" not in narrow  # at 80 columns the interval lives in the explanations only
    assert "+75.6% [+62.1%, +90.2%]" in narrow


def test_piped_output_and_wide_keep_whole_lines() -> None:
    piped = run("compare", "--db", EXAMPLE).stdout
    assert any(line.startswith(LONG) for line in piped.splitlines())
    wide = run("compare", "--db", EXAMPLE, "--wide", env={"COLUMNS": "80"}).stdout
    assert any(line.startswith(LONG) for line in wide.splitlines())
    assert "95% interval" in wide


def test_a_table_shortens_only_its_widest_name_column_and_never_below_the_floor() -> None:
    table = Table(
        (Column("Test"), Column("Time", Align.RIGHT), Column("Extra", Align.RIGHT, optional=True)),
        (("a" * 60 + "END", "1 ms", "x"),),
        notes=("Why: " + "word " * 40,),
    )
    text = render_text(table, 50)
    assert all(len(line) <= 50 for line in text.splitlines())
    assert "END" in text and "…" in text and "Extra" in text
    tiny = render_text(table, 20)
    assert "Extra" not in tiny  # optional columns go first
    assert "…" in tiny.splitlines()[2] and len(tiny.splitlines()[2].split()[0]) == 24  # the name's floor


def test_annotations_name_the_test_file_so_github_places_them() -> None:
    outcome = run("compare", "--db", EXAMPLE, "--format", "json", env={"GITHUB_ACTIONS": "true"})
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("::error")]
    assert len(errors) == 5
    assert all(line.startswith("::error file=tests/misc/test_SetValueTransformer.py,title=") for line in errors)


def test_verdicts_are_coloured_on_request_and_never_when_piped_or_with_no_color() -> None:
    coloured = run("compare", "--db", EXAMPLE, "--color").stdout
    assert coloured.count("\x1b[1;31mREGRESSED\x1b[0m") == 5  # regressions red and bold
    assert "\x1b[1munchanged\x1b[0m" in coloured  # the rest of the verdict column bold
    assert "\x1b" not in run("compare", "--db", EXAMPLE).stdout  # piped: no codes
    assert "\x1b" not in run("compare", "--db", EXAMPLE, env={"NO_COLOR": "1"}).stdout
    assert "\x1b" not in run("compare", "--db", EXAMPLE, "--format", "json", "--color").stdout
