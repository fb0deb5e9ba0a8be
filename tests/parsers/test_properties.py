"""Properties: spread strings, CSV round trips, and garbage never crashing sniffers or parsers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tracker import parsers
from tracker.errors import InputError
from tracker.parsers import Source, csv_long
from tracker.parsers._support import spread

finite = st.floats(min_value=1e-9, max_value=1e12, allow_nan=False)


@given(finite, finite)
def test_plus_minus_and_bare_spreads_are_kept_as_given(value: float, deviation: float) -> None:
    for text in (f"± {deviation!r}", f"+/- {deviation!r}", repr(deviation), deviation):
        assert spread.stddev_from_range(text, value) == pytest.approx(deviation)


@given(finite, st.floats(min_value=0, max_value=500), st.integers(min_value=2, max_value=200))
def test_percent_margins_scale_with_the_value_and_grow_with_samples(value: float, pct: float, n: int) -> None:
    sd = spread.stddev_from_range(f"±{pct}%", value, samples=n)
    assert sd is not None and sd >= 0
    assert sd == pytest.approx(pct / 100 * value * math.sqrt(n) / spread._t_value(n - 1))


@given(st.text(max_size=40))
def test_spread_text_is_a_number_or_a_clear_value_error(text: str) -> None:
    try:
        result = spread.stddev_from_range(text, 1.0)
    except ValueError as error:
        assert "expected" in str(error)
    else:
        assert result is None or result >= 0


rows = st.lists(
    st.tuples(
        st.sampled_from(["a1b2c3", "d4e5f6"]),
        st.text(alphabet="abcdefgh_/[]:.", min_size=1, max_size=20),
        st.floats(min_value=0, max_value=1e9, allow_nan=False),  # a negative time is refused
    ),
    min_size=1,
    max_size=30,
)


@given(rows)
def test_csv_rows_come_back_as_the_same_samples(data: list[tuple[str, str, float]]) -> None:
    text = "commit,test,value,unit\n" + "".join(f'{c},"{t}",{v!r},s\n' for c, t, v in data)
    runs = csv_long.parse(Source.from_bytes(text.encode(), "history.csv"))
    read = [(run.commit.sha, m.test.name, v) for run in runs if run.commit for m in run.measurements for v in m.values]
    assert sorted(read) == sorted(data)


@settings(max_examples=60)
@given(st.binary(max_size=300))
@example(data=b"\x1f\x8b")  # a truncated gzip header: the sniffers' sample raised while decompressing
def test_garbage_never_crashes_a_sniffer_and_parsing_fails_only_with_input_errors(data: bytes) -> None:
    source = Source.from_bytes(data, "garbage")
    for module in parsers.FORMATS:
        assert isinstance(module.sniff(source), bool)
        if module.NAME in {"asv", "criterion", "busted-profiler-tree"}:
            continue  # folder formats
        try:
            module.parse(Source.from_bytes(data, "garbage"))
        except InputError as error:
            assert "garbage" in str(error)


def test_criterion_folder_samples_summary_and_throughput() -> None:
    (run,) = parsers.by_name("criterion").parse(Source.from_path(DATA / "criterion/criterion"))
    by_key = {(m.test.name, m.metric.name): m for m in run.measurements}
    fib = by_key[("fib 15", "time")]
    assert len(fib.values) == 20 and fib.summary is not None and fib.summary.median is not None
    assert 1e-7 < fib.summary.median < 1e-4
    assert len(by_key[("copy/4k", "bandwidth")].values) == 20


def test_formats_command_lists_every_format_with_an_example(tmp_path: Path) -> None:
    from tests.cli.helpers import run

    outcome = run("formats", "--format", "json")
    assert outcome.exit_code == 0
    import json

    listed = json.loads(outcome.stdout)
    assert len(listed) >= 18
    assert all(entry["example"] and entry["description"] for entry in listed)
    assert [entry["name"] for entry in listed] == parsers.names()
