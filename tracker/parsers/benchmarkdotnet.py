"""BenchmarkDotNet JSON exporters (`--exporters json`, full or brief).

A test per benchmark case (`FullName`, which carries the parameters). Samples are the per-
operation times of the workload's result iterations: `Statistics.OriginalValues` (ns) when the
full exporter wrote them, else `Measurements` with `IterationMode: Workload` and
`IterationStage: Result` (`Nanoseconds / Operations`). `Statistics` fill the summary; the memory
diagnoser's `BytesAllocatedPerOperation` is one `memory` sample. A case without statistics (it
failed to run) is an errored test.
"""

from __future__ import annotations

from typing import Any

from tracker.domain import ParsedRun, Status, Summary
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source

NAME = "benchmarkdotnet"
DESCRIPTION = "BenchmarkDotNet JSON (full or brief exporter): workload result iterations as samples"
EXAMPLE = '{"HostEnvironmentInfo":{...},"Benchmarks":[{"FullName":"Ns.Type.Method","Statistics":{...}}]}'

_NS = 1e-9
_SUMMARY = {"N": "n", "Mean": "mean", "Median": "median", "StandardDeviation": "stddev", "Min": "min", "Max": "max"}
_SUMMARY |= {"Q1": "q1", "Q3": "q3"}


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and '"HostEnvironmentInfo"' in head and '"Benchmarks"' in head


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    collector = Collector()
    for index, item in enumerate(fields.array(document.get("Benchmarks"), "$.Benchmarks")):
        path = f"$.Benchmarks[{index}]"
        _read_case(fields, collector, fields.object(item, path), path)
    host = fields.object(document.get("HostEnvironmentInfo") or {}, "$.HostEnvironmentInfo")
    environment = {
        "os": host.get("OsVersion"),
        "cpu": host.get("ProcessorName"),
        "interpreter": host.get("RuntimeVersion"),
    }
    return [
        ParsedRun(
            format=NAME,
            tool="benchmarkdotnet",
            source=source.name,
            measurements=collector.measurements(),
            environment={key: str(value) for key, value in environment.items() if value},
        )
    ]


def _read_case(fields: JsonFields, collector: Collector, case: dict[str, Any], path: str) -> None:
    name = fields.optional_string(case.get("FullName"), f"{path}.FullName")
    test = test_case(name or fields.string(case.get("DisplayInfo"), f"{path}.DisplayInfo"))
    statistics = case.get("Statistics")
    if not isinstance(statistics, dict):
        collector.add(test, units.time(), status=Status.ERROR)
        return
    spath = f"{path}.Statistics"
    raw = statistics.get("OriginalValues")
    if isinstance(raw, list) and raw:
        values = [fields.number(v, f"{spath}.OriginalValues[{i}]") * _NS for i, v in enumerate(raw)]
    else:
        values = _result_iterations(fields, fields.array(case.get("Measurements") or [], f"{path}.Measurements"), path)
    numbers = {field: fields.optional_number(statistics.get(key), f"{spath}.{key}") for key, field in _SUMMARY.items()}
    n = numbers.pop("n")
    summary = Summary(
        n=None if n is None else int(n), **{k: None if v is None else v * _NS for k, v in numbers.items()}
    )
    collector.add(test, units.time(), values, summary=summary)
    memory = fields.object(case.get("Memory") or {}, f"{path}.Memory")
    allocated = fields.optional_number(
        memory.get("BytesAllocatedPerOperation"), f"{path}.Memory.BytesAllocatedPerOperation"
    )
    if allocated is not None:
        collector.add(test, units.scale_of("B/op").metric, (allocated,))


def _result_iterations(fields: JsonFields, measurements: list[Any], path: str) -> list[float]:
    values = []
    for i, item in enumerate(measurements):
        entry = fields.object(item, f"{path}.Measurements[{i}]")
        if entry.get("IterationMode") == "Workload" and entry.get("IterationStage") == "Result":
            operations = fields.number(entry.get("Operations"), f"{path}.Measurements[{i}].Operations")
            nanoseconds = fields.number(entry.get("Nanoseconds"), f"{path}.Measurements[{i}].Nanoseconds")
            values.append(nanoseconds / max(operations, 1.0) * _NS)
    return values
