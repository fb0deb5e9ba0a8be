"""Criterion.rs results: `target/criterion/<benchmark>/new/{estimates,sample,benchmark}.json`.

Point `tracker ingest` at `target/criterion` (or `target`) to read every benchmark as one run, or
at one `new/estimates.json`. `sample.json` gives the samples: each is the total time of `iters`
iterations, so a sample is `times[i] / iters[i]` nanoseconds per iteration, in seconds here.
`estimates.json` gives the summary (mean, median, standard deviation). The test is the
benchmark's `full_id` from `benchmark.json` (else its folder path). A declared throughput
(`Bytes` or `Elements` per iteration) adds a `bandwidth` or `throughput` metric per sample.
`base/` and `change/` hold criterion's previous run and its comparison: they are not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tracker.domain import Direction, Metric, ParsedRun, Summary
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source, parse_json

NAME = "criterion"
DESCRIPTION = "Criterion.rs target/criterion folders, or one new/estimates.json (with sample.json beside it)"
EXAMPLE = 'target/criterion/fib 20/new/estimates.json: {"mean":{"point_estimate":18149.2,...},"median":{...},...}'

_NS = 1e-9
_FOLDER_PATTERNS = ("new/estimates.json", "*/new/estimates.json", "*/*/new/estimates.json")


def sniff(source: Source) -> bool:
    if source.path is None:
        return False
    if source.is_dir:
        roots = [source.path, source.path / "criterion"]
        return any(next(root.glob(pattern), None) for root in roots for pattern in _FOLDER_PATTERNS)
    if source.path.parent.name != "new":
        return False
    head = source.head()
    if source.filename == "estimates.json":
        return '"point_estimate"' in head and '"std_dev"' in head
    if source.filename == "sample.json":
        return '"iters"' in head and '"times"' in head and not (source.path.parent / "estimates.json").exists()
    return False


def parse(source: Source) -> list[ParsedRun]:
    if source.path is None:
        raise InputError(source.name, "criterion results are read from their files or folder; pass a path")
    if source.is_dir:
        root = source.path / "criterion" if (source.path / "criterion").is_dir() else source.path
        folders = sorted({p.parent for pattern in _FOLDER_PATTERNS for p in root.glob(pattern)})
    else:
        root, folders = source.path.parent.parent.parent, [source.path.parent]
    collector = Collector()
    for folder in folders:
        _read_benchmark(collector, folder, root)
    return [ParsedRun(format=NAME, tool="criterion", source=source.name, measurements=collector.measurements())]


def _read_benchmark(collector: Collector, folder: Path, root: Path) -> None:
    info = _json(folder / "benchmark.json") or {}
    name = info.get("full_id") if isinstance(info.get("full_id"), str) else None
    if name is None:
        name = folder.parent.relative_to(root).as_posix() if folder.parent != root else folder.parent.name
    test = test_case(name)
    values: list[float] = []
    sample = _json(folder / "sample.json")
    if sample is not None:
        fields = JsonFields(str(folder / "sample.json"))
        iters = fields.array(sample.get("iters"), "$.iters")
        times = fields.array(sample.get("times"), "$.times")
        if len(iters) != len(times):
            raise InputError(fields.source, f"expected as many times as iters ({len(iters)}), found {len(times)}")
        for i, (count, total) in enumerate(zip(iters, times, strict=True)):
            iterations = fields.number(count, f"$.iters[{i}]")
            if iterations <= 0:
                raise fields.fail(f"$.iters[{i}]", "a positive iteration count", count)
            values.append(fields.number(total, f"$.times[{i}]") / iterations * _NS)
    summary = None
    estimates = _json(folder / "estimates.json")
    if estimates is not None:
        fields = JsonFields(str(folder / "estimates.json"))
        picked = {
            field: _estimate(fields, estimates, key)
            for key, field in (("mean", "mean"), ("median", "median"), ("std_dev", "stddev"))
        }
        summary = Summary(n=len(values) or None, **picked)
    collector.add(test, units.time(), values, summary=summary)
    _add_throughput(collector, test, info.get("throughput"), values)


def _estimate(fields: JsonFields, estimates: dict[str, Any], key: str) -> float | None:
    entry = estimates.get(key)
    if entry is None:
        return None
    point = fields.object(entry, f"$.{key}").get("point_estimate")
    return fields.number(point, f"$.{key}.point_estimate") * _NS


def _add_throughput(collector: Collector, test: Any, throughput: Any, values: list[float]) -> None:
    if not isinstance(throughput, dict) or not values:
        return
    for kind, metric in (
        ("Bytes", Metric("bandwidth", "B/s", Direction.HIGHER_IS_BETTER)),
        ("BytesDecimal", Metric("bandwidth", "B/s", Direction.HIGHER_IS_BETTER)),
        ("Elements", Metric("throughput", "1/s", Direction.HIGHER_IS_BETTER)),
    ):
        amount = throughput.get(kind)
        if isinstance(amount, int | float) and amount > 0:
            collector.add(test, metric, [amount / value for value in values if value > 0])
            return


def _json(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read: {error}") from error
    document = parse_json(text, str(path))
    if not isinstance(document, dict):
        raise InputError(str(path), "expected a JSON object", where="$")
    return document
