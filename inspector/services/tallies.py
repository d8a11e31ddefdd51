"""Yearly figures for the Thống kê area, counted by the database from the recorded work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, select

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    Case,
    Establishment,
    Inspection,
    SanctionDecision,
    Violation,
    Visit,
)


@dataclass(frozen=True)
class SectorFigures:
    sector: str
    establishments_inspected: int = 0
    establishments_with_violations: int = 0
    violations: int = 0
    fines_decided: int = 0


@dataclass(frozen=True)
class YearSummary:
    year: int
    inspections_by_kind: dict[str, int] = field(default_factory=dict)
    checks_by_kind: dict[str, int] = field(default_factory=dict)
    sectors: list[SectorFigures] = field(default_factory=list)


def year_summary(db: Database, actor: Actor, year: int) -> YearSummary:
    actor.require(Permission.VIEW)
    start, end = date(year, 1, 1), date(year, 12, 31)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        by_kind: dict[str, dict[str, int]] = {"thanh_tra": {}, "kiem_tra": {}}
        for mode, kind, n in s.execute(
            select(Inspection.mode, Inspection.kind, func.count())
            .where(Inspection.start_date.between(start, end))
            .group_by(Inspection.mode, Inspection.kind)
        ):
            by_kind[mode][kind] = n
        inspected = dict(s.execute(
            select(Establishment.sector, func.count(distinct(Visit.establishment_id)))
            .join(Visit, Visit.establishment_id == Establishment.id)
            .where(Visit.visit_date.between(start, end)).group_by(Establishment.sector)
        ).all())
        with_violations = dict(s.execute(
            select(Case.sector, func.count(distinct(Case.establishment_id)))
            .join(Violation, Violation.case_id == Case.id)
            .where(Case.opened_on.between(start, end)).group_by(Case.sector)
        ).all())
        violations = dict(s.execute(
            select(Case.sector, func.count(Violation.id))
            .join(Violation, Violation.case_id == Case.id)
            .where(Case.opened_on.between(start, end)).group_by(Case.sector)
        ).all())
        fines = dict(s.execute(
            select(Case.sector, func.sum(SanctionDecision.total_amount))
            .join(SanctionDecision, SanctionDecision.case_id == Case.id)
            .where(SanctionDecision.issued_on.between(start, end),
                   SanctionDecision.status.notin_(("draft", "cancelled")))
            .group_by(Case.sector)
        ).all())
    sectors = sorted(set(inspected) | set(with_violations) | set(violations) | set(fines))
    return YearSummary(
        year=year,
        inspections_by_kind=by_kind["thanh_tra"],
        checks_by_kind=by_kind["kiem_tra"],
        sectors=[SectorFigures(sec, inspected.get(sec, 0), with_violations.get(sec, 0),
                               violations.get(sec, 0), int(fines.get(sec) or 0))
                 for sec in sectors],
    )
