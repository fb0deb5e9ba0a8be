"""Ingest: read result files, attach commit metadata, store everything in one transaction."""

from __future__ import annotations

import dataclasses
import functools
import glob  # Path.glob takes no absolute patterns; users give both
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker import parsers
from tracker.domain import SILENT, CommitInfo, ParsedRun, Progress
from tracker.domain.releases import stand_in_sha
from tracker.errors import InputError, UsageError
from tracker.parsers import Source
from tracker.profiles.aggregate import settle_profile
from tracker.store import Store
from tracker.vcs import git

STDIN = "-"
RUNS_PER_SLICE = 25
"""Runs parsed, given their commits and written at a time (a history file holds thousands)."""


@dataclass(frozen=True)
class Origin:
    """Commit metadata given on the command line; each field overrides what files and git say."""

    commit: str | None = None
    branch: str | None = None
    tag: str | None = None
    message: str | None = None
    time: datetime | None = None
    stand_in: str | None = None
    """The commit of a run that neither the flags, the file nor git name (a file compared, not stored)."""


@dataclass(frozen=True)
class IngestReport:
    sources: tuple[str, ...]
    skipped: tuple[str, ...]
    """Files inside folders that no format claims (README.md, images...)."""
    runs: int
    new_runs: int
    already_stored: int
    tests: int
    samples: int
    warnings: tuple[str, ...] = ()
    """What had to be skipped or repaired in the inputs (malformed lines, unbalanced trace events)."""
    run_ids: tuple[int, ...] = ()
    """Ids of the new runs."""


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    format_name: str | None = None,
    origin: Origin = Origin(),
    stdin: bytes | None = None,
    cwd: Path | None = None,
    progress: Progress = SILENT,
) -> IngestReport:
    """Parse the inputs and store their runs in STORE (opened writable) a slice at a time, in one
    transaction: memory stays flat whatever the size of the inputs, and nothing is written if one fails.
    PROGRESS hears of each input as it is read and of each slice of runs stored."""
    where = cwd or Path.cwd()
    sources, skipped = _sources(paths, format_name, stdin, where, verb="ingest")
    warnings: list[str] = []
    runs = 0
    progress.stage(f"ingesting {len(sources)} input(s)")  # counted in runs stored
    with store.saving() as session:
        parsed = _parsed_runs(sources, paths, stdin=stdin, warnings=warnings, progress=progress)
        for batch in _slices(parsed, RUNS_PER_SLICE):
            session.add(attach_origins(batch, origin, where))
            runs += len(batch)
            progress.advance(len(batch))
        if not runs:
            raise InputError(", ".join(paths), "no tests in any input; nothing was stored")
    saved = session.result()
    return IngestReport(
        sources=tuple(source.name for source, _ in sources),
        skipped=tuple(skipped),
        runs=runs,
        new_runs=len(saved.new_run_ids),
        already_stored=saved.already_stored,
        tests=saved.tests,
        samples=saved.samples,
        warnings=tuple(warnings),
        run_ids=saved.new_run_ids,
    )


def _parsed_runs(
    sources: Sequence[tuple[Source, parsers.Format]],
    paths: Sequence[str],
    *,
    stdin: bytes | None,
    warnings: list[str],
    progress: Progress = SILENT,
) -> Iterator[ParsedRun]:
    """The runs with tests, input by input, each read when the ingest needs it; repairs go to WARNINGS."""
    for source, module in sources:
        progress.advance(0, detail=source.name)
        kept = 0
        for parsed in parsers.read_runs(module, source):
            run, repairs = settle_profile(parsed)
            if run.measurements or run.profiles:
                kept += 1
                warnings.extend(repairs)
                yield run
        if not kept:
            _no_tests(source.name, named=source.name in paths or stdin is not None, warnings=warnings)


@dataclass(frozen=True)
class Inputs:
    """Every run read from the inputs, with its origin attached, before anything is stored."""

    runs: list[ParsedRun]
    sources: tuple[str, ...]
    skipped: tuple[str, ...]
    warnings: tuple[str, ...]


