"""Releases that no git repository names: their stand-in commits and their order.

A results tree without a git repository (the busted profiler's `benchmarks/v1.0.0/...`) still forms
a history: each release is stored under the stand-in commit `release-<tag>`. Such releases follow
their versions (v1.10 after v1.9, a late re-measurement of v1.0.0 before v1.1.0), then their
times; git commits keep their own order around them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from packaging.version import InvalidVersion, Version

STAND_IN_PREFIX = "release-"

Item = TypeVar("Item")


def stand_in_sha(release: str) -> str:
    return f"{STAND_IN_PREFIX}{release}"


def version_of(name: str) -> Version | None:
    """NAME as a version (`v1.2.0`, `1.10rc1`), None when it is not one."""
    try:
        return Version(name)
    except InvalidVersion:
        return None


def in_release_order(
    items: Sequence[Item], sha: Callable[[Item], str | None], *, newest_first: bool = False
) -> list[Item]:
    """ITEMS (in time order) with the stand-in releases among them put in version order in the
    places they hold, the rest untouched. When a stand-in's tag is not a version, time order stays:
    there is nothing better to go by."""
    places = [i for i, item in enumerate(items) if (sha(item) or "").startswith(STAND_IN_PREFIX)]
    versions = [version_of((sha(items[i]) or "")[len(STAND_IN_PREFIX) :]) for i in places]
    known = [v for v in versions if v is not None]
    if len(places) < 2 or len(known) < len(places):
        return list(items)
    # Sorting is stable (reversed too): runs of one release keep their time order.
    rank = sorted(range(len(places)), key=lambda k: known[k], reverse=newest_first)
    ordered = list(items)
    for place, k in zip(places, rank, strict=True):
        ordered[place] = items[places[k]]
    return ordered
