"""The comparison as a JSON document with a stable, documented schema (`docs/compare-json.md`)."""

from __future__ import annotations

from typing import Any

from tracker.domain import RunInfo, TestComparison, Verdict
from tracker.reports.comparison import Compared, explain_verdict, top_rows
from tracker.reports.jsonout import to_jsonable

SCHEMA = "tracker.compare/1"


def comparison_document(result: Compared, *, top: int = 0) -> dict[str, Any]:
    comparison = result.comparison
    if comparison is None:
        overall = Verdict.NOT_ENOUGH_DATA
    elif comparison.regressed:
        overall = Verdict.REGRESSED
    elif comparison.fails_gate:
        overall = Verdict.FAILING
    elif comparison.count(Verdict.NOT_ENOUGH_DATA):
        overall = Verdict.NOT_ENOUGH_DATA
    else:
        overall = Verdict.UNCHANGED
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "verdict": overall.value,
        "candidate": _run(result.candidate),
        "baselines": [_run(run) for run in result.baselines],
        "baseline_source": result.source,
        "skipped_commits": [_run(run) for run in result.skipped_commits],
        "other_environments": result.other_environments,
        "history_runs": result.history_runs,
    }
    if comparison is None:
        return {**document, "policy": None, "counts": {}, "ignored": 0, "tests": [], "top": []}
    policy = comparison.policy
    document["policy"] = {
        "threshold_pct": policy.threshold_pct,
        "warn_threshold_pct": policy.warn_threshold_pct,
        "fdr": policy.fdr,
        "min_time": policy.min_time,
        "fail_on_broken": policy.fail_on_broken,
    }
    document["counts"] = {v.value: comparison.count(v) for v in Verdict}
    document["ignored"] = comparison.ignored
    document["tests"] = [
        _test(row, explain_verdict(row, comparison), result.functions.get(row.test_id, ())) for row in comparison.rows
    ]
    document["top"] = [
        {"test_id": row.test_id, "test_name": row.test_name, "metric": row.metric, "unit": row.unit,
         "value": row.candidate_median}
        for row in top_rows(comparison, top)
    ]  # fmt: skip
    return document


def _run(run: RunInfo) -> dict[str, Any]:
    return {
        "id": run.id,
        "commit": run.commit,
        "branch": run.branch,
        "tag": run.tag,
        "time": to_jsonable(run.time),
        "subject": run.subject,
        "commit_type": run.commit_type,
        "environment": run.environment,
    }


def _test(row: TestComparison, explanation: str, functions: tuple[Any, ...]) -> dict[str, Any]:
    fields = to_jsonable(row)
    assert isinstance(fields, dict)
    fields["explanation"] = explanation
    fields["functions"] = [
        {"name": f.name, "before": f.before, "after": f.after, "change": f.change, "unit": f.unit} for f in functions
    ]
    return fields
