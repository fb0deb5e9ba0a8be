"""The rule and the explanations are stated from what the statistics applied, never restated by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests.stats.frames import history, side
from tracker.domain import Comparison, Policy, Reason, RuleConstants, TestComparison, Verdict
from tracker.domain.measures import Direction
from tracker.reports.comparison import explain_verdict, rule
from tracker.stats.compare import compare


def _one_value_per_run(earlier_runs: int) -> Comparison:
    """A test with one value per run (no raw samples) and EARLIER_RUNS quiet runs before the candidate."""
    past = history({"t": [1e-3 * (1 + 0.001 * (i % 3)) for i in range(earlier_runs)]}) if earlier_runs else None
    baseline = side({"t": [1e-3]}, run_id=1, summary_only=True)
    candidate = side({"t": [1.5e-3]}, run_id=2, summary_only=True)
    return compare(baseline, candidate, Policy(), np.random.default_rng(0), past)


def test_the_runs_an_explanation_asks_for_are_the_runs_the_statistics_need() -> None:
    needed = _one_value_per_run(0).constants.noise_min_runs
    short = _one_value_per_run(needed - 1)
    (row,) = short.rows
    assert row.reason is Reason.NO_NOISE_ESTIMATE
    # The change is shown, untested, with what would make it testable.
    assert f"a test needs {needed} earlier runs" in explain_verdict(row, short)
    enough = _one_value_per_run(needed)
    assert enough.rows[0].reason is not Reason.NO_NOISE_ESTIMATE


def test_the_rule_is_stated_from_the_policy_and_constants_it_was_judged_by() -> None:
    comparison = _one_value_per_run(5)
    assert comparison.policy == Policy()
    assert "with 3 or more earlier runs" in rule(comparison) and "already shows twice." in rule(comparison)
    other = replace(
        comparison,
        policy=Policy(threshold_pct=7.5, fdr=0.05, min_time=1e-3),
        constants=RuleConstants(level_min_runs=4, spike_repeats=3, noise_min_runs=6),
    )
    stated = rule(other)
    assert "beyond 7.5%" in stated and "false discovery rate of 0.05" in stated
    assert "with 4 or more earlier runs" in stated and "already shows 3 times." in stated
    assert stated.endswith("Values below --min-time 1 ms count as that floor.")
    starved = TestComparison(
        "id", "t", "time", "s", Direction.LOWER_IS_BETTER, Verdict.NOT_ENOUGH_DATA, 1.0, 2.0, None, None, 1, 1,
        history_runs=2, reason=Reason.NO_NOISE_ESTIMATE,
    )  # fmt: skip
    assert "2 earlier run(s): at least 6 are needed" in explain_verdict(starved, other)


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_its_own_sentence(reason: Reason) -> None:
    comparison = replace(_one_value_per_run(5), policy=Policy(min_time=1e-3))
    row = TestComparison(
        "id", "t", "time", "s", Direction.LOWER_IS_BETTER, Verdict.UNCHANGED, 1e-3, 1.2e-3, 20.0, 20.0, 5, 5,
        change_low_pct=10.0, change_high_pct=30.0, p_value=0.01, p_adjusted=0.03, threshold_pct=10.0,
        noise_pct=2.0, history_runs=6, level_change_pct=19.0, similar_spikes=2, reason=reason,
    )  # fmt: skip
    sentences = {other: explain_verdict(replace(row, reason=other), comparison) for other in Reason}
    assert list(sentences.values()).count(sentences[reason]) == 1
    assert ("below --min-time" in sentences[reason]) == (reason is Reason.BELOW_MIN_TIME)
