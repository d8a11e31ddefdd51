"""Fast multi-row inserts for imports, demo data and other bulk paths.

SQLAlchemy's executemany processes every value of every row in Python; for SQLite this module
compiles the INSERT once and converts values with the columns' own bind processors, then hands
the tuples to the driver. The stored values are exactly those the ORM would store. Other
databases use SQLAlchemy's insert, whose batched VALUES path is already fast there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

from inspector.store.base import Base


def insert_rows(conn: Connection, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table: dicts keyed by column name, all with the same keys."""
    table = cast(Table, model.__table__)
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), list(rows))
        return
    columns = [c for c in table.columns if c.name in rows[0]]
    processors: list[Callable[[Any], Any] | None] = [
        c.type._cached_bind_processor(conn.dialect) for c in columns
    ]
    names = [c.name for c in columns]
    sql = (f'INSERT INTO "{table.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
           f'VALUES ({", ".join("?" for _ in names)})')
    getter = itemgetter(*names)
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    # A value shared by every row (the batch's timestamp, a parent id) is converted once.
    last: dict[int, tuple[Any, Any]] = {}
    params: list[Any] = []
    for row in rows:
        values = list(getter(row)) if len(names) > 1 else [getter(row)]
        for i, process in converted:
            raw = values[i]
            if raw is None:
                continue
            seen = last.get(i)
            if seen is not None and seen[0] is raw:
                values[i] = seen[1]
            else:
                values[i] = done = process(raw)
                last[i] = (raw, done)
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)
