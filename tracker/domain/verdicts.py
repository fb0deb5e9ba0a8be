"""What a comparison concludes, per test and for the whole run."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.measures import Direction
from tracker.domain.policy import Policy, RuleConstants


class Verdict(StrEnum):
    """What a comparison concluded for one test and metric (in the order reports list them)."""

    FAILING = "failing"
    """Passed in the baseline, fails or errors in the candidate: its timing is hidden, and that is news."""
    REGRESSED = "regressed"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    NEW = "new"
    MISSING = "missing"
    NOT_ENOUGH_DATA = "not enough data"
    FIXED = "fixed"
    """Failed or errored in the baseline, passes in the candidate."""


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
    STOPPED_PASSING = "stopped passing"
    """Passed in the baseline, fails or errors in the candidate."""
    PASSES_AGAIN = "passes again"
    """Failed or errored in the baseline, passes in the candidate."""
    EXCEEDS_RESOLUTION = "exceeds resolution"
    """One side is below its timer's resolution, the other beyond the threshold over it; one value each,
    so untested: flagged (a warning), not a regression."""
    BELOW_RESOLUTION = "below resolution"
    """Both sides are below their timer's resolution: no change can be seen."""


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
    recent_step_runs: int = 0
    """When the strongest evidence was a step among a pooled baseline's newest runs that the
    candidate continues: how many of the newest baseline runs joined the candidate (else 0)."""
    recent_step_pct: float | None = None
    """Their mean's change, with the candidate's, against the median of the runs before them."""
    recent_step_earlier: int = 0
    """How many runs before them that median rests on."""
    baseline_runs: tuple[int, ...] = ()
    """Ids of the baseline runs that measured this test."""
    resolution: float | None = None
    """The coarser side's timer resolution (JUnit's two decimals: 0.01 s), when a format states one."""
    below_resolution: str | None = None
    """`baseline`, `candidate` or `both`: whose value was at or below the resolution and counts as it."""
    summary_test: bool = False
    """Judged by Welch's test on the tools' summaries (mean, standard deviation, count): no raw
    samples and too short a history to learn the run-to-run noise from."""
    warned: bool = False
    """A significant slowdown beyond the warning threshold (regressions included)."""
    reason: Reason | None = None
    baseline_status: str | None = None
    candidate_status: str | None = None
    """How the test ended on each side (`passed`, `failed`, `error`, `skipped`; None: not run there).
    A pooled baseline is `passed` when every run passed it, else the newest other outcome."""


@dataclass(frozen=True)
class Comparison:
    """Every test's verdict, worst slowdown first."""

    rows: tuple[TestComparison, ...]
    policy: Policy
    """The knobs the verdicts were reached with."""
    constants: RuleConstants
    """The rule's fixed numbers, as the statistics applied them."""
    ignored: int = 0
    """Tests left out by the ignore setting."""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for row in self.rows if row.verdict is verdict)

    @property
    def regressed(self) -> bool:
        return any(row.verdict is Verdict.REGRESSED for row in self.rows)

    @property
    def fails_gate(self) -> bool:
        """A regression, or (unless turned off) a test that stopped passing."""
        return self.regressed or (self.policy.fail_on_broken and self.count(Verdict.FAILING) > 0)
