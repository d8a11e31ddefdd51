"""Reference tables: the law as dated data, editable by an administrator without code changes.

Each row keeps its indexed natural key and dates in columns and the full record, as the domain
dataclasses read it, in ``data``; the domain layer (``inspector.domain.law`` and friends) turns
records into rule objects. Rows are audited like any other entity.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.store.base import Entity


class RefInstrument(Entity):
    __tablename__ = "ref_instruments"

    number: Mapped[str] = mapped_column(String(60), unique=True)
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_until: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RefProvision(Entity):
    __tablename__ = "ref_provisions"

    key: Mapped[str] = mapped_column(String(80), unique=True)
    instrument: Mapped[str] = mapped_column(String(60), index=True)
    sector: Mapped[str] = mapped_column(String(20), index=True)
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_until: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RefSignerCap(Entity):
    __tablename__ = "ref_signer_caps"

    natural_key: Mapped[str] = mapped_column(String(200), unique=True)
    title_code: Mapped[str] = mapped_column(String(60), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RefCircumstance(Entity):
    __tablename__ = "ref_circumstances"

    natural_key: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RefHoliday(Entity):
    __tablename__ = "ref_holidays"

    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class RefProcedureRule(Entity):
    __tablename__ = "ref_procedure_rules"

    natural_key: Mapped[str] = mapped_column(String(120), unique=True)
    rule: Mapped[str] = mapped_column(String(80), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
