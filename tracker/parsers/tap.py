"""TAP (Test Anything Protocol, version 13 and the version-less form): busted `-o TAP`, prove, node.

Each `ok N - name` / `not ok N - name` line at the start of a line is a test, with its status and
no sample: TAP has no durations. `# SKIP` and `# TODO` directives (after the name, or before it as
busted writes them: `ok 5 - # SKIP name`) make a test skipped: a TODO test is not expected to pass
yet, so it is not judged. TAP cannot tell an error from a failure: both are failed. Indented lines
(subtests, YAML diagnostics) and other comments are not read.

Names: busted's TAP lines carry `<describe...> <it>` without the spec file. With `--verbose`,
busted writes `# <spec file> @ <line>: <name>` before each test; the full name is then
`<spec file> <name>`, the same test id as busted's JSON and JUnit outputs. Without `--verbose`
the full name is the TAP name alone (the `# file @ line` written after a failing test is not
used, so that a test keeps its id whether it passes or fails): run `busted -o TAP --verbose`
for ids that match the other busted formats. Other producers' names are taken as written.

The plan (`1..N`) must agree with the number of tests: a missing plan, a short count or a
`Bail out!` means the run stopped early, and the file is refused rather than stored as if
tests had vanished. Several documents in one file (busted `--repeat`) are one run; a test that
failed in any of them is failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain import TIME, ParsedRun, Status
from tracker.errors import InputError
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.source import Source

NAME = "tap"
DESCRIPTION = "TAP 13 (busted -o TAP, prove, node --test): pass, fail and skip per test, no times"
EXAMPLE = "ok 1 - outer block fast test\\nnot ok 2 - outer block failing test\\nok 3 - # SKIP pending\\n1..3"

_TEST = re.compile(r"^(?P<outcome>ok|not ok)\b\s*(?P<number>\d+)?\s*(?:-\s*)?(?P<rest>.*)$")
_PLAN = re.compile(r"^1\.\.(?P<count>\d+)\b")
_VERSION = re.compile(r"^TAP version \d+\s*$", re.IGNORECASE)
_BAIL = re.compile(r"^Bail out!\s*(?P<reason>.*)$")
# `#` and whitespace before the word, so that busted tags such as `#skip` stay in the name.
_LEADING_DIRECTIVE = re.compile(r"^#\s+(?P<word>SKIP|TODO)\S*\s*(?P<name>.*)$", re.IGNORECASE)
_TRAILING_DIRECTIVE = re.compile(r"\s#\s+(?P<word>SKIP|TODO)\b.*$", re.IGNORECASE)
_BUSTED_VERBOSE = re.compile(r"^# (?P<file>\S.*?) @ \d+: (?P<name>.*)$")
_BUSTED_FAILURE = re.compile(r"^# (?:\S.*? @ \d+|Failure message: .*)$")
_SNIFF_LINE = re.compile(r"^(?:TAP version \d+|1\.\.\d+|(?:not )?ok\b)", re.IGNORECASE)


@dataclass
class _Document:
    """One TAP document: its plan (when seen) and how many test lines it has had."""

    start: int
    plan: int | None = None
    tests: int = 0

    def check(self, name: str) -> None:
        if self.plan is None:
            raise InputError(
                name, "no plan line (1..N) for the tests from here: the output stops early", where=f"line {self.start}"
            )
        if self.plan != self.tests:
            raise InputError(
                name,
                f"the plan says 1..{self.plan} but {self.tests} test line(s) follow: the output is incomplete",
                where=f"line {self.start}",
            )


def sniff(source: Source) -> bool:
    for line in source.head().lstrip("\ufeff").splitlines():
        if line.strip() and not line.startswith("#"):
            return _SNIFF_LINE.match(line) is not None
    return False


def parse(source: Source) -> list[ParsedRun]:
    collector = Collector()
    document: _Document | None = None
    file: str | None = None  # from busted --verbose's comment before the test line
    verbose_name: str | None = None
    busted = False
    for number, raw in enumerate(source.read_text().splitlines(), 1):
        line = raw.rstrip()
        if _VERSION.match(line) or (document is not None and document.plan is not None and _starts_new(document, line)):
            if document is not None:
                document.check(source.name)
            document = None
        if document is None and line.strip() and not line[0].isspace():
            document = _Document(start=number)
        if match := _BUSTED_VERBOSE.match(line):
            file, verbose_name, busted = match["file"], match["name"], True
        elif _BUSTED_FAILURE.match(line):
            busted = True
        elif match := _PLAN.match(line):
            assert document is not None
            document.plan = int(match["count"])
        elif match := _BAIL.match(line):
            raise InputError(
                source.name, f"the run bailed out ({match['reason'] or 'no reason given'})", where=f"line {number}"
            )
        elif match := _TEST.match(line):
            assert document is not None
            document.tests += 1
            name, status = _read(match)
            if file is not None and verbose_name and verbose_name in match["rest"]:
                name = verbose_name  # the name exactly, even when it holds a `# todo` of its own
            else:
                file = None
            collector.add(test_case(f"{file} {name}" if file else name, file), TIME, status=status)
            file = verbose_name = None
    if document is not None:
        document.check(source.name)
    if not len(collector):
        raise InputError(source.name, "no test line (ok N - name, not ok N - name) found")
    tool = "busted" if busted else "tap"
    return [ParsedRun(format=NAME, tool=tool, source=source.name, measurements=collector.measurements())]


def _starts_new(document: _Document, line: str) -> bool:
    """After a document's plan: a test line once all planned tests were seen, or another plan, starts the next."""
    if _PLAN.match(line):
        return True
    return document.tests >= (document.plan or 0) and _TEST.match(line) is not None


def _read(match: re.Match[str]) -> tuple[str, Status]:
    rest = match["rest"].strip()
    status = Status.PASSED if match["outcome"] == "ok" else Status.FAILED
    if leading := _LEADING_DIRECTIVE.match(rest):
        return leading["name"].strip(), Status.SKIPPED
    if trailing := _TRAILING_DIRECTIVE.search(rest):
        return rest[: trailing.start()].strip(), Status.SKIPPED
    return rest, status
