"""The pull request's one comment, against a local server that answers as GitHub's REST API does."""

from __future__ import annotations

import pytest

from tests.publish.github_api import github_api
from tracker.github.comments import COMMENT_LIMIT, MARKER, CommentError, PullRequest, fit_comment, upsert_comment

REPO = "octo/widgets"
WHERE = "the job summary"


def test_the_comment_is_created_once_then_edited_in_place_even_on_a_later_page() -> None:
    with github_api(REPO, {"write-token": "write"}) as github:
        for number in range(130):
            github.add_comment(7, f"review remark {number}")
        github.add_comment(7, f"> {MARKER}\n> quoted by a reviewer")  # a quote is not the comment
        pull = PullRequest(github.url, REPO, 7, "write-token")
        first = upsert_comment(pull, "### Benchmark comparison: 1 regressed", whole_report=WHERE)
        for number in range(130, 250):
            github.add_comment(7, f"review remark {number}")  # the comment moves to page 2 of 3
        second = upsert_comment(pull, "### Benchmark comparison: 2 unchanged", whole_report=WHERE)
    ours = [c for c in github.comments[7] if c["body"].startswith(MARKER)]
    assert len(github.comments[7]) == 252 and len(ours) == 1
    assert ours[0]["body"] == f"{MARKER}\n### Benchmark comparison: 2 unchanged"
    assert (first.created, second.created) == (True, False)
    assert first.url == second.url == ours[0]["html_url"]
    calls = [(r.method, r.path.split("?")[-1] if r.method == "GET" else r.path) for r in github.requests]
    assert calls[:3] == [
        ("GET", "per_page=100"),
        ("GET", "per_page=100&page=2"),
        ("POST", f"/repos/{REPO}/issues/7/comments"),
    ]
    assert calls[3:] == [
        ("GET", "per_page=100"),
        ("GET", "per_page=100&page=2"),
        ("PATCH", f"/repos/{REPO}/issues/comments/{ours[0]['id']}"),
    ]
    assert {r.headers["Accept"] for r in github.requests} == {"application/vnd.github+json"}
    assert {r.token for r in github.requests} == {"write-token"}


def test_a_read_only_token_is_refused_with_the_permission_to_give() -> None:
    with github_api(REPO, {"read-token": "read"}) as github:
        pull = PullRequest(github.url, REPO, 7, "read-token")
        with pytest.raises(CommentError) as refused:
            upsert_comment(pull, "### Benchmark comparison", whole_report=WHERE)
    assert "403 Resource not accessible by integration" in str(refused.value)
    assert "permissions: pull-requests: write" in str(refused.value)
    assert 7 not in github.comments


def test_an_unreachable_server_is_an_error_not_a_hang() -> None:
    with github_api(REPO, {}) as github:
        address = github.url
    with pytest.raises(CommentError, match="GitHub did not answer"):
        upsert_comment(PullRequest(address, REPO, 7, "token"), "body", whole_report=WHERE)


def test_a_report_over_the_limit_is_cut_at_a_line_and_points_to_the_whole_report() -> None:
    rows = "".join(f"| test_{number:05d} | +{number % 50}.0% | unchanged |\n" for number in range(3000))
    assert len(rows) > COMMENT_LIMIT
    with github_api(REPO, {"write-token": "write"}) as github:
        pull = PullRequest(github.url, REPO, 9, "write-token")
        upsert_comment(pull, rows, whole_report="the job summary of [this run](https://example.invalid/run)")
    body = github.comments[9][0]["body"]
    assert len(body) <= COMMENT_LIMIT
    lines = body.split("\n")
    assert lines[0] == MARKER and all(line.endswith("unchanged |") for line in lines[1:-3])
    assert lines[-2] == (
        "… cut to fit GitHub's limit on a comment's length: the whole report is in "
        "the job summary of [this run](https://example.invalid/run)."
    )
    assert fit_comment("short\n", WHERE) == "short\n"
