"""The start page's agenda: what is due or overdue, with the days left and the article."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from inspector.domain.calendar import add_years
from inspector.domain.roles import Permission
from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.store.engine import Database


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # decision_deadline, payment, enforcement
    title: str
    due: date
    days_left: int
    basis: str
    ref: uuid.UUID


def agenda(db: Database, actor: Actor, today: date | None = None,
           horizon_days: int = 14) -> list[AgendaItem]:
    """Items due within ``horizon_days`` or already overdue, the most urgent first."""
    actor.require(Permission.VIEW)
    today = today or date.today()
    items: list[AgendaItem] = []
    for case in decisions.cases_awaiting_decision(db, actor):
        if case.deadline is not None:
            items.append(AgendaItem(
                "decision_deadline",
                f"Ra quyết định xử phạt: {case.violator} (biên bản số {case.record_number:02d})"
                if case.record_number else f"Ra quyết định xử phạt: {case.violator}",
                case.deadline, (case.deadline - today).days,
                "Luật XLVPHC Điều 66 khoản 1", case.case_id))
    for d in decisions.list_decisions(db, actor, None, today=today):
        if d.status in ("paid", "cancelled", "amended") or d.amendment_kind:
            continue
        if d.due_date is not None and d.paid < d.total_amount:
            items.append(AgendaItem(
                "payment", f"Nộp phạt quyết định {d.number_text}: {d.violator} "
                f"(còn {d.total_amount - d.paid:,} đồng)".replace(",", "."),
                d.due_date, (d.due_date - today).days, "Luật XLVPHC Điều 73, 78", d.id))
        if d.issued_on is not None and d.paid < d.total_amount:
            limit = add_years(d.issued_on, 1)
            items.append(AgendaItem(
                "enforcement", f"Thời hiệu thi hành quyết định {d.number_text}: {d.violator}",
                limit, (limit - today).days, "Luật XLVPHC Điều 74", d.id))
    return sorted((i for i in items if i.days_left <= horizon_days or i.kind == "payment"),
                  key=lambda i: (i.days_left, i.title))
