"""`tracker publish --site` on real repositories: the dashboard at the root of its own branch, for GitHub Pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dashboard import history
from tests.gitrepo import ENV, git
from tests.publish.repos import (
    ROOT,
    Project,
    branch_files,
    checkout_state,
    clone_with_work_in_progress,
    make_project,
    tracker,
)
from tracker.domain import test_id as id_of

SITE = ["--no-report", "--site", "--remote", "origin", "--push"]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def history_db(folder: Path, *, without: str | None = None) -> str:
    """The dashboard tests' generated history in a new database; WITHOUT leaves out one test (and its profiles)."""
    document = history.document()
    if without is not None:
        for run in document["runs"]:
            run["results"] = [result for result in run["results"] if result["test"] != without]
            run.pop("profiles", None)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "history.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    database = str(folder / "history.db")
    done = tracker(folder, "ingest", "--db", database, source)
    assert done.returncode == 0, done.stderr
    return database


def test_the_site_lands_at_the_root_of_its_own_branch_and_the_checkout_is_left_alone(
    project: Project, tmp_path: Path
) -> None:
    database = history_db(tmp_path / "db")
    before = checkout_state(project.clone)
    done = tracker(project.clone, "publish", "--db", database, *SITE)
    assert done.returncode == 0, done.stderr
    assert checkout_state(project.clone) == before
    files = branch_files(project.remote, "gh-pages")
    assert {"index.html", "regressions.html", "test.html", ".nojekyll", "static/test.js"} <= set(files)
    assert "module.py" not in files and not any(f.startswith("profiling/") for f in files)  # the site, only
    assert "pushed the dashboard (12 series" in done.stderr
    site_tip = git(project.remote, "rev-parse", "gh-pages")
    assert f"to gh-pages: {site_tip}" in done.stderr
    # a branch of its own: no history shared with main, so nothing of main is ever merged into it
    assert git(project.remote, "log", "--format=%s", "gh-pages").splitlines() == [
        "chore(site): publish the benchmark dashboard",
        "chore(results): start gh-pages",
    ]
    index = git(project.remote, "show", "gh-pages:index.html")
    assert history.REGRESSED in index and "12 series over 40 commits" in index
    # the results went to their branch as before
    assert any(f.startswith("profiling/history/runs/") for f in branch_files(project.remote, "profiling"))


def test_a_second_publish_replaces_the_site_and_a_removed_test_disappears(project: Project, tmp_path: Path) -> None:
    first = history_db(tmp_path / "first")
    assert tracker(project.clone, "publish", "--db", first, *SITE).returncode == 0
    key = str(id_of(history.REGRESSED))
    assert f"flame/{key}.svg" in branch_files(project.remote, "gh-pages")
    again = tracker(project.clone, "publish", "--db", first, *SITE)
    assert again.returncode == 0 and "gh-pages already holds this dashboard" in again.stderr
    second = history_db(tmp_path / "second", without=history.REGRESSED)
    before = checkout_state(project.clone)
    # the setting turns it on as well as the flag does
    done = tracker(
        project.clone, "publish", "--db", second, "--no-report", "--remote", "origin", "--push",
        env={"TRACKER_PUBLISH_SITE": "true"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert checkout_state(project.clone) == before
    files = branch_files(project.remote, "gh-pages")
    assert not any(key in f for f in files) and "index.html" in files
    assert f"data/t-{key[:2]}.js" not in files  # its data file held that test only
    index = git(project.remote, "show", "gh-pages:index.html")
    assert key not in index and "11 series over 40 commits" in index


def test_a_branch_of_other_files_is_refused_and_left_as_it_was(project: Project, tmp_path: Path) -> None:
    git(project.clone, "push", "-q", "origin", "main:refs/heads/gh-pages")  # someone's own Pages content
    tip = git(project.remote, "rev-parse", "gh-pages")
    done = tracker(project.clone, "publish", "--db", history_db(tmp_path / "db"), *SITE)
    assert done.returncode == 2
    assert "the branch gh-pages holds files that tracker did not write (module.py, ...)" in done.stderr
    assert "--site-branch" in done.stderr
    assert git(project.remote, "rev-parse", "gh-pages") == tip
    same = tracker(project.clone, "publish", "--db", history_db(tmp_path / "db2"), *SITE, "--site-branch", "profiling")
    assert same.returncode == 2 and "is the results branch" in same.stderr


def test_two_site_publishers_racing_both_land_and_the_site_is_whole(project: Project, tmp_path: Path) -> None:
    clones = [project.clone, clone_with_work_in_progress(project.remote, tmp_path / "second")]
    jobs = []
    for number, clone in enumerate(clones):
        database = history_db(tmp_path / f"job{number}", without=history.UNDONE if number else None)
        command = [sys.executable, "-m", "tracker", "publish", "--db", database, *SITE]
        env = {**ENV, "PYTHONPATH": str(ROOT), "HOME": str(clone)}
        jobs.append(subprocess.Popen(command, cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outcomes = [job.communicate() for job in jobs]
    assert [job.returncode for job in jobs] == [0, 0], outcomes
    index = git(project.remote, "show", "gh-pages:index.html")
    assert "12 series over 40 commits" in index or "11 series over 40 commits" in index
    assert ".tracker-dashboard" in branch_files(project.remote, "gh-pages")
    assert git(project.remote, "fsck", "--no-progress") == ""
