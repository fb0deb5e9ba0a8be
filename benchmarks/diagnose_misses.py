"""Why the gate misses large slowdowns: `python -m benchmarks.diagnose_misses FOLDER ...`.

Replays each labelled history with both default baselines (`gate_baselines.py`) and attributes
every missed true slowdown of 1.5x or more to the condition that blocked it, from the verdict
row's own fields:

- seen before: the history showed this change twice as a one-run spike (`similar_spikes`);
- baseline outlier: beyond the threshold against the baseline, not against the recent level
  (`level_change_pct`);
- false-discovery correction: p below the FDR, q not (`p_value`, `p_adjusted`);
- not significant, noise after a step: p too large while the run-to-run noise (`noise_pct`) is
  more than twice the test's quiet noise, because a labelled step lies in the noise history;
- not significant: p too large on the test's ordinary noise;
- within threshold: the measured change is at most the threshold.

For the pooled baseline, a miss whose pool straddles a labelled step is also counted apart.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks.eval_gate import HISTORY_RUNS, History, load
from benchmarks.gate_baselines import BASELINES, POOLED_RUNS, GateRun, print_gate, replay_baseline
from tracker.domain import Reason, TestComparison
from tracker.stats.policy import Policy


def cause(row: TestComparison, history: History, commit: int, bench: int) -> str:
    """The condition that blocked one missed slowdown, named for the count."""
    if row.reason is Reason.SEEN_BEFORE:
        return "seen before (repeated spikes)"
    if row.reason is Reason.BASELINE_OUTLIER:
        return "level test (baseline outlier)"
    if row.reason is Reason.WITHIN_THRESHOLD:
        return "within threshold"
    if row.reason is Reason.NOT_SIGNIFICANT:
        fdr = Policy().fdr
        if row.p_value is not None and row.p_value < fdr:
            return "false-discovery correction (p < fdr <= q)"
        if _noise_after_step(history, commit, bench):
            return "not significant: a step in the noise history"
        return "not significant: the test's own noise"
    return str(row.reason)


def _noise_after_step(history: History, commit: int, bench: int) -> bool:
    earlier = history.change[max(0, commit - HISTORY_RUNS) : commit, bench]
    return bool(np.any(np.abs(earlier) >= 0.2 - 1e-9))


def straddles(history: History, commit: int, bench: int) -> bool:
    """A labelled step inside the pooled runs (after the first of them)."""
    return bool(np.any(history.change[commit - POOLED_RUNS + 1 : commit, bench] != 0))


def misses(run: GateRun, history: History) -> list[tuple[int, int, str, TestComparison]]:
    large = (run.ratio >= 1.5 * (1 - 1e-6)) & ~run.flagged
    out = []
    for commit, bench in zip(*np.nonzero(large), strict=True):
        row = run.rows[(int(commit), int(bench))]
        out.append((int(commit), int(bench), cause(row, history, int(commit), int(bench)), row))
    return out


def main(argv: list[str] | None = None) -> int:
    folders = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not folders:
        print(__doc__, file=sys.stderr)
        return 2
    total: Counter[str] = Counter()
    for folder in folders:
        history = load(folder)
        runs = [replay_baseline(history, baseline) for baseline in BASELINES]
        print_gate(history, runs)
        for baseline, run in zip(BASELINES, runs, strict=True):
            found = misses(run, history)
            large = int((run.ratio >= 1.5 * (1 - 1e-6)).sum())
            print(f"\n{history.name}, {baseline}: {len(found)} of {large} slowdowns >= 1.5x missed")
            for commit, bench, why, row in found:
                pooled = baseline != BASELINES[0]
                pool = " (pool straddles a step)" if pooled and straddles(history, commit, bench) else ""
                print(
                    f"  commit {commit} {history.names[bench]} [{history.models[bench]}] ratio "
                    f"{run.ratio[commit, bench]:.2f}: {why}{pool}; change {row.change_pct:+.1f}%, level "
                    f"{_pct(row.level_change_pct)}, noise {_pct(row.noise_pct)}, p {row.p_value}, q {row.p_adjusted},"
                    f" spikes {row.similar_spikes}"
                )
                total[f"{baseline}: {why}{pool}"] += 1
    print("\nmisses by cause, all histories:")
    for label, count in sorted(total.items(), key=lambda item: -item[1]):
        print(f"  {count:4d}  {label}")
    return 0


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"


if __name__ == "__main__":
    sys.exit(main())
