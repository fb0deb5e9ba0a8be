"""JMH JSON (`-rf json`): one test per benchmark and parameter set.

The primary metric's `rawData` (forks × measurement iterations) are the samples, in `scoreUnit`
converted to canonical units: `thrpt` scores (`ops/s`, `ops/ms`) are `throughput`, higher is
better; `avgt`, `sample` and `ss` scores (`ns/op` ...) are `time`. Percentiles 0, 50 and 100 fill
min, median and max. Secondary metrics (`·gc.alloc.rate.norm` in `B/op` ...) are metrics named
after their key, so that a `·gc.time` in ms never mixes with the benchmark's own time.
"""

from __future__ import annotations

from typing import Any

from tracker.domain import Metric, ParsedRun, Summary
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source

NAME = "jmh"
DESCRIPTION = "JMH JSON (-rf json): rawData samples, thrpt as throughput, avgt/sample/ss as time"
EXAMPLE = '[{"jmhVersion":"1.36","benchmark":"org.x.Bench.run","mode":"thrpt","primaryMetric":{...}}]'


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("[") and '"jmhVersion"' in head and '"primaryMetric"' in head


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    collector = Collector()
    environment: dict[str, str] = {}
    for index, item in enumerate(fields.array(source.json(), "$")):
        path = f"$[{index}]"
        entry = fields.object(item, path)
        test = test_case(_name(fields, entry, path))
        primary = fields.object(entry.get("primaryMetric"), f"{path}.primaryMetric")
        _add_metric(fields, collector, test, primary, f"{path}.primaryMetric", None)
        secondary = fields.object(entry.get("secondaryMetrics") or {}, f"{path}.secondaryMetrics")
        for key, metric in secondary.items():
            metric_path = f"{path}.secondaryMetrics[{key!r}]"
            _add_metric(fields, collector, test, fields.object(metric, metric_path), metric_path, key)
        vm = " ".join(str(entry[k]) for k in ("vmName", "jdkVersion") if entry.get(k))
        if vm:
            environment["interpreter"] = vm
    return [
        ParsedRun(
            format=NAME, tool="jmh", source=source.name, measurements=collector.measurements(), environment=environment
        )
    ]


def _name(fields: JsonFields, entry: dict[str, Any], path: str) -> str:
    name = fields.string(entry.get("benchmark"), f"{path}.benchmark")
    params = fields.object(entry.get("params") or {}, f"{path}.params")
    return f"{name}[{','.join(f'{k}={v}' for k, v in params.items())}]" if params else name


def _add_metric(
    fields: JsonFields, collector: Collector, test: Any, metric: dict[str, Any], path: str, key: str | None
) -> None:
    unit = fields.string(metric.get("scoreUnit"), f"{path}.scoreUnit")
    scale = units.scale_of(unit)
    target = (
        scale.metric
        if key is None
        else Metric(key.lstrip("·").strip() or key, scale.metric.unit, scale.metric.direction)
    )
    raw = fields.array(metric.get("rawData") or [], f"{path}.rawData")
    values = [
        scale(fields.number(value, f"{path}.rawData[{i}][{j}]"))
        for i, fork in enumerate(raw)
        for j, value in enumerate(fields.array(fork, f"{path}.rawData[{i}]"))
    ]
    score = fields.number(metric.get("score"), f"{path}.score")
    percentiles = fields.object(metric.get("scorePercentiles") or {}, f"{path}.scorePercentiles")
    picked = {
        field: scale(fields.number(percentiles[p], f"{path}.scorePercentiles[{p!r}]"))
        for field, p in (("min", "0.0"), ("median", "50.0"), ("max", "100.0"))
        if p in percentiles
    }
    summary = Summary(n=len(values) or None, mean=scale(score), **picked)
    collector.add(test, target, values, summary=summary)
