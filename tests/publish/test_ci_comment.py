"""action.yml on pull requests of a profiled program, as GitHub runs it: the flame graphs of what
regressed go to one folder for the artifact, the summary links them, and with `comment: true` the
pull request gets one comment, updated in place, written to a local server that answers as GitHub's
REST API does. The comment never changes the gate's exit code, and forks never get one."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.gitrepo import git
from tests.publish.github_api import FakeGitHub, github_api
from tests.publish.repos import Project, make_project
from tests.publish.runner import ActionRun, Job, job_python, run_action
from tracker.api.ingest import Origin, ingest
from tracker.api.publish import PublishOptions, publish
from tracker.github.comments import MARKER
from tracker.store import Store

REPOSITORY = {"full_name": "octo/widgets", "default_branch": "main"}
PROFILES = DATA / "profiles"
RUN_PAGE = "https://github.com/octo/widgets/actions/runs/1"
DIFFERENTIAL = "a1c25bfa-workload_diff.svg"
FLAME_GRAPH = "a1c25bfa-workload.svg"


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Job]:
    temp = tmp_path_factory.mktemp("runner")
    yield Job(temp=temp, python_bin=job_python(temp))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """main's three commits, each pushed with a profiled run of v1 published to the results branch."""
    root = tmp_path_factory.mktemp("project")
    project = make_project(root)
    clone = root / "seed-job"
    git(root, "clone", "-q", str(project.remote), str(clone))
    shas = git(clone, "rev-list", "--reverse", "origin/main").split()
    with Store(str(root / "seed.db"), writable=True) as store:
        for day, (sha, number) in enumerate(zip([*shas, shas[-1]], (1, 2, 3, 4), strict=True), 1):
            run = PROFILES / "v1" / f"run{number}" / "workload.speedscope.json"
            when = datetime(2026, 11, day, 12, tzinfo=UTC)
            ingest(store, [str(run)], origin=Origin(commit=sha, branch="main", time=when), cwd=clone)
        publish(store, clone, PublishOptions(remote="origin", push=True, report=None))
    return project


def _pull_request(
    job: Job,
    project: Project,
    workspace: Path,
    github: FakeGitHub,
    inputs: dict[str, str],
    *,
    fork: bool = False,
    subject: str = "perf: score with more care",
    token: str = "write-token",
    program: str = "v2",
) -> ActionRun:
    """A push to the pull request's branch, PROGRAM (v2 is slower) run as the workflow would."""
    (job.temp / "tracker-benchmarks.db").unlink(missing_ok=True)
    git(project.remote.parent, "clone", "-q", str(project.remote), str(workspace))
    git(workspace, "checkout", "-q", "--detach")  # as actions/checkout leaves it
    git(workspace, "commit", "-q", "--allow-empty", "-m", subject)
    sha = git(workspace, "rev-parse", "HEAD")
    shutil.copy(PROFILES / program / "run1" / "workload.speedscope.json", workspace / "workload.speedscope.json")
    head_repo = {"full_name": "someone/widgets"} if fork else REPOSITORY
    pull = {
        "number": 7,
        "head": {"ref": "feature", "sha": sha, "repo": head_repo},
        "base": {"ref": "main", "repo": REPOSITORY},
    }
    env = {
        "GITHUB_REF": "refs/pull/7/merge",
        "GITHUB_SHA": sha,
        "GITHUB_REPOSITORY": "octo/widgets",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "feature",
        "GITHUB_RUN_ID": "1",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_API_URL": github.url,
    }
    payload: dict[str, Any] = {"number": 7, "pull_request": pull, "repository": REPOSITORY}
    token = "read-token" if fork else token
    return run_action(
        job,
        workspace,
        event="pull_request",
        payload=payload,
        github=env,
        inputs={"results": "workload.speedscope.json", **inputs},
        token=token,
    )


def _gate(done: ActionRun) -> Any:
    step = done.failed
    assert step is not None and step.name == "tracker ci" and step.returncode == 1, done.steps
    assert done.outputs["exit-code"] == "1"
    return step


