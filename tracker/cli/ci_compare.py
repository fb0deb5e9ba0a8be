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
    from tracker.api.pull_request_comment import comment_comparison

    for line in comment_comparison(context.pull_request, os.environ.get("GITHUB_TOKEN", ""), result, top, place):
        note(line)
