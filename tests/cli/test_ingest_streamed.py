"""`tracker ingest` of histories longer than one slice: all or nothing, even when the damage is deep inside."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from tests.cli.helpers import run
from tests.parsers.test_streamed_history import history
from tracker.api.ingest import RUNS_PER_SLICE

ENTRIES = 3 * RUNS_PER_SLICE + 5


def _write(path: Path, document: object, tail: str = "") -> Path:
    path.write_text("window.BENCHMARK_DATA = " + json.dumps(document, indent=1) + tail)
    return path


def _runs(database: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM runs").fetchone()[0])


def _digest(database: str) -> str:
    return hashlib.sha256(Path(database).read_bytes()).hexdigest()


def test_a_history_of_many_slices_is_stored_whole(sqlite_db: str, tmp_path: Path) -> None:
    document = history(ENTRIES)
    document["entries"]["Bench"] += document["entries"]["Bench"][:3]  # type: ignore[index]  # re-sent entries
    done = run("ingest", _write(tmp_path / "data.js", document, ";\n"), "--db", sqlite_db)
    assert done.exit_code == 0, done.stderr
    assert f"ingested {ENTRIES} new run(s), 3 already stored" in done.stderr
    assert _runs(sqlite_db) == ENTRIES


def test_a_bad_entry_deep_inside_a_history_writes_nothing(sqlite_db: str, tmp_path: Path) -> None:
    assert run("ingest", _write(tmp_path / "first.js", history(2)), "--db", sqlite_db).exit_code == 0
    before = _digest(sqlite_db)
    document = history(ENTRIES)
    document["entries"]["Bench"][ENTRIES - 2]["benches"][0]["range"] = "about 3"  # type: ignore[index]
    broken = _write(tmp_path / "data.js", document)
    outcome = run("ingest", broken, "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert f"{broken}:$.entries['Bench'][{ENTRIES - 2}].benches[0].range" in outcome.stderr
    assert _digest(sqlite_db) == before
    assert _runs(sqlite_db) == 2


def test_a_history_cut_short_names_the_line_and_leaves_no_new_database(sqlite_db: str, tmp_path: Path) -> None:
    whole = "window.BENCHMARK_DATA = " + json.dumps(history(ENTRIES), indent=1)
    cut = tmp_path / "data.js"
    cut.write_text(whole[: len(whole) * 9 // 10].rstrip())
    outcome = run("ingest", cut, "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert f"{cut}:line {cut.read_text().count(chr(10)) + 1} column" in outcome.stderr
    assert "the file looks truncated" in outcome.stderr
    assert not Path(sqlite_db).exists()
