"""What `tracker ci` makes of GitHub's environment and event payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tracker.api.pull_request_comment import comment_refusal
from tracker.cli.ci_context import Step, github_context
from tracker.errors import InputError, UsageError

REPOSITORY = {"full_name": "octo/widgets", "default_branch": "trunk"}


def _env(tmp_path: Path, event: str, payload: object, **extra: str) -> dict[str, str]:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return {"GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": str(path), "GITHUB_SHA": "a" * 40, **extra}


def test_a_pull_request_from_a_fork_compares_with_its_base(tmp_path: Path) -> None:
    head = {"ref": "topic", "repo": {"full_name": "someone/widgets"}}
    payload = {"pull_request": {"head": head, "base": {"ref": "trunk"}}, "repository": REPOSITORY}
    context = github_context(_env(tmp_path, "pull_request", payload, GITHUB_REF="refs/pull/3/merge"))
    assert (context.step, context.base_ref, context.branch, context.fork) == (Step.COMPARE, "trunk", "topic", True)


def test_pushes_publish_only_on_the_default_branch(tmp_path: Path) -> None:
    payload = {"repository": REPOSITORY}
    trunk = github_context(_env(tmp_path, "push", payload, GITHUB_REF="refs/heads/trunk"))
    other = github_context(_env(tmp_path, "push", payload, GITHUB_REF="refs/heads/main"))
    tag = github_context(_env(tmp_path, "push", payload, GITHUB_REF="refs/tags/v2.0.0"))
    assert (trunk.step, trunk.branch) == (Step.PUBLISH, "trunk")
    assert other.step is Step.INGEST
    assert (tag.step, tag.tag, tag.branch) == (Step.RELEASE, "v2.0.0", None)


def test_a_release_takes_its_tag_from_the_payload(tmp_path: Path) -> None:
    payload = {"release": {"tag_name": "v1.4.0"}, "repository": REPOSITORY}
    context = github_context(_env(tmp_path, "release", payload, GITHUB_REF="refs/tags/v1.4.0"))
    assert (context.step, context.tag, context.repository) == (Step.RELEASE, "v1.4.0", "octo/widgets")
    scheduled = github_context(_env(tmp_path, "schedule", {}, GITHUB_REF="refs/heads/main"))
    assert scheduled.step is Step.INGEST and scheduled.default_branch == "main"


def test_outside_github_actions_and_with_a_broken_payload_the_message_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="GITHUB_EVENT_NAME is not set"):
        github_context({})
    broken = tmp_path / "event.json"
    broken.write_text("{")
    with pytest.raises(InputError, match=r"event\.json:line 1: the event payload is not JSON"):
        github_context({"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(broken)})
    outcome = run("ci")
    assert outcome.exit_code == 2 and "GITHUB_EVENT_NAME is not set" in outcome.stderr


def test_push_needs_a_remote_and_summary_a_repository_name() -> None:
    pushed = run("publish", "--push")
    assert pushed.exit_code == 2 and "--push needs --remote NAME" in pushed.stderr
    summary = run("summary", "--repo", "not a repo")
    assert summary.exit_code == 2 and "OWNER/NAME" in summary.stderr


@pytest.mark.parametrize(
    ("event", "head", "refusal"),
    [
        ("pull_request", "octo/widgets", None),
        ("pull_request", "someone/widgets", "the pull request comes from a fork"),
        ("pull_request", None, "the pull request comes from a fork"),
        ("pull_request_target", "octo/widgets", "never on pull_request_target"),
        ("merge_group", "octo/widgets", "the merge_group event names no pull request"),
    ],
)
def test_only_a_pull_request_from_the_same_repository_may_get_a_comment(
    tmp_path: Path, event: str, head: str | None, refusal: str | None
) -> None:
    head_repo = {"full_name": head} if head else None
    pull = {"number": 3, "head": {"ref": "topic", "repo": head_repo}, "base": {"ref": "trunk", "repo": REPOSITORY}}
    payload = {"number": 3, "pull_request": pull, "repository": REPOSITORY}
    if event == "merge_group":
        payload = {"merge_group": {"base_ref": "refs/heads/trunk"}, "repository": REPOSITORY}
    context = github_context(_env(tmp_path, event, payload, GITHUB_BASE_REF="trunk", GITHUB_REPOSITORY="octo/widgets"))
    said = comment_refusal(context.pull_request)
    assert (said is None) if refusal is None else (said is not None and said.startswith(refusal))
