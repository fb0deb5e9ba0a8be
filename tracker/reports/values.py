"""How numbers read: durations with a fitting unit, percentages with a sign."""

from __future__ import annotations

_TIME_UNITS = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9))


def format_value(value: float | None, unit: str) -> str:
    """A value in its canonical unit, scaled for reading (seconds become ms, µs or ns)."""
    if value is None:
        return "-"
    if unit == "s":
        for name, scale in _TIME_UNITS:
            if abs(value) >= scale or name == "ns":
                return f"{value / scale:.3g} {name}"
    return f"{value:.4g} {unit}".rstrip()


def format_percent(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"
