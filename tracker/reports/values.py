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


RATIO_FROM_PCT = 900.0
"""From +900% (10 times the baseline) on, a change reads better as a ratio: +19891.7% is 200x."""


def format_percent(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= RATIO_FROM_PCT:
        return f"{1 + value / 100:.3g}×"
    return f"{value:+.1f}%"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 change point`, `2 change points` (MANY for words that do not just take an s)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def format_span(low: str, high: str) -> str:
    """A range of two formatted values; one value when both ends are the same."""
    return low if low == high else f"{low}..{high}"
