"""Google Benchmark JSON (`--benchmark_format=json`, `--benchmark_out`).

Each `iteration` row is one sample of its benchmark (`run_name`): repetitions become several
samples. `real_time` is the `time` metric and `cpu_time` the `cpu_time` metric, both converted
from the row's `time_unit` (ns by default) to seconds. Aggregate rows (`_mean`, `_median`,
`_stddev`) fill the summary; `_cv` is a ratio (printed as a percentage) that the summary already
implies, so it is not stored. Complexity rows: `BigO` stores its coefficients (`time_coefficient`,
`cpu_time_coefficient`, seconds per unit of N), `RMS` its relative error (`rms`, no time unit).
User counters become metrics of their own; `*_per_second` counters are rates (higher is better).
A row with `error_occurred` is an errored test without values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.domain import Direction, Metric, ParsedRun, Status, Summary
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source

NAME = "google-benchmark"
DESCRIPTION = "Google Benchmark JSON (--benchmark_format=json / --benchmark_out)"
EXAMPLE = '{"context":{...},"benchmarks":[{"name":"BM_x","real_time":215,"cpu_time":213,"time_unit":"ns"}]}'

_KNOWN = {
    "name", "run_name", "run_type", "repetitions", "repetition_index", "threads", "iterations", "real_time",
    "cpu_time", "time_unit", "family_index", "per_family_instance_index", "aggregate_name", "aggregate_unit",
    "label", "error_occurred", "error_message", "big_o", "cpu_coefficient", "real_coefficient", "rms",
}  # fmt: skip
_SUMMARY_AGGREGATES = {"mean", "median", "stddev", "min", "max"}


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and '"context"' in head and '"benchmarks"' in head and '"machine_info"' not in head


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    context = fields.object(document.get("context") or {}, "$.context")
    rows = fields.array(document.get("benchmarks"), "$.benchmarks")
    collector = Collector()
    for index, row in enumerate(rows):
        path = f"$.benchmarks[{index}]"
        _read_row(fields, collector, fields.object(row, path), path)
    run = ParsedRun(
        format=NAME,
        tool="google-benchmark",
        source=source.name,
        measurements=collector.measurements(),
        time=_date(context.get("date")),
        environment=_environment(context),
    )
    return [run]


def _read_row(fields: JsonFields, collector: Collector, row: dict[str, Any], path: str) -> None:
    name = fields.string(row.get("name"), f"{path}.name")
    run_name = fields.optional_string(row.get("run_name"), f"{path}.run_name") or name
    aggregate = fields.optional_string(row.get("aggregate_name"), f"{path}.aggregate_name")
    unit = fields.optional_string(row.get("time_unit"), f"{path}.time_unit") or "ns"
    if unit.lower() not in units.SECONDS:
        raise InputError(fields.source, f"expected a time_unit (ns, us, ms or s), found {unit!r}", where=path)
    seconds = units.SECONDS[unit.lower()]
    if row.get("error_occurred"):
        collector.add(test_case(run_name), units.time(), status=Status.ERROR)
        return
    if aggregate == "BigO":
        for key, metric in (("real_coefficient", "time_coefficient"), ("cpu_coefficient", "cpu_time_coefficient")):
            value = fields.optional_number(row.get(key), f"{path}.{key}")
            if value is not None:
                collector.add(test_case(name), units.time(metric), (value * seconds,))
        return
    if aggregate == "RMS":
        rms = fields.number(row.get("rms"), f"{path}.rms")
        collector.add(test_case(name), Metric("rms", "ratio", Direction.LOWER_IS_BETTER), (rms,))
        return
    timings = {
        metric: fields.number(row.get(key), f"{path}.{key}") * seconds
        for key, metric in (("real_time", "time"), ("cpu_time", "cpu_time"))
        if key in row
    }
    if aggregate is not None:
        if aggregate in _SUMMARY_AGGREGATES:
            for metric, value in timings.items():
                collector.add(
                    test_case(run_name),
                    units.time(metric),
                    summary=Summary(**_one(aggregate, value)),
                )
        return  # cv and user-defined aggregates follow from the samples
    test = test_case(run_name)
    for metric, value in timings.items():
        collector.add(test, units.time(metric), (value,))
    for key, value in row.items():
        if key not in _KNOWN and isinstance(value, int | float) and not isinstance(value, bool):
            collector.add(test, _counter(key), (fields.number(value, f"{path}.{key}"),))


def _counter(key: str) -> Metric:
    if key.endswith("_per_second"):
        unit = "B/s" if key.startswith("bytes") else "1/s"
        return Metric(key, unit, Direction.HIGHER_IS_BETTER)
    return Metric(key, "count", Direction.LOWER_IS_BETTER)


def _date(value: Any) -> datetime | None:
    """Older versions wrote dates that are not ISO 8601; the run time then comes from the commit."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _environment(context: dict[str, Any]) -> dict[str, str]:
    cpus, mhz = context.get("num_cpus"), context.get("mhz_per_cpu")
    environment = {
        "machine": context.get("host_name"),
        "cpu": f"{cpus} x {mhz} MHz" if cpus and mhz else None,
        "library": context.get("library_version"),
        "build": context.get("library_build_type"),
    }
    return {key: str(value) for key, value in environment.items() if value}


def _one(statistic: str, value: float) -> dict[str, Any]:
    return {statistic: value}
