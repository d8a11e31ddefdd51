"""What the forms need from every service: per-field problems in Vietnamese, checked twice.

A form calls a service's ``validate_…`` function on every change and shows each problem next to
its field; the service runs the same function again when saving and refuses blocking problems,
so a bug in a form cannot write what the rules forbid. Non-blocking problems are warnings ("the
violation record will need the date of birth") that do not stop a save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import String

from inspector.services.errors import ValidationError
from inspector.store.base import Base


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field: ``message`` is Vietnamese, shown next to ``field``."""

    field: str
    message: str
    blocking: bool = True


class FormInvalid(ValidationError):
    """A save refused because of blocking problems; ``problems`` lists all of them."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        blocking = [p for p in self.problems if p.blocking]
        first = blocking[0] if blocking else self.problems[0]
        more = len(blocking) - 1
        vi = first.message + (f" (và {more} lỗi khác)" if more > 0 else "")
        en = f"{first.field}: {first.message}" + (f" (and {more} more)" if more > 0 else "")
        super().__init__(vi, en, field=first.field)


def blocking(problems: Iterable[FieldProblem]) -> list[FieldProblem]:
    return [p for p in problems if p.blocking]


def raise_if_blocking(problems: Iterable[FieldProblem]) -> None:
    """Refuse a save when any problem is blocking."""
    found = list(problems)
    if blocking(found):
        raise FormInvalid(found)


@cache
def _limits(model: type[Base]) -> dict[str, int]:
    out = {}
    for column in model.__table__.columns:
        if isinstance(column.type, String) and column.type.length is not None:
            out[column.name] = column.type.length
    return out


def length_problems(model: type[Base], values: Mapping[str, Any],
                    labels: Mapping[str, str] | None = None) -> list[FieldProblem]:
    """Texts longer than their column allows (SQLite would store them anyway)."""
    out = []
    limits = _limits(model)
    for name, limit in limits.items():
        value = values.get(name)
        if value.__class__ is str and len(value) > limit:
            label = (labels or {}).get(name, "Nội dung")
            out.append(FieldProblem(name, f"{label} dài quá {limit} ký tự "
                                          f"(đang có {len(value)})."))
    return out


def date_problem(field: str, label: str, value: date | None, today: date,
                 earliest: date = date(1900, 1, 1)) -> FieldProblem | None:
    """A date in the future or implausibly old."""
    if value is None:
        return None
    if value > today:
        return FieldProblem(field, f"{label} không được sau ngày hôm nay "
                                   f"({today:%d/%m/%Y}).")
    if value < earliest:
        return FieldProblem(field, f"{label} không hợp lệ (trước {earliest:%d/%m/%Y}).")
    return None
