"""Every real result file of the shared corpus (copied under tests/data) is read with the counts it holds."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from tracker import parsers
from tracker.parsers import Source

# (file under tests/data, detected format, runs, distinct tests, samples)
EXPECTED = [
    ("busted/busted_json_output_all_pass.json", "busted-json", 1, 2, 2),
    ("busted/busted_json_output_repeat2.json", "busted-json", 1, 2, 4),
    ("busted/busted_json_output_with_failures.json", "busted-json", 1, 4, 2),
    ("busted/busted_junit_output.xml", "junit-xml", 1, 5, 2),
    ("busted/busted_junit_output_repeat2.xml", "junit-xml", 1, 2, 4),
    ("busted/busted_tap_output.txt", "tap", 1, 5, 0),
    ("junit/RyanData-Address-Utils__pytest_junit.xml", "junit-xml", 1, 1, 1),
    ("junit/busted_junit_demo__busted_demo.spec.xml", "junit-xml", 1, 4, 3),
    ("junit/tg-odesli-bot__pytest_junit.xml", "junit-xml", 1, 30, 30),
    ("pytest_benchmark/adkg__Linux-CPython-3.7-64bit__0005_hbavss1_dummy_amt.json", "pytest-benchmark", 1, 11, 0),
    ("pytest_benchmark/asebytes__Darwin-CPython-3.11-64bit__0001_baseline.json", "pytest-benchmark", 1, 52, 0),
    ("pytest_benchmark/asebytes__Darwin-CPython-3.11-64bit__0002_perf_analysis.json", "pytest-benchmark", 1, 52, 0),
    ("pytest_benchmark/cachew__Linux-CPython-3.14-64bit__0007_baseline.json", "pytest-benchmark", 1, 256, 0),
    ("pytest_benchmark/dynamo-bench__Linux-CPython-3.13-64bit__0002_baseline.json", "pytest-benchmark", 1, 102, 0),
    ("pytest_benchmark/github-action-benchmark__test_data__pytest_output.json", "pytest-benchmark", 1, 2, 0),
    ("pytest_benchmark/github-action-benchmark__test_data__pytest_several_units.json", "pytest-benchmark", 1, 4, 5),
    ("pytest_benchmark/lagom__Linux-CPython-3.11-64bit__0001_baseline.json", "pytest-benchmark", 1, 4, 0),
    ("pytest_benchmark/lagom__Linux-CPython-3.9-64bit__0001_baseline.json", "pytest-benchmark", 1, 3, 0),
    (
        "pytest_benchmark/rmsnorm.torch__Linux-CPython-3.8-64bit__0002_no-custom-kernel.json",
        "pytest-benchmark",
        1,
        4,
        0,
    ),
    ("pytest_benchmark/tubular__history__v01__0001_baseline.json", "pytest-benchmark", 1, 6, 0),
    ("pytest_benchmark/tubular__history__v02__0001_baseline.json", "pytest-benchmark", 1, 6, 0),
    ("pytest_benchmark/tubular__history__v03__0001_baseline.json", "pytest-benchmark", 1, 22, 0),
    ("pytest_benchmark/tubular__history__v04__0001_baseline.json", "pytest-benchmark", 1, 22, 0),
    ("pytest_benchmark/tubular__history__v05__0001_baseline.json", "pytest-benchmark", 1, 40, 0),
    ("pytest_benchmark/tubular__history__v06__0001_baseline.json", "pytest-benchmark", 1, 44, 0),
    ("pytest_benchmark/tubular__history__v07__0001_baseline.json", "pytest-benchmark", 1, 48, 0),
    ("pytest_benchmark/tubular__history__v08__0001_baseline.json", "pytest-benchmark", 1, 84, 0),
    ("google_benchmark/github-action-benchmark__test_data__googlecpp_output.json", "google-benchmark", 1, 2, 4),
    ("google_benchmark/google__benchmark__tools_gbench_Inputs_test1_run1.json", "google-benchmark", 1, 16, 31),
    (
        "google_benchmark/moveit__moveit_middleware_benchmark__middleware_benchmark_results.json",
        "google-benchmark",
        1,
        1,
        12,
    ),
    ("hyperfine/RUCICS__meowhw-delique1984__hyperfine_results.json", "hyperfine", 1, 5, 15),
    ("hyperfine/bencher__tool_output__hyperfine_one.json", "hyperfine", 1, 1, 214),
    ("hyperfine/bencher__tool_output__hyperfine_two.json", "hyperfine", 1, 2, 40),
    ("hyperfine/hyperfine_failing.json", "hyperfine", 1, 2, 4),
    ("hyperfine/hyperfine_params.json", "hyperfine", 1, 2, 10),
    (
        "github_action_benchmark/GremSnoort__jsonifyer__clang_20.04_13_Debug_17_serialize__data.js",
        "github-action-benchmark",
        21,
        91,
        3822,
    ),
    ("github_action_benchmark/awslabs__mls-rs__data.js", "github-action-benchmark", 281, 14, 3934),
    (
        "github_action_benchmark/moveit__moveit_middleware_benchmark__rmw_fastrtps__data.js",
        "github-action-benchmark",
        42,
        2,
        504,
    ),
    ("github_action_benchmark/risinglightdb__risinglight__data.js", "github-action-benchmark", 16, 44, 700),
    ("github_action_benchmark/rocicorp__replicache__bundle-sizes__data.js", "github-action-benchmark", 225, 6, 1236),
    ("github_action_benchmark/rocicorp__replicache__perf-v2__data.js", "github-action-benchmark", 213, 56, 4808),
    ("github_action_benchmark/rune-rs__rune__data.js", "github-action-benchmark", 411, 19, 4284),
    ("github_action_benchmark/secretlint__secretlint__data.js", "github-action-benchmark", 1527, 2, 3054),
    ("go_bench/github-action-benchmark__test_data__go_output.txt", "go-bench", 1, 8, 10),
    ("go_bench/go_bench.json", "go-bench", 1, 2, 7),
    ("go_bench/go_bench_count3.txt", "go-bench", 1, 2, 21),
    ("rust_libtest/bencher__tool_output__rust_bench_failed.txt", "rust-libtest", 1, 4, 2),
    ("rust_libtest/cargo_bench.txt", "rust-libtest", 1, 3, 3),
    ("rust_libtest/github-action-benchmark__test_data__cargo_output.txt", "rust-libtest", 1, 2, 2),
    ("rust_libtest/github-action-benchmark__test_data__cargo_output_units.txt", "rust-libtest", 1, 5, 5),
    ("catch2_xml/catch2_bench.xml", "catch2-xml", 1, 5, 1),
    ("jmh/github-action-benchmark__test_data__jmh_output.json", "jmh", 1, 1, 3),
    ("benchmarkdotnet/github-action-benchmark__test_data__benchmarkdotnet.json", "benchmarkdotnet", 1, 1, 6),
    (
        "gab_custom/github-action-benchmark__test_data__customBiggerIsBetter_output.json",
        "custom-smaller-is-better",
        1,
        2,
        2,
    ),
    (
        "gab_custom/github-action-benchmark__test_data__customSmallerIsBetter_output2.json",
        "custom-smaller-is-better",
        1,
        4,
        4,
    ),
    ("asv/kedro-org__kedro-benchmark-results", "asv", 424, 106, 0),
    ("otava_csv/apache__otava__examples_csv_data_local_sample.csv", "otava-csv", 10, 2, 20),
    ("otava_csv/apache__otava__tests_resources_sample-semicolons.csv", "otava-csv", 10, 2, 20),
    ("otava_csv/apache__otava__tests_resources_sample-unix-time.csv", "otava-csv", 10, 2, 20),
    ("otava_csv/apache__otava__tests_resources_sample.csv", "otava-csv", 10, 2, 20),
    ("otava_csv/apache__otava__tests_resources_sample_multi_branch.csv", "otava-csv", 8, 2, 16),
    ("otava_csv/apache__otava__tests_resources_sample_single_branch.csv", "otava-csv", 5, 2, 10),
    # 14 tags x 3 intervals of throughput, and a median and a p99 for the 11 tags with operations
    ("histostat/apache__otava__tests_resources_histostat.csv", "histostat", 1, 14, 42 + 3 * 11 * 2),
    ("series_json/mongodb__spa__tests_data_expected_result_robust_series.json", "series-json", 173, 1, 173),
    ("series_json/mongodb__spa__tests_data_long_series.json", "series-json", 1000, 1, 1000),
    ("series_json/mongodb__spa__tests_data_mad_series.json", "series-json", 132, 1, 132),
    ("series_json/mongodb__spa__tests_data_profiling_huge.json", "series-json", 4844, 1, 4844),
    ("series_json/mongodb__spa__tests_data_profiling_large.json", "series-json", 1211, 1, 1211),
    ("series_json/mongodb__spa__tests_data_real_series.json", "series-json", 132, 1, 132),
    ("series_json/mongodb__spa__tests_data_robust_series.json", "series-json", 173, 1, 173),
]
BROKEN = {
    "busted/busted_json_output_with_pending_EMPTY.json",
    "google_benchmark/PierreBhs__weighted-voronoi-stippling-cpp__bench.json",
}
FOLDERS: tuple[str, ...] = ("busted", "junit", "pytest_benchmark", "google_benchmark", "hyperfine")
FOLDERS += ("github_action_benchmark", "go_bench", "rust_libtest", "catch2_xml", "jmh", "benchmarkdotnet", "gab_custom")
FOLDERS += ("otava_csv", "histostat", "series_json")


@pytest.mark.parametrize(("path", "format_name", "runs", "tests", "samples"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_real_file_is_detected_and_read_with_its_counts(
    path: str, format_name: str, runs: int, tests: int, samples: int
) -> None:
    source = Source.from_path(DATA / path)
    module = parsers.detect(source)
    parsed = module.parse(source)
    assert format_name == module.NAME
    assert len(parsed) == runs
    assert len({m.test.name for run in parsed for m in run.measurements}) == tests
    assert sum(len(m.values) for run in parsed for m in run.measurements) == samples


def test_every_copied_file_has_an_expected_count() -> None:
    """A file copied into tests/data without an expected count would go untested."""
    present = {f"{folder}/{p.name}" for folder in FOLDERS for p in (DATA / folder).iterdir()}
    assert present - BROKEN == {entry[0] for entry in EXPECTED if not entry[0].startswith("asv/")}
