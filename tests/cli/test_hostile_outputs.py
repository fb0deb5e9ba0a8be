"""Every text output of the real CLI, fed the shared hostile names: layouts hold, nothing raw escapes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.hostile import HOSTILE_NAMES, raw_unsafe
from tracker.reports.escaping import TABLE_CELL_WIDTH, escape_text

SUBJECT = "fix: subject with \x1b[2J escape, \x00 nul and \u202e override"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Five runs of every hostile name; the last twice as slow, so compare reports each as a regression."""
    with pytest.MonkeyPatch.context() as patch:  # module scope: before the per-test clean environment
        for name in [name for name in os.environ if name.startswith("TRACKER_")]:
            patch.delenv(name)
        return _fill(tmp_path_factory.mktemp("hostile") / "hostile.db")


def _fill(path: Path) -> str:
    tmp_path, database = path.parent, str(path)
    for index, factor in enumerate((1.0, 1.01, 0.99, 1.0, 2.0)):
        commit = f"{index + 1:x}" * 40
        results = [{"name": n, "unit": "ms", "value": factor * (1 + i / 100)} for i, n in enumerate(HOSTILE_NAMES)]
        path = tmp_path / f"run{index}.json"
        path.write_text(json.dumps(results), encoding="utf-8")
        outcome = run(
            "ingest", path, "--format", "custom-smaller-is-better", "--commit", commit, "--branch", "main",
            "--message", SUBJECT, "--time", f"2026-01-0{index + 1}T00:00:00+00:00", "--db", database,
        )  # fmt: skip
        assert outcome.exit_code == 0, outcome.stderr
    return database


def test_tests_csv_keeps_whole_names_with_control_characters_visible(hostile_db: str) -> None:
    outcome = run("tests", "--format", "csv", "--db", hostile_db)
    assert outcome.exit_code == 0
    assert raw_unsafe(outcome.stdout) == set()
    rows = list(csv.reader(io.StringIO(outcome.stdout)))
    names = {row[1] for row in rows[1:]}
    assert names == {escape_text(name) for name in HOSTILE_NAMES}


def test_tests_json_keeps_the_exact_names_without_raw_overrides(hostile_db: str) -> None:
    outcome = run("tests", "--format", "json", "--db", hostile_db)
    assert raw_unsafe(outcome.stdout) == set()
    assert {test["name"] for test in json.loads(outcome.stdout)} == set(HOSTILE_NAMES)


def test_tests_table_shortens_long_names_in_the_middle(hostile_db: str) -> None:
    outcome = run("tests", "--db", hostile_db)
    assert raw_unsafe(outcome.stdout) == set()
    lines = outcome.stdout.splitlines()
    assert max(len(line) for line in lines) < TABLE_CELL_WIDTH + 80
    head = TABLE_CELL_WIDTH // 2
    assert any("x" * head + "…" + "x" * (TABLE_CELL_WIDTH - 1 - head) in line for line in lines)
    assert len(lines) == len(HOSTILE_NAMES) + 2  # header, rule, one line per test


def test_tests_markdown_keeps_one_row_per_test_and_its_columns(hostile_db: str) -> None:
    outcome = run("tests", "--format", "markdown", "--db", hostile_db)
    assert raw_unsafe(outcome.stdout) == set()
    assert "<script>" not in outcome.stdout and "<b>" not in outcome.stdout
    rows = [line for line in outcome.stdout.splitlines() if line.startswith("|")]
    assert len(rows) == len(HOSTILE_NAMES) + 2
    columns = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
    assert len(columns) == 1


def test_compare_csv_and_annotations_carry_nothing_raw(hostile_db: str) -> None:
    outcome = run("compare", "--format", "csv", "--db", hostile_db, env={"GITHUB_ACTIONS": "true"})
    assert outcome.exit_code == 1
    assert raw_unsafe(outcome.stdout) == set()
    assert len(list(csv.reader(io.StringIO(outcome.stdout)))) == len(HOSTILE_NAMES) + 1
    annotations = [line for line in outcome.stderr.splitlines() if line.startswith("::")]
    assert len(annotations) == len(HOSTILE_NAMES)
    assert raw_unsafe(outcome.stderr) == set()


@pytest.mark.parametrize("format", ["table", "markdown", "json"])
def test_compare_formats_carry_nothing_raw(hostile_db: str, format: str) -> None:
    outcome = run("compare", "--format", format, "--db", hostile_db)
    assert outcome.exit_code == 1
    assert raw_unsafe(outcome.stdout) == set()
    assert format != "markdown" or "<script>" not in outcome.stdout


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_history_svg_is_valid_xml_for_every_hostile_name(hostile_db: str, tmp_path: Path, name: str) -> None:
    chart = tmp_path / "chart.svg"
    outcome = run("history", name, "--svg", chart, "--db", hostile_db)
    assert outcome.exit_code == 0, outcome.stderr
    svg = chart.read_text(encoding="utf-8")
    assert raw_unsafe(svg.replace("\n", " ")) == set()
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [element.text or "" for element in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(escape_text(SUBJECT) in title for title in titles)
