"""asv (airspeed velocity) results: `results/<machine>/<sha>-<env>.json`, one run per file.

Point `tracker ingest` at the results folder (the one with `benchmarks.json`), at one machine's
folder, or at single result files. Both schemas are read: version 2 (`result_columns`, asv 0.5+)
and version 1 (a value, or `{"result", "params", "stats", "samples"}`, per benchmark).

A parameterised benchmark is one test per parameter combination, named as asv prints it:
`suite.time_x(100, 'pandas')`. asv's `result` is the median of its samples: it goes into the
summary with the quartiles; recorded `samples` (`--record-samples`) are the samples. A `null`
result (the benchmark failed or was skipped) is an errored test. Units come from
`benchmarks.json` (`seconds`, `bytes`, or a `track_` benchmark's own unit); `machine.json`
beside the files gives the environment. asv's `date` is the commit's time.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

from tracker.domain import CommitInfo, Metric, ParsedRun, Status, Summary
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source, parse_json
from tracker.parsers._support.times import epoch_time

NAME = "asv"
DESCRIPTION = "asv results folders (results/<machine>/<sha>-<env>.json, schema 1 and 2) with machine.json"
EXAMPLE = 'results/ci/0064ded5-py3.11.json: {"commit_hash":"0064ded5...","result_columns":[...],"results":{...}}'

_SKIP = {"machine.json", "benchmarks.json"}


def sniff(source: Source) -> bool:
    if source.is_dir:
        assert source.path is not None
        if (source.path / "machine.json").is_file():
            return True
        return (source.path / "benchmarks.json").is_file() and any(source.path.glob("*/machine.json"))
    head = source.head().lstrip()
    return head.startswith("{") and '"commit_hash"' in head and '"results"' in head and source.filename not in _SKIP


def parse(source: Source) -> list[ParsedRun]:
    if not source.is_dir:
        return [_read_file(source, _benchmarks_near(source.path))]
    assert source.path is not None
    if (source.path / "machine.json").is_file():
        folders, benchmarks = [source.path], _benchmarks_near(source.path / "machine.json")
    else:
        folders = sorted(p.parent for p in source.path.glob("*/machine.json"))
        benchmarks = _load(source.path / "benchmarks.json")
    return [
        _read_file(Source.from_path(path), benchmarks)
        for folder in folders
        for path in sorted(folder.glob("*.json"))
        if path.name not in _SKIP
    ]


def _benchmarks_near(path: Path | None) -> dict[str, Any]:
    """`benchmarks.json` of the results folder that holds this machine's folder, if there is one."""
    if path is None:
        return {}
    candidate = path.parent.parent / "benchmarks.json"
    return _load(candidate) if candidate.is_file() else {}


def _load(path: Path) -> dict[str, Any]:
    document = Source.from_path(path).json()
    if not isinstance(document, dict):
        raise InputError(str(path), "expected a JSON object", where="$")
    return document


def _read_file(source: Source, benchmarks: dict[str, Any]) -> ParsedRun:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    sha = fields.string(document.get("commit_hash"), "$.commit_hash")
    results = fields.object(document.get("results"), "$.results")
    columns = document.get("result_columns")
    collector = Collector()
    started: list[float] = []
    for name, entry in results.items():
        path = f"$.results[{name!r}]"
        if columns is not None:
            row = dict(zip(fields.array(columns, "$.result_columns"), fields.array(entry, path), strict=False))
        else:
            row = _version1(entry)
        metric = _metric(name, benchmarks.get(name))
        _add(fields, collector, name, metric, row, path)
        if isinstance(row.get("started_at"), int | float):
            started.append(float(row["started_at"]))
    date = fields.optional_number(document.get("date"), "$.date")
    commit_time = None if date is None else epoch_time(date, source.name, "$.date", milliseconds=True)
    run_time = epoch_time(min(started), source.name, "$.results", milliseconds=True) if started else None
    return ParsedRun(
        format=NAME,
        tool="asv",
        source=source.name,
        measurements=collector.measurements(),
        commit=CommitInfo(sha=sha, time=commit_time),
        time=run_time,
        environment=_environment(document, source.path),
    )


