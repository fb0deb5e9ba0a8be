"""Values shared by every layer. Standard library only."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class Direction(StrEnum):
    """Which way is better for a metric."""

    LOWER_IS_BETTER = "lower"
    HIGHER_IS_BETTER = "higher"


class Status(StrEnum):
    """Outcome of one test in one run."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


class Verdict(StrEnum):
    """What a comparison concluded for one test and metric."""

    REGRESSED = "regressed"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    NEW = "new"
    MISSING = "missing"
    NOT_ENOUGH_DATA = "not enough data"


class Reason(StrEnum):
    """Why a comparison reached its verdict for one test (the report turns it into a sentence)."""

    BEYOND_THRESHOLD = "beyond threshold"
    """Significant after the false-discovery correction and beyond the threshold."""
    NOT_SIGNIFICANT = "not significant"
    """The change is within what the noise explains."""
    WITHIN_THRESHOLD = "within threshold"
    """Significant, but no larger than the threshold."""
    BASELINE_OUTLIER = "baseline outlier"
    """Beyond the threshold against the baseline run, not against the median of the recent runs."""
    SEEN_BEFORE = "seen before"
    """The test's history shows one-run spikes this large at least twice: its own noise."""
    BELOW_MIN_TIME = "below min time"
    """A fast test whose absolute change is small next to the --min-time floor."""
    ONLY_CANDIDATE = "only in candidate"
    ONLY_BASELINE = "only in baseline"
    NO_VALUE = "no value"
    """A side has no value (the test failed, was skipped, or reported nothing)."""
    NO_NOISE_ESTIMATE = "no noise estimate"
    """One value per run and too few earlier runs to learn how much it moves."""
    NOT_POSITIVE = "not positive"
    """A zero or negative value: a ratio means nothing."""


@dataclass(frozen=True)
class Metric:
    """What is measured of a test, in its canonical unit (seconds for time)."""

    name: str
    unit: str
    direction: Direction = Direction.LOWER_IS_BETTER


TIME = Metric("time", "s", Direction.LOWER_IS_BETTER)

_TAG = re.compile(r"(?<!\S)#([\w.-]+)")


@functools.lru_cache(maxsize=1 << 16)  # histories repeat the same names thousands of times
def test_id(full_name: str) -> str:
    """The stable id of a test: its md5 (UTF-8 full name) read as a UUID."""
    return str(uuid.UUID(hex=hashlib.md5(full_name.encode("utf-8")).hexdigest()))


def tags_in(full_name: str) -> tuple[str, ...]:
    """The `#tags` written in a test name, in order, without duplicates."""
    return tuple(dict.fromkeys(_TAG.findall(full_name)))


@dataclass(frozen=True)
class TestCase:
    """A test as named by its tool. `name` is the full name that the id is built from."""

    __test__ = False  # not a pytest test class

    name: str
    file: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return test_id(self.name)


@dataclass(frozen=True)
class Summary:
    """Summary statistics when a tool gives no raw samples (canonical unit)."""

    n: int | None = None
    mean: float | None = None
    median: float | None = None
    stddev: float | None = None
    min: float | None = None
    max: float | None = None
    q1: float | None = None
    q3: float | None = None


@dataclass(frozen=True)
class Measurement:
    """The values of one metric of one test in one run."""

    test: TestCase
    metric: Metric
    values: tuple[float, ...] = ()
    summary: Summary | None = None
    status: Status = Status.PASSED


_CONVENTIONAL = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?: \S")
# The types of the Conventional Commits convention (commitlint's list and a few common extras).
# Other `word: subject` messages are a component prefix ("rune: fix parser"), not a type.
COMMIT_TYPES = frozenset(
    {"build", "chore", "ci", "deps", "docs", "feat", "fix", "perf", "refactor", "release", "revert", "security",
     "style", "test", "tests"}
)  # fmt: skip
_BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE: ", re.MULTILINE)


