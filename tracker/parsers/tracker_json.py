"""tracker's own JSON: a lossless, versioned interchange of stored runs (`tracker export`).

Version 1 (`"format": "tracker", "version": 1`), one document:

    {"format": "tracker", "version": 1,
     "runs": [{"digest": "<sha256>", "format": "pytest-benchmark", "tool": "pytest-benchmark",
               "source": "path/as/given.json", "commit": "<sha>" | null, "branch": ..., "tag": ...,
               "time": "2026-01-07T11:09:11+00:00" | null, "environment": {"machine": ...},
               "results": [{"test": "<full name>", "metric": "time", "status": "passed",
                            "n": 5, "mean": ..., "median": ..., "stddev": ..., "min": ...,
                            "max": ..., "q1": ..., "q3": ..., "samples": [0.0012, ...],
                            "resolution": 0.01 (only when the tool writes coarse values)}],
               "profiles": [{"test": "<full name>", "pid": "1", "tid": "1", "stack": ["main", "f"],
                             "calls": 3, "total": 0.5, "self_time": 0.2, "unit": "s"}]}],
     "commits": {"<sha>": {"subject", "body", "author", "email", "time", "parents", "tags"}},
     "tests": {"<full name>": {"file": ..., "line": 12 (1-based, when known), "tags": [...]}},
     "metrics": {"time": {"unit": "s", "direction": "lower"}}}

Values are in canonical units; numbers are written with full precision, so a run exported and
ingested again into another database is the same run, with the same digest: ingesting a file
twice, or into the database it came from, adds nothing. A run whose commit, branch or tag is
overridden on the command line (`--commit` ...) is a new run and gets a new digest. Runs come
first and the tables they refer to after them, so that an export is written while it is read
from the database, one run at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.domain import (
    CommitInfo,
    Direction,
    Measurement,
    Metric,
    ParsedRun,
    ProfileNode,
    Status,
    Summary,
    TestCase,
)
from tracker.errors import InputError
from tracker.parsers._support.collect import line_number
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source
from tracker.parsers._support.times import iso_time

NAME = "tracker-json"
DESCRIPTION = "tracker's own JSON (tracker export): runs, commits, tests, samples and profiles, lossless"
EXAMPLE = '{"format": "tracker", "version": 1, "runs": [{"digest": "...", "commit": "ab12...", "results": [...]}], ...}'
VERSION = 1

_STATISTICS = ("n", "mean", "median", "stddev", "min", "max", "q1", "q3")


@dataclass(frozen=True)
class ImportedRun(ParsedRun):
    """A run read back from an export: it keeps the digest it was stored under while its origin is unchanged."""

    stored_digest: str = ""
    stored_origin: tuple[str | None, str | None, str | None] = (None, None, None)

    def digest(self) -> str:
        origin = (self.commit.sha if self.commit else None, self.branch, self.tag)
        if self.stored_digest and origin == self.stored_origin:
            return self.stored_digest
        return super().digest()


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and '"format": "tracker"' in head and '"version"' in head


def write(runs: Iterable[tuple[str, ParsedRun]]) -> Iterator[str]:
    """The export document, in pieces, from (digest, run) pairs."""
    commits: dict[str, dict[str, Any]] = {}
    tests: dict[str, dict[str, Any]] = {}
    metrics: dict[str, dict[str, Any]] = {}
    yield f'{{"format": "tracker", "version": {VERSION}, "runs": ['
    for index, (digest, run) in enumerate(runs):
        if run.commit is not None:
            commits.setdefault(run.commit.sha, _commit_object(run.commit))
        for m in run.measurements:
            tests.setdefault(m.test.name, _test_object(m.test))
            metrics.setdefault(m.metric.name, {"unit": m.metric.unit, "direction": str(m.metric.direction)})
        for p in run.profiles:
            tests.setdefault(p.test.name, _test_object(p.test))
        yield ("\n" if index == 0 else ",\n") + json.dumps(_run_object(digest, run), ensure_ascii=False)
    yield "\n],\n"
    for key, table in (("commits", commits), ("tests", tests), ("metrics", metrics)):
        yield f'"{key}": {json.dumps(table, ensure_ascii=False, indent=1)}' + (",\n" if key != "metrics" else "\n")
    yield "}\n"


def _run_object(digest: str, run: ParsedRun) -> dict[str, Any]:
    return {
        "digest": digest,
        "format": run.format,
        "tool": run.tool,
        "source": run.source,
        "commit": run.commit.sha if run.commit else None,
        "branch": run.branch,
        "tag": run.tag,
        "time": _iso(run.time),
        "environment": dict(run.environment),
        "results": [
            {
                "test": m.test.name,
                "metric": m.metric.name,
                "status": str(m.status),
                **{key: getattr(m.summary or Summary(), key) for key in _STATISTICS},
                "samples": list(m.values),
                **({"resolution": m.resolution} if m.resolution is not None else {}),
            }
            for m in run.measurements
        ],
        "profiles": [
            {
                "test": p.test.name,
                "pid": str(p.pid),
                "tid": str(p.tid),
                "stack": list(p.stack),
                "calls": p.calls,
                "total": p.total,
                "self_time": p.self_time,
                "unit": p.unit,
            }
            for p in run.profiles
        ],
    }


def _test_object(test: TestCase) -> dict[str, Any]:
    """A test's entry; `line` only when known, so that exports of tests without one stay as they were."""
    found: dict[str, Any] = {"file": test.file, "tags": list(test.tags)}
    return found if test.line is None else {"file": test.file, "line": test.line, "tags": list(test.tags)}


