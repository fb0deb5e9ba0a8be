"""Numbers packed for the data files: 2,000 tests x 500 commits is a million medians and spreads,
and with 5 raw values each 5 million values, so each is a code of one to three characters.

Numbers are written as base64 variable-length quantities (the source-map scheme: 5 bits per
character, the sixth says "more follows"), a string that is safe in JSON and in a script. The
medians' codes (`encode`) are the signed steps from one commit to the next; their spread, signed
distances from them. A commit's raw values are sorted and written as the first one's signed
distance from the median the chart shows, then the gaps between neighbours (never negative,
mostly below 32: one character each).

The raw values' step is `SAMPLE_STEP` of the value (a ratio on a log scale, as 1.0005); on a
linear scale (some values are zero or negative) it is that share of the largest magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
SAMPLE_STEP = 0.0005
"""About four significant digits: a value comes back within 0.025% of itself."""


def vlq(numbers: Iterable[int]) -> str:
    """NUMBERS (not negative) as base64 variable-length quantities."""
    out = []
    for number in numbers:
        rest = number
        while rest >= 32:
            out.append(DIGITS[32 | (rest & 31)])
            rest >>= 5
        out.append(DIGITS[rest])
    return "".join(out)


def optional(numbers: Iterable[int | None]) -> str:
    """Signed NUMBERS, some missing: 0 for a missing one, else one more than the zigzagged number."""
    return vlq(0 if number is None else zigzag(number) + 1 for number in numbers)


def zigzag(number: int) -> int:
    """A signed number as one that is not negative: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ..."""
    return number * 2 if number >= 0 else -number * 2 - 1


def sample_step(*, log: bool, largest: float) -> float:
    """The step of the codes: a ratio's logarithm, or on a linear scale a share of the LARGEST magnitude."""
    return SAMPLE_STEP if log else SAMPLE_STEP * (largest or 1.0)


def sample_codes(
    medians: Sequence[float], counts: Sequence[int], values: Sequence[float], *, log: bool, step: float
) -> list[int]:
    """The codes of VALUES (sorted within each commit; COUNTS of them per commit) around the decoded
    MEDIANS: the first value's signed distance, zigzagged, then the gaps."""
    codes: list[int] = []
    start = 0
    for median, count in zip(medians, counts, strict=True):
        previous = 0
        for k, value in enumerate(values[start : start + count]):
            code = round(math.log(value / median) / step) if log else round((value - median) / step)
            codes.append(zigzag(code) if k == 0 else max(0, code - previous))
            previous = max(code, previous) if k else code
        start += count
    return codes
