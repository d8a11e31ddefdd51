"""The clerk's work after a decision: delivery, payments, deferral (Law Arts 73, 76-78)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.decisions import (
    DecisionInfo,
    decision_info,
    find_decision,
)
from inspector.services.errors import ValidationError
from inspector.services.law import check_dates, law_data
from inspector.services.law import deadlines as law_deadlines
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Payment


def record_delivery(db: Database, actor: Actor, number: int, year: int,
                    delivered_on: date, today: date | None = None) -> DecisionInfo:
    """The violator received the decision: the 10 days to pay run from here (Art 73, 78)."""
    actor.require(Permission.RECORD_PAYMENTS)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        if d.issued_on and delivered_on < d.issued_on:
            raise ValidationError("Ngày giao quyết định trước ngày ban hành.",
                                  "delivered before the decision date", field="delivered_on")
        if d.status in ("cancelled", "amended"):
            raise ValidationError("Quyết định đã bị hủy hoặc sửa đổi.", "the decision is cancelled")
        check_dates(db, today or clock.today(), decision=d.issued_on, delivery=delivered_on)
        facts_sector = uow.session.get(Case, d.case_id)
        deadlines = law_deadlines(
            db, actor, violation_ended=d.issued_on, discovered_on=None, ongoing=False,
            record_date=None, decision_date=d.issued_on,
            sector=facts_sector.sector if facts_sector else None, delivered_on=delivered_on)
        d.delivered_on = delivered_on
        d.due_date = deadlines["payment_due"].due
        if d.status == "issued":
            d.status = "delivered"
        uow.session.flush()
        info = decision_info(uow.session, d, rules)
        uow.commit()
        return info


def add_payment(db: Database, actor: Actor, number: int, year: int, amount: int, paid_on: date,
                receipt: str = "", today: date | None = None) -> DecisionInfo:
    """Record a payment (part payments add up); the status follows the amount paid."""
    actor.require(Permission.RECORD_PAYMENTS)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("Số tiền nộp phải là số nguyên dương (đồng).",
                              "the amount must be a positive whole number of đồng", field="amount")
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        if d.status in ("cancelled", "amended", "draft"):
            raise ValidationError("Quyết định này không còn hiệu lực thi hành.",
                                  "the decision is not in force")
        if d.issued_on and paid_on < d.issued_on:
            raise ValidationError("Ngày nộp trước ngày ban hành quyết định.",
                                  "paid before the decision date", field="paid_on")
        check_dates(db, today or clock.today(), decision=d.issued_on, delivery=d.delivered_on,
                    payments=[paid_on])
        paid = uow.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(
            Payment.decision_id == d.id)) or 0
        if paid + amount > d.total_amount:
            raise ValidationError(
                f"Số tiền nộp vượt số còn phải nộp ({format_vnd(d.total_amount - paid)}).",
                f"the payment exceeds the amount due ({d.total_amount - paid})", field="amount")
        uow.session.add(Payment(decision_id=d.id, paid_on=paid_on, amount=amount,
                                receipt_number=receipt.strip()))
        d.status = "paid" if paid + amount == d.total_amount else "partly_paid"
        case = uow.session.get(Case, d.case_id)
        if case is not None:
            case.status = "paid" if d.status == "paid" else "partly_paid"
        uow.session.flush()
        info = decision_info(uow.session, d, rules)
        uow.commit()
        return info



def defer_payment(db: Database, actor: Actor, number: int, year: int, until: date, reason: str,
                  force_majeure: bool = False) -> DecisionInfo:
    """Defer the payment of a fine (Law Arts 76, 77): individuals on a reasoned request;
    organisations only after a natural disaster, fire, epidemic or other force majeure."""
    actor.require(Permission.ISSUE_DECISIONS)
    if not reason.strip():
        raise ValidationError("Phải ghi lý do hoãn (số, ngày đơn đề nghị).",
                              "a reason is required", field="reason")
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        case = uow.session.get(Case, d.case_id)
        if case is not None and case.subject_kind == "organization" and not force_majeure:
            raise ValidationError(
                "Tổ chức chỉ được hoãn, giảm, miễn tiền phạt khi gặp thiên tai, hỏa hoạn, dịch "
                "bệnh hoặc sự kiện bất khả kháng (Luật XLVPHC Điều 76, 77).",
                "an organisation may defer only after force majeure (Arts 76, 77)")
        if d.status in ("paid", "cancelled", "amended", "draft"):
            raise ValidationError("Quyết định này không còn tiền phạt phải nộp.",
                                  "nothing left to pay on this decision")
        if d.due_date is not None and until <= d.due_date:
            raise ValidationError("Ngày hoãn đến phải sau hạn nộp hiện tại.",
                                  "the deferral must end after the current due date",
                                  field="until")
        d.deferred_until = until
        d.due_date = until
        d.snapshot = {**d.snapshot, "deferral": {"until": until.isoformat(), "reason": reason}}
        uow.session.flush()
        info = decision_info(uow.session, d, rules)
        uow.commit()
        return info