def _version1(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        return {"result": None if entry is None else [entry], "params": []}
    row = {"result": entry.get("result"), "params": entry.get("params") or [], "samples": entry.get("samples")}
    stats = entry.get("stats") or []
    if isinstance(stats, list):
        for key, column in (("q_25", "stats_q_25"), ("q_75", "stats_q_75"), ("repeat", "stats_repeat")):
            row[column] = [s.get(key) if isinstance(s, dict) else None for s in stats]
    if row["result"] is not None and not isinstance(row["result"], list):
        row["result"] = [row["result"]]
    return row


def _add(
    fields: JsonFields, collector: Collector, name: str, metric: units.Scale, row: dict[str, Any], path: str
) -> None:
    results = row.get("result")
    params = fields.array(row.get("params") or [], f"{path}.params")
    combos = [", ".join(str(v) for v in combo) for combo in itertools.product(*params)] if params else [""]
    if results is None:
        for combo in combos:
            collector.add(test_case(f"{name}({combo})" if combo else name), metric.metric, status=Status.ERROR)
        return
    values = fields.array(results, f"{path}.result")
    samples = row.get("samples")
    for index, combo in enumerate(combos):
        test = test_case(f"{name}({combo})" if combo else name)
        value = values[index] if index < len(values) else None
        if value is None or (isinstance(value, float) and math.isnan(value)):
            collector.add(test, metric.metric, status=Status.ERROR)
            continue
        median = fields.number(value, f"{path}.result[{index}]")
        raw = samples[index] if isinstance(samples, list) and index < len(samples) else None
        sampled = [metric(fields.number(v, f"{path}.samples[{index}]")) for v in raw] if isinstance(raw, list) else []
        summary = Summary(
            n=_int_at(row.get("stats_repeat"), index),
            median=metric(median),
            q1=_scaled_at(metric, row.get("stats_q_25"), index),
            q3=_scaled_at(metric, row.get("stats_q_75"), index),
        )
        collector.add(test, metric.metric, sampled, summary=summary)


def _at(column: Any, index: int) -> float | None:
    if not isinstance(column, list) or index >= len(column):
        return None
    value = column[index]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _scaled_at(metric: units.Scale, column: Any, index: int) -> float | None:
    value = _at(column, index)
    return None if value is None else metric(value)


def _int_at(column: Any, index: int) -> int | None:
    value = _at(column, index)
    return None if value is None else int(value)


def _metric(name: str, info: Any) -> units.Scale:
    info = info if isinstance(info, dict) else {}
    kind = str(info.get("type") or name.rsplit(".", 1)[-1].split("_", 1)[0])
    unit = str(info.get("unit") or ("seconds" if kind == "time" else "bytes" if "mem" in kind else "value"))
    scale = units.scale_of(unit)
    if kind in {"peakmemory", "peakmem"}:
        return units.Scale(Metric("peak_memory", scale.metric.unit, scale.metric.direction), scale.factor)
    return scale


def _environment(document: dict[str, Any], path: Path | None) -> dict[str, str]:
    machine: dict[str, Any] = {}
    if path is not None and (path.parent / "machine.json").is_file():
        loaded = parse_json(
            (path.parent / "machine.json").read_text(encoding="utf-8"), str(path.parent / "machine.json")
        )
        machine = loaded if isinstance(loaded, dict) else {}
    params: dict[str, Any] = document["params"] if isinstance(document.get("params"), dict) else {}
    environment = {
        "machine": machine.get("machine") or params.get("machine"),
        "os": machine.get("os") or params.get("os"),
        "cpu": machine.get("cpu") or params.get("cpu"),
        "arch": machine.get("arch") or params.get("arch"),
        "interpreter": f"python {document['python']}" if document.get("python") else None,
        "env_name": document.get("env_name"),
    }
    return {key: str(value) for key, value in environment.items() if value}
