"""`profile.json` of a test folder (schema in docs/report-tree.md). Written with sorted keys and
no time of writing, so the same data gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

from tracker.reports.tree.model import Release, Section, TestReport, Timing

SCHEMA = "tracker-report-test/1"
SUITE_SCHEMA = "tracker-report-suite/1"


def test_document(test: TestReport, releases: dict[str, Release]) -> str:
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "test": {"id": test.test_id, "name": test.name, "file": test.file, "tags": list(test.tags)},
        "metric": test.metric,
        "unit": test.unit,
        "releases": [_timing(t, releases.get(t.release)) for t in test.timings],
        "change_points": [
            {
                "release": c.commit.sha,
                "previous_release": c.previous_commit.sha,
                "before": c.before,
                "after": c.after,
                "change_pct": c.change_pct,
                "change_low_pct": c.change_low_pct,
                "change_high_pct": c.change_high_pct,
                "p_value": c.p_value,
                "direction": c.direction.value,
            }
            for c in test.changes
        ],
        "profile": None,
    }
    if test.profile is not None:
        document["profile"] = {
            "release": test.profile.release,
            "unit": test.profile.unit,
            "total": test.profile.total,
            "functions": [
                {"name": f.name, "calls": f.calls, "total": f.total, "self": f.self_time, "self_share": f.self_share}
                for f in test.profile.functions
            ],
        }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _timing(timing: Timing, release: Release | None) -> dict[str, Any]:
    return {
        "release": timing.release,
        "time": release.time.isoformat() if release and release.time else None,
        "commit": release.commit if release else None,
        "n": timing.n,
        "min": timing.min,
        "median": timing.median,
        "mean": timing.mean,
        "stddev": timing.stddev,
        "max": timing.max,
        "total": timing.total,
    }


def suite_document(section: Section, releases: list[Release]) -> str:
    """The suite's statistics per release (over its tests' medians) and where each release ran."""
    suite = {row.release: row for row in section.suite}
    document = {
        "schema": SUITE_SCHEMA,
        "tag": section.tag,
        "unit": "s",
        "releases": [
            {
                "release": release.name,
                "time": release.time.isoformat() if release.time else None,
                "commit": release.commit,
                "runs": release.runs,
                "platform": release.platform,
                "cpu": release.cpu,
                "versions": release.versions,
                "tests": suite[release.name].tests if release.name in suite else 0,
                "total": suite[release.name].total if release.name in suite else None,
                "median": suite[release.name].median if release.name in suite else None,
                "mean": suite[release.name].mean if release.name in suite else None,
                "standard_deviation": suite[release.name].stddev if release.name in suite else None,
            }
            for release in releases
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
