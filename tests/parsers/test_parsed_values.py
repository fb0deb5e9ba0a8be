"""Concrete values, units and directions read from real files, one or more checks per format."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from tests.conftest import DATA
from tracker import parsers
from tracker.domain import Direction, Measurement, ParsedRun, Status
from tracker.parsers import Source


def read(path: str, format_name: str | None = None) -> list[ParsedRun]:
    source = Source.from_path(DATA / path)
    module = parsers.by_name(format_name) if format_name else parsers.detect(source)
    return list(module.parse(source))


def measurement(run: ParsedRun, test: str, metric: str = "time") -> Measurement:
    return next(m for m in run.measurements if m.test.name == test and m.metric.name == metric)


def test_busted_junit_names_match_busted_json_and_only_passing_tests_have_samples() -> None:
    (junit,) = read("busted/busted_junit_output.xml")
    (json_run,) = read("busted/busted_json_output_all_pass.json")
    slow = "spec/demo_spec.lua outer block inner block #simple slow test #slow"
    assert measurement(junit, slow).values == (1.19,)
    assert measurement(junit, slow).test.id == measurement(json_run, slow).test.id
    assert measurement(junit, slow).test.tags == ("simple", "slow")
    statuses = {m.test.name.removeprefix("spec/demo_spec.lua "): m.status for m in junit.measurements}
    assert statuses["outer block failing test"] is Status.FAILED
    assert statuses["outer block erroring test"] is Status.ERROR
    assert statuses["outer block pending test"] is Status.SKIPPED
    assert measurement(junit, "spec/demo_spec.lua outer block failing test").values == ()
    assert junit.tool == "busted"
    assert junit.time == datetime(2026, 11, 27, 13, 50, 31)


def test_junit_times_with_two_decimals_record_their_resolution_and_finer_ones_none() -> None:
    """Issue 10: busted writes time="0.00" below 10 ms; that is "below the resolution", not zero."""
    (busted,) = read("busted/busted_junit_output.xml")
    fast = measurement(busted, "spec/demo_spec.lua outer block inner block #simple fast test")
    assert (fast.values, fast.resolution) == ((0.0,), 0.01)
    assert measurement(busted, "spec/demo_spec.lua outer block failing test").resolution is None
    (pytest_run,) = read("junit/tg-odesli-bot__pytest_junit.xml")
    assert {m.resolution for m in pytest_run.measurements} == {None}


def test_busted_json_repeats_are_samples_and_failures_carry_no_duration() -> None:
    (repeat,) = read("busted/busted_json_output_repeat2.json")
    slow = measurement(repeat, "spec/demo_spec.lua outer block inner block #simple slow test #slow")
    assert slow.values == (1.111820144, 1.164884296)
    (failing,) = read("busted/busted_json_output_with_failures.json")
    erroring = measurement(failing, "spec_nopending/demo_spec.lua outer block erroring test")
    assert (erroring.status, erroring.values) == (Status.ERROR, ())


def test_pytest_junit_uses_the_pytest_node_id_and_hostname() -> None:
    (run,) = read("junit/tg-odesli-bot__pytest_junit.xml")
    test = measurement(run, "tests/integration/test_bot.py::TestOdesliBot::test_throttles_requests_if_429[pyloop]")
    assert test.values == (1.058,)
    assert run.tool == "pytest"
    assert run.environment == {"machine": "Daniels-MacBook-Pro.local"}


def test_pytest_benchmark_old_cpu_schema_and_elided_data() -> None:
    (run,) = read("pytest_benchmark/github-action-benchmark__test_data__pytest_output.json")
    assert run.environment["cpu"] == "Intel(R) Core(TM) i7-4771 CPU @ 3.50GHz"
    fib = measurement(run, "bench.py::test_fib_10")
    assert fib.values == ()  # "... omitted to keep this file small": only the summary is whole
    assert fib.summary is not None and fib.summary.n == 38523
    (units_run,) = read("pytest_benchmark/github-action-benchmark__test_data__pytest_several_units.json")
    assert len(measurement(units_run, "bench.py::test_sleep_2").values) == 5


def test_google_benchmark_repetitions_aggregates_and_complexity() -> None:
    (run,) = read("google_benchmark/moveit__moveit_middleware_benchmark__middleware_benchmark_results.json")
    name = "ScenarioBasicServiceClientFixture/test_scenario_basic_service_client"
    real = measurement(run, name)
    assert len(real.values) == 6
    assert real.values[0] == pytest.approx(4.5481033100004425)
    assert real.summary is not None
    assert real.summary.median == pytest.approx(4.09584864199951)
    assert real.summary.stddev == pytest.approx(0.29844070423768336)
    assert measurement(run, name, "cpu_time").values[0] == pytest.approx(0.964903774)
    (upstream,) = read("google_benchmark/google__benchmark__tools_gbench_Inputs_test1_run1.json")
    big_o = measurement(upstream, "MyComplexityTest_BigO", "time_coefficient").values
    assert big_o == pytest.approx((6.478927528978978e-09,))
    assert measurement(upstream, "MyComplexityTest_RMS", "rms").values == pytest.approx((0.0045097802512472874,))
    assert measurement(upstream, "BM_NotBadTimeUnit").values == (0.4,)


def test_hyperfine_times_are_samples_and_failures_are_marked() -> None:
    (run,) = read("hyperfine/bencher__tool_output__hyperfine_two.json")
    sleep = measurement(run, "sleep 0.2")
    assert len(sleep.values) == 13 and sleep.values[0] == 0.21231231072000004
    (failing,) = read("hyperfine/hyperfine_failing.json")
    assert measurement(failing, "false").status is Status.FAILED
    assert measurement(failing, "false").values == ()
    assert len(measurement(failing, "true").values) == 4
    (params,) = read("hyperfine/hyperfine_params.json")
    assert sorted(m.test.name for m in params.measurements if m.metric.name == "time") == ["seq 1", "seq 3"]


def test_github_action_benchmark_history_commits_units_and_ranges() -> None:
    runs = read("github_action_benchmark/risinglightdb__risinglight__data.js")
    first = runs[0]
    assert first.commit is not None
    assert first.commit.sha == "a94674d63e2ec81e32ebfb64ab4210233311dc5b"
    assert first.commit.subject == "fix(ci): fix benchmark workflow (#847)"
    assert first.commit.body.startswith("fix some bugs in #845 😅")
    assert first.commit.conventional is not None and first.commit.conventional.type == "fix"
    assert first.commit.author == "Runji Wang"
    assert first.time == datetime.fromtimestamp(1713288545.433, UTC)
    q1 = measurement(first, "explain-q1")
    assert q1.values == pytest.approx((2285716e-9,))
    assert q1.summary is not None and q1.summary.stddev == pytest.approx(10143e-9)
    assert first.environment == {"suite": "Rust Benchmark"}


def test_github_action_benchmark_rates_are_higher_is_better_with_spread_from_percent() -> None:
    runs = read("github_action_benchmark/secretlint__secretlint__data.js")
    first = measurement(runs[0], "run secretlint for textling.github.io", "throughput")
    assert first.metric.direction is Direction.HIGHER_IS_BETTER and first.metric.unit == "1/s"
    # 1.88 ops/sec, ±1.32% (95% margin of error), 9 samples: sd = 1.88 * 0.0132 / t(8) * sqrt(9)
    assert first.summary is not None
    assert first.summary.stddev == pytest.approx(1.88 * 0.0132 / 2.306 * 3)


def test_github_action_benchmark_reruns_of_a_commit_are_separate_runs() -> None:
    runs = read("github_action_benchmark/moveit__moveit_middleware_benchmark__rmw_fastrtps__data.js")
    shas = [
        run.commit.sha[:8] for run in runs if run.commit and run.environment["suite"] == "Perception Pipeline Benchmark"
    ]
    assert shas.count("2d4a2469") == 4
    name = "ScenarioPerceptionPipelineFixture/test_scenario_perception_pipeline"
    last = measurement(runs[20], name)
    assert len(last.values) == 6 and last.summary is not None and last.summary.median is not None
    assert len(measurement(runs[20], name, "cpu_time").values) == 6


def test_replicache_median_ms_and_bundle_bytes() -> None:
    perf = read("github_action_benchmark/rocicorp__replicache__perf-v2__data.js")
    assert {m.metric.name for run in perf for m in run.measurements} == {"time"}
    sizes = read("github_action_benchmark/rocicorp__replicache__bundle-sizes__data.js")
    js = measurement(sizes[-1], "Size of replicache.js", "size")
    assert js.values == (162707.0,) and js.metric.unit == "B"


def test_go_bench_metrics_of_one_test() -> None:
    (run,) = read("go_bench/go_bench_count3.txt")
    names = {m.metric.name: m for m in run.measurements if m.test.name == "example.com/fib.BenchmarkJoin"}
    assert set(names) == {"time", "memory", "allocations", "bandwidth"}
    assert names["time"].values == pytest.approx((35.24e-9, 27.11e-9, 29.26e-9))
    assert names["bandwidth"].values[0] == pytest.approx(624.33e6)
    assert names["bandwidth"].metric.direction is Direction.HIGHER_IS_BETTER
    assert names["memory"].values == (24.0, 24.0, 24.0)
    assert run.environment == {"os": "linux/amd64", "cpu": "AMD EPYC", "procs": "2"}
    (events,) = read("go_bench/go_bench.json")
    assert {m.test.name for m in events.measurements} == {
        "example.com/fib.BenchmarkFib10",
        "example.com/fib.BenchmarkJoin",
    }


def test_rust_libtest_median_spread_bandwidth_and_failures() -> None:
    (run,) = read("rust_libtest/github-action-benchmark__test_data__cargo_output.txt")
    fib = measurement(run, "bench_fib_20")
    assert fib.values == pytest.approx((18149e-9,))
    assert fib.summary is not None and fib.summary.stddev == pytest.approx(755e-9)
    (real,) = read("rust_libtest/cargo_bench.txt")
    assert measurement(real, "bench_copy_4k", "bandwidth").values[0] > 1e9
    assert measurement(real, "bench_ignored").status is Status.SKIPPED
    (failed,) = read("rust_libtest/bencher__tool_output__rust_bench_failed.txt")
    assert measurement(failed, "tests::benchmark_b").status is Status.FAILED
    (custom,) = read("rust_libtest/github-action-benchmark__test_data__cargo_output_units.txt")
    assert measurement(custom, "cmov", "cycles/iter").values == (2835.0,)


def test_catch2_benchmarks_are_summaries_in_seconds() -> None:
    (run,) = read("catch2_xml/catch2_bench.xml")
    fib = measurement(run, "fibonacci::fib 20")
    assert fib.values == () and fib.summary is not None
    assert fib.summary.mean == pytest.approx(5106.92e-9) and fib.summary.n == 20
    assert measurement(run, "string concat").summary is not None
    assert measurement(run, "a failing check").status is Status.FAILED
    assert measurement(run, "fibonacci::fib 15").test.file == "bench.cpp"


def test_jmh_raw_data_are_samples_and_throughput_is_higher_is_better() -> None:
    (run,) = read("jmh/github-action-benchmark__test_data__jmh_output.json")
    (hello,) = run.measurements
    assert hello.test.name == "org.openjdk.jmh.samples.JMHSample_01_HelloWorld.wellHelloThere"
    assert hello.values == (3.376842765688582e9, 3.37651988895058e9, 3.375353964729294e9)
    assert hello.metric.direction is Direction.HIGHER_IS_BETTER
    assert run.environment["interpreter"] == "Java HotSpot(TM) 64-Bit Server VM 1.8.0_202"


def test_benchmarkdotnet_original_values_and_allocations() -> None:
    (run,) = read("benchmarkdotnet/github-action-benchmark__test_data__benchmarkdotnet.json")
    time = measurement(run, "Fantomas.Benchmarks.Runners+CodePrinterTest.Format")
    assert time.values[0] == pytest.approx(48.016226159)
    assert time.summary is not None and time.summary.median == pytest.approx(46.951833349)
    memory = measurement(run, "Fantomas.Benchmarks.Runners+CodePrinterTest.Format", "memory")
    assert memory.values == (23405419512.0,)


def test_custom_arrays_read_units_ranges_and_direction() -> None:
    (smaller,) = read("gab_custom/github-action-benchmark__test_data__customSmallerIsBetter_output2.json")
    probe = measurement(smaller, "Deactivated probe")
    assert probe.values == pytest.approx((445.661e-9,))
    assert probe.summary is not None and probe.summary.stddev == pytest.approx(8.21371e-9)
    path = "gab_custom/github-action-benchmark__test_data__customBiggerIsBetter_output.json"
    (bigger,) = read(path, "custom-bigger-is-better")
    free = next(m for m in bigger.measurements if m.test.name.endswith("Free Memory"))
    assert free.metric.direction is Direction.HIGHER_IS_BETTER and free.values == (150e6,)
    assert free.summary is not None and free.summary.stddev == 3e6


def test_asv_results_folder_medians_quartiles_params_and_machine() -> None:
    runs = read("asv/kedro-org__kedro-benchmark-results")
    by_sha = {run.commit.sha: run for run in runs if run.commit}
    run = by_sha["0064ded569f184aa02e6ec55ff5ed63c7312f744"]
    contains = measurement(run, "benchmark_datacatalog.TimeDataCatalog.time_contains")
    assert contains.summary is not None
    assert contains.summary.median == 0.00026095461904739904
    assert (contains.summary.q1, contains.summary.q3, contains.summary.n) == (0.00025963, 0.00026141, 10)
    assert run.environment["machine"] == "github-actions"
    assert run.environment["interpreter"] == "python 3.11"
    assert run.commit is not None and run.commit.time == datetime.fromtimestamp(1774616625, UTC)
    assert not math.isnan(contains.summary.median)
