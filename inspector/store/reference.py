"""Reference tables: the law as dated data, editable by an administrator without code changes.

Each row keeps its indexed natural key and dates in columns and the full record, as the domain
dataclasses read it, in ``data``; the domain layer (``inspector.domain.law`` and friends) turns
records into rule objects. Rows are audited like any other entity.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String, event, select
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


class ReferenceState(Entity):
    """The edition of the reference data the database holds (one row; issue 9 §6).

    ``record_digests`` maps each table to the digest of every shipped record as last loaded,
    so an administrator's later edit is told from an older shipped value.
    """

    __tablename__ = "reference_state"

    ref_version: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="")
    digest: Mapped[str] = mapped_column(String(64))
    record_digests: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def _stamp_case(_mapper: Any, connection: Any, target: Any) -> None:
    """Every new case records the edition of the law's data it was made under."""
    if getattr(target, "reference_version", None) is None:
        target.reference_version = connection.execute(
            select(ReferenceState.ref_version).limit(1)).scalar()


def _register() -> None:
    from inspector.store.models import Case

    if not event.contains(Case, "before_insert", _stamp_case):
        event.listen(Case, "before_insert", _stamp_case)
