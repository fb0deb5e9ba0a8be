"""Export: every stored run as tracker's own JSON (see `parsers.tracker_json`)."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.parsers import tracker_json
from tracker.store import open_store
from tracker.store.export import stored_runs


def export_json(*, database: str | None) -> Iterator[str]:
    """The export document in pieces, read from the database one chunk of runs at a time."""
    store = open_store(database)
    try:
        yield from tracker_json.write(stored_runs(store.engine))
    finally:
        store.close()
