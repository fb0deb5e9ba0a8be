"""JUnit XML from any producer: busted `-o junit`, pytest `--junitxml`, Maven, ctest, ...

Every `<testcase>` at any depth of (nested) `<testsuite>`s is a test; its `time` (seconds) is one
sample when it passed. Failures (`<failure>`), errors (`<error>`) and skips (`<skipped>`, or a
`status="skipped"` attribute) are stored with their status and no sample: a failing test's time
measures a different path through the code, and busted writes `0.00` for them anyway. A test
found in several suites (busted `--repeat` writes one suite per run) gets one sample per suite.

Names: busted's `classname` is `<spec file>:<line>`, so the full name is `<spec file> <name>`
(the line is kept as the test's place, as is the `file` and `line` pytest writes),
the same id as busted's JSON output; other producers give `<classname>.<name>` (the name alone
when there is no classname). Attributes may come in any order and in single or double quotes;
`skip=` and `skipped=` counts on suites are only totals and are not needed. busted rounds times
to 10 ms, so fast tests show 0.0.
"""

from __future__ import annotations

import re

from tracker.domain import TIME, ParsedRun, Status
from tracker.errors import InputError
from tracker.parsers._support.collect import Collector, line_number, test_case
from tracker.parsers._support.source import Source
from tracker.parsers._support.times import iso_time
from tracker.parsers._support.xmltree import Node, read_xml

NAME = "junit-xml"
DESCRIPTION = "JUnit XML (busted -o junit, pytest --junitxml, and other producers)"
EXAMPLE = (
    "<testsuites><testsuite name='Run 1 of 1'><testcase classname='spec/a_spec.lua:10' name='it works' time='0.01'/>"
)

_LINE_SUFFIX = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
_OUTCOMES = {"failure": Status.FAILED, "error": Status.ERROR, "skipped": Status.SKIPPED}


def sniff(source: Source) -> bool:
    head = source.head().lstrip("\ufeff \t\r\n")
    return head.startswith("<") and ("<testsuite" in head or "<testcase" in head)


def parse(source: Source) -> list[ParsedRun]:
    root = read_xml(source)
    if root.tag not in {"testsuites", "testsuite"}:
        raise InputError(source.name, f"expected <testsuites> or <testsuite>, found <{root.tag}>", where="line 1")
    collector = Collector()
    busted = False
    suites = list(root.iter("testsuite"))
    pytest = any(s.attrs.get("name") == "pytest" for s in suites)
    for case in root.iter("testcase"):
        name, file, from_busted = _pytest_name(case) if pytest else _name(case)
        busted = busted or from_busted
        line = _line(case, busted=from_busted, pytest=pytest)
        status = next((_OUTCOMES[child.tag] for child in case.children if child.tag in _OUTCOMES), Status.PASSED)
        if case.attrs.get("status", "").lower() in {"skipped", "notrun", "disabled"}:
            status = Status.SKIPPED
        values: tuple[float, ...] = ()
        if status is Status.PASSED and case.attrs.get("time", "").strip():
            values = (_seconds(source.name, case),)
        collector.add(test_case(name, file, line), TIME, values, status=status, resolution=_resolution(case, values))
    first = suites[0] if suites else root
    tool = "busted" if busted else "pytest" if pytest else "junit"
    host = first.attrs.get("hostname")
    run = ParsedRun(
        format=NAME,
        tool=tool,
        source=source.name,
        measurements=collector.measurements(),
        time=iso_time(first.attrs.get("timestamp"), source.name, f"line {first.line}: timestamp"),
        environment={"machine": host} if host else {},
    )
    return [run]


def _line(case: Node, *, busted: bool, pytest: bool) -> int | None:
    """The test's source line: busted's classname ends with it; pytest's `line` counts from 0."""
    if busted:
        found = _LINE_SUFFIX.match(case.attrs.get("classname", "").strip())
        return line_number(found["line"]) if found else None
    return line_number(case.attrs.get("line"), first=0 if pytest else 1)


def _name(case: Node) -> tuple[str, str | None, bool]:
    name = case.attrs.get("name", "")
    classname = case.attrs.get("classname", "").strip()
    busted = _LINE_SUFFIX.match(classname)
    if busted:
        return f"{busted['file']} {name}", busted["file"], True
    file = case.attrs.get("file") or None
    return (f"{classname}.{name}" if classname else name), file, False


def _pytest_name(case: Node) -> tuple[str, str | None, bool]:
    """pytest's node id (`tests/test_x.py::TestY::test_z[1]`), the id pytest-benchmark gives the same test.

    pytest writes the node id's path with dots for slashes, `.py` dropped and classes appended
    (`tests.test_x.TestY`); classes are the parts that start with a capital letter (`python_classes`
    is `Test*`), or whatever follows the module that xunit1's `file` attribute names.
    """
    name = case.attrs.get("name", "")
    parts = [part for part in case.attrs.get("classname", "").strip().split(".") if part]
    file = case.attrs.get("file") or None
    if file and file.endswith(".py"):
        module = file[: -len(".py")].replace("\\", "/").split("/")
        classes = parts[len(module) :] if parts[: len(module)] == module else parts[1:]
    else:
        start = next((i for i, part in enumerate(parts) if i > 0 and part[:1].isupper()), len(parts))
        file = "/".join(parts[:start]) + ".py" if start else None
        classes = parts[start:]
    if file is None:
        return name, None, False
    return "::".join([file, *classes, name]), file, False


def _resolution(case: Node, values: tuple[float, ...]) -> float | None:
    """The step of a time written with few decimals (busted's `0.00`: 0.01 s); None when it is fine (1 ms or less)."""
    if not values:
        return None
    decimals = len(case.attrs["time"].strip().partition(".")[2])
    return 10.0**-decimals if decimals < 3 else None


def _seconds(name: str, case: Node) -> float:
    text = case.attrs["time"].strip().replace(",", "")
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value >= 0 or value == float("inf"):
        raise InputError(
            name, f"expected the test's time in seconds, found time={case.attrs['time']!r}", where=f"line {case.line}"
        )
    return value
