"""A results branch's history: one small gzip file of tracker JSON per run, yearly archives on request.

    history/runs/2026/2026-03-01T120000Z-<digest16>.json.gz   one run, written once, never edited
    history/archive/2025.json.gz                              every run of 2025 (`--compact`)

A run's file is named by its time and digest and its bytes depend only on the run (gzip without a
time stamp), so two publishers that both write a run write the same file; no file ever grows, and
`tracker ingest history/` reads the whole folder back into a database.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from tracker.domain import ParsedRun
from tracker.parsers import Source, tracker_json
from tracker.store import Store

RUNS = "runs"
ARCHIVE = "archive"
UNDATED = "undated"
_DIGEST_CHARS = 16
_RUN_FILE = re.compile(r".*-(?P<digest>[0-9a-f]{16})\.json\.gz")


@dataclass(frozen=True)
class Compacted:
    years: tuple[str, ...]
    runs: int
    """Run files folded into the archives."""


def known_digests(history: Path) -> set[str]:
    """The (shortened) digests of every run the folder holds, in run files and in archives."""
    known = set(_run_files(history).values())
    for digests in _archives(history).values():
        known.update(digests)
    return known


def files_missing_from(history: Path, stored: Iterable[str]) -> list[Path]:
    """The run files and archives of HISTORY that hold a run whose digest is not among STORED:
    only these need reading into the store. Run files are judged by their names alone."""
    have = {digest[:_DIGEST_CHARS] for digest in stored}
    files = [path for path, digest in _run_files(history).items() if digest not in have]
    archives = [path for path, digests in _archives(history).items() if not digests <= have]
    return archives + files


def write_new_runs(store: Store, history: Path) -> int:
    """A file for every stored run the folder does not hold yet; how many were written.

    The folder's file names and the store's digests say which runs are missing; only those are read."""
    known = known_digests(history)
    missing = [run_id for digest, run_id in store.run_digests().items() if digest[:_DIGEST_CHARS] not in known]
    if not missing:
        return 0
    written = 0
    for digest, run in store.stored_runs(missing):
        path = history / RUNS / run_file_name(digest, run)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_compressed([(digest, run)]))
        written += 1
    return written


def _run_files(history: Path) -> dict[Path, str]:
    """Each run file and the (shortened) digest its name carries."""
    return {
        path: m["digest"]
        for path in sorted((history / RUNS).rglob("*.json.gz"))
        if (m := _RUN_FILE.fullmatch(path.name))
    }


def _archives(history: Path) -> dict[Path, set[str]]:
    """Each yearly archive and the (shortened) digests of the runs it holds."""
    found = {}
    for archive in sorted((history / ARCHIVE).glob("*.json.gz")):
        with gzip.open(archive, "rt", encoding="utf-8") as stream:
            found[archive] = {run["digest"][:_DIGEST_CHARS] for run in json.load(stream)["runs"]}
    return found


def run_file_name(digest: str, run: ParsedRun) -> str:
    """`YEAR/TIME-DIGEST.json.gz` (UTC), or `undated/DIGEST.json.gz` for a run without a time."""
    if run.time is None:
        return f"{UNDATED}/{digest[:_DIGEST_CHARS]}.json.gz"
    when = run.time.astimezone(UTC) if run.time.tzinfo else run.time
    return f"{when:%Y}/{when:%Y-%m-%dT%H%M%SZ}-{digest[:_DIGEST_CHARS]}.json.gz"


def compact(history: Path) -> Compacted:
    """Fold the run files of every year but the newest into that year's archive (merged with what it held)."""
    runs_folder = history / RUNS
    years = (
        sorted(p.name for p in runs_folder.iterdir() if p.is_dir() and p.name.isdigit()) if runs_folder.is_dir() else []
    )
    folded: list[str] = []
    count = 0
    for year in years[:-1]:
        files = sorted((history / RUNS / year).glob("*.json.gz"))
        archive = history / ARCHIVE / f"{year}.json.gz"
        sources = [*([archive] if archive.exists() else []), *files]
        runs = {run.digest(): run for path in sources for run in _read(path)}
        ordered = sorted(runs.items(), key=lambda item: (_sort_time(item[1]), item[0]))
        archive.parent.mkdir(parents=True, exist_ok=True)
        archive.write_bytes(_compressed(ordered))
        for path in files:
            path.unlink()
        (history / RUNS / year).rmdir()
        folded.append(year)
        count += len(files)
    return Compacted(tuple(folded), count)


def _read(path: Path) -> Iterator[ParsedRun]:
    yield from tracker_json.parse(Source.from_path(path))


def _sort_time(run: ParsedRun) -> str:
    return run.time.astimezone(UTC).isoformat() if run.time and run.time.tzinfo else str(run.time or "")


def _compressed(runs: Iterable[tuple[str, ParsedRun]]) -> bytes:
    """Same runs, same bytes: no time stamp or file name in the gzip header."""
    return gzip.compress("".join(tracker_json.write(runs)).encode("utf-8"), compresslevel=9, mtime=0)
