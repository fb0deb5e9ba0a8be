"""How to judge, written once: the knobs of the decision rule, their defaults, and the rule's constants.

The statistics judge by a `Policy`; the `Comparison` they return carries it and the
`RuleConstants` they used, so every report states the rule from what was applied. The settings
table of the command line (`tracker.cli.settings`) takes its defaults from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from tracker.domain.measures import Direction

BASELINE_WINDOW = 1
"""Baseline runs pooled unless asked otherwise: the newest qualifying one."""
HISTORY_RUNS = 30
"""Earlier runs per test (the baseline's included) that the noise model learns from."""
MIN_CHANGE_PCT = 5.0
"""Smallest change, in percent of the level before, that change-point detection keeps."""


@dataclass(frozen=True)
class Policy:
    """Every knob of the decision rule (see `tracker.stats.compare`)."""

    threshold_pct: float = 10.0
    """A significant slowdown beyond this many percent is a regression."""
    warn_threshold_pct: float | None = None
    """A significant slowdown beyond this many percent is worth a warning."""
    fdr: float = 0.02
    """False discovery rate held across all tests of one comparison (Benjamini-Hochberg)."""
    min_time: float = 0.0
    """Seconds: time changes of faster tests are measured against this floor, not their own value."""
    thresholds: tuple[tuple[str, float], ...] = ()
    """(glob of test names, threshold in percent); the first matching glob wins."""
    ignore: tuple[str, ...] = ()
    """Globs of test names that are left out of the comparison."""
    directions: tuple[tuple[str, Direction], ...] = ()
    """(glob of test or metric names, direction): which way is better, when the tool does not say."""
    level_runs: int = 10
    """The baseline's level: the median of this many recent runs (the baseline run included)."""

    def __post_init__(self) -> None:
        if self.level_runs < 1:
            raise ValueError(f"level_runs must be at least 1, not {self.level_runs}")

    def threshold_for(self, test_name: str) -> float:
        return next((pct for glob, pct in self.thresholds if fnmatchcase(test_name, glob)), self.threshold_pct)

    def ignores(self, test_name: str) -> bool:
        return any(fnmatchcase(test_name, glob) for glob in self.ignore)

    def direction_for(self, test_name: str, metric: str, given: Direction) -> Direction:
        return next(
            (
                direction
                for glob, direction in self.directions
                if fnmatchcase(test_name, glob) or fnmatchcase(metric, glob)
            ),
            given,
        )


@dataclass(frozen=True)
class RuleConstants:
    """The fixed numbers of the decision rule, as the statistics applied them (not settings)."""

    level_min_runs: int
    """Earlier runs needed before the candidate is also tested against the median of the recent runs."""
    spike_repeats: int
    """One-run spikes of this size the history must show before one more is taken for its noise."""
    noise_min_runs: int
    """Earlier runs needed to learn the run-to-run noise of a test with one value per run."""
