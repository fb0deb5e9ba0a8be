"""A bare series of numbers: `[1.5, 1.7, ...]` or `{"series": [1.5, 1.7, ...]}`, oldest first.

Such files (MongoDB's signal-processing-algorithms test series, a column copied out of a
spreadsheet) hold one metric's history and nothing else: no commits, times, units or names.
Each point becomes one run with one value, so that `tracker changes` and `tracker history`
see the series as it is. The test is named after the file (`long_series.json` -> `long_series`,
`stdin` when piped in), as profile-only files name theirs; the metric is `value`, lower is
better (the file does not say). Each point's commit is the synthetic `series-<test>-<index>`
(index from 0, as in the file), which no git repository knows: it only keeps the points apart
and in order, and marks them as stand-ins.
Other keys of an object (MongoDB's `expected`) are not read. A list of numbers is read whatever
its numbers mean: `expected_result_*.json` files of the same suite read as series too.
"""

from __future__ import annotations

import re

from tracker.domain import CommitInfo, Measurement, ParsedRun
from tracker.errors import InputError
from tracker.parsers._support import units
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.profile_subject import profile_subject
from tracker.parsers._support.source import Source

NAME = "series-json"
DESCRIPTION = 'a bare JSON series of numbers, [1.5, 1.7, ...] or {"series": [...]}: one run per point'
EXAMPLE = '{"series": [28681.1, 29161.1, 28751.1, 29028.7]}'

_SNIFF = re.compile(r'^\s*(?:\[\s*[-+\d.]|\{\s*"series"\s*:\s*\[\s*[-+\d.\]])')


def sniff(source: Source) -> bool:
    return _SNIFF.match(source.head().lstrip("\ufeff")) is not None


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = source.json()
    path = "$"
    if isinstance(document, dict):
        document, path = document.get("series"), "$.series"
    points = fields.array(document, path)
    if not points:
        raise InputError(source.name, "the series is empty: nothing to store", where=path)
    test = profile_subject(source)
    name = test.name
    return [
        ParsedRun(
            format=NAME,
            tool="series",
            source=source.name,
            measurements=(Measurement(test, units.VALUE, (fields.number(value, f"{path}[{index}]"),)),),
            commit=CommitInfo(sha=f"series-{name}-{index}"),
        )
        for index, value in enumerate(points)
    ]
