"""The gate with `tracker compare`'s two default baselines, scored as in the detection issue's table.

- previous run: the candidate against the run before it, with the earlier runs as its history
  (what `tracker compare` does by default); truth = the commit itself is more than 10% slower
  than the one before it (true level ratio above 1.10, labelled +5%/+10% steps borderline);
- pooled 5: the candidate against the previous 5 runs pooled (`--baseline-runs 5`), same
  history; truth = the candidate's true level more than 10% above the median of the 5 pooled
  runs' true levels (a step inside the pool counts when the pool's median is still before it).

Per noise model: F1 (precision / recall), recall by true slowdown band, the +50% steps missed
(out of how many), and the false-positive rate on pairs without a labelled change (in the
pool's window too, for the pooled baseline). Every verdict row is kept for the diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from benchmarks.eval_gate import HISTORY_RUNS, SEED, History, run_frames
from tracker.domain import TestComparison, Verdict, test_id
from tracker.stats.compare import Side, compare, run_values
from tracker.stats.policy import Policy

Flags = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

POOLED_RUNS = 5
BASELINES = ("previous run", f"pooled {POOLED_RUNS}")
BANDS = (("1.1-1.2x", 1.10, 1.20), ("1.2-1.5x", 1.20, 1.50), (">=1.5x", 1.50, np.inf))
TARGET_F1 = {"param": 0.80, "corpus": 0.45}
TARGET_FPR = 0.01
TARGET_RECALL_LARGE = 0.98
_TOL = 1e-6


@dataclass
class GateRun:
    """The verdicts of one baseline over a history: flags and rows, commits x benchmarks."""

    baseline: str
    flagged: Flags
    rows: dict[tuple[int, int], TestComparison]
    ratio: Floats
    """True level ratio of candidate to baseline (NaN where there is no baseline)."""
    unchanged: Flags
    borderline: Flags


def replay_baseline(history: History, baseline: str, one_value: bool = False) -> GateRun:
    """Judge every commit with enough runs before it against BASELINE."""
    pooled = 1 if baseline == BASELINES[0] else POOLED_RUNS
    count = len(history.shas)
    sides = [run_frames(history, c, one_value) for c in range(count)]
    values = run_values(Side(pd.concat([s.results for s in sides]), pd.concat([s.samples for s in sides])))
    values["order"] = values["run_id"]
    index = {test_id(name): b for b, name in enumerate(history.names)}
    shape = history.levels.shape
    flagged = np.zeros(shape, dtype=bool)
    rows: dict[tuple[int, int], TestComparison] = {}
    for commit in range(pooled, count):
        pool = sides[commit - pooled : commit]
        base = Side(pd.concat([s.results for s in pool]), pd.concat([s.samples for s in pool]))
        past = values[(values["run_id"] >= commit - HISTORY_RUNS) & (values["run_id"] < commit)]
        result = compare(base, sides[commit], Policy(), np.random.default_rng(SEED), past)
        for row in result.rows:
            b = index[row.test_id]
            flagged[commit, b] = row.verdict is Verdict.REGRESSED
            rows[(commit, b)] = row
    ratio, unchanged, borderline = _truth(history, pooled)
    return GateRun(baseline, flagged, rows, ratio, unchanged, borderline)


def _truth(history: History, pooled: int) -> tuple[Floats, Flags, Flags]:
    levels, change = history.levels, history.change
    ratio = np.full(levels.shape, np.nan)
    unchanged = np.zeros(levels.shape, dtype=bool)
    small = np.zeros(levels.shape, dtype=bool)
    for commit in range(pooled, levels.shape[0]):
        ratio[commit] = levels[commit] / np.median(levels[commit - pooled : commit], axis=0)
        window = change[commit - pooled + 1 : commit + 1]
        unchanged[commit] = np.all(window == 0, axis=0)
        small[commit] = np.any((window > 0) & (window <= 0.10 + _TOL), axis=0)
    borderline = small & (ratio <= 1.11)  # a +5%/+10% step, drift aside: neither hit nor false alarm
    return ratio, unchanged, borderline


@dataclass(frozen=True)
class GateScore:
    precision: float
    recall: float
    f1: float
    bands: dict[str, float]
    large: tuple[int, int]
    """Slowdowns of 1.5x or more: missed, and how many there are."""
    fpr: float
    unchanged: int


def score_gate(run: GateRun, members: Flags) -> GateScore:
    positive = (run.ratio > 1.10 * (1 + _TOL)) & ~run.borderline & members
    hit = run.flagged & members
    false_alarm = hit & ~positive & ~run.borderline
    tp = int((hit & positive).sum())
    precision = _share(tp, tp + int(false_alarm.sum()))
    recall = _share(tp, int(positive.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")
    bands = {}
    for label, low, high in BANDS:
        band = positive & (run.ratio >= low * (1 - _TOL)) & (run.ratio < high * (1 - _TOL))
        bands[label] = _share(int((hit & band).sum()), int(band.sum()))
    large = positive & (run.ratio >= 1.5 * (1 - _TOL))
    unchanged = run.unchanged & members
    fpr = _share(int((hit & unchanged).sum()), int(unchanged.sum()))
    return GateScore(
        precision, recall, f1, bands, (int((large & ~hit).sum()), int(large.sum())), fpr, int(unchanged.sum())
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def model_groups(history: History) -> list[tuple[str, Flags]]:
    models = np.array([m.split(":", 1)[0] for m in history.models])
    out = [(m, np.broadcast_to(models == m, history.levels.shape)) for m in sorted(set(models))]
    if len(out) > 1:
        out.append(("all", np.ones(history.levels.shape, dtype=bool)))
    return out


def noise_source(history: History) -> str:
    return "corpus" if all(m.startswith("corpus") for m in history.models) else "param"


def print_gate(history: History, runs: list[GateRun]) -> list[str]:
    """The issue's gate rows for one history; returns the targets missed."""
    print(f"\n  gate on {history.name}: F1 (precision / recall), recall by true slowdown, +50% missed, FPR")
    header = f"  {'baseline':<13}{'noise model':<14}{'F1 (P / R)':<22}" + "".join(f"{b:>10}" for b, _, _ in BANDS)
    print(header + f"{'>=1.5x missed':>15}{'FPR':>9}{'unchanged':>11}")
    missed = []
    source = noise_source(history)
    for run in runs:
        for group, members in model_groups(history):
            s = score_gate(run, members)
            bands = "".join(f"{_f(s.bands[b]):>10}" for b, _, _ in BANDS)
            f1 = f"{_f(s.f1)} ({_f(s.precision)} / {_f(s.recall)})"
            print(
                f"  {run.baseline:<13}{group:<14}{f1:<22}{bands}{f'{s.large[0]} of {s.large[1]}':>15}"
                f"{s.fpr:9.4f}{s.unchanged:>11}"
            )
            where = f"{history.name} {run.baseline} {group}"
            if s.fpr > TARGET_FPR:
                missed.append(f"{where}: FPR {s.fpr:.4f} > {TARGET_FPR}")
            if group in ("all", "corpus") and not s.f1 >= TARGET_F1[source]:
                missed.append(f"{where}: F1 {s.f1:.3f} < {TARGET_F1[source]}")
        large = score_gate(run, np.ones(history.levels.shape, dtype=bool)).large
        if large[0]:
            missed.append(f"{history.name} {run.baseline}: {large[0]} of {large[1]} slowdowns >= 1.5x missed")
    return missed


def _f(value: float) -> str:
    return "-" if np.isnan(value) else f"{value:.2f}"
