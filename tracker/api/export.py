"""Export: every stored run as tracker's own JSON (see `parsers.tracker_json`)."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.parsers import tracker_json
from tracker.store import Store


def export_json(store: Store) -> Iterator[str]:
    """The export document in pieces, read from the database one chunk of runs at a time."""
    yield from tracker_json.write(store.stored_runs())
