"""busted `-o json`: one JSON document per `--repeat`, one per line or re-indented (`jq .`).

The full test name is `<spec file> <describe ...> <it>` (the file from `trace.short_src`, the
line of the `it` from `element.trace.currentline`), the
way the original busted profiler named its test events. busted gives a duration
(`element.duration`, seconds) only for passing tests: failures, errors and pendings are stored
with their status and no sample, so they count in the run but never in a timing. Each line is
one repeat and adds one sample per passing test.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.domain import TIME, Measurement, ParsedRun, Status, TestCase, tags_in
from tracker.errors import InputError
from tracker.parsers._support.collect import line_number
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source, parse_json_documents

NAME = "busted-json"
DESCRIPTION = "busted `-o json` output (one document per --repeat, any layout)"
EXAMPLE = '{"successes":[{"name":"outer it","trace":{"short_src":"spec/a_spec.lua"},"element":{"duration":0.01}}],...}'

_STATUS_KEYS = {
    "successes": Status.PASSED,
    "failures": Status.FAILED,
    "errors": Status.ERROR,
    "pendings": Status.SKIPPED,
}


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and all(f'"{key}"' in head for key in ("successes", "failures", "errors"))


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    text = source.read_text()
    if not text.strip():
        raise InputError(
            source.name,
            "empty: busted 2.1 writes nothing with -o json when a test is pending; "
            "run it with --suppress-pending, or with -o junit",
        )
    values: dict[str, list[float]] = {}
    cases: dict[str, TestCase] = {}
    statuses: dict[str, Status] = {}
    started: list[float] = []
    for number, found in parse_json_documents(text, source.name):
        document = fields.object(found, f"line {number}")
        for key, status in _STATUS_KEYS.items():
            entries = fields.array(document.get(key, []), f"line {number}: $.{key}")
            for index, entry in enumerate(entries):
                path = f"line {number}: $.{key}[{index}]"
                case, duration, start = _read_entry(fields, fields.object(entry, path), path)
                cases.setdefault(case.name, case)
                statuses[case.name] = _worse(statuses.get(case.name), status)
                samples = values.setdefault(case.name, [])
                if status is Status.PASSED and duration is not None:
                    samples.append(duration)
                if start is not None:
                    started.append(start)
    measurements = tuple(
        Measurement(test=cases[name], metric=TIME, values=tuple(samples), status=statuses[name])
        for name, samples in values.items()
    )
    time = datetime.fromtimestamp(min(started), UTC) if started else None
    return [ParsedRun(format=NAME, tool="busted", source=source.name, measurements=measurements, time=time)]


def _read_entry(fields: JsonFields, entry: dict[str, Any], path: str) -> tuple[TestCase, float | None, float | None]:
    name = fields.string(entry.get("name"), f"{path}.name")
    trace = fields.object(entry.get("trace", {}), f"{path}.trace")
    spec = fields.optional_string(trace.get("short_src"), f"{path}.trace.short_src")
    element = fields.object(entry.get("element", {}), f"{path}.element")
    duration = fields.optional_number(element.get("duration"), f"{path}.element.duration")
    start = fields.optional_number(element.get("starttime"), f"{path}.element.starttime")
    full_name = f"{spec} {name}" if spec else name
    # The line of the `it`: the element's trace; the entry's own trace points at a failure's assertion.
    line = line_number(fields.object(element.get("trace", {}), f"{path}.element.trace").get("currentline"))
    line = line or line_number(trace.get("currentline"))
    return TestCase(name=full_name, file=spec, tags=tags_in(full_name), line=line), duration, start


_SEVERITY = [Status.PASSED, Status.SKIPPED, Status.FAILED, Status.ERROR]


def _worse(current: Status | None, new: Status) -> Status:
    """A test that failed in any repeat is reported as failed (an error outranks a failure)."""
    if current is None:
        return new
    return max(current, new, key=_SEVERITY.index)
