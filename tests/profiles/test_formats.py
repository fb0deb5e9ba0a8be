"""The profile input formats on real files: detection, parsed values, malformed input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import DATA
from tracker import parsers
from tracker.domain import ParsedRun, ProfileNode, Status
from tracker.errors import InputError
from tracker.parsers import Source, busted_flamegraph, busted_tree, chrome_trace, folded, speedscope
from tracker.profiles.aggregate import settle_profile

PROFILES = DATA / "profiles"


def settled(path: Path, module: object = None) -> tuple[list[ParsedRun], tuple[str, ...]]:
    source = Source.from_path(path)
    chosen = parsers.detect(source) if module is None else module
    runs: list[ParsedRun] = []
    warnings: list[str] = []
    for parsed in chosen.parse(source):  # type: ignore[attr-defined]
        run, repairs = settle_profile(parsed)
        runs.append(run)
        warnings += repairs
    return runs, tuple(warnings)


def nodes_of(run: ParsedRun, test: str | None = None, tid: object = None) -> dict[tuple[str, ...], ProfileNode]:
    return {n.stack: n for n in run.profiles if (test is None or n.test.name == test) and (tid is None or n.tid == tid)}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("trace_event/HaydenA0__small-c-profiler__trace.json", chrome_trace),
        ("trace_event/speedscope__sample__trace-event_multi-thread-with-samples.json", chrome_trace),
        ("trace_event/speedscope__sample__trace-event_multiprocess.json", chrome_trace),
        ("trace_event/speedscope__sample__trace-event_simple-partial-trailing-comma.json", chrome_trace),
        ("speedscope/speedscope__sample__0.0.1_simple.speedscope.json", speedscope),
        ("speedscope/speedscope__sample__0.6.0_two-sampled.speedscope.json", speedscope),
        ("speedscope/yuntongf__cs336-assignment1-basics__profile.speedscope.json", speedscope),
        ("folded/FlameGraph__test_results__perf-iperf-stacks-pidtid-01-collapsed-all.txt", folded),
        ("folded/FlameGraph__test_results__perf-java-stacks-01-collapsed-all.txt", folded),
        ("folded/FlameGraph__test_results__perf-rust-Yamakaky-dcpu-collapsed-all.txt", folded),
        ("folded/speedscope__sample__stackcollapse_simple-with-invalids.txt", folded),
        ("busted_profiler/mega_busted_failing_tests/flamegraph.json", busted_flamegraph),
        ("busted_profiler/benchmarks", busted_tree),
        ("busted_profiler", busted_tree),
        ("profiles/v1/run1/workload.speedscope.json", speedscope),
    ],
)
def test_detection(path: str, expected: object) -> None:
    assert parsers.detect(Source.from_path(DATA / path)) is expected


def test_unterminated_array_with_trailing_comma_and_b_e_pairs() -> None:
    (run,), warnings = settled(DATA / "trace_event/speedscope__sample__trace-event_simple-partial-trailing-comma.json")
    nodes = nodes_of(run)
    # alpha 0..14 > beta 1..13 > gamma 2..7 (X) and epsilon 7..11 (X without dur: its tdur)
    assert {stack: (round(n.total * 1e6, 6), round(n.self_time * 1e6, 6)) for stack, n in nodes.items()} == {
        ("alpha",): (14.0, 2.0),
        ("alpha", "beta"): (12.0, 3.0),
        ("alpha", "beta", "gamma"): (5.0, 5.0),
        ("alpha", "beta", "epsilon"): (4.0, 4.0),
    }
    (measurement,) = run.measurements
    assert measurement.test.name == "speedscope__sample__trace-event_simple-partial-trailing-comma"
    assert measurement.values == pytest.approx((14e-6,))
    assert warnings == ()


def test_several_processes_and_threads_keep_apart() -> None:
    (run,), _ = settled(DATA / "trace_event/speedscope__sample__trace-event_multiprocess.json")
    threads = {(n.pid, n.tid): n.stack for n in run.profiles}
    assert threads == {
        (0, 0): ("alpha",), (0, 1): ("beta",), (1, 0): ("gamma",), (1, 1): ("delta",),
        (2, 0): ("epsilon",), (2, 1): ("phi",), (3, 0): ("zeta",), (3, 1): ("eta",),
    }  # fmt: skip
    assert all(n.total == pytest.approx(1e-6) for n in run.profiles)


def test_object_form_with_sampled_stacks_and_string_timestamps() -> None:
    (run,), _ = settled(DATA / "trace_event/speedscope__sample__trace-event_multi-thread-with-samples.json")
    thread1 = nodes_of(run, tid="1")
    # samples at +0, +20770, +34096 us: each lasts until the next; the last as long as the one before
    assert thread1[("[root]",)].total == pytest.approx(0.047422)
    assert thread1[("[root]", "function1")].self_time == pytest.approx(0.013326)
    assert thread1[("[root]", "[GC Young Gen]")].self_time == pytest.approx(0.013326)
    assert thread1[("mqt_js",)].total == 0.0
    assert nodes_of(run, tid="2")[("[root thread 2]",)].total == pytest.approx(0.064096)


def test_unbalanced_begin_end_from_a_real_profiler_is_repaired_and_reported() -> None:
    (run,), warnings = settled(DATA / "trace_event/HaydenA0__small-c-profiler__trace.json")
    assert warnings == (
        f"{DATA / 'trace_event/HaydenA0__small-c-profiler__trace.json'}: 2 begin event(s) never ended were "
        "closed at the thread's last timestamp (first on pid 1 tid 1)",
    )
    nodes = nodes_of(run)
    assert nodes[("unknown",)].calls == 2
    assert nodes[("unknown",)].total == pytest.approx(0.361598)
    assert nodes[("unknown", "workload")].total == pytest.approx(0.17798)
    assert all(0 <= n.self_time <= n.total for n in run.profiles)


def test_speedscope_evented_profile_in_abstract_units() -> None:
    (run,), _ = settled(DATA / "speedscope/speedscope__sample__0.0.1_simple.speedscope.json")
    nodes = nodes_of(run)
    assert {s: (n.calls, n.total, n.self_time) for s, n in nodes.items()} == {
        ("a",): (1, 14.0, 0.0),
        ("a", "b"): (1, 14.0, 5.0),
        ("a", "b", "c"): (2, 5.0, 5.0),
        ("a", "b", "d"): (1, 4.0, 4.0),
    }
    assert {n.unit for n in run.profiles} == {"samples"}
    assert run.measurements == ()  # "none" is no time: no timing sample


def test_py_spy_speedscope_threads_frames_and_time() -> None:
    (run,), _ = settled(DATA / "speedscope/yuntongf__cs336-assignment1-basics__profile.speedscope.json")
    assert run.tool == "py-spy"
    threads = {n.tid for n in run.profiles}
    assert len(threads) == 4
    assert 'Thread 0x1FA08F100 "MainThread"' in threads
    main = [n for n in run.profiles if n.tid == 'Thread 0x1FA08F100 "MainThread"' and len(n.stack) == 1]
    assert sum(n.total for n in main) == pytest.approx(38.07)
    assert run.measurements[0].values == pytest.approx((38.07,))
    assert any(frame == "_bootstrap (threading.py)" for n in run.profiles for frame in n.stack)


def test_folded_stacks_skip_malformed_lines_and_say_so() -> None:
    path = DATA / "folded/speedscope__sample__stackcollapse_simple-with-invalids.txt"
    (run,), warnings = settled(path)
    assert {s: (n.total, n.self_time) for s, n in nodes_of(run).items()} == {
        ("a",): (14.0, 0.0),
        ("a", "b"): (14.0, 5.0),
        ("a", "b", "c"): (5.0, 5.0),
        ("a", "b", "d"): (4.0, 4.0),
    }
    assert warnings == (f"{path}: skipped 1 malformed line(s) (line 8): expected `frame;... COUNT`",)


def test_folded_kernel_frames_and_counts() -> None:
    (run,), _ = settled(DATA / "folded/FlameGraph__test_results__perf-iperf-stacks-pidtid-01-collapsed-all.txt")
    roots = [n for n in run.profiles if len(n.stack) == 1]
    assert sum(n.total for n in roots) == 200
    assert ("iperf", "[unknown]", "[iperf]", "__vdso_gettimeofday_[k]") in nodes_of(run)


def test_folded_pid_and_tid_frames() -> None:
    source = Source.from_bytes(b"java-4321/4400;main;work 3\njava-4321/4401;main 2\nperf-77;x 1\n", name="t.folded")
    run, _ = settle_profile(folded.parse(source)[0])
    assert sorted({(n.pid, n.tid) for n in run.profiles}) == [(77, 77), (4321, 4400), (4321, 4401)]
    assert run.profiles[0].test.name == "t"


def test_busted_flamegraph_tests_statuses_and_profiles() -> None:
    (run,), warnings = settled(DATA / "busted_profiler/mega_busted_failing_tests/flamegraph.json")
    assert warnings == ()
    assert run.tag == "v1.0.0"
    assert run.environment == {
        "os": "Linux",
        "cpu": "AMD EPYC",
        "interpreter": "LuaJIT 2.1.1753364724",
        "neovim": "0.12.0",
    }
    by_name = {m.test.name: m for m in run.measurements}
    assert by_name["spec/demo_spec.lua broken #broken fails on purpose"].status is Status.FAILED
    # a failing test writes two events: its duration is the `test` one, not `test,failure`
    assert by_name["spec/demo_spec.lua broken #broken fails on purpose"].values == pytest.approx((196.241e-6,))
    assert by_name["spec/demo_spec.lua broken #broken errors on purpose"].status is Status.ERROR
    assert by_name["spec/demo_spec.lua demo plugin computes outer #heavy"].values == pytest.approx((4670.491e-6,))
    assert by_name["spec/demo_spec.lua demo plugin computes outer #heavy"].test.tags == ("heavy",)
    assert by_name["spec/demo_spec.lua demo plugin computes outer #heavy"].test.file == "spec/demo_spec.lua"
    assert by_name["busted suite"].values == pytest.approx((9091.3e-6,))
    # the profile's median test matches the one profile.json gives (196.241 us)
    durations = sorted(m.values[0] for m in run.measurements if m.test.name != "busted suite")
    assert durations[len(durations) // 2] == pytest.approx(196.241e-6)
    leaf = nodes_of(run, "spec/demo_spec.lua demo plugin fast things #simple computes a leaf")
    assert leaf[("vim.fn.join",)].total == pytest.approx(8.473e-6)
    assert leaf[("vim.fn.join", "vim.shared.call")].total == pytest.approx(6.941e-6)
    assert leaf[("vim.fn.join",)].self_time == pytest.approx(1.532e-6)
    suite = [n for n in run.profiles if n.test.name == "busted suite"]
    assert sum(n.calls for n in suite) == 524  # every `function` event


def test_busted_tree_gives_one_run_per_release() -> None:
    runs, _ = settled(DATA / "busted_profiler/benchmarks")
    assert [(r.tag, r.time, r.format) for r in runs] == [
        ("v1.0.0", datetime(2026, 11, 27, 13, 53, 1, tzinfo=UTC), "busted-profiler-tree"),
        ("v1.0.1", datetime(2026, 11, 27, 13, 53, 2, tzinfo=UTC), "busted-profiler-tree"),
        ("v1.1.0", datetime(2026, 11, 27, 13, 53, 3, tzinfo=UTC), "busted-profiler-tree"),
    ]
    first = {m.test.name: m for m in runs[0].measurements}
    assert len(first) == 4
    assert first["spec/demo_spec.lua demo plugin computes middle"].values == pytest.approx((889.032e-6,))
    assert first["busted suite"].values == pytest.approx((8350.459e-6,))
    assert first["spec/demo_spec.lua demo plugin fast things #simple computes a leaf"].test.tags == ("simple",)


def test_busted_tree_tag_folders_add_tags(tmp_path: Path) -> None:
    import shutil

    tree = tmp_path / "benchmarks"
    shutil.copytree(DATA / "busted_profiler/benchmarks", tree)
    shutil.copytree(tree / "tags/heavy", tree / "tags/slow")
    runs = busted_tree.parse(Source.from_path(tree))
    outer = next(m for m in runs[0].measurements if "computes outer" in m.test.name)
    assert outer.test.tags == ("heavy", "slow")


def test_truncated_trace_names_the_place() -> None:
    source = Source.from_bytes(
        b'{"traceEvents": [{"ph": "X", "name": "a", "ts": 1, "dur": 2}, {"ph": "X", "na', name="cut.json"
    )
    with pytest.raises(InputError, match=r"cut.json: invalid JSON after \$.traceEvents\[0\]"):
        settle_profile(chrome_trace.parse(source)[0])


def test_non_numeric_timestamp_names_the_json_path() -> None:
    source = Source.from_bytes(b'[{"ph": "B", "name": "a", "ts": "soon"}]', name="bad.json")
    with pytest.raises(InputError, match=r"bad.json:\$\[0\].ts: expected a number of microseconds, found 'soon'"):
        settle_profile(chrome_trace.parse(source)[0])


def test_speedscope_frame_out_of_range_names_the_json_path() -> None:
    text = (
        b'{"shared":{"frames":[{"name":"a"}]},'
        b'"profiles":[{"type":"sampled","unit":"seconds","samples":[[0,3]],"weights":[1]}]}'
    )
    with pytest.raises(
        InputError, match=r"\$.profiles\[0\].samples\[0\]\[1\]: expected a frame index below 1, found 3"
    ):
        settle_profile(speedscope.parse(Source.from_bytes(text, name="s.json"))[0])


def test_folded_file_with_no_stack_is_refused() -> None:
    with pytest.raises(InputError, match="no line of the form"):
        settle_profile(folded.parse(Source.from_bytes(b"hello world\n", name="x.txt"))[0])


def test_busted_trace_without_test_events_points_to_the_generic_format() -> None:
    source = Source.from_bytes(
        b'[{"ph":"X","cat":"function","name":"f","ts":1,"dur":1,"pid":1,"tid":1}]', name="f.json"
    )
    with pytest.raises(InputError, match=r"no test events .* try --format chrome-trace"):
        busted_flamegraph.parse(source)
