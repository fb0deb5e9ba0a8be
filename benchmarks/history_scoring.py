"""Scoring detected change points against labelled ones (the rules of ../shared/datasets/README.md).

A detected regression counts when it lands within `TOLERANCE` commits of a labelled regression
of at least the tier's size; each labelled change is matched once (closest first), so a second
alert for the same change is a false positive. A detection near a smaller labelled regression
(a +5% step, or a +10% step when scoring the 20% tier) is neither right nor wrong. Anything
else is a false positive, including alerts on the unlabelled drift of the `drift` model.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

TOLERANCE = 2
TIERS = (0.10, 0.20)


@dataclass(frozen=True)
class Detection:
    bench: int
    commit: int
    change: float
    """Relative change: +0.2 is 20% slower."""


@dataclass(frozen=True)
class Score:
    group: str
    tier: float
    tp: int
    fp: int
    fn: int
    exact: int
    errors: tuple[int, ...]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.tp if self.tp else 0.0

    @property
    def median_error(self) -> float:
        return statistics.median(self.errors) if self.errors else 0.0

    def __str__(self) -> str:
        return (
            f"{self.group:<14} >={self.tier:.0%}  P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"exact {self.exact_share:.0%}  err {self.median_error:g}  (tp {self.tp} fp {self.fp} fn {self.fn})"
        )


def score(detections: list[Detection], truth: dict[str, Any], tiers: tuple[float, ...] = TIERS) -> list[Score]:
    """Scores per noise model and overall, for each tier."""
    models = {b["index"]: _model_name(b["noise_model"]) for b in truth["benchmarks"]}
    labelled: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for c in truth["change_points"]:
        labelled[c["bench_index"]].append((c["commit_index"], c["change"]))
    found: dict[int, list[Detection]] = defaultdict(list)
    for d in detections:
        if d.change > 0:
            found[d.bench].append(d)
    out = []
    for tier in tiers:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        errors: dict[str, list[int]] = defaultdict(list)
        for bench, model in models.items():
            tp, fp, fn, errs = _match(found[bench], labelled[bench], tier)
            for group in (model, "all"):
                c = counts[group]
                c[0] += tp
                c[1] += fp
                c[2] += fn
                c[3] += sum(1 for e in errs if e == 0)
                errors[group].extend(errs)
        for group in sorted(counts, key=lambda g: (g == "all", g)):
            tp, fp, fn, exact = counts[group]
            out.append(Score(group, tier, tp, fp, fn, exact, tuple(errors[group])))
    return out


def _model_name(model: str) -> str:
    return model.split(":", 1)[0]


def _match(found: list[Detection], labels: list[tuple[int, float]], tier: float) -> tuple[int, int, int, list[int]]:
    regressions = [(commit, change) for commit, change in labels if change > 0]
    pairs = sorted(
        (abs(d.commit - commit), i, j)
        for i, d in enumerate(found)
        for j, (commit, _) in enumerate(regressions)
        if abs(d.commit - commit) <= TOLERANCE
    )
    used_d: set[int] = set()
    used_l: set[int] = set()
    tp = fp = 0
    errors = []
    for distance, i, j in pairs:
        if i in used_d or j in used_l:
            continue
        used_d.add(i)
        used_l.add(j)
        if regressions[j][1] >= tier - 1e-9:
            tp += 1
            errors.append(distance)
    fp = len(found) - len(used_d)
    fn = sum(1 for j, (_, change) in enumerate(regressions) if change >= tier - 1e-9 and j not in used_l)
    return tp, fp, fn, errors


def recall_by_size(
    detections: list[Detection], truth: dict[str, Any], sizes: tuple[float, ...] = (0.10, 0.20, 0.50)
) -> dict[str, dict[float, tuple[int, int]]]:
    """Per noise model and overall: labelled regressions of each size found (within TOLERANCE), and their count."""
    models = {b["index"]: _model_name(b["noise_model"]) for b in truth["benchmarks"]}
    found: dict[int, list[Detection]] = defaultdict(list)
    for d in detections:
        if d.change > 0:
            found[d.bench].append(d)
    out: dict[str, dict[float, tuple[int, int]]] = defaultdict(lambda: dict.fromkeys(sizes, (0, 0)))
    for c in truth["change_points"]:
        size = next((s for s in sizes if abs(c["change"] - s) < 1e-9), None)
        if size is None:
            continue
        hit = any(abs(d.commit - c["commit_index"]) <= TOLERANCE for d in found[c["bench_index"]])
        for group in (models[c["bench_index"]], "all"):
            got, count = out[group][size]
            out[group][size] = (got + hit, count + 1)
    return dict(out)
