"""History mode of `make eval`: change points found by tracker and by Apache Otava on labelled histories.

    python -m benchmarks.eval_history DATASETS_DIR [FOLDER ...]

For each labelled folder (default: param-dev and corpus-dev) the same history is analysed three
ways: tracker on the pytest-benchmark files (ten samples per commit), tracker on the
github-action-benchmark `data.js` (one value per commit), and Otava on `otava/history.csv` (the
per-commit medians), each through its real entry point (ingest into a fresh SQLite database,
then `tracker changes`). Scoring rules: `benchmarks/history_scoring.py`.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.history_scoring import TIERS, Detection, Score, recall_by_size, score
from benchmarks.otava_reference import run_otava
from tracker.api.changes import find_changes
from tracker.api.ingest import ingest
from tracker.domain import ChangePoint
from tracker.store import Store

FOLDERS = ("param-dev", "corpus-dev")


def tracker_detections(folder: Path, source: str, meta: dict[str, Any]) -> tuple[list[Detection], float]:
    """Ingest SOURCE (a folder or file inside FOLDER) and scan it; returns detections and the scan time."""
    bench = {b["fullname"]: b["index"] for b in meta["benchmarks"]}
    commit = {c["id"]: c["index"] for c in meta["commits"]}
    with tempfile.TemporaryDirectory() as scratch:
        database = str(Path(scratch) / "eval.db")
        with Store(database, writable=True) as store:
            ingest(store, [str(folder / source)], cwd=Path(scratch))
        with Store(database) as store:
            started = time.perf_counter()
            result = find_changes(store)
            elapsed = time.perf_counter() - started
    return [Detection(bench[c.test_name], commit[c.commit.sha], _slowdown(c)) for c in result.changes], elapsed


def _slowdown(change: ChangePoint) -> float:
    """The change as a relative change of time: a throughput that halves is a +100% slowdown."""
    if change.unit == "s":
        return change.change_pct / 100.0
    return change.before / change.after - 1.0


def _cells(s: Score | None, *, full: bool) -> str:
    if s is None:
        return " " * (35 if full else 20)
    text = f"{s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}"
    if full:
        text += f" {s.exact_share:6.0%} {s.median_error:4g}"
    return text


def evaluate(folder: Path) -> list[str]:
    """Print the comparison table for one folder; return the targets it misses."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    samples, samples_s = tracker_detections(folder, "pytest-benchmark", meta)
    single, single_s = tracker_detections(folder, "gab/data.js", meta)
    started = time.perf_counter()
    otava = run_otava(folder)
    otava_s = time.perf_counter() - started
    results = {name: score(found, truth) for name, found in (("t", samples), ("g", single), ("o", otava))}
    index = {name: {(s.group, s.tier): s for s in scores} for name, scores in results.items()}
    print(f"\n== {folder.name}: {truth['n_commits']} commits x {truth['n_benchmarks']} benchmarks, regressions")
    print(
        f"scan time: tracker {samples_s:.1f} s (samples), {single_s:.1f} s (data.js); Otava {otava_s:.1f} s\n"
        "P R F1 = precision, recall, F1; exact = share of true detections at the exact commit; "
        "err = median localisation error (commits)"
    )
    header = f"{'tier':>5} {'noise model':<14} | {'tracker, samples':<35} | {'tracker, data.js':<20} | {'Otava':<35}"
    full, short = "P     R     F1    exact  err", "P     R     F1"
    sub = f"{'':>5} {'':<14} | {full:<35} | {short:<20} | {full:<35}"
    print(header)
    print(sub)
    print("-" * len(header))
    missed = []
    for tier in TIERS:
        for group in sorted({g for g, t in index["t"] if t == tier}, key=lambda g: (g == "all", g)):
            t, g, o = (index[name].get((group, tier)) for name in ("t", "g", "o"))
            print(
                f"{f'>={tier:.0%}':>5} {group:<14} | {_cells(t, full=True)} | {_cells(g, full=False)} | "
                f"{_cells(o, full=True)}"
            )
            assert t is not None and o is not None
            if tier >= 0.20 and t.f1 < 0.9:
                missed.append(f"{folder.name} {group} >={tier:.0%}: F1 {t.f1:.3f} < 0.9")
            if tier < 0.20 and t.f1 < o.f1:
                missed.append(f"{folder.name} {group} >={tier:.0%}: F1 {t.f1:.3f} < Otava's {o.f1:.3f}")
        print("-" * len(header))
    overall = index["t"][("all", TIERS[0])]
    if overall.exact_share < 0.8:
        missed.append(f"{folder.name}: exact commit in {overall.exact_share:.0%} of true detections < 80%")
    return missed + issue_figures(folder.name, truth, samples, overall)


def issue_figures(name: str, truth: dict[str, Any], samples: list[Detection], overall: Score) -> list[str]:
    """The detection issue's history row: F1 >= 10%, share at the exact commit, recall at +10/+20/+50%."""
    real = all(b["noise_model"].startswith("corpus") for b in truth["benchmarks"])
    f1_target = 0.90 if real else 0.98
    by_size = recall_by_size(samples, truth)
    print("recall by labelled size (tracker, samples):  +10%  +20%  +50%")
    for group in sorted(by_size, key=lambda g: (g == "all", g)):
        cells = "".join(f" {got / count if count else float('nan'):5.2f}" for got, count in by_size[group].values())
        counts = "/".join(str(count) for _, count in by_size[group].values())
        print(f"  {group:<41}{cells}   (of {counts})")
    print(
        f"issue figures, {name}: history F1 >= 10% {overall.f1:.3f} (target {f1_target}), exact commit "
        f"{overall.exact_share:.0%} (target 90%)" + (", recall at +10% target 0.75" if real else "")
    )
    missed = []
    if overall.f1 < f1_target:
        missed.append(f"{name}: history F1 >= 10% {overall.f1:.3f} < {f1_target}")
    if overall.exact_share < 0.9:
        missed.append(f"{name}: exact commit {overall.exact_share:.0%} < 90%")
    got, count = by_size["all"][0.10]
    if real and count and got / count < 0.75:
        missed.append(f"{name}: history recall at +10% {got / count:.2f} < 0.75")
    return missed


def evaluate_excursions() -> list[str]:
    """Bimodal series with short excursions (`benchmarks/bimodal_excursions.py`) through data.js."""
    from benchmarks.bimodal_excursions import write

    with tempfile.TemporaryDirectory() as scratch:
        folder = write(Path(scratch))
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        found, _ = tracker_detections(folder, "gab/data.js", meta)
    print(f"\n== bimodal excursions: {truth['n_commits']} commits x {truth['n_benchmarks']} benchmarks (data.js)")
    missed = []
    for s in score(found, truth):
        if s.group == "all":
            print(f"  {s}")
            if s.tier >= 0.20 and s.f1 < 0.9:
                missed.append(f"bimodal excursions >={s.tier:.0%}: F1 {s.f1:.3f} < 0.9")
    return missed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(args[0]).resolve()
    folders = [root / name for name in (args[1:] or FOLDERS)]
    missed: list[str] = []
    for folder in folders:
        missed += evaluate(folder)
    missed += evaluate_excursions()
    print("\nTargets: F1 >= 0.9 for regressions >= 20%, F1 >= Otava's for >= 10%, exact commit >= 80% (samples).")
    print("\n".join(f"  missed: {m}" for m in missed) if missed else "  all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
