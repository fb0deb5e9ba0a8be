"""What every group of queries builds on: the engine of an open store."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Engine


class Connected:
    """A base for the query groups that `Store` joins; the store supplies the engine."""

    @property
    def engine(self) -> Engine:
        """Connected (and the schema checked) on first use."""
        raise NotImplementedError


def fetch_all(connection: Connection, statement: Any) -> list[tuple[Any, ...]]:
    """All rows as plain tuples, straight from the driver's cursor.

    Scans and comparisons read hundreds of thousands of rows of plain numbers and strings; building a result
    row object for each costs more than the query itself.
    """
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(compiled.params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def by_column(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """ROWS transposed: WIDTH lists, one per column (`zip(*rows)` costs more than twice as much on long lists)."""
    return [list(map(itemgetter(column), rows)) for column in range(width)]