def _commit_object(commit: CommitInfo) -> dict[str, Any]:
    return {
        "subject": commit.subject,
        "body": commit.body,
        "author": commit.author,
        "email": commit.email,
        "time": _iso(commit.time),
        "parents": list(commit.parents),
        "tags": list(commit.tags),
    }


def _iso(time: datetime | None) -> str | None:
    return None if time is None else time.isoformat()


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    if document.get("format") != "tracker":
        raise fields.fail("$.format", "'tracker'", document.get("format"))
    version = document.get("version")
    if version != VERSION:
        raise InputError(
            source.name,
            f"this is version {version!r} of tracker's JSON; this tracker reads version {VERSION}: upgrade tracker",
            where="$.version",
        )
    reader = _Reader(fields, document)
    return [reader.run(fields.object(item, f"$.runs[{i}]"), f"$.runs[{i}]") for i, item in enumerate(reader.runs)]


class _Reader:
    def __init__(self, fields: JsonFields, document: dict[str, Any]) -> None:
        self.fields = fields
        self.runs = fields.array(document.get("runs"), "$.runs")
        self.commits = fields.object(document.get("commits") or {}, "$.commits")
        self.tests = fields.object(document.get("tests") or {}, "$.tests")
        self.metrics = fields.object(document.get("metrics") or {}, "$.metrics")

    def run(self, item: dict[str, Any], path: str) -> ParsedRun:
        f = self.fields
        sha = f.optional_string(item.get("commit"), f"{path}.commit")
        branch = f.optional_string(item.get("branch"), f"{path}.branch")
        tag = f.optional_string(item.get("tag"), f"{path}.tag")
        environment = f.object(item.get("environment") or {}, f"{path}.environment")
        results = f.array(item.get("results") or [], f"{path}.results")
        profiles = f.array(item.get("profiles") or [], f"{path}.profiles")
        return ImportedRun(
            format=f.string(item.get("format"), f"{path}.format"),
            tool=f.string(item.get("tool"), f"{path}.tool"),
            source=f.string(item.get("source"), f"{path}.source"),
            measurements=tuple(
                self.result(f.object(r, f"{path}.results[{i}]"), f"{path}.results[{i}]") for i, r in enumerate(results)
            ),
            commit=None if sha is None else self.commit(sha),
            branch=branch,
            tag=tag,
            time=iso_time(f.optional_string(item.get("time"), f"{path}.time"), f.source, f"{path}.time"),
            environment={key: f.string(value, f"{path}.environment.{key}") for key, value in environment.items()},
            profiles=tuple(
                self.profile(f.object(p, f"{path}.profiles[{i}]"), f"{path}.profiles[{i}]")
                for i, p in enumerate(profiles)
            ),
            # Collectors (the busted handler, the pytest plugin) write no digest: one is made of the content.
            stored_digest=f.optional_string(item.get("digest"), f"{path}.digest") or "",
            stored_origin=(sha, branch, tag),
        )

    def result(self, item: dict[str, Any], path: str) -> Measurement:
        f = self.fields
        numbers = {key: f.optional_number(item.get(key), f"{path}.{key}") for key in _STATISTICS}
        n = numbers.pop("n")
        samples = f.array(item.get("samples") or [], f"{path}.samples")
        status = f.string(item.get("status"), f"{path}.status")
        if status not in set(Status):
            raise f.fail(f"{path}.status", f"one of {', '.join(Status)}", status)
        return Measurement(
            test=self.test(f.string(item.get("test"), f"{path}.test")),
            metric=self.metric(f.string(item.get("metric"), f"{path}.metric"), path),
            values=tuple(f.number(v, f"{path}.samples[{i}]") for i, v in enumerate(samples)),
            summary=Summary(n=None if n is None else int(n), **numbers),
            status=Status(status),
            resolution=f.optional_number(item.get("resolution"), f"{path}.resolution"),
        )

    def profile(self, item: dict[str, Any], path: str) -> ProfileNode:
        f = self.fields
        stack = f.array(item.get("stack"), f"{path}.stack")
        return ProfileNode(
            test=self.test(f.string(item.get("test"), f"{path}.test")),
            stack=tuple(f.string(frame, f"{path}.stack[{i}]") for i, frame in enumerate(stack)),
            calls=int(f.number(item.get("calls"), f"{path}.calls")),
            total=f.number(item.get("total"), f"{path}.total"),
            self_time=f.number(item.get("self_time"), f"{path}.self_time"),
            pid=f.string(item.get("pid"), f"{path}.pid"),
            tid=f.string(item.get("tid"), f"{path}.tid"),
            unit=f.optional_string(item.get("unit"), f"{path}.unit") or "s",
        )

    def test(self, name: str) -> TestCase:
        info = self.tests.get(name)
        if not isinstance(info, dict):
            return TestCase(name=name)
        tags = info.get("tags") or []
        return TestCase(
            name=name, file=info.get("file"), tags=tuple(str(tag) for tag in tags), line=line_number(info.get("line"))
        )

    def metric(self, name: str, path: str) -> Metric:
        info = self.metrics.get(name)
        if not isinstance(info, dict):
            raise InputError(self.fields.source, f"metric {name!r} is not described in $.metrics", where=path)
        unit = self.fields.string(info.get("unit"), f"$.metrics[{name!r}].unit")
        direction = info.get("direction")
        if direction not in set(Direction):
            raise self.fields.fail(f"$.metrics[{name!r}].direction", "lower or higher", direction)
        return Metric(name, unit, Direction(direction))

    def commit(self, sha: str) -> CommitInfo:
        info = self.commits.get(sha)
        if not isinstance(info, dict):
            return CommitInfo(sha=sha)
        f, path = self.fields, f"$.commits[{sha!r}]"
        return CommitInfo(
            sha=sha,
            subject=f.optional_string(info.get("subject"), f"{path}.subject") or "",
            body=f.optional_string(info.get("body"), f"{path}.body") or "",
            author=f.optional_string(info.get("author"), f"{path}.author"),
            email=f.optional_string(info.get("email"), f"{path}.email"),
            time=iso_time(f.optional_string(info.get("time"), f"{path}.time"), f.source, f"{path}.time"),
            parents=tuple(str(p) for p in f.array(info.get("parents") or [], f"{path}.parents")),
            tags=tuple(str(t) for t in f.array(info.get("tags") or [], f"{path}.tags")),
        )
