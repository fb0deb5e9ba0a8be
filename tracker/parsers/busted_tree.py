"""The original busted profiler's output tree: `benchmarks/{all,tags/<tag>}/artifacts/<release>-<time>/`.

Point `tracker ingest` at the `benchmarks/` folder (or the folder holding it). Every
`artifacts/<vX.Y.Z>-<YYYY_MM_DD-HH_MM_SS>/` folder becomes a run tagged with that release and
timed at that moment (read as UTC; the profiler wrote local time without a zone). The run is read
from `all/` (see `busted-flamegraph`: per-test durations, the suite's statistics from
`profile.json`, function profiles); a test also found under `tags/<tag>/` for that release gets
`<tag>` among its tags. The copies of the newest release at the top of `all/` and `tags/<tag>/`
are not read again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tracker.domain import ParsedRun
from tracker.errors import InputError
from tracker.parsers import busted_flamegraph
from tracker.parsers._support import jsonstream
from tracker.parsers._support.source import Source

NAME = "busted-profiler-tree"
DESCRIPTION = "the original busted profiler's benchmarks/ folder: one run per artifacts/<release>-<time>/"
EXAMPLE = "benchmarks/all/artifacts/v1.0.0-2026_11_27-13_53_01/flamegraph.json (a folder)"

RELEASE_FOLDER = re.compile(r"^(?P<release>.+)-(?P<time>\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2})$")


def _benchmarks(folder: Path) -> Path | None:
    for candidate in (folder, folder / "benchmarks"):
        if (candidate / "all" / "artifacts").is_dir() or (candidate / "tags").is_dir():
            return candidate
    return None


def _artifacts(benchmarks: Path) -> list[tuple[str | None, Path]]:
    """(tag or None for all/, release folder) for every release folder holding a flamegraph.json."""
    found: list[tuple[str | None, Path]] = []
    groups: list[tuple[str | None, Path]] = [(None, benchmarks / "all")]
    if (benchmarks / "tags").is_dir():
        groups += [(tag.name, tag) for tag in sorted((benchmarks / "tags").iterdir()) if tag.is_dir()]
    for tag, group in groups:
        artifacts = group / "artifacts"
        if artifacts.is_dir():
            found += [
                (tag, release)
                for release in sorted(artifacts.iterdir())
                if RELEASE_FOLDER.match(release.name) and (release / "flamegraph.json").is_file()
            ]
    return found


def sniff(source: Source) -> bool:
    if not source.is_dir or source.path is None:
        return False
    benchmarks = _benchmarks(source.path)
    return benchmarks is not None and bool(_artifacts(benchmarks))


def parse(source: Source) -> list[ParsedRun]:
    if source.path is None or not source.is_dir:
        raise InputError(source.name, "a busted profiler tree is a folder (benchmarks/); pass the folder's path")
    benchmarks = _benchmarks(source.path)
    if benchmarks is None:
        raise InputError(source.name, "no benchmarks/all/artifacts/ or benchmarks/tags/ folder here")
    by_release: dict[str, dict[str | None, Path]] = {}
    for tag, folder in _artifacts(benchmarks):
        by_release.setdefault(folder.name, {})[tag] = folder
    runs = []
    for name, folders in sorted(by_release.items()):
        match = RELEASE_FOLDER.match(name)
        assert match is not None
        time = datetime.strptime(match["time"], "%Y_%m_%d-%H_%M_%S").replace(tzinfo=UTC)
        extra_tags: dict[str, tuple[str, ...]] = {}
        for tag, folder in folders.items():
            if tag is not None:
                for test in _test_names(Source.from_path(folder / "flamegraph.json")):
                    extra_tags[test] = (*extra_tags.get(test, ()), tag)
        main = folders.get(None) or folders[min(t for t in folders if t is not None)]
        run = busted_flamegraph.read(
            Source.from_path(main / "flamegraph.json"), extra_tags=extra_tags, tag=match["release"]
        )
        runs.append(_with(run, time))
    return runs


def _with(run: ParsedRun, time: datetime) -> ParsedRun:
    import dataclasses

    return dataclasses.replace(run, format=NAME, time=time)


def _test_names(source: Source) -> set[str]:
    return {
        event["name"]
        for event in jsonstream.items(source, "item", "$")
        if isinstance(event, dict) and event.get("cat") == "test" and isinstance(event.get("name"), str)
    }
