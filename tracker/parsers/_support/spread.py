"""The `range` of github-action-benchmark (and custom tools): how much a value varies.

Forms seen in real files, and how each becomes a standard deviation in the value's own unit:

- `± 6431`, `+/- 24`, `3`, `0.519` (a bare number, as text or JSON): an absolute spread. libtest
  prints the range of its winsorized samples, custom tools whatever they chose; none of them
  says more, so the number is kept as given, as the noise scale of the value.
- `±1.40%`: benchmark.js's relative margin of error at 95% confidence. With the sample count
  (`extra: "9 samples"`) it converts back to the standard deviation exactly as benchmark.js
  derived it (Student's t); without it the percentage of the value is kept.
- `stddev: 1.2e-06`: pytest-benchmark's standard deviation of one round, in seconds, while the
  value is in rounds per second; the delta method turns it into the spread of the rate
  (sd(1/t) ≈ sd(t) / t² = sd(t) · value²). For any other unit it is taken as it is.
"""

from __future__ import annotations

import math
import re

_NUMBER = r"[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_PLUS_MINUS = re.compile(rf"^(?:±|\+/-|\+-)?\s*(?P<number>{_NUMBER})\s*(?P<percent>%)?$")
_STDDEV = re.compile(rf"^(?:stddev|std|sd|σ)\s*[:=]?\s*(?P<number>{_NUMBER})$", re.IGNORECASE)
_SAMPLES = re.compile(r"(?P<n>\d+)\s+samples?\b")

# benchmark.js's two-sided 95% Student's t table by degrees of freedom (its `tTable`); 1.96 beyond 30.
_T_TABLE = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
    2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def number(text: str) -> float | None:
    """A number as tools print it (`18,149`, `1.2e-06`), or None."""
    cleaned = text.strip().replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def samples_in(extra: str | None) -> int | None:
    """The sample count benchmark.js writes in `extra` (`"9 samples"`)."""
    match = _SAMPLES.search(extra or "")
    return int(match["n"]) if match else None


def stddev_from_range(
    spread: str | float | int | None,
    value: float,
    *,
    samples: int | None = None,
    per_second: bool = False,
) -> float | None:
    """The standard deviation that SPREAD stands for, in VALUE's unit; None when there is none.

    PER_SECOND says the value is a rate whose `stddev:` was measured on the time of one round.
    Raises ValueError on text that is none of the known forms.
    """
    if spread is None or isinstance(spread, bool):
        return None
    if isinstance(spread, int | float):
        if isinstance(spread, int) and spread.bit_length() > 1000:  # beyond a float: float() would overflow
            raise ValueError("expected a number within a float's range")
        return abs(float(spread)) if math.isfinite(spread) else None
    if not isinstance(spread, str):  # JSON can hold anything here: an object, an array
        raise ValueError("expected a number or a text such as ±1.2%")
    text = spread.strip()
    if not text:
        return None
    if match := _STDDEV.match(text):
        deviation = abs(_parsed(match["number"]))
        return deviation * value * value if per_second else deviation
    match = _PLUS_MINUS.match(text)
    if match is None:
        raise ValueError(f"expected a spread such as '± 6431', '±1.40%' or 'stddev: 1.2e-06', found {text!r}")
    amount = abs(_parsed(match["number"]))
    if not match["percent"]:
        return amount
    margin = amount / 100 * abs(value)
    if samples is None or samples < 2:
        return margin
    return margin / _t_value(samples - 1) * math.sqrt(samples)


def _parsed(text: str) -> float:
    parsed = number(text)
    if parsed is None:
        raise ValueError(f"expected a number, found {text!r}")
    return parsed


def _t_value(degrees: int) -> float:
    return _T_TABLE[degrees - 1] if degrees <= len(_T_TABLE) else 1.96
