"""Compact data files for the charts: JavaScript files that register their data, so that they load
with a `<script>` tag from `file://` too (Chromium refuses `fetch()` of local files).

Values are quantised to 0..9999 between a series' smallest and largest value, on a log scale when
every value is positive (a step of 0.05% of the value for a range of 100x), which is finer than a
chart shows and keeps 2,000 tests x 500 commits under 20 MB.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from typing import Any

from tracker.domain import ChangeKind, CommitSummary
from tracker.reports.dashboard import compact
from tracker.reports.dashboard.model import SHOWN_SAMPLES, TestSeries

STEPS = 9999
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a `<script>` element and in a JavaScript file: no `</script>`, no
    `<!--`, no line separators (U+2028/2029 end a line in older engines)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE_PATTERN.sub(lambda m: _UNSAFE_IN_SCRIPT[m.group()], text)


def chunk_of(key: str) -> str:
    """The data file of a series: the first two hex digits of its test id (256 files at most,
    stable across rebuilds so that a link to a test keeps working)."""
    return key[:2].lower() if re.fullmatch(r"[0-9a-fA-F]{2}", key[:2]) else "zz"


def commits_file(commits: tuple[CommitSummary, ...]) -> str:
    rows = [[c.sha, c.subject, c.type or "", c.time.isoformat() if c.time else ""] for c in commits]
    return f"tracker.commits({script_json(rows)});\n"


def series_file(series: list[TestSeries], commit_index: dict[str, int], flames: dict[str, tuple[str, str]]) -> str:
    """The data of SERIES; COMMIT_INDEX: sha -> position among the branch's commits; FLAMES: key -> the
    paths of the flame graph and its differential (empty when there is none)."""
    data = {s.key: _series(s, commit_index, flames.get(s.key)) for s in series}
    return f"tracker.register({script_json(data)});\n"


def _series(s: TestSeries, commit_index: dict[str, int], flames: tuple[str, str] | None) -> dict[str, Any]:
    position = {p: i for i, p in enumerate(s.positions)}
    known = [v for v in (*s.values, *s.low, *s.high) if v is not None and math.isfinite(v)]
    if s.sample_values:
        known += [min(s.sample_values), max(s.sample_values)]
    scale = _Scale(min(known, default=0.0), max(known, default=0.0))
    codes = [scale.code(v) for v in s.values]
    record: dict[str, Any] = {
        "name": s.name,
        "metric": s.metric,
        "unit": s.unit,
        "lower": s.lower_is_better,
        "tags": list(s.tags),
        "scale": scale.header(),
        "first": s.positions[0] if s.positions else 0,
        "v": compact.vlq(compact.zigzag(b - a) for a, b in itertools.pairwise([0, *codes])),
        "changes": [
            [position[commit_index[c.commit.sha]], round(c.change_pct, 2), c.direction is ChangeKind.REGRESSION]
            for c in s.changes
        ],
        "releases": [[r.tag, position[r.position]] for r in s.releases],
    }
    steps = [b - a for a, b in zip(s.positions, s.positions[1:], strict=False)]
    if any(step != 1 for step in steps):
        record["steps"] = steps
    if any(v is not None for v in s.low):
        # the spread as distances from the median's code: short numbers where the spread is narrow
        record["lo"] = compact.optional(
            None if v is None else m - scale.code(v) for m, v in zip(codes, s.low, strict=True)
        )
        record["hi"] = compact.optional(
            None if v is None else scale.code(v) - m for m, v in zip(codes, s.high, strict=True)
        )
    record["n"] = s.samples[0] if len(set(s.samples)) == 1 else list(s.samples)
    if s.sample_counts:
        record.update(_samples(s, scale, codes, max(abs(v) for v in known)))
    if flames:
        record["flame"], record["diff"] = flames
        record["against"] = s.flame.baseline if s.flame else ""
    return record


def _samples(s: TestSeries, scale: _Scale, codes: list[int], largest: float) -> dict[str, Any]:
    """The raw values: "sn" how many each commit has (one number when all have as many), "ss" the
    step of "s", the values packed around the medians the chart draws (see `compact`)."""
    shown = [min(n, SHOWN_SAMPLES) for n in s.sample_counts]
    step = compact.sample_step(log=scale.log, largest=largest)
    medians = [scale.value(code) for code in codes]
    packed = compact.sample_codes(medians, shown, s.sample_values, log=scale.log, step=step)
    counts = s.sample_counts
    return {
        "sn": counts[0] if len(set(counts)) == 1 else compact.vlq(counts),
        "ss": step,
        "sk": SHOWN_SAMPLES,
        "s": compact.vlq(packed),
    }


class _Scale:
    def __init__(self, low: float, high: float) -> None:
        self.log = low > 0
        self.low = math.log(low) if self.log else low
        top = math.log(high) if self.log else high
        self.step = (top - self.low) / STEPS if top > self.low else 0.0

    def header(self) -> list[Any]:
        return ["log" if self.log else "lin", self.low, self.step]

    def value(self, code: int) -> float:
        """What the chart decodes CODE to."""
        x = self.low + code * self.step
        return math.exp(x) if self.log else x

    def code(self, value: float) -> int:
        if not self.step:
            return 0
        x = math.log(value) if self.log else value
        return max(0, min(STEPS, round((x - self.low) / self.step)))
