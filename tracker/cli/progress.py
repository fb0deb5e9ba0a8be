"""A progress display on stderr for long work (ingest, the whole-history scan).

Drawn by Rich, on a terminal only: never when stderr is a pipe or a file (stdout is never
touched), nor on a `TERM=dumb` terminal that cannot redraw a line; `NO_COLOR` keeps it but without
colour (Rich reads it). It appears only once the work has taken `DELAY_SECONDS`, from a timer
thread, so quick commands neither flash a bar nor pay Rich's import; it is erased when the work
ends, before the command writes its own lines.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

    from tracker.domain import Progress

DELAY_SECONDS = 0.5


def wanted() -> bool:
    """A display helps only a person watching a terminal that can redraw a line."""
    return sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"


@contextmanager
def progress_on_stderr() -> Iterator[Progress]:
    """The display for a command's long work (silent where nobody watches), erased when it ends."""
    if not wanted():
        from tracker.domain import SILENT

        yield SILENT
        return
    display = TerminalProgress(DELAY_SECONDS)
    try:
        yield display
    finally:
        display.finish()


class TerminalProgress:
    """Keeps the state of the work; a Rich progress bar shows it once the delay has passed."""

    def __init__(self, delay: float) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"description": "working", "total": None, "completed": 0, "detail": ""}
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._finished = False
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def stage(self, label: str, total: int | None = None) -> None:
        with self._lock:
            self._state.update(description=label, total=total, completed=0, detail="")
            self._draw()

    def advance(self, steps: int = 1, detail: str = "") -> None:
        with self._lock:
            self._state["completed"] += steps
            if detail:
                self._state["detail"] = _tail(detail)
            self._draw()

    def finish(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._finished = True
            if self._bar is not None:
                self._bar.stop()

    @property
    def shown(self) -> bool:
        """Whether the display was drawn (the work outlasted the delay)."""
        return self._bar is not None

    def _draw(self) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, **self._state)

    def _show(self) -> None:
        bar = _rich_bar()  # imported outside the lock: the work goes on meanwhile
        with self._lock:
            if self._finished:
                return
            self._bar = bar
            self._task = bar.add_task(**self._state)
            bar.start()


DETAIL_WIDTH = 24


def _tail(text: str) -> str:
    """The end of TEXT (a path's end names the file) in a width that leaves the counts on an 80-column line."""
    return text if len(text) <= DETAIL_WIDTH else "…" + text[-(DETAIL_WIDTH - 1) :]


def _rich_bar() -> RichProgress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress
    from rich.table import Column

    return RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}", table_column=Column(no_wrap=True)),
        BarColumn(bar_width=12),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[detail]}", table_column=Column(no_wrap=True, overflow="ellipsis")),
        console=Console(stderr=True),
        transient=True,
    )
