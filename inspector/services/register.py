"""Read-side lists for the areas of the main window: inspections and the decision register."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Establishment, Inspection, SanctionDecision, Visit

INSPECTION_KIND_LABELS_VI = {
    "scheduled": "Theo kế hoạch",
    "unscheduled": "Đột xuất",
    "thematic": "Chuyên đề",
    "interdisciplinary": "Liên ngành",
}
INSPECTION_MODE_LABELS_VI = {"thanh_tra": "Thanh tra", "kiem_tra": "Kiểm tra"}
DECISION_STATUS_LABELS_VI = {
    "draft": "Dự thảo", "issued": "Đã ban hành", "delivered": "Đã giao", "paid": "Đã nộp phạt",
    "partly_paid": "Nộp một phần", "overdue": "Quá hạn", "enforced": "Cưỡng chế",
    "cancelled": "Đã hủy", "amended": "Đã sửa đổi",
}


@dataclass(frozen=True)
class InspectionRow:
    id: uuid.UUID
    mode: str
    kind: str
    title: str
    decision_number: str | None
    start_date: date
    end_date: date | None
    visits: int


@dataclass(frozen=True)
class DecisionRow:
    id: uuid.UUID
    number_text: str | None
    year: int
    issued_on: date | None
    violator: str
    total_amount: int
    due_date: date | None
    status: str


def list_inspections(db: Database, actor: Actor, year: int | None = None) -> list[InspectionRow]:
    actor.require(Permission.VIEW)
    visits = (select(Visit.inspection_id, func.count().label("n"))
              .group_by(Visit.inspection_id).subquery())
    stmt = (select(Inspection, func.coalesce(visits.c.n, 0))
            .outerjoin(visits, visits.c.inspection_id == Inspection.id)
            .order_by(Inspection.start_date.desc(), Inspection.title))
    if year is not None:
        stmt = stmt.where(Inspection.start_date >= date(year, 1, 1),
                          Inspection.start_date <= date(year, 12, 31))
    with UnitOfWork(db, actor) as uow:
        return [InspectionRow(i.id, i.mode, i.kind, i.title, i.decision_number, i.start_date,
                              i.end_date, n) for i, n in uow.session.execute(stmt)]


def list_decisions(db: Database, actor: Actor, year: int | None = None) -> list[DecisionRow]:
    actor.require(Permission.VIEW)
    stmt = (select(SanctionDecision, Case.violator, Establishment.name)
            .join(Case, Case.id == SanctionDecision.case_id)
            .outerjoin(Establishment, Establishment.id == Case.establishment_id)
            .order_by(SanctionDecision.year.desc(), SanctionDecision.number.desc()))
    if year is not None:
        stmt = stmt.where(SanctionDecision.year == year)
    with UnitOfWork(db, actor) as uow:
        out = []
        for d, violator, est_name in uow.session.execute(stmt):
            name = (violator or {}).get("name") or est_name or ""
            out.append(DecisionRow(d.id, d.number_text, d.year, d.issued_on, name,
                                   d.total_amount, d.due_date, d.status))
        return out