def read_inputs(
    paths: Sequence[str],
    *,
    format_name: str | None = None,
    origin: Origin = Origin(),
    stdin: bytes | None = None,
    cwd: Path | None = None,
) -> Inputs:
    """The runs of every input, held in memory, as `ingest` would store them (their commits from the
    flags, the files or git)."""
    where = cwd or Path.cwd()
    sources, skipped = _sources(paths, format_name, stdin, where, verb="read")
    warnings: list[str] = []
    runs = list(_parsed_runs(sources, paths, stdin=stdin, warnings=warnings))
    if not runs:
        raise InputError(", ".join(paths), "no tests in any input; nothing was stored")
    return Inputs(
        runs=attach_origins(runs, origin, where),
        sources=tuple(source.name for source, _ in sources),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _sources(
    paths: Sequence[str], format_name: str | None, stdin: bytes | None, cwd: Path, *, verb: str
) -> tuple[list[tuple[Source, parsers.Format]], list[str]]:
    if not paths:
        raise UsageError(f"nothing to {verb}: give files, folders, globs or - for standard input")
    forced = parsers.by_name(format_name) if format_name else None
    return collect_sources(paths, forced, stdin=stdin, cwd=cwd)


def _slices(runs: Iterator[ParsedRun], size: int) -> Iterator[list[ParsedRun]]:
    while batch := list(itertools.islice(runs, size)):
        yield batch


def _no_tests(name: str, *, named: bool, warnings: list[str]) -> None:
    """A file named on the command line with no test in it is an error; one found in a folder or by a
    glob, among others, is skipped with a warning (the others are still stored)."""
    if named:
        raise InputError(name, "no tests in this file; nothing was stored (check that the run produced results)")
    warnings.append(f"skipped {name}: no tests in it")


def collect_sources(
    paths: Sequence[str], forced: parsers.Format | None, *, stdin: bytes | None, cwd: Path
) -> tuple[list[tuple[Source, parsers.Format]], list[str]]:
    """Every input with the format that reads it; files in folders that no format claims are skipped."""
    found: list[tuple[Source, parsers.Format]] = []
    skipped: list[str] = []
    for given in paths:
        if given == STDIN:
            if stdin is None:
                raise UsageError("- means standard input, but nothing was piped in")
            source = Source.from_bytes(stdin)
            found.append((source, forced or parsers.detect(source)))
            continue
        for source in _expand(given, cwd):
            if forced is not None or not source.is_dir:
                found.append((source, forced or parsers.detect(source)))
            else:
                _walk_folder(source, found, skipped)
    return found, skipped


def _expand(given: str, cwd: Path) -> list[Source]:
    """The inputs a path or glob names; messages show paths as the user wrote them."""
    if glob.has_magic(given):
        matches = sorted(glob.glob(given, root_dir=cwd, recursive=True))  # noqa: PTH207
        if not matches:
            raise InputError(given, "the pattern matches no file; check the path or quote it")
        return [Source(name=match, path=cwd / match) for match in matches]
    path = cwd / given
    if not path.exists():
        raise InputError(given, "no such file or folder")
    return [Source(name=given, path=path)]


def _walk_folder(folder: Source, found: list[tuple[Source, parsers.Format]], skipped: list[str]) -> None:
    """A folder that a format reads as a whole (a results tree) is one source; else its files are,
    and its subfolders are walked the same way (a busted profiler tree deep inside is still one)."""
    for module in parsers.FORMATS:
        if parsers.claims(module, folder):
            found.append((folder, module))
            return
    assert folder.path is not None
    for path in sorted(p for p in folder.path.iterdir() if not p.name.startswith(".")):
        source = Source(name=str(Path(folder.name) / path.name), path=path)
        if path.is_dir():
            _walk_folder(source, found, skipped)
            continue
        if not path.is_file():
            continue
        claimant = next((m for m in parsers.FORMATS if parsers.claims(m, source)), None)
        if claimant is None:
            skipped.append(source.name)
        else:
            found.append((source, claimant))


def attach_origins(runs: Sequence[ParsedRun], origin: Origin, cwd: Path) -> list[ParsedRun]:
    """Every run with its origin; git is asked once for all the commits that the runs (a slice) name."""
    revs = [origin.commit] if origin.commit else [run.commit.sha for run in runs if run.commit]
    if any(run.commit is None for run in runs):
        revs.append("HEAD")
        revs.extend(run.tag for run in runs if run.commit is None and run.tag)
        revs.extend([origin.tag] if origin.tag else [])
    known = git.read_commits(cwd, revs)
    branch = functools.cache(lambda: git.current_branch(cwd))
    return [attach_origin(run, origin, known, branch) for run in runs]


def release_stand_in(release: str, time: datetime | None) -> CommitInfo:
    """The commit of a release that no git repository names: `release-<tag>`, at the run's time, so
    that releases of a results tree are a history of their own (ordered by `domain.releases`)."""
    return CommitInfo(sha=stand_in_sha(release), subject=f"release {release} (no commit known)", time=time)


def _release_or_head(run: ParsedRun, origin: Origin, known: Mapping[str, CommitInfo]) -> tuple[CommitInfo | None, bool]:
    """(commit, whether git gave it) of a run that names no commit: the commit of its release's tag
    when git knows it; else a release that the file names is its own stand-in (never HEAD, which
    would pile every release onto one commit); else HEAD; else (outside git) `--tag`'s stand-in."""
    release = origin.tag or run.tag
    commit = known.get(release) if release else None
    if commit is not None:
        return commit, True
    if run.tag and not origin.tag:
        return release_stand_in(run.tag, run.time), False
    head = known.get("HEAD")
    if head is not None:
        return head, True
    if release:
        return release_stand_in(release, origin.time or run.time), False
    return (CommitInfo(sha=origin.stand_in) if origin.stand_in else None), False


def attach_origin(
    run: ParsedRun, origin: Origin, known: Mapping[str, CommitInfo], current_branch: Callable[[], str | None]
) -> ParsedRun:
    """Flags win over the file, the file wins over the git repository (KNOWN: its commits by name)."""
    from_git = False
    commit: CommitInfo | None
    if origin.commit:
        commit = known.get(origin.commit) or CommitInfo(sha=origin.commit)
    elif run.commit:
        commit = known.get(run.commit.sha) or run.commit
    else:
        commit, from_git = _release_or_head(run, origin, known)
    if commit is None:
        raise InputError(
            run.source,
            "no commit is known for this run: pass --commit SHA (or --tag RELEASE) or ingest inside a git repository",
        )
    if origin.message:
        subject, _, body = origin.message.partition("\n")
        commit = dataclasses.replace(commit, subject=subject.strip(), body=body.strip())
    branch = origin.branch or run.branch or (current_branch() if from_git or origin.commit else None)
    tag = origin.tag or run.tag or (commit.tags[0] if commit.tags and (from_git or origin.commit) else None)
    time = origin.time or run.time or commit.time
    return dataclasses.replace(run, commit=commit, branch=branch, tag=tag, time=time)
