"""Accuracy of `tracker compare` on labelled histories: `python -m benchmarks.eval_gate DATASETS_DIR`.

Every commit of each history (a folder with `history.npz` and `truth.json`, see
`../shared/datasets/README.md`) is replayed as a candidate against the previous commit, with
the commits before it as the noise history, through `tracker.stats.compare.compare`: the same
function, policy defaults and seed that `tracker compare` uses. Two cases per history:

- raw samples: each run has its k raw samples (pytest-benchmark with `stats.data`);
- one value per run: each run has only the mean of its samples (github-action-benchmark's
  `data.js`, Otava's CSV): the noise comes from the history alone.

Scoring follows the datasets' README: a true slowdown is a true level ratio above 1.10; labelled
+5% and +10% steps are borderline (neither a hit nor a false alarm); the false-positive rate is
over pairs without a labelled change. `cv` is a benchmark's coefficient of variation: the
standard deviation of its samples divided by their true level, over all runs. Two reference
rules get the same table: "median > 110%" (the candidate's median against the baseline's) and
"single value > 110%" (one value per run against the previous one, as github-action-benchmark).

Then a check through the product: some of the history's pytest-benchmark files and its data.js
are ingested into a SQLite database with the real parsers and store, `tracker.api.compare`
judges the newest commits, and its verdicts are compared with the replay's.

Last, a generated labelled history where the same tests step again and again, 3 to 30 commits
apart (`benchmarks/repeated_steps.py`): after a real step of any size the gate still sees the next.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracker.domain import Verdict, test_id
from tracker.stats.compare import Side, compare, run_values
from tracker.stats.policy import Policy
from tracker.store.queries import RESULT_COLUMNS, SAMPLE_COLUMNS

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

SEED = 0
HISTORY_RUNS = 30
"""Earlier runs given to the noise model: the default of `tracker compare` (`noise_runs`)."""
TARGET_FPR = 0.01
TARGET_RECALL_20 = 0.95
TARGET_F1 = 0.90
QUIET_CV = 0.05
BANDS = (("10-20%", 1.10, 1.20), ("20-50%", 1.20, 1.50), (">=50%", 1.50, np.inf))
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class History:
    name: str
    samples: Floats
    """Raw samples, commits x benchmarks x k."""
    levels: Floats
    names: list[str]
    models: list[str]
    cv: Floats
    change: Floats
    """The labelled relative change at each commit and benchmark (0: none)."""
    shas: list[str]


def load(folder: Path) -> History:
    truth = json.loads((folder / "truth.json").read_text())
    arrays = np.load(folder / "history.npz")
    samples, levels = arrays["samples"], arrays["levels"]
    change = np.zeros(levels.shape)
    for point in truth["change_points"]:
        change[point["commit_index"], point["bench_index"]] = point["change"]
    ratios = samples / levels[:, :, None]
    cv = ratios.std(axis=(0, 2)) / ratios.mean(axis=(0, 2))
    shas = [c["id"] for c in json.loads((folder / "meta.json").read_text())["commits"]]
    benchmarks = truth["benchmarks"]
    return History(
        folder.name,
        samples,
        levels,
        [b["name"] for b in benchmarks],
        [b["noise_model"] for b in benchmarks],
        cv,
        change,
        shas,
    )


# --- the replay ---------------------------------------------------------------------------------


def run_frames(history: History, commit: int, one_value: bool) -> Side:
    """The run of COMMIT as the store returns it: results and raw samples of every benchmark."""
    values = history.samples[commit]
    k = values.shape[1]
    ids = [test_id(name) for name in history.names]
    results = pd.DataFrame(
        {
            "run_id": commit,
            "test_id": ids,
            "test_name": history.names,
            "metric": "time",
            "unit": "s",
            "direction": "lower",
            "status": "passed",
            "n": 1 if one_value else k,
            "mean": values.mean(axis=1),
            "median": np.nan if one_value else np.median(values, axis=1),
            "stddev": values.std(axis=1, ddof=1),
        },
        columns=RESULT_COLUMNS,
    )
    if one_value:
        samples = pd.DataFrame({"run_id": commit, "test_id": ids, "metric": "time", "value": values.mean(axis=1)})
    else:
        samples = pd.DataFrame(
            {"run_id": commit, "test_id": np.repeat(ids, k), "metric": "time", "value": values.reshape(-1)}
        )
    return Side(results, samples[SAMPLE_COLUMNS])


@dataclass(frozen=True)
class Replay:
    flagged: Flags
    """Regressed verdicts, commits x benchmarks (commit 0 has no baseline and stays False)."""
    p_values: Floats
    undecided: int


def replay(history: History, one_value: bool, first: int = 1, start: int = 0, last: int | None = None) -> Replay:
    """Judge commits FIRST..LAST against their previous commit, with runs START.. as the only history."""
    count = len(history.shas) if last is None else last + 1
    sides = [run_frames(history, c, one_value) for c in range(count)]
    values = run_values(Side(pd.concat([s.results for s in sides]), pd.concat([s.samples for s in sides])))
    values["order"] = values["run_id"]
    index = {test_id(name): b for b, name in enumerate(history.names)}
    flagged = np.zeros(history.levels.shape, dtype=bool)
    p_values = np.full(history.levels.shape, np.nan)
    undecided = 0
    for commit in range(max(first, start + 1), count):
        past = values[(values["run_id"] >= max(start, commit - HISTORY_RUNS)) & (values["run_id"] < commit)]
        result = compare(sides[commit - 1], sides[commit], Policy(), np.random.default_rng(SEED), past)
        for row in result.rows:
            b = index[row.test_id]
            flagged[commit, b] = row.verdict is Verdict.REGRESSED
            p_values[commit, b] = np.nan if row.p_value is None else row.p_value
            undecided += row.verdict is Verdict.NOT_ENOUGH_DATA
    return Replay(flagged, p_values, undecided)


def ratio_rule(values: Floats) -> Flags:
    """Flag when a run's value exceeds the previous run's by more than 10%."""
    flagged = np.zeros(values.shape, dtype=bool)
    flagged[1:] = values[1:] > 1.10 * values[:-1]
    return flagged


# --- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    fpr: float
    recall: dict[str, float]
    recall_20: float
    precision: float
    f1: float
    negatives: int
    positives: int
    found_20: tuple[int, int]
    """Slowdowns of 20% or more: found, and how many there are."""


def score(history: History, flagged: Flags, members: Flags) -> Score:
    """Gate scores over the benchmarks in MEMBERS, for every commit with a previous one."""
    ratio = history.levels[1:] / history.levels[:-1]
    change = history.change[1:]
    hit = flagged[1:] & members
    borderline = (change > 0) & (change <= 0.10 + _TOLERANCE)
    positive = (ratio > 1.10 * (1 + _TOLERANCE)) & ~borderline & members
    unchanged = (change == 0) & members
    false_alarm = hit & ~positive & ~borderline
    recall = {}
    for label, low, high in BANDS:
        band = positive & (ratio >= low * (1 - _TOLERANCE)) & (ratio < high * (1 - _TOLERANCE))
        recall[label] = _share(hit & band, band)
    at_least_20 = positive & (ratio >= 1.20 * (1 - _TOLERANCE))
    tp = int((hit & positive).sum())
    precision = tp / (tp + int(false_alarm.sum())) if tp + false_alarm.sum() else float("nan")
    rec = _share(hit & positive, positive)
    f1 = 2 * precision * rec / (precision + rec) if precision + rec > 0 else float("nan")
    return Score(
        _share(hit & unchanged, unchanged),
        recall,
        _share(hit & at_least_20, at_least_20),
        precision,
        f1,
        int(unchanged.sum()),
        int(positive.sum()),
        (int((hit & at_least_20).sum()), int(at_least_20.sum())),
    )


def _share(part: Flags, whole: Flags) -> float:
    total = int(whole.sum())
    return int(part.sum()) / total if total else float("nan")


def groups(history: History) -> list[tuple[str, Flags]]:
    models = np.array(history.models)
    out = [(model, np.broadcast_to(models == model, history.levels[1:].shape)) for model in sorted(set(models))]
    out.append(("all", np.ones(history.levels[1:].shape, dtype=bool)))
    out.append((f"cv < {QUIET_CV:.0%}", np.broadcast_to(history.cv < QUIET_CV, history.levels[1:].shape)))
    return out


def _f(value: float, width: int = 7) -> str:
    return f"{'-':>{width}}" if np.isnan(value) else f"{value:{width}.3f}"


def print_table(title: str, history: History, flagged: Flags) -> dict[str, Score]:
    print(f"\n{title}")
    print(
        f"  {'noise model':<22}{'FPR':>7}"
        + "".join(f"{'R' + label:>8}" for label, _, _ in BANDS)
        + f"{'prec':>7}{'F1':>7}  unchanged  slowdowns"
    )
    scores = {}
    for name, members in groups(history):
        s = scores[name] = score(history, flagged, members)
        recalls = "".join(_f(s.recall[label], 8) for label, _, _ in BANDS)
        print(f"  {name:<22}{_f(s.fpr)}{recalls}{_f(s.precision)}{_f(s.f1)}  {s.negatives:>9}  {s.positives:>9}")
    return scores


def print_calibration(history: History, result: Replay) -> None:
    """Share of pairs without a change whose p-value falls below alpha: calibrated when about alpha."""
    print("\n  calibration of p (pairs without a labelled change; calibrated: share close to alpha)")
    alphas = (0.1, 0.05, 0.01, 0.001)
    print(f"  {'noise model':<22}" + "".join(f"{f'p<{a:g}':>9}" for a in alphas) + f"{'+10% flagged':>14}")
    change = history.change[1:]
    p = result.p_values[1:]
    for name, members in groups(history):
        quiet = (change == 0) & members & ~np.isnan(p)
        cells = "".join(f"{_share(quiet & (p < a), quiet):9.4f}" for a in alphas)
        boundary = np.isclose(change, 0.10) & members
        print(f"  {name:<22}{cells}{_f(_share(result.flagged[1:] & boundary, boundary), 14)}")


def target_line(label: str, scores: dict[str, Score]) -> tuple[str, bool]:
    """One row of the closing summary: the three targets for one history and case."""
    models = {name: s for name, s in scores.items() if not name.startswith("cv") and name != "all"}
    worst = max(models, key=lambda name: models[name].fpr)
    quiet = scores[f"cv < {QUIET_CV:.0%}"]
    met = (
        models[worst].fpr <= TARGET_FPR,
        quiet.recall_20 >= TARGET_RECALL_20,
        quiet.f1 >= TARGET_F1,
    )
    cells = (
        f"{models[worst].fpr:.4f} ({worst}) {'ok' if met[0] else 'MISSED'}",
        f"{quiet.recall_20:.3f} ({quiet.found_20[0]}/{quiet.found_20[1]}) {'ok' if met[1] else 'MISSED'}",
        f"{quiet.f1:.3f} (precision {quiet.precision:.3f}) {'ok' if met[2] else 'MISSED'}",
    )
    return f"  {label:<42}{cells[0]:<34}{cells[1]:<22}{cells[2]}", all(met)


# --- through the product ------------------------------------------------------------------------


def store_check(folder: Path, history: History) -> str:
    """Ingest real files of FOLDER with the product, compare two commits with it, match the replay.

    The two commits are the one with the most labelled slowdowns (among those with 7 earlier
    pytest-benchmark files at hand) and the one before it, so regressions are part of the check.
    """
    from tracker.api.ingest import ingest
    from tracker.store import Store

    lines = []
    files = {path.name.split("_")[1]: path.resolve() for path in (folder / "pytest-benchmark").rglob("*.json")}
    at_hand = [c for c, sha in enumerate(history.shas) if sha in files]
    ready = [c for c in at_hand if c >= 8 and all(history.shas[c - j] in files for j in range(8))]
    with tempfile.TemporaryDirectory() as tmp:
        if ready:
            focus = max(ready, key=lambda c: (int((history.change[c] >= 0.2).sum()), c))
            database = str(Path(tmp) / "pytest.db")
            with Store(database, writable=True) as store:
                ingest(store, [str(files[history.shas[c]]) for c in range(focus - 7, focus + 1)], cwd=Path(tmp))
            expected = replay(history, one_value=False, first=focus - 1, start=focus - 7, last=focus)
            lines.append(_agreement("pytest-benchmark, 8 runs", database, history, expected, focus))
        datajs = (folder / "gab" / "data.js").resolve()
        if datajs.exists():
            focus = max(range(2, len(history.shas)), key=lambda c: (int((history.change[c] >= 0.2).sum()), c))
            database = str(Path(tmp) / "gab.db")
            with Store(database, writable=True) as store:
                ingest(store, [str(datajs)], cwd=Path(tmp))
            expected = replay(history, one_value=True, first=focus - 1, last=focus)
            lines.append(_agreement("data.js, all runs", database, history, expected, focus))
    return "\n".join(lines)


def _agreement(label: str, database: str, history: History, expected: Replay, focus: int) -> str:
    from tracker.api.compare import compare_runs
    from tracker.store import Store

    index = {name: b for b, name in enumerate(history.names)}
    same = total = regressed = 0
    for commit in (focus - 1, focus):
        with Store(database) as store:
            result = compare_runs(store, candidate_ref=history.shas[commit], policy=Policy())
        assert result.comparison is not None, f"{label}: no baseline for {history.shas[commit]}"
        for row in result.comparison.rows:
            flagged = row.verdict is Verdict.REGRESSED
            regressed += flagged
            same += flagged == expected.flagged[commit, index[row.test_name]]
            total += 1
    return (
        f"  through the store ({label} ingested, commits {focus - 1} and {focus} judged by tracker.api.compare): "
        f"{total} verdicts, {regressed} regressed, {same}/{total} the same as the replay"
    )


def print_issue_targets(missed: list[str]) -> None:
    from benchmarks.gate_baselines import TARGET_F1 as TARGET_GATE_F1

    print(
        f"\ntargets, both default baselines: F1 >= {TARGET_GATE_F1['param']} (parametric) / {TARGET_GATE_F1['corpus']}"
        f" (real noise), FPR <= {TARGET_FPR:.0%} per noise model, no slowdown >= 1.5x missed"
    )
    print("\n".join(f"  missed: {m}" for m in missed) if missed else "  all met")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, help="folder of labelled histories (../shared/datasets)")
    parser.add_argument("extra", type=Path, nargs="*", help="more labelled histories (folders from gen.py)")
    parser.add_argument(
        "--only", action="append", help="only this history (repeatable; repeated-steps: the generated one)"
    )
    parser.add_argument("--no-store-check", action="store_true", help="skip the check through the product")
    args = parser.parse_args(argv)
    from benchmarks.gate_baselines import BASELINES, print_gate, replay_baseline  # it imports this module

    folders = sorted(p.parent for p in args.datasets.glob("*/truth.json")) + list(args.extra)
    if not folders:
        print(f"{args.datasets}: no labelled history (a folder with truth.json and history.npz)", file=sys.stderr)
        return 2
    generated = [None] if not args.only or "repeated-steps" in args.only else []
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    policy = Policy()
    print(
        f"tracker compare gate: threshold {policy.threshold_pct:g}%, FDR {policy.fdr:g}, "
        f"noise history {HISTORY_RUNS} runs, seed {SEED}; baseline = previous commit"
    )
    summary: list[tuple[str, bool]] = []
    missed: list[str] = []
    from benchmarks.repeated_steps import repeated_steps

    for folder in [*folders, *generated]:
        history = load(folder) if folder is not None else repeated_steps()
        shape = "x".join(str(n) for n in history.samples.shape)
        print(f"\n=== {history.name} ({shape} commits x benchmarks x samples)")
        for one_value in (False, True):
            case = "one value per run (mean)" if one_value else "raw samples"
            result = replay(history, one_value)
            title = f"[{case}] tracker ({result.undecided} not-enough-data verdicts)"
            scores = print_table(title, history, result.flagged)
            summary.append(target_line(f"{history.name}, {case}", scores))
            print_calibration(history, result)
            values = history.samples.mean(axis=2) if one_value else np.median(history.samples, axis=2)
            reference = "single value > 110%" if one_value else "median > 110%"
            print_table(f"[{case}] reference rule: {reference}", history, ratio_rule(values))
        if folder is not None:
            missed += print_gate(history, [replay_baseline(history, baseline) for baseline in BASELINES])
        if folder is not None and not args.no_store_check:
            print(store_check(folder, history))
    print(
        f"\ntargets: FPR <= {TARGET_FPR:.0%} in every noise model; where cv < {QUIET_CV:.0%}: recall >= "
        f"{TARGET_RECALL_20:.0%} for slowdowns >= 20%, F1 >= {TARGET_F1} for slowdowns > 10%"
    )
    print(f"  {'history, case':<42}{'worst FPR':<34}{'recall >=20%':<22}F1 > 10%")
    for line, _ in summary:
        print(line)
    print("all targets met" if all(met for _, met in summary) else "some targets missed (MISSED above)")
    print_issue_targets(missed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
