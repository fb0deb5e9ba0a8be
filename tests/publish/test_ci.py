"""action.yml run as GitHub runs it, on real repositories: a pull request, a push to main, releases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gitrepo import git
from tests.publish.repos import TUBULAR, Project, branch_files, checkout_state, make_project, tracker
from tests.publish.runner import Job, job_python, run_action
from tracker.api.ingest import Origin, ingest
from tracker.api.publish import PublishOptions, publish
from tracker.domain import measures
from tracker.store import Store

REPOSITORY = {"full_name": "octo/widgets", "default_branch": "main"}


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Job]:
    """One runner for the module: the action installs tracker on its first use, as in one job."""
    temp = tmp_path_factory.mktemp("runner")
    yield Job(temp=temp, python_bin=job_python(temp))


@pytest.fixture
def project(tmp_path: Path, job: Job) -> Project:
    (job.temp / "tracker-benchmarks.db").unlink(missing_ok=True)  # each workflow run starts without a database
    return make_project(tmp_path)


def _workspace(project: Project, path: Path, rev: str = "origin/main") -> Path:
    """What actions/checkout with fetch-depth 0 leaves: a full clone at the event's commit."""
    git(path.parent, "clone", "-q", str(project.remote), str(path))
    git(path, "checkout", "-q", "--detach", rev)
    return path


def _seed_main_history(project: Project, tmp_path: Path) -> None:
    """Earlier pushes to main each published their run (v03, v04, v05 on main's three commits)."""
    clone = _workspace(project, tmp_path / "seed-job")
    shas = git(clone, "rev-list", "--reverse", "origin/main").split()
    with Store(str(tmp_path / "seed.db"), writable=True) as store:
        for sha, data in zip(shas, TUBULAR[2:5], strict=True):
            ingest(store, [str(data)], origin=Origin(commit=sha, branch="main"), cwd=clone)
        publish(store, clone, PublishOptions(remote="origin", push=True, report=None))


def _github(ref: str, sha: str, **extra: str) -> dict[str, str]:
    return {"GITHUB_REF": ref, "GITHUB_SHA": sha, "GITHUB_REPOSITORY": "octo/widgets", **extra}


def test_push_to_main_publishes_the_run_and_leaves_the_workspace_alone(
    project: Project, job: Job, tmp_path: Path
) -> None:
    workspace = _workspace(project, tmp_path / "workspace")
    (workspace / "results.json").write_bytes(TUBULAR[0].read_bytes())
    sha = git(workspace, "rev-parse", "HEAD")
    before = checkout_state(workspace)
    payload: dict[str, Any] = {"ref": "refs/heads/main", "after": sha, "repository": REPOSITORY}
    done = run_action(
        job,
        workspace,
        event="push",
        payload=payload,
        github=_github("refs/heads/main", sha),
        inputs={"results": "results.json"},
    )
    assert done.failed is None, done.failed
    assert checkout_state(workspace) == before
    tip = git(project.remote, "rev-parse", "profiling")
    assert done.outputs["published-commit"] == tip
    assert git(project.remote, "log", "-1", "--format=%s%n%an", "profiling") == (
        f"chore(results): publish {sha[:12]} to profiling\ngithub-actions[bot]"
    )
    runs = [f for f in branch_files(project.remote, "profiling") if "/runs/" in f]
    assert len(runs) == 1 and runs[0].startswith("profiling/history/runs/2026/2026-01-07T110911Z-")
    assert "Published 1 run file(s) to `profiling`" in done.summary


