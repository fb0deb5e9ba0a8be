"""Units as tools write them, mapped to tracker's canonical metrics.

Every parser turns a tool's unit string into a `Metric` in a canonical unit and a factor that
converts the tool's numbers into it: time to seconds, memory and sizes to bytes, rates to "per second".
Rates (`ops/sec`, `iter/sec`, `MB/s`) are higher-is-better; times, sizes and counts are
lower-is-better. An unknown unit becomes a metric of its own, named after the unit, so that
nothing is silently mixed with seconds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tracker.domain import Direction, Metric
from tracker.errors import InputError

LOWER = Direction.LOWER_IS_BETTER
HIGHER = Direction.HIGHER_IS_BETTER

SECONDS: dict[str, float] = {
    "ps": 1e-12,
    "ns": 1e-9,
    "nsec": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "usec": 1e-6,
    "ms": 1e-3,
    "msec": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
}

BYTES: dict[str, float] = {
    "b": 1.0,
    "kb": 1e3,
    "kib": 1024.0,
    "mb": 1e6,
    "mib": 1024.0**2,
    "gb": 1e9,
    "gib": 1024.0**3,
    "tb": 1e12,
    "tib": 1024.0**4,
}

# Units spelled out (`milliseconds`, `Kilobytes`), singular or plural, and plural abbreviations (`secs`).
_SPELLED = {
    "picosecond": 1e-12, "nanosecond": 1e-9, "microsecond": 1e-6, "millisecond": 1e-3, "second": 1.0,
    "minute": 60.0, "hour": 3600.0,
}  # fmt: skip
_SPELLED_BYTES = {
    "byte": 1.0, "kilobyte": 1e3, "kibibyte": 1024.0, "megabyte": 1e6, "mebibyte": 1024.0**2,
    "gigabyte": 1e9, "gibibyte": 1024.0**3, "terabyte": 1e12, "tebibyte": 1024.0**4,
}  # fmt: skip
for _table, _words in ((SECONDS, _SPELLED), (BYTES, _SPELLED_BYTES)):
    _table.update({form: factor for word, factor in _words.items() for form in (word, word + "s")})
SECONDS.update(
    {abbreviation + "s": SECONDS[abbreviation] for abbreviation in ("nsec", "usec", "msec", "sec", "min", "hr")}
)

CANONICAL = {"time", "cpu_time", "memory", "size", "allocations", "throughput", "bandwidth"}

# Words that say which statistic a value is ("median ms", "p95 ms"); the test name tells them apart.
_STATISTIC = re.compile(r"^(?:median|mean|avg|average|min|max|p\d{1,2}(?:\.\d+)?)\s+", re.IGNORECASE)
_PER_OPERATION = re.compile(r"^(?P<unit>[^/\s]+)\s*/\s*(?:op|ops|iter|iteration|call|run)$", re.IGNORECASE)
_RATE = re.compile(r"^(?P<count>[^/\s]+)\s*/\s*(?P<time>[^/\s]+)$")
_COUNTS = {"op", "ops", "iter", "iters", "iteration", "iterations", "req", "reqs", "requests", "calls", "runs", "hz"}


@dataclass(frozen=True)
class Scale:
    """How to read a tool's numbers: multiply by `factor` to get `metric.unit`."""

    metric: Metric
    factor: float = 1.0

    def __call__(self, value: float) -> float:
        return value * self.factor


def time(name: str = "time") -> Metric:
    return Metric(name, "s", LOWER)


# A number whose file says nothing of its unit or direction: lower is better, as for unknown units.
VALUE = Metric("value", "value", LOWER)


@functools.lru_cache(maxsize=1024)  # a history names the same few units hundreds of thousands of times
def scale_of(unit: str, *, name: str | None = None, direction: Direction | None = None) -> Scale:
    """The canonical metric for UNIT. NAME renames it (`cpu_time`); DIRECTION overrides the usual one."""
    text = _STATISTIC.sub("", unit.strip())
    key = text.lower()
    per_op = _PER_OPERATION.match(text)
    base = per_op["unit"].lower() if per_op else key
    scale: Scale
    if base in SECONDS:
        scale = Scale(time(), SECONDS[base])
    elif base in BYTES:  # bytes per operation are allocations; bare bytes a size (a bundle, a file)
        scale = Scale(Metric("memory" if per_op else "size", "B", LOWER), BYTES[base])
    elif base in {"allocs", "alloc", "allocations"}:
        scale = Scale(Metric("allocations", "count", LOWER))
    elif key in {"hz", "ops", "ops/s"}:
        scale = Scale(Metric("throughput", "1/s", HIGHER))
    elif rate := _RATE.match(text):
        scale = _rate(rate["count"], rate["time"], text)
    else:
        scale = Scale(Metric(text or "value", text or "value", LOWER))
    return _adjusted(scale, name, direction)


def checked_duration(value: float, metric: Metric, source: str, where: str) -> float:
    """VALUE, refused when it is a time below zero (no clock measures one; zero is a coarse timer's reading)."""
    if metric.unit == "s" and value < 0:
        raise InputError(source, f"expected a duration of zero or more, found the negative time {value!r}", where=where)
    return value


def _rate(count: str, per: str, text: str) -> Scale:
    seconds = SECONDS.get(per.lower())
    if seconds is None:
        return Scale(Metric(text, text, LOWER))
    if count.lower() in BYTES:
        return Scale(Metric("bandwidth", "B/s", HIGHER), BYTES[count.lower()] / seconds)
    if count.lower() in _COUNTS:
        return Scale(Metric("throughput", "1/s", HIGHER), 1.0 / seconds)
    return Scale(Metric(f"{count}/s", f"{count}/s", HIGHER), 1.0 / seconds)


def _adjusted(scale: Scale, name: str | None, direction: Direction | None) -> Scale:
    metric = scale.metric
    if name is not None:
        metric = Metric(name, metric.unit, metric.direction)
    if direction is not None and direction is not metric.direction:
        # A metric name means one direction in the database: the usual ones keep theirs.
        renamed = f"{metric.name} ({direction.value} is better)" if metric.name in CANONICAL else metric.name
        metric = Metric(renamed, metric.unit, direction)
    return Scale(metric, scale.factor)
