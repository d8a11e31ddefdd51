"""Bounded input, from one declaration: the model's columns.

Before any row is written, every text value is checked against its column's length and every
whole number and date against what both SQLite and PostgreSQL store, so a 120 KB receipt number
is refused the same way on both (SQLite would keep it, PostgreSQL would fail inside the
INSERT) and a year-9999 date never reaches date arithmetic in the database. The form's own
validation says more specific things first; this is the floor every writer stands on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import partial
from operator import is_not, itemgetter
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from inspector.services.errors import ValidationError
from inspector.store.base import Base, Entity

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
LAST_DAY = date(2999, 12, 31)  # no inspection record, deadline or payment is later than this
FIRST_DAY = date(1900, 1, 1)


def _named(key: str, what: str) -> str:
    """“Tên cơ sở”, or the kind of value alone when the column has no label (never its raw
    name on screen)."""
    from inspector.services.field_labels import label_of

    label = label_of(key)
    return f"{what} “{label}”" if label else f"{what} nhập vào"


def check_value(table: str, key: str, column: Any, value: Any) -> None:
    """Raise ``ValidationError`` when ``value`` does not fit ``column``."""
    if value is None:
        return
    kind = column.type
    if isinstance(kind, String) and kind.length and isinstance(value, str):
        if len(value) > kind.length:
            raise ValidationError(
                f"{_named(key, 'Nội dung')} dài {len(value)} ký tự, vượt quá giới hạn "
                f"{kind.length} ký tự.",
                f"{table}.{key} is {len(value)} characters long, the limit is {kind.length}",
                field=key)
    elif isinstance(kind, Integer) and isinstance(value, int) and not isinstance(value, bool):
        low, high = INT64 if isinstance(kind, BigInteger) else INT32
        if not low <= value <= high:
            raise ValidationError(
                f"{_named(key, 'Số')} nằm ngoài giới hạn lưu trữ ({value}).",
                f"{table}.{key} is out of range ({value})", field=key)
    elif isinstance(value, date) and not FIRST_DAY <= (
            value.date() if hasattr(value, "date") and callable(value.date) else value
    ) <= LAST_DAY:
        raise ValidationError(
            f"{_named(key, 'Ngày')} nằm ngoài khoảng 01/01/1900 – 31/12/2999.",
            f"{table}.{key}: the date {value.isoformat()} is outside 1900-01-01..2999-12-31",
            field=key)


def check_entity(obj: Entity) -> None:
    state = inspect(obj)
    table = obj.__tablename__
    for attr in state.mapper.column_attrs:
        if attr.key in state.unloaded:
            continue
        check_value(table, attr.key, attr.columns[0], state.dict.get(attr.key))


def check_row(model: type[Entity], row: dict[str, Any]) -> None:
    """The same check for a Core insert's values (imports, demo data)."""
    columns = model.__table__.c
    for key, value in row.items():
        if key in columns:
            check_value(model.__tablename__, key, columns[key], value)


def _bounded(model: type[Base]) -> list[tuple[str, Any]]:
    """(key, column) of the columns whose values have a bound: texts with a length, whole
    numbers, dates."""
    out = []
    for column in model.__table__.columns:
        kind = column.type
        if (isinstance(kind, String) and kind.length) or isinstance(kind, Integer) \
                or isinstance(getattr(kind, "impl", kind), (Date, DateTime)):
            out.append((column.key, column))
    return out


def check_rows(model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """``check_row`` for a batch of a bulk insert (or update), column by column: a column
    whose longest text, or whose smallest and largest value, is within bounds is passed at C
    speed; only a column that is not is searched value by value with ``check_value`` (so the
    message is the single save's, naming the row)."""
    if not rows:
        return
    table = model.__tablename__
    first = rows[0]
    # rows of one length, each holding the first row's keys, hold exactly those keys
    alike = len(set(map(len, rows))) == 1
    for key, column in _bounded(model):
        if alike and key not in first:
            continue
        try:
            values = list(map(itemgetter(key), rows))
        except KeyError:
            alike = False
            values = [row.get(key) for row in rows]
        if _within(column.type, values):
            continue
        for index, value in enumerate(values):
            if value is not None:
                try:
                    check_value(table, key, column, value)
                except ValidationError as exc:
                    if len(rows) == 1:
                        raise
                    raise ValidationError(f"Bản ghi thứ {index + 1}: {exc.vi}",
                                          f"row {index + 1}: {exc.en}", field=key) from None


def _within(kind: Any, values: list[Any]) -> bool:
    """True when no value of the column can be out of bounds (False: look one by one). Only
    C-level passes over the values (``filter``, ``map``, ``min``, ``max``)."""
    try:
        if isinstance(kind, String):  # None and "" dropped by filter(None, ...)
            return max(map(len, filter(None, values)), default=0) <= (kind.length or 0)
        present = list(filter(partial(is_not, None), values))
        if not present:
            return True
        low, high = min(present), max(present)
    except TypeError:  # a value of another type (a number in a text column): one by one
        return False
    if isinstance(kind, Integer):
        lowest, highest = INT64 if isinstance(kind, BigInteger) else INT32
        return (low.__class__ is int and high.__class__ is int
                and lowest <= low and high <= highest)
    day = low.date() if isinstance(low, datetime) else low
    last = high.date() if isinstance(high, datetime) else high
    return (isinstance(day, date) and isinstance(last, date) and day >= FIRST_DAY
            and last <= LAST_DAY)


@event.listens_for(Session, "before_flush")
def _limits_before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Entity):
            check_entity(obj)