def test_pull_request_beyond_the_threshold_fails_with_annotations_and_a_summary(
    project: Project, job: Job, tmp_path: Path
) -> None:
    _seed_main_history(project, tmp_path)
    feature = _workspace(project, tmp_path / "feature")
    git(feature, "checkout", "-q", "-b", "feature")
    git(feature, "commit", "-q", "--allow-empty", "-m", "refactor: set values row by row")
    git(feature, "push", "-q", "origin", "feature")
    workspace = _workspace(project, tmp_path / "workspace")
    git(workspace, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "origin/feature")  # refs/pull/7/merge
    merge = git(workspace, "rev-parse", "HEAD")
    (workspace / "benchmark.json").write_bytes(TUBULAR[5].read_bytes())
    before = checkout_state(workspace)
    head = {"ref": "feature", "sha": git(feature, "rev-parse", "HEAD"), "repo": REPOSITORY}
    payload = {
        "number": 7,
        "pull_request": {"number": 7, "head": head, "base": {"ref": "main"}},
        "repository": REPOSITORY,
    }
    refs_before = git(project.remote, "for-each-ref")
    done = run_action(
        job,
        workspace,
        event="pull_request",
        payload=payload,
        github=_github("refs/pull/7/merge", merge, GITHUB_BASE_REF="main", GITHUB_HEAD_REF="feature"),
        inputs={"results": "benchmark.json", "warn-threshold": "5", "skip-commit-types": "feat", "top": "20"},
    )
    step = done.failed
    assert step is not None and step.name == "tracker ci" and step.returncode == 1, done.steps
    assert "restored 3 run(s) from profiling" in step.stderr
    assert "5 regressed" in step.stdout
    assert step.stderr.count("::error") == 5
    assert "**5 regressed, 35 unchanged, 4 new**" in done.summary and "SetValueTransformer" in done.summary
    assert done.outputs["exit-code"] == "1"
    assert git(project.remote, "for-each-ref") == refs_before  # a pull request never pushes
    assert checkout_state(workspace) == before


def _release(project: Project, job: Job, tmp_path: Path, tag: str, results: bytes) -> Any:
    workspace = _workspace(project, tmp_path / f"workspace-{tag}")
    git(workspace, "tag", tag)
    git(workspace, "push", "-q", "origin", tag)
    (workspace / "results.json").write_bytes(results)
    sha = git(workspace, "rev-parse", "HEAD")
    payload = {"action": "published", "release": {"tag_name": tag}, "repository": REPOSITORY}
    return run_action(
        job,
        workspace,
        event="release",
        payload=payload,
        github=_github(f"refs/tags/{tag}", sha),
        inputs={"results": "results.json"},
    )


def _test_folders(project: Project) -> set[str]:
    prefix = "profiling/report/by_release/"
    return {
        f[len(prefix) :].split("/")[0]
        for f in branch_files(project.remote, "profiling")
        if f.startswith(prefix) and f.count("/") > 3
    }


def test_releases_publish_the_report_and_prune_the_folder_of_a_removed_test(
    project: Project, job: Job, tmp_path: Path
) -> None:
    document = json.loads(TUBULAR[0].read_text())
    first = _release(project, job, tmp_path, "v1.0.0", TUBULAR[0].read_bytes())
    assert first.failed is None, first.failed
    stored_names = [b["fullname"] for b in document["benchmarks"]]
    removed = stored_names[0]
    removed_folder = next(f for f in _test_folders(project) if f.startswith(measures.test_id(removed)))
    later = tmp_path / "later"
    git(tmp_path, "clone", "-q", str(project.remote), str(later))
    git(later, "commit", "-q", "--allow-empty", "-m", "fix: drop a test", date="2026-02-01T10:00:00+00:00")
    git(later, "push", "-q", "origin", "HEAD:main")
    document["benchmarks"].pop(0)
    document["datetime"] = "2026-02-01T10:00:00+00:00"
    second = _release(project, job, tmp_path, "v1.1.0", json.dumps(document).encode())
    assert second.failed is None, second.failed
    folders = _test_folders(project)
    assert removed_folder not in folders
    assert len(folders) == len(stored_names) - 1
    readme = git(project.remote, "show", "profiling:profiling/report/README.md")
    assert "v1.1.0" in readme and "v1.0.0" in readme
    main = git(project.remote, "rev-parse", "main")
    assert git(project.remote, "merge-base", "--is-ancestor", main, "profiling") == ""
    runs = [f for f in branch_files(project.remote, "profiling") if "/history/runs/" in f]
    assert len(runs) == 2
    snippet = tracker(later, "summary", "--repo", "octo/widgets", "--remote", "origin")
    assert snippet.returncode == 0, snippet.stderr
    raw = "https://raw.githubusercontent.com/octo/widgets/profiling/profiling/report"
    assert f"![median per release]({raw}/median.svg)" in snippet.stdout
    rows = [line for line in snippet.stdout.splitlines() if line.startswith("| v")]
    assert [row.split(" | ")[0] for row in rows] == ["| v1.1.0", "| v1.0.0"]