@dataclass(frozen=True)
class ConventionalCommit:
    """The Conventional Commits header of a message: `type(scope)!: subject`."""

    type: str
    scope: str | None
    breaking: bool


def parse_conventional(message: str) -> ConventionalCommit | None:
    """Read the type, scope and breaking mark of a commit message, or None if it has none."""
    match = _CONVENTIONAL.match(message)
    if not match or match["type"].lower() not in COMMIT_TYPES:
        return None
    breaking = bool(match["bang"]) or bool(_BREAKING_FOOTER.search(message))
    return ConventionalCommit(match["type"].lower(), match["scope"] or None, breaking)


_HEX_SHA = re.compile(r"[0-9a-f]{12,64}")


def short_commit(name: str, length: int = 10) -> str:
    """A git sha cut to LENGTH for reading; other commit names (stand-ins such as
    `series-latency-12`, tags) stay whole, since their ends are what tell them apart."""
    return name[:length] if _HEX_SHA.fullmatch(name) else name


@dataclass(frozen=True)
class CommitInfo:
    """A commit as far as it is known: from git, from flags or from the result file."""

    sha: str
    subject: str = ""
    body: str = ""
    author: str | None = None
    email: str | None = None
    time: datetime | None = None
    parents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def conventional(self) -> ConventionalCommit | None:
        return parse_conventional(f"{self.subject}\n\n{self.body}" if self.body else self.subject)


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


@dataclass(frozen=True)
class TestComparison:
    """The verdict for one test and metric, with what it rests on."""

    __test__ = False

    test_id: str
    test_name: str
    metric: str
    unit: str
    direction: Direction
    verdict: Verdict
    baseline_median: float | None
    candidate_median: float | None
    change_pct: float | None
    """Change of the metric's value, in percent of the baseline."""
    slowdown_pct: float | None
    """How much worse, in percent: positive is a regression whatever the metric's direction."""
    baseline_n: int
    candidate_n: int
    """Raw samples on each side (pooled over the baseline runs); 1 per run for one-value formats."""
    change_low_pct: float | None = None
    change_high_pct: float | None = None
    """95% interval of `change_pct`."""
    p_value: float | None = None
    """Two-sided: how often noise alone moves the value this far."""
    p_adjusted: float | None = None
    """`p_value` after the Benjamini-Hochberg correction over every test of the comparison."""
    threshold_pct: float | None = None
    """The slowdown threshold that applied to this test (after per-test overrides)."""
    noise_pct: float | None = None
    """Standard deviation of one run's value from run to run, in percent, from the test's history."""
    history_runs: int = 0
    """Earlier runs the noise estimate rests on."""
    level_change_pct: float | None = None
    """Change against the baseline's level: the median of the recent runs, the baseline run included."""
    similar_spikes: int = 0
    """One-run spikes of the history as large as this change, in its direction; counted only when the
    change is beyond the threshold against both the baseline and its level (else 0)."""
    baseline_runs: tuple[int, ...] = ()
    """Ids of the baseline runs that measured this test."""
    warned: bool = False
    """A significant slowdown beyond the warning threshold (regressions included)."""
    reason: Reason | None = None


@dataclass(frozen=True)
class Comparison:
    """Every test's verdict, worst slowdown first."""

    rows: tuple[TestComparison, ...]
    threshold_pct: float
    fdr: float = 0.02
    """The false discovery rate the verdicts were held to."""
    warn_threshold_pct: float | None = None
    min_time: float = 0.0
    ignored: int = 0
    """Tests left out by the ignore setting."""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for row in self.rows if row.verdict is verdict)

    @property
    def regressed(self) -> bool:
        return any(row.verdict is Verdict.REGRESSED for row in self.rows)


# Profile events, as parsers read them and the profiles package aggregates them into call trees.
# NamedTuples rather than dataclasses: a large trace yields millions, and tuples are cheap to make.


