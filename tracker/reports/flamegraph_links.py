"""Links from the markdown report to the flame graphs `tracker compare` drew for regressed tests.

Off GitHub the files lie beside the report, so a link is the file's path relative to the working
folder. In a GitHub Actions run the files exist only once uploaded as the run's artifact, and an
artifact's files have no address of their own: the link opens the run's page, which lists the
artifacts, and names the file to look for inside the artifact.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class ArtifactPlace:
    """Where a GitHub Actions run keeps the flame graphs."""

    run_page: str
    """The run's page, https://github.com/OWNER/REPO/actions/runs/ID."""
    artifact: str | None = None
    """The artifact's name, when the workflow's upload is known (the action's own)."""
    folder: Path | None = None
    """The folder uploaded as the artifact: file names inside the artifact are relative to it."""


@dataclass(frozen=True)
class FlamegraphLink:
    label: str
    target: str
    """A path relative to the working folder, or the run's page."""
    inside: str | None = None
    """The file's name inside the artifact (or among the run's artifacts), when TARGET is the run's page."""
    artifact: str | None = None

    def markdown(self) -> str:
        text = f"[{self.label}]({quote(self.target, safe='/:#%')})"
        if self.inside is None:
            return text
        where = f"in the artifact {_code(self.artifact)}" if self.artifact else "among the run's artifacts"
        return f"{text}: {_code(self.inside)} {where}"


def flamegraph_links(
    flamegraphs: Mapping[str, Path], differentials: Mapping[str, Path], place: ArtifactPlace | None = None
) -> dict[str, list[FlamegraphLink]]:
    """For each test id, links to its flame graph and its differential flame graph (those drawn)."""
    links: dict[str, list[FlamegraphLink]] = {}
    for label, drawn in (("flame graph", flamegraphs), ("differential flame graph", differentials)):
        for test_id, path in drawn.items():
            links.setdefault(test_id, []).append(_link(label, path, place))
    return links


def _link(label: str, path: Path, place: ArtifactPlace | None) -> FlamegraphLink:
    if place is None:
        return FlamegraphLink(label, relative_path(path))
    inside = relative_path(path)
    if place.artifact is not None and place.folder is not None:
        inside = os.path.relpath(path, place.folder)
    return FlamegraphLink(label, f"{place.run_page}#artifacts", inside=inside, artifact=place.artifact)


def relative_path(path: os.PathLike[str]) -> str:
    """PATH relative to the current folder when it lies below it, so that the report travels with it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") else relative


def _code(text: str) -> str:
    """TEXT as a code span: nothing inside is markdown, and a backtick could not end it."""
    return "`" + text.replace("`", "'") + "`"