def test_the_comment_is_written_once_and_updated_on_the_next_push(project: Project, job: Job, tmp_path: Path) -> None:
    with github_api("octo/widgets", {"write-token": "write"}) as github:
        github.add_comment(7, "Looks good to me")
        first = _pull_request(job, project, tmp_path / "first", github, {"comment": "true"})
        assert len(github.comments[7]) == 2
        written = github.comments[7][1]["body"]
        second = _pull_request(job, project, tmp_path / "second", github, {"comment": "true"}, subject="perf: again")
    step = _gate(first)
    assert "wrote the pull request's comment https://github.com/octo/widgets/pull/7#issuecomment-" in step.stderr
    assert "updated the pull request's comment" in _gate(second).stderr
    ours = [c for c in github.comments[7] if c["body"].startswith(MARKER)]
    assert len(github.comments[7]) == 2 and len(ours) == 1
    body = ours[0]["body"]
    assert body != written  # the second push's commit
    sha = git(tmp_path / "second", "rev-parse", "HEAD")
    assert body.startswith(f"{MARKER}\n### Benchmark comparison: **1 regressed**")
    assert body.endswith(f"<sub>tracker, for {sha[:12]} · [workflow run]({RUN_PAGE})</sub>\n")
    assert (
        f"[differential flame graph]({RUN_PAGE}#artifacts): `{DIFFERENTIAL}` in the artifact `tracker-flamegraphs`"
        in body
    )
    assert [r.method for r in github.requests] == ["GET", "POST", "GET", "PATCH"]


def test_the_flame_graphs_of_what_regressed_are_in_one_folder_and_the_summary_links_them(
    project: Project, job: Job, tmp_path: Path
) -> None:
    with github_api("octo/widgets", {}) as github:
        done = _pull_request(job, project, tmp_path / "workspace", github, {"flamegraph-artifact": "graphs-linux"})
    step = _gate(done)
    assert github.requests == []  # no comment unless asked
    assert "no pull-request comment" not in step.stderr
    assert "flame graphs of 1 regressed test(s) in tracker-flamegraphs" in step.stderr
    folder = tmp_path / "workspace" / "tracker-flamegraphs"
    assert sorted(p.name for p in folder.iterdir()) == [FLAME_GRAPH, DIFFERENTIAL]
    assert re.findall(r"points  (.+?): self", (folder / DIFFERENTIAL).read_text())[0] == "score (workload.py)"
    links = [line.strip() for line in done.summary.splitlines() if "flame graph](" in line]
    assert links == [
        f"- [flame graph]({RUN_PAGE}#artifacts): `{FLAME_GRAPH}` in the artifact `graphs-linux`",
        f"- [differential flame graph]({RUN_PAGE}#artifacts): `{DIFFERENTIAL}` in the artifact `graphs-linux`",
    ]


def test_a_refused_comment_is_a_warning_and_the_gate_decides_the_exit_code(
    project: Project, job: Job, tmp_path: Path
) -> None:
    with github_api("octo/widgets", {"read-only": "read"}) as github:
        slower = _pull_request(job, project, tmp_path / "slower", github, {"comment": "true"}, token="read-only")
        same = _pull_request(
            job, project, tmp_path / "same", github, {"comment": "true"}, token="read-only", program="v1"
        )
    assert same.failed is None and same.outputs["exit-code"] == "0", same.steps
    for step in (_gate(slower), same.steps[-1]):
        assert "::warning::no pull-request comment: GitHub answered POST" in step.stderr
        assert "403 Resource not accessible by integration" in step.stderr
        assert "the gate's exit code does not depend on it" in step.stderr
    assert github.comments == {}
    assert [r.method for r in github.requests] == ["GET", "POST", "GET", "POST"]


def test_a_fork_never_gets_a_comment(project: Project, job: Job, tmp_path: Path) -> None:
    with github_api("octo/widgets", {"read-token": "read"}) as github:
        done = _pull_request(job, project, tmp_path / "workspace", github, {"comment": "true"}, fork=True)
    step = _gate(done)
    assert github.requests == []
    assert "no pull-request comment: the pull request comes from a fork" in step.stderr
    assert "1 regressed" in done.summary
