"""Apache Otava's wide CSV and HistoStat logs, and bare MongoDB series: values, commits, times, detection."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.cli.helpers import run as cli
from tests.conftest import DATA
from tracker import parsers
from tracker.domain import Direction, ParsedRun
from tracker.parsers import Source, csv_long, histostat, otava_csv, series_json

OTAVA = DATA / "otava_csv"
SERIES = DATA / "series_json"


def read(path: Path) -> list[ParsedRun]:
    source = Source.from_path(path)
    return list(parsers.detect(source).parse(source))


def values(runs: list[ParsedRun], test: str) -> list[float]:
    return [v for run in runs for m in run.measurements if m.test.name == test for v in m.values]


def test_otava_rows_are_runs_of_their_commit_and_columns_are_tests() -> None:
    runs = read(OTAVA / "apache__otava__tests_resources_sample.csv")
    assert [run.commit.sha for run in runs if run.commit] == [f"aaa{i}" for i in range(10)]
    assert runs[0].time == datetime(2024, 1, 1, 3, tzinfo=timezone(timedelta(hours=1)))
    assert values(runs, "metric2") == [10.43, 10.23, 10.29, 10.91, 10.34, 10.69, 9.23, 9.11, 9.13, 9.03]
    assert values(runs, "metric1")[0] == 154023.0
    metric = runs[0].measurements[0].metric
    assert (metric.name, metric.unit, metric.direction) == ("value", "value", Direction.LOWER_IS_BETTER)
    assert {run.format for run in runs} == {"otava-csv"} and runs[0].tool == "otava"


def test_otava_semicolons_read_like_commas() -> None:
    commas = read(OTAVA / "apache__otava__tests_resources_sample.csv")
    semicolons = read(OTAVA / "apache__otava__tests_resources_sample-semicolons.csv")
    assert [r.measurements for r in semicolons] == [r.measurements for r in commas]
    assert semicolons[0].time == datetime(2021, 1, 1, 3, tzinfo=timezone(timedelta(hours=1)))


def test_otava_unix_time_without_commits_gets_marked_commits_per_time() -> None:
    runs = read(OTAVA / "apache__otava__tests_resources_sample-unix-time.csv")
    assert runs[0].time == datetime(2021, 1, 1, 2, tzinfo=UTC)
    assert [run.commit.sha for run in runs if run.commit][:2] == ["time-20210101T020000Z", "time-20210102T020000Z"]
    assert otava_csv.synthetic_commit(datetime(2024, 1, 1, 3)) == "time-20240101T030000"


def test_otava_branch_column_sets_each_run_branch() -> None:
    runs = read(OTAVA / "apache__otava__tests_resources_sample_multi_branch.csv")
    assert [run.branch for run in runs] == [
        "main",
        "main",
        "feature-x",
        "feature-x",
        "main",
        "feature-y",
        "feature-y",
        "main",
    ]


def test_otava_version_column_is_the_commit_and_the_tag_when_there_is_no_commit_column() -> None:
    text = "time,version,throughput\n2024-01-01T00:00:00+00:00,v1.2.0,10\n2024-01-02T00:00:00+00:00,,12\n"
    with_commit = "time,commit,version,t\n2024-01-01T00:00:00+00:00,abc123,v1.2.0,10\n"
    first, second = otava_csv.parse(Source.from_bytes(text.encode(), "o.csv"))
    assert (first.commit and first.commit.sha, first.tag) == ("v1.2.0", "v1.2.0")
    assert (second.commit and second.commit.sha, second.tag) == ("time-20240102T000000Z", None)
    (both,) = otava_csv.parse(Source.from_bytes(with_commit.encode(), "o.csv"))
    assert (both.commit and both.commit.sha, both.tag) == ("abc123", "v1.2.0")


def test_wide_and_long_csv_are_never_mistaken_for_each_other() -> None:
    long_form = Source.from_bytes(b"time,commit,test,value\n2024-01-01,abc,parse,1.5\n", "long.csv")
    wide = Source.from_path(OTAVA / "apache__otava__tests_resources_sample.csv")
    assert parsers.detect(long_form) is csv_long and not otava_csv.sniff(long_form)
    assert parsers.detect(wide) is otava_csv and not csv_long.sniff(wide)
    # a wide file whose metric columns happen to be called value (no test column) stays wide
    value_column = Source.from_bytes(b"time,commit,value\n2024-01-01,abc,1.5\n", "v.csv")
    assert parsers.detect(value_column) is otava_csv


def test_otava_empty_cells_are_no_value() -> None:
    text = "time,commit,a,b\n2024-01-01,c1,1.0,\n2024-01-02,c2,,\n2024-01-03,c3,3.0,4.0\n"
    runs = otava_csv.parse(Source.from_bytes(text.encode(), "o.csv"))
    assert [run.commit.sha for run in runs if run.commit] == ["c1", "c3"]  # c2 measured nothing
    assert values(runs, "b") == [4.0]


def test_histostat_tags_are_tests_with_median_tail_and_throughput_per_interval() -> None:
    (run,) = read(DATA / "histostat/apache__otava__tests_resources_histostat.csv")
    assert run.time == datetime.fromtimestamp(1649352325.178, UTC)
    by_metric = {m.metric.name: m for m in run.measurements if m.test.name == "initialize.bind"}
    assert by_metric["time"].values == pytest.approx((74303e-9, 50879e-9, 51679e-9))
    assert by_metric["p99_time"].values == pytest.approx((269567e-9, 145919e-9, 87615e-9))
    assert by_metric["throughput"].values == pytest.approx((7606 / 1.579, 46602 / 4.956, 48696 / 4.985))
    assert by_metric["throughput"].metric.direction is Direction.HIGHER_IS_BETTER
    idle = [m for m in run.measurements if m.test.name == "initialize.retry-delay"]
    assert [(m.metric.name, m.values) for m in idle] == [("throughput", (0.0, 0.0, 0.0))]
    assert histostat.NAME == "histostat"


def test_series_points_are_runs_with_marked_commits_in_file_order() -> None:
    runs = read(SERIES / "mongodb__spa__tests_data_long_series.json")
    assert len(runs) == 1000
    assert runs[205].commit is not None
    assert runs[205].commit.sha == "series-mongodb__spa__tests_data_long_series-205"
    points = json.loads((SERIES / "mongodb__spa__tests_data_long_series.json").read_text())
    assert values(runs, "mongodb__spa__tests_data_long_series") == points
    assert runs[0].time is None and runs[0].branch is None


def test_series_object_form_reads_the_series_and_ignores_the_rest() -> None:
    runs = read(SERIES / "mongodb__spa__tests_data_profiling_large.json")
    assert len(runs) == 1211 and runs[0].measurements[0].values == (28681.119699779538,)
    assert runs[0].measurements[0].test.name == "mongodb__spa__tests_data_profiling_large"
    (piped,) = series_json.parse(Source.from_bytes(b'{"series": [1], "expected": 0}'))
    assert piped.commit is not None and piped.commit.sha == "series-stdin-0"


def test_series_change_points_land_on_the_points_where_the_series_steps(sqlite_db: str) -> None:
    """Through the store: points keep the file's order, so history names the commits of the steps."""
    path = SERIES / "mongodb__spa__tests_data_long_series.json"
    assert cli("ingest", "--db", sqlite_db, path).exit_code == 0
    outcome = cli("changes", "--db", sqlite_db, "--format", "json")
    assert outcome.exit_code == 0
    steps = sorted(int(change["commit"]["sha"].rsplit("-", 1)[1]) for change in json.loads(outcome.stdout))
    assert steps == [205, 395, 594, 794]


def test_every_new_format_ingests_on_sqlite_and_postgresql_and_twice_is_a_no_op(database: str) -> None:
    files = [
        DATA / "busted/busted_tap_output.txt",
        OTAVA / "apache__otava__tests_resources_sample_multi_branch.csv",
        OTAVA / "apache__otava__tests_resources_sample-unix-time.csv",
        DATA / "histostat/apache__otava__tests_resources_histostat.csv",
        SERIES / "mongodb__spa__tests_data_real_series.json",
    ]
    first = cli("ingest", "--db", database, "--commit", "abc123", files[0])
    assert first.exit_code == 0, first.stderr
    rest = cli("ingest", "--db", database, "--commit", "abc124", files[3])
    assert rest.exit_code == 0, rest.stderr
    histories = cli("ingest", "--db", database, *files[1:3], files[4])
    assert histories.exit_code == 0, histories.stderr
    assert "ingested 150 new run(s) from 3 input(s): 3 test(s), 168 sample(s)" in histories.stderr
    again = cli("ingest", "--db", database, *files[1:3], files[4])
    assert "nothing new: all 150 run(s)" in again.stderr
