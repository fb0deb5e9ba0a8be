"""The one store session of a command: the database the `database` setting names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.cli.settings import Settings

if TYPE_CHECKING:
    from tracker.store import Store


def database_session(settings: Settings, given: str | None, *, writable: bool = False) -> Store:
    """The store of --db (else TRACKER_DATABASE_URL, [tool.tracker] or ./benchmarks.db), for `with`.

    It connects on first use, so that the command's own usage errors come before the database's."""
    from tracker.store import Store

    return Store(settings.get("database", given), writable=writable)
