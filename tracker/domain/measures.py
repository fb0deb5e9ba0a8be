"""What is measured: tests, metrics and their values as parsers read them."""

from __future__ import annotations

import functools
import hashlib
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum


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
    line: int | None = None
    """The line in FILE where the test is written (1-based), where the tool says."""

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
    resolution: float | None = None
    """The smallest step the tool writes values in (canonical unit: JUnit's two decimals are 0.01 s);
    a value at or below it means "below the resolution", not that amount. None: fine enough."""
