"""`tracker ingest` through the real CLI, on real files and real databases."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATA
from tests.gitrepo import commit, git, make_repo

BUSTED = DATA / "busted"
PYTEST = DATA / "pytest_benchmark"
TUBULAR = sorted(PYTEST.glob("tubular__history__v0*"))


def _count(db: str, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_busted_json_full_name_is_spec_file_then_describe_then_it(sqlite_db: str) -> None:
    outcome = run("ingest", BUSTED / "busted_json_output_all_pass.json", "--commit", "abc1234", "--db", sqlite_db)
    assert outcome.exit_code == 0, outcome.stderr
    assert "ingested 1 new run(s)" in outcome.stderr
    assert outcome.stdout == ""
    tests = run("tests", "--format", "json", "--db", sqlite_db)
    names = sorted(t["name"] for t in json.loads(tests.stdout))
    assert names == [
        "spec/demo_spec.lua outer block inner block #simple fast test",
        "spec/demo_spec.lua outer block inner block #simple slow test #slow",
    ]


def test_test_id_is_the_md5_of_the_full_name_as_a_uuid(sqlite_db: str) -> None:
    run("ingest", BUSTED / "busted_json_output_all_pass.json", "--commit", "abc1234", "--db", sqlite_db)
    with sqlite3.connect(sqlite_db) as connection:
        rows = connection.execute("SELECT id, name, tags FROM tests ORDER BY name").fetchall()
    name = "spec/demo_spec.lua outer block inner block #simple fast test"
    assert rows[0][:2] == (str(uuid.UUID(hashlib.md5(name.encode()).hexdigest())), name)
    assert rows[0][0] == "a0fe952e-7b2b-6181-4387-599cbf286579"  # md5sum of the name, independently
    assert rows[0][2] == '["simple"]'
    assert rows[1][2] == '["simple", "slow"]'


def test_busted_repeat_gives_one_sample_per_repeat(sqlite_db: str) -> None:
    run("ingest", BUSTED / "busted_json_output_repeat2.json", "--commit", "abc1234", "--db", sqlite_db)
    with sqlite3.connect(sqlite_db) as connection:
        counts = connection.execute("SELECT test_id, count(*) FROM samples GROUP BY test_id").fetchall()
    assert sorted(n for _, n in counts) == [2, 2]


def test_busted_failures_and_errors_are_stored_without_a_duration(sqlite_db: str) -> None:
    outcome = run("ingest", BUSTED / "busted_json_output_with_failures.json", "--commit", "abc1234", "--db", sqlite_db)
    assert outcome.exit_code == 0, outcome.stderr
    with sqlite3.connect(sqlite_db) as connection:
        rows = connection.execute(
            "SELECT t.name, r.status, (SELECT count(*) FROM samples s WHERE s.test_id = r.test_id) "
            "FROM results r JOIN tests t ON t.id = r.test_id ORDER BY t.name"
        ).fetchall()
    assert rows == [
        ("spec_nopending/demo_spec.lua outer block erroring test", "error", 0),
        ("spec_nopending/demo_spec.lua outer block failing test", "failed", 0),
        ("spec_nopending/demo_spec.lua outer block inner block #simple fast test", "passed", 1),
        ("spec_nopending/demo_spec.lua outer block inner block #simple slow test #slow", "passed", 1),
    ]


def test_empty_busted_output_is_refused_with_the_reason(sqlite_db: str) -> None:
    outcome = run("ingest", BUSTED / "busted_json_output_with_pending_EMPTY.json", "--commit", "a1", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert "busted_json_output_with_pending_EMPTY.json" in outcome.stderr
    assert "empty" in outcome.stderr
    assert not Path(sqlite_db).exists()


def test_ingesting_twice_changes_nothing_and_says_so(sqlite_db: str) -> None:
    first = run("ingest", *TUBULAR[:3], "--db", sqlite_db)
    assert "ingested 3 new run(s)" in first.stderr
    before = _digest(sqlite_db)
    second = run("ingest", *TUBULAR[:3], "--db", sqlite_db)
    assert second.exit_code == 0
    assert "nothing new: all 3 run(s)" in second.stderr
    assert _count(sqlite_db, "runs") == 3
    assert _digest(sqlite_db) == before


def test_a_grown_input_set_adds_only_the_new_runs(sqlite_db: str) -> None:
    run("ingest", *TUBULAR[:2], "--db", sqlite_db)
    outcome = run("ingest", *TUBULAR[:4], "--db", sqlite_db)
    assert "ingested 2 new run(s), 2 already stored" in outcome.stderr
    assert _count(sqlite_db, "runs") == 4


def test_one_bad_file_among_good_ones_writes_nothing(sqlite_db: str, tmp_path: Path) -> None:
    run("ingest", TUBULAR[0], "--db", sqlite_db)
    before = _digest(sqlite_db)
    truncated = tmp_path / "truncated.json"
    truncated.write_text(TUBULAR[2].read_text()[:5000])
    outcome = run("ingest", TUBULAR[1], truncated, TUBULAR[3], "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert f"{truncated}:line" in outcome.stderr.replace(" line", "line")
    assert "invalid JSON" in outcome.stderr
    assert _digest(sqlite_db) == before
    assert _count(sqlite_db, "runs") == 1


def test_a_failed_first_ingest_leaves_no_database_file(sqlite_db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"machine_info": {}, "benchmarks": [{"fullname": "t", "stats": {"median": "fast"}}]}')
    outcome = run("ingest", bad, "--commit", "abc", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert "$.benchmarks[0].stats.median" in outcome.stderr
    assert "expected a finite number" in outcome.stderr
    assert not Path(sqlite_db).exists()


def test_unknown_format_lists_the_formats_tried(sqlite_db: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some words\n")
    outcome = run("ingest", notes, "--commit", "abc", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert str(notes) in outcome.stderr
    assert "tried:" in outcome.stderr and "pytest-benchmark" in outcome.stderr and "busted-json" in outcome.stderr
    assert "--format" in outcome.stderr


def test_format_override_skips_detection(sqlite_db: str) -> None:
    outcome = run(
        "ingest",
        "--format",
        "busted-json",
        BUSTED / "busted_json_output_all_pass.json",
        "--commit",
        "c0ffee",
        "--db",
        sqlite_db,
    )
    assert outcome.exit_code == 0
    wrong = run("ingest", "--format", "no-such-format", TUBULAR[0], "--db", sqlite_db)
    assert wrong.exit_code == 2
    assert "unknown format 'no-such-format' for --format" in wrong.stderr


def test_standard_input(sqlite_db: str) -> None:
    data = (BUSTED / "busted_json_output_all_pass.json").read_bytes()
    outcome = run("ingest", "-", "--commit", "abc", "--db", sqlite_db, input=data)
    assert outcome.exit_code == 0, outcome.stderr
    assert _count(sqlite_db, "results") == 2


def test_globs_and_folders(sqlite_db: str, tmp_path: Path) -> None:
    folder = tmp_path / "results"
    (folder / "nested").mkdir(parents=True)
    for path in TUBULAR[:2]:
        (folder / "nested" / path.name).write_bytes(path.read_bytes())
    (folder / "README.md").write_text("# not results\n")
    outcome = run("ingest", folder, "--db", sqlite_db)
    assert outcome.exit_code == 0
    assert f"skipped {folder / 'README.md'}" in outcome.stderr
    assert _count(sqlite_db, "runs") == 2
    pattern = str(PYTEST / "tubular__history__v0[3-4]*.json")
    assert run("ingest", pattern, "--db", sqlite_db).exit_code == 0
    assert _count(sqlite_db, "runs") == 4
    none = run("ingest", str(tmp_path / "*.nothing"), "--db", sqlite_db)
    assert none.exit_code == 2 and "matches no file" in none.stderr


def test_missing_file(sqlite_db: str) -> None:
    outcome = run("ingest", "does/not/exist.json", "--db", sqlite_db)
    assert outcome.exit_code == 2
    assert "does/not/exist.json: no such file or folder" in outcome.stderr


def test_commit_metadata_comes_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "plugin", branch="develop")
    commit(repo, "chore: start")
    sha = commit(repo, "feat(parser)!: faster tokens\n\nBREAKING CHANGE: new API", date="2026-03-04T05:06:07+00:00")
    git(repo, "tag", "v2.0.0")
    monkeypatch.chdir(repo)
    outcome = run("ingest", BUSTED / "busted_json_output_all_pass.json", "--db", "bench.db")
    assert outcome.exit_code == 0, outcome.stderr
    with sqlite3.connect(repo / "bench.db") as connection:
        row = connection.execute(
            "SELECT c.sha, c.subject, c.body, c.author, c.type, c.scope, c.breaking, r.branch, r.tag "
            "FROM runs r JOIN commits c ON c.id = r.commit_id"
        ).fetchone()
    assert row == (
        sha,
        "feat(parser)!: faster tokens",
        "BREAKING CHANGE: new API",
        "Ada Lovelace",
        "feat",
        "parser",
        1,
        "develop",
        "v2.0.0",
    )


def test_flags_override_git_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "plugin")
    commit(repo, "fix: something")
    monkeypatch.chdir(repo)
    outcome = run(
        "ingest",
        TUBULAR[0],
        "--commit",
        "1234abcd",
        "--branch",
        "release",
        "--tag",
        "v9",
        "--message",
        "perf(core): quicker\n\nbody text",
        "--time",
        "2026-05-06T07:08:09+00:00",
        "--db",
        "b.db",
    )
    assert outcome.exit_code == 0, outcome.stderr
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert [(r["commit"], r["branch"], r["tag"], r["time"], r["subject"], r["commit_type"]) for r in runs] == [
        ("1234abcd", "release", "v9", "2026-05-06T07:08:09+00:00", "perf(core): quicker", "perf")
    ]


def test_no_commit_outside_git_says_how_to_give_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("ingest", BUSTED / "busted_json_output_all_pass.json", "--db", "b.db")
    assert outcome.exit_code == 2
    assert "no commit is known" in outcome.stderr and "--commit" in outcome.stderr
    assert not (tmp_path / "b.db").exists()


def test_the_database_is_chosen_by_environment_and_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("ingest", TUBULAR[0]).exit_code == 0
    assert (tmp_path / "benchmarks.db").is_file()
    other = tmp_path / "other.db"
    outcome = run("ingest", TUBULAR[1], env={"TRACKER_DATABASE_URL": f"sqlite:///{other}"})
    assert outcome.exit_code == 0
    assert _count(str(other), "runs") == 1


def test_unwritable_place_names_the_fix() -> None:
    # /proc refuses new files even to root, so this holds wherever the tests run.
    outcome = run("ingest", TUBULAR[0], "--db", "/proc/tracker-test.db")
    assert outcome.exit_code == 2
    assert "/proc/tracker-test.db" in outcome.stderr
    assert "permissions or pass another --db" in outcome.stderr


def test_missing_folder_for_the_database(tmp_path: Path) -> None:
    outcome = run("ingest", TUBULAR[0], "--db", tmp_path / "nowhere" / "b.db")
    assert outcome.exit_code == 2
    assert "does not exist" in outcome.stderr and "--db" in outcome.stderr


def test_locked_database_is_reported_and_left_alone(sqlite_db: str) -> None:
    run("ingest", TUBULAR[0], "--db", sqlite_db)
    holder = sqlite3.connect(sqlite_db, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        import tracker.store.engine as engine_module

        original = engine_module.BUSY_TIMEOUT_MS
        engine_module.BUSY_TIMEOUT_MS = 100
        try:
            outcome = run("ingest", TUBULAR[1], "--db", sqlite_db)
        finally:
            engine_module.BUSY_TIMEOUT_MS = original
    finally:
        holder.rollback()
        holder.close()
    assert outcome.exit_code == 2
    assert "locked by another process" in outcome.stderr
    assert _count(sqlite_db, "runs") == 1


def test_not_a_database_file(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("this is not sqlite " * 100)
    outcome = run("ingest", TUBULAR[0], "--db", fake)
    assert outcome.exit_code == 2
    assert "not a SQLite database file" in outcome.stderr


def test_ingest_into_postgresql(postgres_db: str) -> None:
    outcome = run("ingest", *TUBULAR[:3], "--db", postgres_db)
    assert outcome.exit_code == 0, outcome.stderr
    again = run("ingest", *TUBULAR[:4], "--db", postgres_db)
    assert "ingested 1 new run(s), 3 already stored" in again.stderr
    runs = json.loads(run("runs", "--format", "json", "--db", postgres_db).stdout)
    assert [r["tests"] for r in runs] == [22, 22, 6, 6]


def test_releases_of_a_profiler_tree_get_the_commits_their_tags_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "plugin")
    shas = {}
    for release in ("v1.0.0", "v1.0.1", "v1.1.0"):
        shas[release] = commit(repo, f"chore(release): {release}")
        git(repo, "tag", release)
    head = commit(repo, "feat: unreleased work")
    shutil.copytree(DATA / "busted_profiler" / "benchmarks", repo / "benchmarks")
    monkeypatch.chdir(repo)
    outcome = run("ingest", "benchmarks", "--db", "b.db")
    assert outcome.exit_code == 0, outcome.stderr
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert sorted((r["tag"], r["commit"]) for r in runs) == sorted(shas.items())
    assert head not in {r["commit"] for r in runs}


def test_releases_without_git_are_a_history_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(DATA / "busted_profiler" / "benchmarks", tmp_path / "benchmarks")
    monkeypatch.chdir(tmp_path)
    outcome = run("ingest", "benchmarks", "--db", "b.db")
    assert outcome.exit_code == 0, outcome.stderr
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert [(r["tag"], r["commit"]) for r in runs] == [
        ("v1.1.0", "release-v1.1.0"),
        ("v1.0.1", "release-v1.0.1"),
        ("v1.0.0", "release-v1.0.0"),
    ]
    test = "spec/demo_spec.lua demo plugin computes middle"
    compared = run("compare", "--baseline", "v1.0.0", "--candidate", "v1.1.0", "--format", "json", "--db", "b.db")
    assert compared.exit_code in (0, 3), compared.stderr
    report = json.loads(compared.stdout)
    assert [b["commit"] for b in report["baselines"]] == ["release-v1.0.0"]
    assert report["candidate"]["commit"] == "release-v1.1.0"
    history = run("history", test, "--db", "b.db")
    assert history.exit_code == 0, history.stderr
    assert "3 measured commits" in history.stdout
    changes = run("changes", "--db", "b.db")
    assert changes.exit_code == 0 and "over 3 commits" in changes.stdout


def test_releases_without_git_follow_their_versions_then_their_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # v1.0.0 re-measured last and a v1.10.0 measured before v1.9.0: the history still runs by version.
    artifacts = tmp_path / "benchmarks" / "all" / "artifacts"
    shutil.copytree(DATA / "busted_profiler" / "benchmarks" / "all" / "artifacts", artifacts)
    (artifacts / "v1.0.0-2026_11_27-13_53_01").rename(artifacts / "v1.0.0-2026_11_28-09_00_00")
    shutil.copytree(artifacts / "v1.0.1-2026_11_27-13_53_02", artifacts / "v1.10.0-2026_11_27-14_00_00")
    (artifacts / "v1.1.0-2026_11_27-13_53_03").rename(artifacts / "v1.9.0-2026_11_27-15_00_00")
    monkeypatch.chdir(tmp_path)
    assert run("ingest", "benchmarks", "--db", "b.db").exit_code == 0
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert [r["tag"] for r in runs] == ["v1.10.0", "v1.9.0", "v1.0.1", "v1.0.0"]
    assert [r["tag"] for r in json.loads(run("runs", "--limit", "2", "--format", "json", "--db", "b.db").stdout)] == [
        "v1.10.0",
        "v1.9.0",
    ]
    report = json.loads(run("compare", "--format", "json", "--db", "b.db").stdout)
    assert report["candidate"]["commit"] == "release-v1.10.0"
    assert report["baselines"][0]["commit"] == "release-v1.9.0"
    history = json.loads(run("history", "demo plugin computes middle", "--format", "json", "--db", "b.db").stdout)
    assert [point["commit"]["sha"] for point in history["points"]] == [
        "release-v1.0.0",
        "release-v1.0.1",
        "release-v1.9.0",
        "release-v1.10.0",
    ]


def test_one_commit_for_every_release_when_the_user_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(DATA / "busted_profiler" / "benchmarks", tmp_path / "benchmarks")
    monkeypatch.chdir(tmp_path)
    assert run("ingest", "benchmarks", "--commit", "abc123", "--db", "b.db").exit_code == 0
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert {r["commit"] for r in runs} == {"abc123"}


def test_a_tag_outside_git_stands_for_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("ingest", BUSTED / "busted_json_output_all_pass.json", "--tag", "v2.0.0", "--db", "b.db")
    assert outcome.exit_code == 0, outcome.stderr
    runs = json.loads(run("runs", "--format", "json", "--db", "b.db").stdout)
    assert [(r["tag"], r["commit"]) for r in runs] == [("v2.0.0", "release-v2.0.0")]
