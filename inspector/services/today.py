"""The start page's agenda: what is due or overdue, with the days left and the article."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission
from inspector.services import clock, decisions
from inspector.services.actor import Actor
from inspector.store.engine import Database


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # decision_deadline, payment, late_charge, enforcement
    title: str
    due: date
    days_left: int
    basis: str
    ref: uuid.UUID


def agenda(db: Database, actor: Actor, today: date | None = None,
           horizon_days: int = 14) -> list[AgendaItem]:
    """Items due within ``horizon_days`` or already overdue, the most urgent first."""
    actor.require(Permission.VIEW)
    today = today or clock.today()
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
        # The same predicate as the register, the payments and the tally: only a decision in
        # force with money still owed (fine or late charge) is followed; a warning never is.
        if not d.in_force or d.nothing_due or not d.owed:
            continue
        if d.due_date is not None and d.fine_owed:
            due = d.due_date if d.days_left is None else today + timedelta(days=d.days_left)
            items.append(AgendaItem(
                "payment", f"Nộp phạt quyết định {d.number_text}: {d.violator} "
                f"(còn {format_vnd(d.fine_owed)}"
                + (f", tiền chậm nộp {format_vnd(d.charge_owed)})" if d.charge_owed else ")"),
                due, (due - today).days,
                "Luật XLVPHC Điều 76" if d.deferred_until else
                "Luật XLVPHC Điều 79" if d.extra.get("instalments") else "Luật XLVPHC Điều 73, 78",
                d.id))
        elif d.charge_owed:
            items.append(AgendaItem(
                "late_charge", f"Tiền chậm nộp quyết định {d.number_text}: {d.violator} "
                f"(còn {format_vnd(d.charge_owed)})", d.due_date or today,
                ((d.due_date or today) - today).days, "Luật XLVPHC Điều 78", d.id))
        if d.enforcement_limit is not None:
            limit = d.enforcement_limit
            items.append(AgendaItem(
                "enforcement", f"Thời hiệu thi hành quyết định {d.number_text}: {d.violator}",
                limit, (limit - today).days,
                "Luật XLVPHC Điều 74 (tính từ khi hết thời hạn hoãn — chưa đối chiếu văn bản)"
                if d.deferred_until else "Luật XLVPHC Điều 74", d.id))
    return sorted((i for i in items if i.days_left <= horizon_days
                   or i.kind in ("payment", "late_charge")),
                  key=lambda i: (i.days_left, i.title))
