"""The clerk's work after a decision: delivery and payments (Law Arts 73, 78); the decisions
that defer, reduce, exempt or split the fine (Arts 76, 77, 79) are in :mod:`relief`.

Every question "is there money to follow on this decision?" is answered by
:func:`inspector.domain.states.in_force`; what is owed (the fine and the late charge of Art 78,
each due, paid and owed) by :func:`inspector.domain.money.settle`. docs/money-rules.md lists
the rules with their sources.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission
from inspector.domain.states import (
    StateError,
    case_after_delivery,
    check_case_transition,
    check_decision_transition,
)
from inspector.domain.text import format_date, nfc
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.decisions import (
    DecisionInfo,
    decision_info,
    find_decision,
    settlement_of,
)
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.law import check_dates, law_data
from inspector.services.law import deadlines as law_deadlines
from inspector.services.relief import require_in_force
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Payment, Violation


def record_delivery(db: Database, actor: Actor, number: int, year: int,
                    delivered_on: date, today: date | None = None, *, at: time | None = None,
                    received_by: str | None = None) -> DecisionInfo:
    """The violator received the decision: the 10 days to pay run from here (Art 73, 78).

    Handed over in person, the hour ``at`` and the receiver ``received_by`` are kept for the
    back-page receipt (:func:`delivery_receipt_pdf`); both or neither.
    """
    actor.require(Permission.RECORD_PAYMENTS)
    today = today or clock.today()
    receiver = " ".join(nfc(received_by or "").split())
    if receiver and at is None:
        raise ValidationError("Hãy ghi giờ giao quyết định tận tay người nhận.",
                              "give the hour the decision was handed over", field="at")
    if at is not None and not receiver:
        raise ValidationError("Hãy ghi họ và tên người nhận quyết định.",
                              "give the name of the person who received it", field="received_by")
    if len(receiver) > 120:
        raise ValidationError("Họ và tên người nhận quá dài (tối đa 120 ký tự).",
                              "the receiver's name is longer than 120 characters",
                              field="received_by")
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        require_in_force(d)
        check_dates(db, today, decision=d.issued_on, delivery=delivered_on)
        facts_sector = uow.session.get(Case, d.case_id)
        deadlines = law_deadlines(
            db, actor, violation_ended=d.issued_on, discovered_on=None, ongoing=False,
            record_date=None, decision_date=d.issued_on,
            sector=facts_sector.sector if facts_sector else None, delivered_on=delivered_on)
        d.delivered_on = delivered_on
        d.delivered_at = datetime.combine(delivered_on, at.replace(second=0, microsecond=0)) \
            if at is not None else None
        d.received_by = receiver or None
        if d.deferred_until is None and not d.instalments:
            d.due_date = deadlines["payment_due"].due
        if d.status == "issued":
            d.status = check_decision_transition(d.status, "delivered")
        if facts_sector is not None and d.amends_id is None:
            measures = any(v.remedial_measures for v in uow.session.scalars(
                select(Violation).where(Violation.case_id == d.case_id)))
            try:
                facts_sector.status = case_after_delivery(
                    facts_sector.status, money_due=d.total_amount > 0, measures_due=measures)
            except StateError as exc:
                raise ConflictError(exc.vi, str(exc)) from exc
        uow.session.flush()
        info = decision_info(uow.session, d, rules, today)
        uow.commit()
        return info


def _collector(db: Database, actor: Actor, collector: str | None) -> str:
    """The collecting body: as given, else the Treasury named on the agency's decisions."""
    name = nfc(collector or "").strip() or get_agency(db, actor).treasury_name.strip()
    return name or "Kho bạc Nhà nước"


