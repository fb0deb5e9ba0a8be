"""What every group of queries builds on: the engine of an open store."""

from __future__ import annotations

from sqlalchemy import Engine


class Connected:
    """A base for the query groups that `Store` joins; the store supplies the engine."""

    @property
    def engine(self) -> Engine:
        """Connected (and the schema checked) on first use."""
        raise NotImplementedError
