"""Releases of a report: runs grouped by tag (by commit when no run has a tag), in version order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from packaging.version import InvalidVersion, Version

from tracker.domain import RunInfo, short_commit
from tracker.errors import UsageError
from tracker.reports.tree import Release

_SHOWN_KEYS = ("machine", "os", "cpu")


@dataclass(frozen=True)
class ReleaseRuns:
    release: Release
    run_ids: tuple[int, ...]
    """Newest first."""


def group_releases(
    runs: Sequence[RunInfo], environments: Mapping[int, Mapping[str, str]], chosen: str | None
) -> list[ReleaseRuns]:
    """The releases up to CHOSEN (default: the newest), oldest first. A release is a tag; when no
    run carries one, each commit with runs stands in for a release (named by its short sha)."""
    tagged = [run for run in runs if run.tag]
    by_tag = bool(tagged)
    groups: dict[str, list[RunInfo]] = {}
    for run in tagged if by_tag else runs:
        name = run.tag if by_tag else short_commit(run.commit or f"run-{run.id}")
        groups.setdefault(str(name), []).append(run)
    releases = [_release(name, members, environments) for name, members in groups.items()]
    releases.sort(key=_order(releases))
    if not releases:
        raise UsageError("the database holds no runs; ingest results first (tracker ingest FILE --tag v1.0)")
    if chosen is None:
        return releases
    names = [r.release.name for r in releases]
    if chosen not in names:
        known = ", ".join(names[-10:])
        raise UsageError(f"--release {chosen!r} is not a release in the database; releases: {known}")
    return releases[: names.index(chosen) + 1]


def _release(name: str, members: list[RunInfo], environments: Mapping[int, Mapping[str, str]]) -> ReleaseRuns:
    members = sorted(members, key=lambda run: (_seconds(run.time), run.id), reverse=True)
    newest = members[0]
    environment = environments.get(newest.id, {})
    versions = ", ".join(
        value if key == "interpreter" else f"{key} {value}"
        for key, value in sorted(environment.items(), key=lambda item: (item[0] != "interpreter", item[0]))
        if key not in _SHOWN_KEYS and value
    )
    release = Release(
        name=name,
        time=newest.time,
        runs=len(members),
        commit=newest.commit,
        platform=environment.get("os", ""),
        cpu=environment.get("cpu", ""),
        versions=versions,
    )
    return ReleaseRuns(release, tuple(run.id for run in members))


def _seconds(when: datetime | None) -> float:
    return when.timestamp() if when else float("-inf")


def _order(releases: list[ReleaseRuns]) -> Callable[[ReleaseRuns], tuple[object, ...]]:
    """By version when every name is one (v1.10 after v1.9), else by time; ties by time, then name."""
    versions = {r.release.name: _version(r.release.name) for r in releases}
    every = all(v is not None for v in versions.values())

    def key(item: ReleaseRuns) -> tuple[object, ...]:
        when = _seconds(item.release.time)
        if every:
            return (versions[item.release.name], when, item.release.name)
        return (when, item.release.name)

    return key


def _version(name: str) -> Version | None:
    try:
        return Version(name)
    except InvalidVersion:
        return None
