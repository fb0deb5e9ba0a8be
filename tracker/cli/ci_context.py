"""What `tracker ci` learns from GitHub Actions: the event, its payload, and the step it calls for."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import InputError, UsageError

if TYPE_CHECKING:
    from tracker.api.pull_request_comment import PullRequestEvent


class Step(StrEnum):
    COMPARE = "compare"
    """A pull request: judge its run against the merge base with the base branch."""
    PUBLISH = "publish"
    """A push to the default branch: add the run to the results branch."""
    RELEASE = "release"
    """A release or a tag push: add the run, tagged, and publish the release."""
    INGEST = "ingest"
    """Anything else (another branch, a schedule): store the run, publish nothing."""


@dataclass(frozen=True)
class GitHubContext:
    event: str
    ref: str
    sha: str
    repository: str
    default_branch: str
    base_ref: str | None = None
    head_ref: str | None = None
    tag: str | None = None
    fork: bool = False
    """A pull request from another repository: its token is read-only, so nothing is pushed or commented."""
    step_summary: Path | None = None
    output: Path | None = None
    pull_number: int | None = None
    same_repository: bool = False
    """A pull request whose head and base are one repository: its token may write, if the job allows."""
    api_url: str = "https://api.github.com"
    run_page: str | None = None
    """The workflow run's page (GITHUB_SERVER_URL/OWNER/NAME/actions/runs/ID)."""

    @property
    def pull_request(self) -> PullRequestEvent:
        from tracker.api.pull_request_comment import PullRequestEvent

        return PullRequestEvent(
            self.event,
            self.sha,
            self.repository,
            self.pull_number,
            self.same_repository,
            self.api_url,
            self.run_page,
        )

    @property
    def step(self) -> Step:
        if self.event in {"pull_request", "pull_request_target", "merge_group"}:
            return Step.COMPARE if self.base_ref else Step.INGEST
        if self.event == "release" or (self.event == "push" and self.ref.startswith("refs/tags/")):
            return Step.RELEASE if self.tag else Step.INGEST
        if self.event == "push" and self.ref == f"refs/heads/{self.default_branch}":
            return Step.PUBLISH
        return Step.INGEST

    @property
    def branch(self) -> str | None:
        """The branch the run belongs to: the pull request's head, or the pushed branch."""
        if self.head_ref:
            return self.head_ref
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else None


def github_context(env: Mapping[str, str]) -> GitHubContext:
    """The context GitHub Actions passes in ENV (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REF, ...)."""
    if not env.get("GITHUB_EVENT_NAME"):
        raise UsageError(
            "tracker ci runs inside GitHub Actions: GITHUB_EVENT_NAME is not set; "
            "run tracker restore, ingest, compare and publish by hand instead"
        )
    payload = _payload(env.get("GITHUB_EVENT_PATH"))
    repository = _get(payload, "repository", "full_name") or env.get("GITHUB_REPOSITORY", "")
    ref = env.get("GITHUB_REF", "")
    head_repository = _get(payload, "pull_request", "head", "repo", "full_name")
    base_repository = _get(payload, "pull_request", "base", "repo", "full_name") or repository
    tag = _get(payload, "release", "tag_name") or (
        ref.removeprefix("refs/tags/") if ref.startswith("refs/tags/") else None
    )
    return GitHubContext(
        event=env["GITHUB_EVENT_NAME"],
        ref=ref,
        sha=env.get("GITHUB_SHA", ""),
        repository=repository,
        default_branch=_get(payload, "repository", "default_branch") or "main",
        base_ref=env.get("GITHUB_BASE_REF") or _get(payload, "pull_request", "base", "ref"),
        head_ref=env.get("GITHUB_HEAD_REF") or _get(payload, "pull_request", "head", "ref"),
        tag=tag,
        fork=bool(head_repository) and head_repository != repository,
        step_summary=Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None,
        output=Path(env["GITHUB_OUTPUT"]) if env.get("GITHUB_OUTPUT") else None,
        pull_number=_number(payload),
        same_repository=bool(head_repository) and head_repository == base_repository,
        api_url=env.get("GITHUB_API_URL") or "https://api.github.com",
        run_page=run_page(env, repository),
    )


def _number(payload: Mapping[str, Any]) -> int | None:
    pull = payload.get("pull_request")
    number = pull.get("number") if isinstance(pull, Mapping) else None
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def run_page(env: Mapping[str, str], repository: str) -> str | None:
    """The workflow run's page on GitHub, from GITHUB_SERVER_URL and GITHUB_RUN_ID."""
    if not repository or not env.get("GITHUB_RUN_ID"):
        return None
    server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
    return f"{server}/{repository}/actions/runs/{env['GITHUB_RUN_ID']}"


def _payload(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(
            path, f"cannot read the event payload ({error.strerror}); GITHUB_EVENT_PATH names it"
        ) from error
    except json.JSONDecodeError as error:
        raise InputError(path, f"the event payload is not JSON ({error.msg})", where=f"line {error.lineno}") from error
    return document if isinstance(document, dict) else {}


def _get(payload: Mapping[str, Any], *keys: str) -> str | None:
    value: Any = payload
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value if isinstance(value, str) and value else None
