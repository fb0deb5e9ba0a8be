"""Updating a tree: removed and renamed tests, old tags, files tracker did not make, hostile names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.report.trees import files, folders_of, links, report, save_releases
from tracker.api.report import ReportOptions, gather
from tracker.api.report_releases import group_releases
from tracker.domain import test_id as id_of
from tracker.reports import tree
from tracker.reports.tree import TestReport
from tracker.reports.tree.paths import folder_for_test
from tracker.store import open_store

KEPT, RENAMED, NEW_NAME, REMOVED = (
    "spec/a_spec.lua kept #fast",
    "spec/b_spec.lua old name",
    "spec/b_spec.lua new name",
    "spec/c_spec.lua removed #slow",
)


def folder(name: str) -> str:
    return folder_for_test(id_of(name), name)


def two_reports(db: str, out: Path, env: dict[str, str] | None = None) -> tuple[str, str]:
    """A tree of v1.0 (every test), then, after v1.1 renamed one test and dropped another, its update."""
    save_releases(db, [("v1.0", {KEPT: [0.01], RENAMED: [0.02], REMOVED: [0.03]})])
    first = report(db, out, env=env)
    assert first.exit_code == 0, first.stderr
    save_releases(db, [("v1.0", {}), ("v1.1", {KEPT: [0.011], NEW_NAME: [0.02]})])
    second = report(db, out, env=env)
    assert second.exit_code == 0, second.stderr
    return first.stderr, second.stderr


def test_folders_of_removed_and_renamed_tests_are_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, said = two_reports(str(tmp_path / "b.db"), out)
    assert folders_of(out) == sorted([folder(KEPT), folder(NEW_NAME)])
    assert f"removed by_release/{folder(RENAMED)}" in said and f"removed by_release/{folder(REMOVED)}" in said
    assert [p.name for p in (out / "tags").iterdir() if p.is_dir()] == ["fast"]  # #slow went with its test
    assert "removed tags/slow" in said
    page = (out / "README.md").read_text()
    assert (
        "No longer measured (their folders are removed): spec/b\\_spec.lua old name, spec/c\\_spec.lua removed #slow"
        in page
    )
    for readme in out.rglob("README.md"):
        assert all((readme.parent / target).is_file() for target in links(readme))


def test_old_tag_folders_are_kept_when_asked_also_by_the_original_name(tmp_path: Path) -> None:
    for variable in ("TRACKER_KEEP_OLD_TAG_DIRECTORIES", "BUSTED_PROFILER_KEEP_OLD_TAG_DIRECTORIES"):
        out = tmp_path / variable / "out"
        out.parent.mkdir()
        _, said = two_reports(str(out.parent / "b.db"), out, env={variable: "1"})
        assert sorted(p.name for p in (out / "tags").iterdir() if p.is_dir()) == ["fast", "slow"]
        assert "kept tags/slow" in said
        assert folder(REMOVED) not in folders_of(out)  # test folders go all the same


def test_files_tracker_did_not_make_are_left_alone(tmp_path: Path) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    save_releases(db, [("v1.0", {KEPT: [0.01], RENAMED: [0.02]})])
    assert report(db, out).exit_code == 0
    (out / "NOTES.md").write_text("mine\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/results\n")
    (out / "by_release" / folder(RENAMED) / "notes.txt").write_text("a note in a test folder\n")
    look_alike = out / "by_release" / f"{id_of('x')}-handmade"  # the shape, but no marker
    look_alike.mkdir()
    (look_alike / "README.md").write_text("made by hand\n")
    (out / "by_release" / folder(KEPT) / "README.md").write_text("edited by hand\n")  # tracker's file: replaced
    save_releases(db, [("v1.1", {KEPT: [0.012]})])
    outcome = report(db, out)
    assert outcome.exit_code == 0, outcome.stderr
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/results\n"
    assert (out / "by_release" / folder(RENAMED) / "notes.txt").is_file()
    assert sorted(p.name for p in (out / "by_release" / folder(RENAMED)).iterdir()) == ["notes.txt"]
    assert (look_alike / "README.md").read_text() == "made by hand\n"
    assert (out / "by_release" / folder(KEPT) / "README.md").read_text().startswith("# spec/a\\_spec.lua kept #fast\n")
    for path in ("NOTES.md", ".git", f"by_release/{folder(RENAMED)}/notes.txt", f"by_release/{look_alike.name}"):
        assert f"left alone: {path} (not made by tracker report)" in outcome.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "out"]


def test_a_folder_tracker_did_not_make_is_refused(tmp_path: Path) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "project"
    save_releases(db, [("v1.0", {KEPT: [0.01]})])
    out.mkdir()
    (out / "main.py").write_text("print()\n")
    outcome = report(db, out)
    assert outcome.exit_code == 2
    assert "not empty (main.py) and not made by tracker report; pass a new or empty folder to --out" in outcome.stderr
    assert sorted(p.name for p in out.iterdir()) == ["main.py"]
    here = report(db, tmp_path)  # would move the database
    assert here.exit_code == 2 and "b.db, which the swap would move" in here.stderr


def test_keep_temporary_files_keeps_the_replaced_tree(tmp_path: Path) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    save_releases(db, [("v1.0", {KEPT: [0.01]})])
    assert report(db, out).exit_code == 0
    before = files(out)
    outcome = report(db, out, env={"BUSTED_PROFILER_KEEP_TEMPORARY_FILES": "1"})
    (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith(".out.tracker-old-")]
    assert f"the replaced tree is kept in {kept}" in outcome.stderr
    assert files(kept) == before == files(out)


HOSTILE = [
    "../../escape #..",
    "/etc/passwd #CON",
    "nul\x00byte",
    "line\nbreak | pipe `tick` <script>alert(1)</script>",
    "CON",
    "é" * 200,
    "#../.. dots",
]


def test_hostile_names_stay_inside_the_tree_and_are_escaped(tmp_path: Path) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "deep" / "out"
    save_releases(db, [("v1.0", {name: [0.01 * (i + 1)] for i, name in enumerate(HOSTILE)})])
    outcome = report(db, out)
    assert outcome.exit_code == 0, outcome.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "deep"]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        assert len(path.name.encode()) < 100 and "\x00" not in path.name and "\n" not in path.name
    assert len(folders_of(out)) == len(HOSTILE)
    tags = sorted(p.name for p in (out / "tags").iterdir() if p.is_dir())
    assert tags == ["CON-53ae9714", "_-58b9e70b"]  # "CON" and "..", each with 8 hex digits of its md5
    page = (out / "README.md").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    rows = [line for line in page.split("## Slowest tests", 1)[1].splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + len(HOSTILE)  # the header and one row per test: no name broke a row
    assert all(line.count("|") - line.count("\\|") == 7 for line in rows)
    broken = out / "by_release" / folder(HOSTILE[3]) / "README.md"
    assert "```text\nline\\nbreak | pipe `tick` <script>alert(1)</script>\n```" in broken.read_text()


@pytest.mark.parametrize("style", ["github", "lines"])
def test_a_name_cannot_close_the_code_block_of_plain_columns(tmp_path: Path, style: str) -> None:
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    save_releases(db, [("v1.0", {"```` fence": [0.01]})])
    assert report(db, out, env={"TRACKER_TABLE_STYLE": style}).exit_code == 0
    page = (out / "by_release" / "README.md").read_text()
    if style == "lines":
        assert "`````text\n" in page
    else:
        assert "\\`\\`\\`\\` fence" in page
    assert os.sep not in folder("```` fence")


def test_tagged_directories_picks_the_tags_that_get_a_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    save_releases(db, [("v1.0", {KEPT: [0.01], REMOVED: [0.02]})])
    assert report(db, tmp_path / "some", env={"TRACKER_TAGGED_DIRECTORIES": "fa*"}).exit_code == 0
    assert [p.name for p in (tmp_path / "some" / "tags").iterdir() if p.is_dir()] == ["fast"]
    assert report(db, tmp_path / "none", env={"MEGA_BUSTED_PROFILER_TAGGED_DIRECTORIES": ""}).exit_code == 0
    assert not (tmp_path / "none" / "tags").exists()
    assert "The same per tag" not in (tmp_path / "none" / "README.md").read_text()


def test_a_build_that_fails_half_way_leaves_the_old_tree_whole(tmp_path: Path) -> None:
    """The steps `build_report` takes, with drawing a flame graph failing at the second test."""
    db, out = str(tmp_path / "b.db"), tmp_path / "out"
    save_releases(db, [("v1.0", {KEPT: [0.01], RENAMED: [0.02]})])
    assert report(db, out).exit_code == 0
    before = files(out)
    save_releases(db, [("v1.1", {KEPT: [0.02], NEW_NAME: [0.02]})])
    store = open_store(db)
    try:
        releases = group_releases(store.runs(), {}, None)
        drawn, _ = gather(store, releases, ReportOptions())
    finally:
        store.close()
    drawn_tests: list[str] = []

    def flames(test: TestReport) -> dict[str, str]:
        drawn_tests.append(test.name)
        if len(drawn_tests) == 2:
            raise OSError("No space left on device")
        return {}

    staging = tree.prepare(out, [])
    with pytest.raises(OSError, match="No space left"):
        try:
            tree.write_tree(staging, drawn, flames)
        except BaseException:
            tree.discard(staging)
            raise
    assert files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "out"]


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    save_releases(db, [("v1.0", {KEPT: [0.01]})])
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    outcome = report(db, tmp_path / "link")
    assert outcome.exit_code == 2 and "is a symbolic link" in outcome.stderr
