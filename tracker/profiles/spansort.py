"""Sorting a trace's spans per thread in bounded memory.

A call tree is built in one pass over a thread's spans ordered by start (longest first), but
traces arrive in any order (the busted profiler writes children before their parents). Spans
are kept as 32-byte records; every `chunk_size` of them is sorted and written to a temporary
file, and the sorted files are merged at the end. Memory stays at one chunk whatever the size
of the trace.
"""

from __future__ import annotations

import heapq
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

DEFAULT_CHUNK = 1 << 20
_BLOCK = 1 << 16

# (thread, start, -end, -sequence, frame): a span that starts at the same time as another and
# ends later comes first (it is the parent); for identical spans, the one written later is the
# parent, since tracers write a call when it returns.
Record = tuple[int, float, float, int, int]


def _dtype() -> np.dtype[Any]:
    import numpy as np

    return np.dtype([("thread", "<i4"), ("start", "<f8"), ("negend", "<f8"), ("negseq", "<i8"), ("frame", "<i4")])


class SpanSorter:
    """Collects spans, then yields them sorted by thread, start and longest first."""

    def __init__(self, chunk_size: int = DEFAULT_CHUNK) -> None:
        self.chunk_size = chunk_size
        self._threads = array("i")
        self._starts = array("d")
        self._ends = array("d")
        self._frames = array("i")
        self._count = 0
        self._spilled: list[Path] = []
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> SpanSorter:
        return self

    def __exit__(self, *_: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()

    @property
    def spilled_chunks(self) -> int:
        return len(self._spilled)

    def add(self, thread: int, start: float, end: float, frame: int) -> None:
        self._threads.append(thread)
        self._starts.append(start)
        self._ends.append(end)
        self._frames.append(frame)
        if len(self._frames) >= self.chunk_size:
            self._spill()

    def _sorted_chunk(self) -> np.ndarray[Any, Any]:
        import numpy as np

        size = len(self._frames)
        chunk = np.empty(size, dtype=_dtype())
        chunk["thread"] = np.frombuffer(self._threads, dtype=np.int32) if size else []
        chunk["start"] = np.frombuffer(self._starts, dtype=np.float64) if size else []
        chunk["negend"] = -np.frombuffer(self._ends, dtype=np.float64) if size else []
        chunk["negseq"] = -np.arange(self._count, self._count + size, dtype=np.int64)
        chunk["frame"] = np.frombuffer(self._frames, dtype=np.int32) if size else []
        self._count += size
        for column in (self._threads, self._starts, self._ends, self._frames):
            del column[:]
        order = np.lexsort((chunk["negseq"], chunk["negend"], chunk["start"], chunk["thread"]))
        return chunk[order]

    def _spill(self) -> None:
        chunk = self._sorted_chunk()
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="tracker-spans-")
        path = Path(self._folder.name) / f"{len(self._spilled)}.bin"
        chunk.tofile(path)
        self._spilled.append(path)

    def __iter__(self) -> Iterator[Record]:
        if not self._spilled:
            return _blocks(self._sorted_chunk())
        if len(self._frames):
            self._spill()
        return heapq.merge(*(_file_blocks(path) for path in self._spilled))


def _blocks(chunk: np.ndarray[Any, Any]) -> Iterator[Record]:
    for offset in range(0, len(chunk), _BLOCK):
        yield from chunk[offset : offset + _BLOCK].tolist()


def _file_blocks(path: Path) -> Iterator[Record]:
    import numpy as np

    dtype = _dtype()
    with path.open("rb") as stream:
        while True:
            block = np.fromfile(stream, dtype=dtype, count=_BLOCK)
            if not len(block):
                return
            yield from block.tolist()
