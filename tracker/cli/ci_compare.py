"""`tracker ci` on a pull request: the gate, the flame graphs of what regressed, the pull request's comment.

The comparison is `tracker compare --merge-base BASE --candidate SHA --summary` with the same
settings; the comment is optional and never changes the gate's exit code."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cli.ci_context import GitHubContext
from tracker.cli.compare import baseline_choice, gate_exit_code, show_comparison
from tracker.cli.options import note, output_format, terminal_width, use_colour
from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.api.compare import CompareResult
    from tracker.reports.flamegraph_links import ArtifactPlace
    from tracker.store import Store


@dataclass(frozen=True)
class Gate:
    threshold: float | None
    warn_threshold: float | None
    skip_commit_types: tuple[str, ...]
    top: int
    flamegraphs: str
    """The folder the flame graphs of regressed tests are drawn into."""
    artifact: str
    """The name the workflow uploads that folder under (the summary and the comment name it)."""
    comment: bool


def compare_pull_request(store: Store, context: GitHubContext, settings: Settings, gate: Gate) -> int:
    """Judge this commit against the merge base with the base branch; the gate's exit code."""
    from tracker.api.compare import compare_runs
    from tracker.reports.flamegraph_links import ArtifactPlace

    assert context.base_ref is not None
    policy = settings.policy(threshold=gate.threshold, warn_threshold=gate.warn_threshold)
    choice = baseline_choice(settings, None, None, context.base_ref, None, list(gate.skip_commit_types), None)
    folder = gate.flamegraphs if gate.flamegraphs.endswith(("/", "\\")) else f"{gate.flamegraphs}/"
    result = compare_runs(store, candidate_ref=context.sha, policy=policy, baseline=choice, flamegraphs=folder)
    place = None if context.run_page is None else ArtifactPlace(context.run_page, gate.artifact, Path(folder))
    chosen = output_format(settings, None)
    show_comparison(
        result, chosen, gate.top, context.step_summary is not None, terminal_width(), use_colour(None), place
    )
    code = gate_exit_code(result, settings.get("strict"))
    if gate.comment:
        comment(context, result, gate.top, place)
    return code


def comment(context: GitHubContext, result: CompareResult, top: int, place: ArtifactPlace | None) -> None:
    """The comparison as the pull request's one comment, when GitHub allows it; otherwise a note says why."""
    from tracker.github.comments import CommentError, PullRequest, upsert_comment

    refusal = comment_refusal(context)
    token = os.environ.get("GITHUB_TOKEN", "")
    if refusal is None and not token:
        refusal = "GITHUB_TOKEN is not set (the action passes its github-token input)"
    if refusal is not None:
        note(f"no pull-request comment: {refusal}")
        return
    assert context.pull_number is not None
    pull = PullRequest(context.api_url, context.repository, context.pull_number, token)
    whole = f"the job summary of [this run]({context.run_page})" if context.run_page else "the job summary"
    try:
        written = upsert_comment(pull, _comment_body(context, result, top, place), whole_report=whole)
    except CommentError as error:
        note(f"::warning::no pull-request comment: {error}")
        note("the comment is optional: the gate's exit code does not depend on it")
        return
    note(f"{'wrote' if written.created else 'updated'} the pull request's comment {written.url}")


def comment_refusal(context: GitHubContext) -> str | None:
    """Why this event gets no comment, whatever the token; None when it may get one."""
    if context.event == "pull_request_target":
        return "never on pull_request_target, whose token can write while the code is the pull request's"
    if context.event != "pull_request" or context.pull_number is None:
        return f"the {context.event} event names no pull request"
    if not context.same_repository:
        return "the pull request comes from a fork, whose token cannot write (the job summary has the report)"
    if not context.repository:
        return "the repository is unknown (GITHUB_REPOSITORY)"
    return None


def _comment_body(context: GitHubContext, result: CompareResult, top: int, place: ArtifactPlace | None) -> str:
    from tracker.reports.comparison_markdown import comparison_markdown
    from tracker.reports.comparison_output import no_baseline
    from tracker.reports.escaping import escape_markdown
    from tracker.reports.flamegraph_links import flamegraph_links

    run = f" · [workflow run]({context.run_page})" if context.run_page else ""
    footer = f"\n<sub>tracker, for {context.sha[:12]}{run}</sub>\n"
    if result.comparison is None:
        return f"### Benchmark comparison\n\n{escape_markdown(no_baseline(result))}\n{footer}"
    links = flamegraph_links(result.flamegraphs, result.differentials, place)
    return comparison_markdown(result, top=top, links=links) + footer
