"""The comparison as the pull request's one comment, when GitHub allows it.

Whether to comment is decided here from the event alone (never on `pull_request_target` or a fork);
the CLI reads the event from GitHub's environment and prints what this returns. A comment that
cannot be written is reported, never raised: the gate's exit code does not depend on it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.api.compare import CompareResult
from tracker.github.comments import CommentError, PullRequest, upsert_comment
from tracker.reports.comparison_markdown import comparison_markdown
from tracker.reports.comparison_output import no_baseline
from tracker.reports.escaping import escape_markdown
from tracker.reports.flamegraph_links import ArtifactPlace, flamegraph_links


@dataclass(frozen=True)
class PullRequestEvent:
    """What of the workflow's event decides the comment and where it goes."""

    event: str
    sha: str
    repository: str
    pull_number: int | None
    same_repository: bool
    api_url: str
    run_page: str | None


def comment_refusal(event: PullRequestEvent) -> str | None:
    """Why this event gets no comment, whatever the token; None when it may get one."""
    if event.event == "pull_request_target":
        return "never on pull_request_target, whose token can write while the code is the pull request's"
    if event.event != "pull_request" or event.pull_number is None:
        return f"the {event.event} event names no pull request"
    if not event.same_repository:
        return "the pull request comes from a fork, whose token cannot write (the job summary has the report)"
    if not event.repository:
        return "the repository is unknown (GITHUB_REPOSITORY)"
    return None


def comment_comparison(
    event: PullRequestEvent, token: str, result: CompareResult, top: int, place: ArtifactPlace | None
) -> list[str]:
    """Write or update the comment; the lines that say what happened (a `::warning::` when it failed)."""
    refusal = comment_refusal(event)
    if refusal is None and not token:
        refusal = "GITHUB_TOKEN is not set (the action passes its github-token input)"
    if refusal is not None:
        return [f"no pull-request comment: {refusal}"]
    assert event.pull_number is not None
    pull = PullRequest(event.api_url, event.repository, event.pull_number, token)
    whole = f"the job summary of [this run]({event.run_page})" if event.run_page else "the job summary"
    try:
        written = upsert_comment(pull, _body(event, result, top, place), whole_report=whole)
    except CommentError as error:
        return [
            f"::warning::no pull-request comment: {error}",
            "the comment is optional: the gate's exit code does not depend on it",
        ]
    return [f"{'wrote' if written.created else 'updated'} the pull request's comment {written.url}"]


def _body(event: PullRequestEvent, result: CompareResult, top: int, place: ArtifactPlace | None) -> str:
    run = f" · [workflow run]({event.run_page})" if event.run_page else ""
    footer = f"\n<sub>tracker, for {event.sha[:12]}{run}</sub>\n"
    if result.comparison is None:
        return f"### Benchmark comparison\n\n{escape_markdown(no_baseline(result))}\n{footer}"
    links = flamegraph_links(result.flamegraphs, result.differentials, place)
    return comparison_markdown(result, top=top, links=links) + footer
