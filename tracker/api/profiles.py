"""Profiles: aggregating a run's profile events at ingest; function tables, flame graphs, explanations."""

from __future__ import annotations

import dataclasses

from tracker.domain import TIME, Measurement, ParsedRun
from tracker.profiles.aggregate import aggregate


def settle_profile(run: ParsedRun) -> tuple[ParsedRun, tuple[str, ...]]:
    """RUN with its profile events folded into call trees (and timed tests measured); the repairs made."""
    source = run.profile_source
    if source is None:
        return run, ()
    result = aggregate(source, run.source)
    measurements = run.measurements
    if source.timed:
        measured = {m.test.name for m in measurements}
        measurements += tuple(
            Measurement(test=source.tests[test], metric=TIME, values=(duration,))
            for test, duration in result.durations.items()
            if test not in measured
        )
    settled = dataclasses.replace(
        run, measurements=measurements, profiles=run.profiles + result.nodes, profile_source=None
    )
    return settled, (*source.skipped, *result.warnings)
