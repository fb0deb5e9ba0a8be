"""pytest-benchmark saved JSON (`--benchmark-json`, `--benchmark-autosave`), schema 3 to 5.

Raw per-round times come from `stats.data` when pytest-benchmark was asked to keep them
(`--benchmark-save-data`); otherwise only the summary statistics are stored and the statistics
know that samples are missing. The test's full name is `fullname` (`path::test[param]`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.domain import TIME, CommitInfo, Measurement, ParsedRun, Summary, TestCase, tags_in
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source

NAME = "pytest-benchmark"
DESCRIPTION = "pytest-benchmark saved JSON (--benchmark-json / --benchmark-autosave), versions 3 to 5"
EXAMPLE = '{"machine_info":{...},"commit_info":{"id":"..."},"benchmarks":[{"fullname":"t.py::test","stats":{...}}]}'

_SUMMARY_KEYS = ("mean", "median", "stddev", "min", "max", "q1", "q3")


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and '"machine_info"' in head and '"benchmarks"' in head


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    benchmarks = fields.array(document.get("benchmarks"), "$.benchmarks")
    measurements = tuple(
        _measurement(fields, fields.object(item, f"$.benchmarks[{i}]"), f"$.benchmarks[{i}]")
        for i, item in enumerate(benchmarks)
    )
    commit_info = fields.object(document.get("commit_info") or {}, "$.commit_info")
    run = ParsedRun(
        format=NAME,
        tool="pytest-benchmark",
        source=source.name,
        measurements=measurements,
        commit=_commit(fields, commit_info, source.name),
        branch=fields.optional_string(commit_info.get("branch"), "$.commit_info.branch"),
        time=_time(source.name, fields.optional_string(document.get("datetime"), "$.datetime"), "$.datetime"),
        environment=_environment(fields.object(document.get("machine_info") or {}, "$.machine_info")),
    )
    return [run]


def _measurement(fields: JsonFields, item: dict[str, Any], path: str) -> Measurement:
    name = fields.string(item.get("fullname") or item.get("name"), f"{path}.fullname")
    stats = fields.object(item.get("stats"), f"{path}.stats")
    raw = stats.get("data")
    values: tuple[float, ...] = ()
    if raw is not None:
        data = fields.array(raw, f"{path}.stats.data")
        # An elided list (`"... omitted to keep this file small"`) holds only the first rounds, the
        # warm ones: biased, so the summary of all rounds stands alone.
        if not any(isinstance(v, str) and v.lstrip().startswith("...") for v in data):
            values = tuple(_duration(fields, v, f"{path}.stats.data[{j}]") for j, v in enumerate(data))
    numbers = {key: fields.optional_number(stats.get(key), f"{path}.stats.{key}") for key in _SUMMARY_KEYS}
    rounds = fields.optional_number(stats.get("rounds"), f"{path}.stats.rounds")
    summary = Summary(n=None if rounds is None else int(rounds), **numbers)
    file = name.split("::", 1)[0] if "::" in name else None
    return Measurement(test=TestCase(name, file, tags_in(name)), metric=TIME, values=values, summary=summary)


def _duration(fields: JsonFields, value: Any, path: str) -> float:
    return units.checked_duration(fields.number(value, path), TIME, fields.source, path)


def _commit(fields: JsonFields, info: dict[str, Any], name: str) -> CommitInfo | None:
    sha = fields.optional_string(info.get("id"), "$.commit_info.id")
    if not sha:
        return None
    when = fields.optional_string(info.get("time"), "$.commit_info.time")
    return CommitInfo(sha=sha, time=_time(name, when, "$.commit_info.time"))


def _time(name: str, text: str | None, path: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise InputError(name, f"expected an ISO 8601 time, found {text!r}", where=path) from error


def _environment(machine: dict[str, Any]) -> dict[str, str]:
    cpu = machine.get("cpu")
    cpu_name = cpu.get("brand_raw") or cpu.get("brand") if isinstance(cpu, dict) else cpu
    environment = {
        "machine": machine.get("node"),
        "os": " ".join(str(machine[k]) for k in ("system", "release") if machine.get(k)),
        "cpu": cpu_name,
        "interpreter": " ".join(str(machine[k]) for k in ("python_implementation", "python_version") if machine.get(k)),
    }
    return {key: str(value) for key, value in environment.items() if value}
