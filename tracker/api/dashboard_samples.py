"""The raw values behind each point of the dashboard's charts: per series and measured commit,
sorted, at most `SHOWN_SAMPLES` of them (evenly picked by rank when a commit has more)."""

from __future__ import annotations

from array import array

import numpy as np
import numpy.typing as npt

from tracker.api.changes import History, Series
from tracker.reports.dashboard.model import SHOWN_SAMPLES
from tracker.store import Store

CommitSamples = tuple[tuple[int, ...], "array[float]"]
"""Per measured commit of a series: how many raw values it has; and the shown ones, commit after commit."""


def commit_samples(store: Store, history: History) -> dict[tuple[str, str], CommitSamples]:
    """(test id, metric name) -> the raw values of each measured commit of that series in HISTORY."""
    raw = store.branch_sample_values(history.branch)
    if not raw:
        return {}
    metric_ids = {name: metric_id for metric_id, (name, _, _) in store.metrics().items()}
    commit_ids = history.commits["commit_id"].to_numpy(dtype=np.int64)
    largest = max([int(commit_ids.max(initial=0))] + [int(c.max(initial=0)) for c, _ in raw.values()])
    position_of = np.full(largest + 1, -1, dtype=np.int64)  # commit id -> position on the branch, -1: none
    position_of[commit_ids] = np.arange(len(commit_ids))
    found = {}
    for one in history.series:
        values = raw.get((one.test_id, metric_ids.get(one.metric, -1)))
        if values is not None:
            found[(one.test_id, one.metric)] = _per_commit(one, position_of[values[0]], values[1])
    return found


def _per_commit(one: Series, positions: npt.NDArray[np.int64], values: npt.NDArray[np.float64]) -> CommitSamples:
    keep = (positions >= 0) & np.isfinite(values)
    positions, values = positions[keep], values[keep]
    order = np.lexsort((values, positions))
    positions, values = positions[order], values[order]
    starts = np.searchsorted(positions, one.position, "left")
    ends = np.searchsorted(positions, one.position, "right")
    shown = array("d")
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start <= SHOWN_SAMPLES:
            shown.extend(values[start:end].tolist())
        else:
            picks = np.round(np.linspace(start, end - 1, SHOWN_SAMPLES)).astype(np.int64)
            shown.extend(values[picks].tolist())
    return tuple((ends - starts).tolist()), shown
