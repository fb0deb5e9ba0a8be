"""How to judge: the knobs of the decision rule (defaults in `tracker.defaults`) and the rule's constants.

The statistics judge by a `Policy`; the `Comparison` they return carries it and the
`RuleConstants` they used, so every report states the rule from what was applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from tracker import defaults
from tracker.domain.measures import Direction


@dataclass(frozen=True)
class Policy:
    """Every knob of the decision rule (see `tracker.stats.compare`)."""

    threshold_pct: float = defaults.THRESHOLD_PCT
    """A significant slowdown beyond this many percent is a regression."""
    warn_threshold_pct: float | None = defaults.WARN_THRESHOLD_PCT
    """A significant slowdown beyond this many percent is worth a warning."""
    fdr: float = defaults.FDR
    """False discovery rate held across all tests of one comparison (Benjamini-Hochberg)."""
    min_time: float = defaults.MIN_TIME
    """Seconds: time changes of faster tests are measured against this floor, not their own value."""
    thresholds: tuple[tuple[str, float], ...] = ()
    """(glob of test names, threshold in percent); the first matching glob wins."""
    ignore: tuple[str, ...] = ()
    """Globs of test names that are left out of the comparison."""
    directions: tuple[tuple[str, Direction], ...] = ()
    """(glob of test or metric names, direction): which way is better, when the tool does not say."""
    fail_on_broken: bool = defaults.FAIL_ON_BROKEN
    """A test that passed in the baseline and fails or errors in the candidate fails the gate."""
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
