"""Every parser against mutated real files: a parsed run or a clean refusal, nothing else.

`classify` runs one input in this process under a time bound; `benchmarks.soak.fuzz_worker` runs
many in a child process that also has a memory bound, so that a runaway input costs one input and
not the soak.
"""

from __future__ import annotations

import functools
import hashlib
import signal
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from tracker import parsers
from tracker.errors import TrackerError
from tracker.parsers import Source

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data"
SEED_BYTES = 512 * 1024
"""Larger corpus files are left out as seeds: mutating them costs more than it finds."""

CLEAN = frozenset({"parsed", "refused"})


class TimeBoundExceeded(Exception):
    """An input took longer than the bound."""


@dataclass(frozen=True)
class Outcome:
    kind: str
    """parsed, refused, crash, memory or timeout."""
    detail: str = ""
    """For anything but parsed and refused: the exception and where it was raised."""


@functools.cache
def corpus_seeds() -> dict[str, tuple[Path, ...]]:
    """The corpus files each format claims (auto-detection's answer), by format name."""
    found: dict[str, list[Path]] = {module.NAME: [] for module in parsers.FORMATS}
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or path.stat().st_size > SEED_BYTES or path.suffix in {".md", ".tsv", ".png"}:
            continue
        source = Source(name=path.name, path=path)
        claimant = next((m for m in parsers.FORMATS if parsers.claims(m, source)), None)
        if claimant is not None:
            found[claimant.NAME].append(path)
    return {name: tuple(paths) for name, paths in found.items()}


def seeds(module: parsers.Format) -> list[tuple[str, bytes]]:
    """(name, content) of the format's corpus files and its one-line example."""
    files = [(path.name, path.read_bytes()) for path in corpus_seeds()[module.NAME]]
    return [*files, (f"example-{module.NAME}", str(module.EXAMPLE).encode())]


def classify(module: parsers.Format, data: bytes, name: str, seconds: float) -> Outcome:
    """Parse DATA as MODULE's format within SECONDS of CPU time (the process's own, so that a
    busy machine does not turn a slow scheduler into a finding); what happened."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeBoundExceeded

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        try:
            module.parse(Source.from_bytes(data, name=name))
        finally:  # stopped before any handler runs, so the alarm can only interrupt the parse
            signal.setitimer(signal.ITIMER_PROF, 0)
        return Outcome("parsed")
    except TimeBoundExceeded:
        return Outcome("timeout", f"over {seconds:g} s of CPU")
    except TrackerError:
        return Outcome("refused")
    except MemoryError:
        return Outcome("memory", _where(*sys.exc_info()[1:]))
    except BaseException as error:  # everything else is what the soak is looking for
        if isinstance(error, KeyboardInterrupt):
            raise
        return Outcome("crash", _where(error, error.__traceback__))
    finally:
        signal.signal(signal.SIGPROF, previous)


def _where(error: BaseException | None, trace: object) -> str:
    frames = traceback.extract_tb(trace) if trace is not None else []  # type: ignore[arg-type]
    inside = [f for f in frames if "/tracker/" in f.filename] or frames
    place = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    message = str(error).splitlines()[0][:120] if error is not None and str(error) else ""
    return f"{type(error).__name__} at {place}: {message}"


def signature(module: parsers.Format, outcome: Outcome) -> str:
    """What makes two findings the same bug: format, kind, exception type and place."""
    return f"{module.NAME} {outcome.kind} {outcome.detail.split(': ', 1)[0]}"


def save_finding(folder: Path, module: parsers.Format, outcome: Outcome, data: bytes, mutations: list[str]) -> Path:
    """The input kept as a reproducer, named by format, kind and content hash."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = folder / f"{module.NAME}--{outcome.kind}--{digest}.input"
    path.write_bytes(data)
    note = f"format: {module.NAME}\nmutations: {' '.join(mutations)}\noutcome: {outcome.kind}: {outcome.detail}\n"
    note += f"reproduce: tracker ingest {path} --format {module.NAME} --commit abc --db /tmp/x.db\n"
    path.with_suffix(".txt").write_text(note, encoding="utf-8")
    return path


def modules(names: list[str] | None = None) -> Iterator[parsers.Format]:
    for module in parsers.FORMATS:
        if not names or module.NAME in names:
            yield module
