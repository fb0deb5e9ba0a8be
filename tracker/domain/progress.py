"""How long work tells how far it got, without knowing who looks (the CLI draws it on a terminal)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Stages of long work, each counted in steps when its size is known. Calls are cheap; a
    display decides itself whether, and how often, to draw."""

    def stage(self, label: str, total: int | None = None) -> None:
        """A new stage of the work begins: LABEL (`reading 120 files`), TOTAL steps when known."""

    def advance(self, steps: int = 1, detail: str = "") -> None:
        """STEPS more of the stage's steps are done; DETAIL names the one at hand (a file)."""

    def finish(self) -> None:
        """The work is done: whatever was drawn goes away."""


class Silent:
    """No display: where nobody looks (a pipe, a library call)."""

    def stage(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1, detail: str = "") -> None:
        pass

    def finish(self) -> None:
        pass


SILENT: Progress = Silent()
