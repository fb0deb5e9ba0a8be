"""Runs: a parsed result set on its way in, a stored run and test on their way out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain.commits import CommitInfo
from tracker.domain.measures import Measurement, TestCase
from tracker.domain.profiles import ProfileSource


@dataclass(frozen=True)
class ProfileNode:
    """One stack of a test's aggregated call tree (root first), per process and thread."""

    test: TestCase
    stack: tuple[str, ...]
    calls: int
    total: float
    self_time: float
    pid: int | str = 0
    tid: int | str = 0
    unit: str = "s"
    """Unit of total and self time: "s", or what a profile counts when it is not time ("samples", "bytes")."""


@dataclass(frozen=True)
class ParsedRun:
    """One result set as a parser read it: measurements plus what the file says of its origin."""

    format: str
    tool: str
    source: str
    measurements: tuple[Measurement, ...]
    commit: CommitInfo | None = None
    branch: str | None = None
    tag: str | None = None
    time: datetime | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    profiles: tuple[ProfileNode, ...] = ()
    profile_source: ProfileSource | None = None
    """Profile events still to aggregate (large traces are read again rather than held in memory)."""

    def digest(self) -> str:
        """A hash of the run's content and origin, so that ingesting it twice is a no-op."""
        content: dict[str, object] = {
            "format": self.format,
            "commit": self.commit.sha if self.commit else None,
            "branch": self.branch,
            "tag": self.tag,
            "time": self.time.isoformat() if self.time else None,
            "environment": dict(sorted(self.environment.items())),
            "measurements": [
                [m.test.name, m.metric.name, m.metric.unit, m.status, m.values, m.summary and vars(m.summary)]
                for m in self.measurements
            ],
            "profiles": [
                [
                    p.test.name,
                    p.stack,
                    p.calls,
                    p.total,
                    p.self_time,
                    p.pid,
                    p.tid,
                    *([p.unit] if p.unit != "s" else []),
                ]
                for p in self.profiles
            ],
        }
        if self.profile_source is not None:  # ingest aggregates first; the nodes then stand for the events
            content["profile_source"] = sorted(self.profile_source.tests)
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def environment_fingerprint(environment: Mapping[str, str]) -> str:
    """A short hash of what makes timings comparable: machine, OS, CPU, interpreter."""
    keys = ("machine", "os", "cpu", "interpreter")
    picked = {k: environment.get(k, "") for k in keys}
    return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class RunInfo:
    """A stored run, as listed by `tracker runs` and used to pick baselines."""

    id: int
    commit: str | None
    branch: str | None
    tag: str | None
    time: datetime | None
    format: str
    tool: str
    source: str
    environment: str
    subject: str = ""
    commit_type: str | None = None
    tests: int = 0
    samples: int = 0


@dataclass(frozen=True)
class TestInfo:
    """A stored test, as listed by `tracker tests`."""

    __test__ = False

    id: str
    name: str
    file: str | None
    tags: tuple[str, ...]
    runs: int
