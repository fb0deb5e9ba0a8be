"""github-action-benchmark histories are read one entry at a time, with the runs and messages of a whole read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA
from tracker.errors import InputError
from tracker.parsers import Source, github_action_benchmark, read_runs

HISTORIES = sorted((DATA / "github_action_benchmark").glob("*.js"))


def history(entries: int) -> dict[str, object]:
    """A history of ENTRIES commits of one benchmark, 1 ms slower at each commit."""
    return {
        "lastUpdate": 1,
        "entries": {
            "Bench": [
                {
                    "commit": {"id": f"{i + 1:040x}", "message": f"feat: step {i}"},
                    "date": 1_700_000_000_000 + i * 60_000,
                    "tool": "customSmallerIsBetter",
                    "benches": [{"name": "t", "value": 1.0 + i, "unit": "ms"}],
                }
                for i in range(entries)
            ]
        },
    }


@pytest.mark.parametrize("path", HISTORIES, ids=[p.name for p in HISTORIES])
def test_a_streamed_history_gives_the_runs_of_a_whole_read(path: Path) -> None:
    source = Source.from_path(path)
    streamed = list(read_runs(github_action_benchmark, source))
    assert streamed == github_action_benchmark.parse_whole(source)
    assert len(streamed) > 1


@pytest.mark.parametrize(
    "text",
    [
        "window.BENCHMARK_DATA = HISTORY;\n\n",
        "\ufeff  window.BENCHMARK_DATA=HISTORY ;  \n",
        "HISTORY",
        '{"lastUpdate": NaN, "entries": {"Bench": [{"commit": {"id": "abc"}, "benches": []}]}, "x": HISTORY}',
        "window.BENCHMARK_DATA = HISTORY;" + " " * 70_000,
    ],
    ids=["assignment", "byte-order-mark", "bare-json", "nan-elsewhere", "long-tail"],
)
def test_every_spelling_of_a_history_reads_as_a_whole_read_does(text: str) -> None:
    text = text.replace("HISTORY", json.dumps(history(3)))
    source = Source.from_bytes(text.encode(), "data.js")
    assert list(github_action_benchmark.stream(source)) == github_action_benchmark.parse_whole(source)


def test_runs_come_before_the_end_of_the_file_is_read() -> None:
    text = "window.BENCHMARK_DATA = " + json.dumps(history(40), indent=1)
    broken = text[: text.rindex('"commit"')] + '"commit": {"id": "abc"}, "benches": [}]}}'
    source = Source.from_bytes(broken.encode(), "data.js")
    runs = github_action_benchmark.stream(source)
    assert next(runs).commit is not None and next(runs).time is not None  # read before the damage
    with pytest.raises(InputError) as refused:
        list(runs)
    whole = broken.count("\n") + 1
    assert f"data.js:line {whole} column" in str(refused.value)
    assert "invalid JSON: expecting value" in str(refused.value)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ("[1, 2]", "data.js:$: expected an object, found [1, 2]"),
        ('{"entries": null}', "data.js:$.entries: expected an object, found None"),
        ('{"lastUpdate": 1}', "data.js:$.entries: expected an object, found None"),
        ('{"entries": {"B": 3}}', "data.js:$.entries['B']: expected an array, found 3"),
        ('{"entries": {"B": [{"commit": {"id": "a"}, "benches": []}, 3]}}', "$.entries['B'][1]: expected an object"),
        ('{"entries": {}} x', "data.js:line 1: invalid JSON: more data after the end of the document"),
        ('{"entries": {"B\xff": []}}', "data.js: not UTF-8 text (byte 15)"),
    ],
)
def test_a_history_of_the_wrong_shape_is_refused_by_its_path(document: str, words: str) -> None:
    data = document.encode("latin-1") if "\xff" in document else document.encode()
    with pytest.raises(InputError) as refused:
        list(github_action_benchmark.stream(Source.from_bytes(data, "data.js")))
    assert words in str(refused.value)