class Span(NamedTuple):
    """A call seen from start to end on one thread (a trace's `X` event). Times in the source's unit."""

    test: str
    """Full name of the test the call belongs to (a key of `ProfileSource.tests`)."""
    frame: str
    start: float
    end: float
    pid: int | str = 0
    tid: int | str = 0


class Edge(NamedTuple):
    """One end of a call (a trace's `B`/`E` event, a speedscope `O`/`C` event); paired by the profiles package."""

    test: str
    frame: str
    """Empty for an end event that does not name its call."""
    at: float
    begins: bool
    pid: int | str = 0
    tid: int | str = 0


class StackSample(NamedTuple):
    """A sampled stack (root first) and its weight: a duration, or a count for sample-only formats."""

    test: str
    stack: tuple[str, ...]
    weight: float
    pid: int | str = 0
    tid: int | str = 0


ProfileEvent = Span | Edge | StackSample


@dataclass(frozen=True)
class ProfileSource:
    """A run's profile events, read afresh on each call of `events` so a large trace is never held in memory."""

    tests: Mapping[str, TestCase]
    """Every test that events may name, by full name."""
    events: Callable[[], Iterator[ProfileEvent]]
    unit: str = "s"
    """The unit of event times and weights after `scale`: "s" for time, "samples" or "bytes" otherwise."""
    scale: float = 1.0
    """Multiplier from the events' unit to `unit` (1e-6 for microsecond traces)."""
    timed: bool = False
    """True when the profile is the only timing of its tests: its extent becomes their `time` sample."""
    skipped: list[str] = field(default_factory=list)
    """Lines or events the reader skipped as malformed, said for the user (filled while `events` runs)."""


class ChangeKind(StrEnum):
    """Which way a change point moved a metric, judged by the metric's direction."""

    REGRESSION = "regression"
    IMPROVEMENT = "improvement"


@dataclass(frozen=True)
class CommitRef:
    """A commit as history reports name it: sha, subject, Conventional Commit type, author, time."""

    sha: str
    subject: str = ""
    type: str | None = None
    author: str | None = None
    time: datetime | None = None


@dataclass(frozen=True)
class ChangePoint:
    """A step in one test's history on a branch: `commit` is the first at the new level."""

    test_id: str
    test_name: str
    metric: str
    unit: str
    commit: CommitRef
    """The first bad (or first better) commit: the first measured commit at the new level."""
    previous_commit: CommitRef
    """The last good commit: the last measured commit at the old level."""
    before: float
    after: float
    """Levels (canonical unit) on each side: geometric means of up to 30 commits."""
    change_pct: float
    change_low_pct: float
    change_high_pct: float
    """The change of the metric's value in percent of `before`, with its 95% interval."""
    p_value: float
    direction: ChangeKind
    unmeasured: tuple[CommitRef, ...] = ()
    """Commits of the branch between the two that this test was not measured on, oldest first."""


@dataclass(frozen=True)
class HistoryPoint:
    """One measured commit of a test's series: its level and spread in the metric's canonical unit."""

    commit: CommitRef
    level: float
    """What change-point detection sees: per run the mean of the samples (their trimean when a round
    is wild), or their median or lower quartile when that is much steadier over the test's history."""
    median: float | None
    low: float | None
    high: float | None
    """Spread: the quartiles when known, else the smallest and largest value."""
    samples: int
    runs: int


@dataclass(frozen=True)
class FunctionStat:
    """One function of a test's profile: calls, inclusive time (recursion counted once) and self time."""

    name: str
    calls: int
    total: float
    self_time: float
    self_share: float
    """Self time as a fraction of the profile's whole time."""
    unit: str = "s"


@dataclass(frozen=True)
class FunctionChange:
    """How a function's self time moved between a baseline and a candidate profile of one test."""

    name: str
    before: float
    after: float
    unit: str = "s"

    @property
    def change(self) -> float:
        return self.after - self.before
