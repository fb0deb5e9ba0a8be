"""History on the branch: one compressed tracker JSON file per run, archives per year, restored by ingest."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.cli.helpers import run
from tests.publish.repos import TUBULAR
from tracker.api import history_files
from tracker.api.export import export_json
from tracker.api.ingest import Origin, ingest
from tracker.api.publish import restore_folder
from tracker.store import Store


def _store_with(db: str, cwd: Path, files: list[Path], years: list[int]) -> None:
    with Store(db, writable=True) as store:
        for file, year in zip(files, years, strict=True):
            ingest(
                store,
                [str(file)],
                origin=Origin(commit=f"{year:04d}" + "a" * 36, time=datetime(year, 3, 1, tzinfo=UTC)),
                cwd=cwd,
            )


def _export(db: str) -> dict[str, Any]:
    """The database's runs, commits, tests and metrics, whatever order they were stored in."""
    with Store(db) as store:
        document: dict[str, Any] = json.loads("".join(export_json(store)))
    document["runs"].sort(key=lambda item: item["digest"])
    return document


def test_each_run_gets_one_small_gzip_file_whose_bytes_depend_only_on_the_run(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    _store_with(db, tmp_path, TUBULAR[:3], [2026, 2026, 2026])
    first, second = tmp_path / "one", tmp_path / "two"
    with Store(db) as store:
        assert history_files.write_new_runs(store, first) == 3
        assert history_files.write_new_runs(store, first) == 0  # already there
        assert history_files.write_new_runs(store, second) == 3
    files = sorted(p.relative_to(first) for p in first.rglob("*.json.gz"))
    assert len(files) == 3 and all(str(f).startswith("runs/2026/2026-03-01T000000Z-") for f in files)
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert all((first / f).read_bytes()[:2] == b"\x1f\x8b" and (first / f).stat().st_size < 4000 for f in files)


def test_ingest_of_the_history_folder_restores_the_same_database(tmp_path: Path) -> None:
    db, restored = str(tmp_path / "a.db"), str(tmp_path / "restored.db")
    _store_with(db, tmp_path, TUBULAR[:4], [2024, 2025, 2025, 2026])
    with Store(db) as store:
        history_files.write_new_runs(store, tmp_path / "history")
    outcome = run("ingest", "--db", restored, tmp_path / "history")
    assert outcome.exit_code == 0, outcome.stderr
    assert "ingested 4 new run(s)" in outcome.stderr
    assert _export(restored) == _export(db)


def test_compact_folds_past_years_into_archives_and_restores_the_same(tmp_path: Path) -> None:
    db, restored = str(tmp_path / "a.db"), str(tmp_path / "restored.db")
    _store_with(db, tmp_path, TUBULAR[:5], [2024, 2025, 2025, 2026, 2026])
    history = tmp_path / "history"
    with Store(db) as store:
        history_files.write_new_runs(store, history)
        compacted = history_files.compact(history)
        assert compacted.years == ("2024", "2025") and compacted.runs == 3
        assert history_files.write_new_runs(store, history) == 0  # archived runs count as present
    names = sorted(str(p.relative_to(history)) for p in history.rglob("*.json.gz"))
    assert names[:2] == ["archive/2024.json.gz", "archive/2025.json.gz"]
    assert [n.split("/")[1] for n in names[2:]] == ["2026", "2026"]
    assert run("ingest", "--db", restored, history).exit_code == 0
    assert _export(restored) == _export(db)


def test_a_late_run_of_an_archived_year_joins_its_archive(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    _store_with(db, tmp_path, TUBULAR[:2], [2025, 2026])
    history = tmp_path / "history"
    with Store(db) as store:
        history_files.write_new_runs(store, history)
        history_files.compact(history)
    _store_with(db, tmp_path, TUBULAR[2:3], [2025])
    with Store(db) as store:
        assert history_files.write_new_runs(store, history) == 1
        assert history_files.compact(history).runs == 1
    assert not (history / "runs" / "2025").exists()
    assert len(history_files.known_digests(history)) == 3


def test_a_damaged_history_file_names_itself(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    _store_with(db, tmp_path, TUBULAR[:1], [2026])
    with Store(db) as store:
        history_files.write_new_runs(store, tmp_path / "history")
    damaged = next((tmp_path / "history").rglob("*.json.gz"))
    damaged.write_bytes(damaged.read_bytes()[:-20])
    outcome = run("ingest", "--db", str(tmp_path / "b.db"), damaged)
    assert outcome.exit_code == 2
    assert f"{damaged}: damaged gzip data" in outcome.stderr


def test_only_the_runs_missing_on_one_side_are_read(tmp_path: Path) -> None:
    """Branch and store are matched by digest: a run file the store holds is never opened (a damaged one
    goes unnoticed), an archive counts by the digests it lists, and only the runs the branch lacks are written."""
    db, fresh = str(tmp_path / "a.db"), str(tmp_path / "fresh.db")
    _store_with(db, tmp_path, TUBULAR[:3], [2025, 2026, 2026])
    history = tmp_path / "history"
    with Store(db) as store:
        history_files.write_new_runs(store, history)
        history_files.compact(history)  # TUBULAR[0], of 2025, goes to an archive
        assert history_files.files_missing_from(history, store.run_digests()) == []
    _store_with(fresh, tmp_path, TUBULAR[1:2], [2026])
    with Store(fresh, writable=True) as store:
        (held,) = store.run_digests()
        held_file = next((history / "runs").rglob(f"*-{held[:16]}.json.gz"))
        held_file.write_bytes(b"not gzip at all")
        missing = history_files.files_missing_from(history, store.run_digests())
        assert [p.parent.name for p in missing] == ["archive", "2026"] and held_file not in missing
        assert restore_folder(store, history, tmp_path) == 2
    _store_with(fresh, tmp_path, TUBULAR[3:4], [2027])
    with Store(fresh) as store:
        assert history_files.write_new_runs(store, history) == 1
    assert sorted(p.name for p in (history / "runs").iterdir()) == ["2026", "2027"]