def add_payment(db: Database, actor: Actor, number: int, year: int, amount: int, paid_on: date,
                receipt: str = "", collector: str | None = None,
                today: date | None = None) -> DecisionInfo:
    """Record a payment (part payments add up): it pays the fine first, then the late charge
    (Art 78). Refused beyond what is owed on that day, out of the legal order of dates, or
    with a receipt number the collecting body already used that year."""
    actor.require(Permission.RECORD_PAYMENTS)
    today = today or clock.today()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("Số tiền nộp phải là số nguyên dương (đồng).",
                              "the amount must be a positive whole number of đồng", field="amount")
    receipt = nfc(receipt).strip()
    body = _collector(db, actor, collector)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = find_decision(s, year, number)
        require_in_force(d)
        if d.total_amount == 0:
            raise ValidationError("Quyết định chỉ phạt cảnh cáo: không có tiền phải nộp.",
                                  "a warning only: nothing is due", field="amount")
        check_dates(db, today, decision=d.issued_on, delivery=d.delivered_on,
                    payments=[paid_on])
        before = settlement_of(s, d, rules, paid_on)
        if amount > before.owed:
            raise ValidationError(
                f"Số tiền nộp vượt số còn phải nộp ngày {format_date(paid_on)}: "
                f"{format_vnd(before.owed)} (tiền phạt {format_vnd(before.fine_owed)}, tiền "
                f"chậm nộp {format_vnd(before.charge_owed)}).",
                f"the payment exceeds the amount owed ({before.owed})", field="amount")
        if receipt and s.scalar(select(Payment.id).where(
                Payment.collector == body, Payment.receipt_year == paid_on.year,
                Payment.receipt_number == receipt)) is not None:
            raise ConflictError(
                f"Biên lai số {receipt} của {body} năm {paid_on.year} đã được ghi cho một khoản "
                "nộp khác.", f"receipt {receipt} of {body} in {paid_on.year} is already recorded")
        s.add(Payment(decision_id=d.id, paid_on=paid_on, amount=amount, receipt_number=receipt,
                      collector=body, receipt_year=paid_on.year if receipt else None))
        s.flush()
        after = settlement_of(s, d, rules, max(paid_on, today))
        target = "paid" if after.settled else "partly_paid"
        try:
            d.status = check_decision_transition(d.status, target)
            case = s.get(Case, d.case_id)
            if case is not None:
                case.status = check_case_transition(case.status, target)
        except StateError as exc:
            raise ConflictError(exc.vi, str(exc)) from exc
        s.flush()
        info = decision_info(s, d, rules, today)
        uow.commit()
        return info

def position(db: Database, actor: Actor, number: int, year: int, on: date) -> DecisionInfo:
    """Where the decision stands on ``on``: fine and late charge due, paid and owed (what the
    payment dialog shows and what a payment on that day may not exceed)."""
    actor.require(Permission.VIEW)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        return decision_info(uow.session, find_decision(uow.session, year, number), rules, on)


def delivery_receipt_pdf(db: Database, actor: Actor, number: int, year: int) -> bytes:
    """The filled back page of a decision handed over in person (hour, day, receiver), to print
    on the back of the copy the receiver signs. The stored decision is not changed."""
    from inspector.documents import model as doc
    from inspector.documents.decision import render_delivery_receipt
    from inspector.services.case_documents import violator_from_snapshot

    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        if d.delivered_at is None or not d.received_by or d.issued_on is None:
            raise ValidationError(
                f"Quyết định {d.number_text} chưa ghi giao trực tiếp (giờ giao, người nhận).",
                f"decision {d.number_text} has no recorded handover in person",
                field="received_by")
        case = uow.session.get(Case, d.case_id)
        snapshot = d.snapshot.get("violator_snapshot") or (case.violator if case else {})
        kind = case.subject_kind if case else "individual"
        data = doc.DeliveryReceiptData(
            number_text=d.number_text or "", decision_date=d.issued_on,
            violator=violator_from_snapshot(snapshot, kind, d.issued_on),
            handed_at=d.delivered_at, receiver=d.received_by)
    return render_delivery_receipt(data)
