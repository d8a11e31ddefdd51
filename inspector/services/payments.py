"""The clerk's work after a decision: delivery, payments, deferral (Law Arts 73, 76-79).

Every question "is there money to follow on this decision?" is answered by
:func:`inspector.domain.states.in_force`; what is owed (the fine and the late charge of Art 78,
each due, paid and owed) by :func:`inspector.domain.money.settle`. docs/money-rules.md lists
the rules with their sources.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from inspector.domain.calendar import add_months
from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission
from inspector.domain.states import (
    StateError,
    check_case_transition,
    check_decision_transition,
    in_force,
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
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Payment, SanctionDecision


def _not_in_force(d: SanctionDecision) -> ValidationError:
    if d.amends_id is not None:
        return ValidationError(
            f"Quyết định {d.number_text} là quyết định sửa đổi, đính chính hoặc hủy bỏ một quyết "
            "định khác; tiền phạt được theo dõi trên quyết định gốc.",
            "an Art 18 decision carries no obligation; follow the original")
    return ValidationError("Quyết định này không còn hiệu lực thi hành (đã hủy bỏ hoặc chưa "
                           "ban hành).", "the decision is not in force")


def _require_in_force(d: SanctionDecision) -> None:
    if not in_force(d.status, d.issued_on, d.amends_id):
        raise _not_in_force(d)


def record_delivery(db: Database, actor: Actor, number: int, year: int,
                    delivered_on: date, today: date | None = None) -> DecisionInfo:
    """The violator received the decision: the 10 days to pay run from here (Art 73, 78)."""
    actor.require(Permission.RECORD_PAYMENTS)
    today = today or clock.today()
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        _require_in_force(d)
        check_dates(db, today, decision=d.issued_on, delivery=delivered_on)
        facts_sector = uow.session.get(Case, d.case_id)
        deadlines = law_deadlines(
            db, actor, violation_ended=d.issued_on, discovered_on=None, ongoing=False,
            record_date=None, decision_date=d.issued_on,
            sector=facts_sector.sector if facts_sector else None, delivered_on=delivered_on)
        d.delivered_on = delivered_on
        if d.deferred_until is None and not d.instalments:
            d.due_date = deadlines["payment_due"].due
        if d.status == "issued":
            d.status = check_decision_transition(d.status, "delivered")
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
        _require_in_force(d)
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


def defer_payment(db: Database, actor: Actor, number: int, year: int, until: date, reason: str,
                  force_majeure: bool = False, on: date | None = None) -> DecisionInfo:
    """Defer the payment of a fine (Law Arts 76, 77): individuals on a reasoned request;
    organisations only after a natural disaster, fire, epidemic or other force majeure; for at
    most the months the dated rule ``deferral_max_months`` allows from the day of deferral."""
    actor.require(Permission.ISSUE_DECISIONS)
    on = on or clock.today()
    if not reason.strip():
        raise ValidationError("Phải ghi lý do hoãn (số, ngày đơn đề nghị).",
                              "a reason is required", field="reason")
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        _require_in_force(d)
        case = uow.session.get(Case, d.case_id)
        if case is not None and case.subject_kind == "organization" and not force_majeure:
            raise ValidationError(
                "Tổ chức chỉ được hoãn, giảm, miễn tiền phạt khi gặp thiên tai, hỏa hoạn, dịch "
                "bệnh hoặc sự kiện bất khả kháng (Luật XLVPHC Điều 76, 77).",
                "an organisation may defer only after force majeure (Arts 76, 77)")
        if d.instalments:
            raise ValidationError("Quyết định đang được nộp nhiều lần; không hoãn thêm.",
                                  "the decision is in instalments")
        money = settlement_of(uow.session, d, rules, on)
        if d.total_amount == 0 or money.fine_owed == 0:
            raise ValidationError("Quyết định này không còn tiền phạt phải nộp.",
                                  "nothing left to pay on this decision")
        if d.issued_on and on < d.issued_on:
            raise ValidationError("Ngày hoãn trước ngày ban hành quyết định.",
                                  "the deferral predates the decision", field="on")
        if d.due_date is not None and until <= d.due_date:
            raise ValidationError("Ngày hoãn đến phải sau hạn nộp hiện tại.",
                                  "the deferral must end after the current due date",
                                  field="until")
        limit = rules.value("deferral_max_months", on)
        latest = add_months(on, int(limit.value))
        if until > latest:
            unconfirmed = "" if limit.confirmed else " — mức này chưa được đối chiếu văn bản gốc"
            raise ValidationError(
                f"Thời gian hoãn không quá {limit.value} tháng kể từ ngày hoãn: chậm nhất đến "
                f"{format_date(latest)} ({limit.basis}{unconfirmed}).",
                f"a deferral may not exceed {limit.value} months ({limit.basis})", field="until")
        d.deferred_until = until
        d.due_date = until
        d.snapshot = {**d.snapshot, "deferral": {"until": until.isoformat(), "reason": reason,
                                                 "on": on.isoformat()}}
        uow.session.flush()
        info = decision_info(uow.session, d, rules, on)
        uow.commit()
        return info


def position(db: Database, actor: Actor, number: int, year: int, on: date) -> DecisionInfo:
    """Where the decision stands on ``on``: fine and late charge due, paid and owed (what the
    payment dialog shows and what a payment on that day may not exceed)."""
    actor.require(Permission.VIEW)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        return decision_info(uow.session, find_decision(uow.session, year, number), rules, on)


def allow_instalments(db: Database, actor: Actor, number: int, year: int,
                      plan: list[tuple[date, int]], reason: str, on: date | None = None
                      ) -> DecisionInfo:
    """Let the fine be paid in instalments (Law Art 79, form MQĐ05): from a fine the dated
    rule ``instalment_min_fine`` sets for the subject; at most ``instalment_max_count``
    instalments, the last within ``instalment_max_months`` of the decision, the first at least
    ``instalment_first_min_percent`` of the fine; the instalments add up to the fine. Payments
    already made count towards the first instalments. Each late instalment bears the Art 78
    charge from the day after its own date."""
    actor.require(Permission.ISSUE_DECISIONS)
    on = on or clock.today()
    if not reason.strip():
        raise ValidationError("Phải ghi lý do (số, ngày đơn đề nghị nộp tiền phạt nhiều lần).",
                              "a reason is required", field="reason")
    plan = sorted(plan)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = find_decision(s, year, number)
        _require_in_force(d)
        assert d.issued_on is not None
        if d.instalments or d.deferred_until:
            raise ValidationError(
                "Quyết định đã được hoãn hoặc cho nộp nhiều lần; không lập thêm kế hoạch nộp.",
                "the decision is already deferred or in instalments")
        case = s.get(Case, d.case_id)
        subject = "organization" if case is not None and case.subject_kind == "organization" \
            else "individual"

        def unconfirmed(rule: object) -> str:
            return "" if getattr(rule, "confirmed", True) else \
                " — mức này chưa được đối chiếu văn bản gốc"

        least = rules.value("instalment_min_fine", d.issued_on, key=subject)
        if d.total_amount < least.value:
            raise ValidationError(
                f"Chỉ được nộp tiền phạt nhiều lần khi mức phạt từ {format_vnd(least.value)} "
                f"trở lên ({least.basis}{unconfirmed(least)}).",
                f"instalments need a fine of at least {least.value} ({least.basis})")
        count = rules.value("instalment_max_count", d.issued_on)
        months = rules.value("instalment_max_months", d.issued_on)
        first = rules.value("instalment_first_min_percent", d.issued_on)
        latest = add_months(d.issued_on, int(months.value))
        if not 2 <= len(plan) <= count.value:
            raise ValidationError(
                f"Nộp nhiều lần: từ 2 đến {count.value} lần ({count.basis}{unconfirmed(count)}).",
                f"between 2 and {count.value} instalments", field="plan")
        if len({day for day, _ in plan}) != len(plan) or any(a <= 0 for _, a in plan):
            raise ValidationError("Mỗi lần nộp có một ngày riêng và số tiền dương.",
                                  "each instalment needs its own day and a positive amount",
                                  field="plan")
        if plan[0][0] < on or plan[-1][0] > latest:
            raise ValidationError(
                f"Các lần nộp phải từ ngày {format_date(on)} đến chậm nhất "
                f"{format_date(latest)} ({months.value} tháng kể từ ngày ra quyết định; "
                f"{months.basis}{unconfirmed(months)}).",
                "instalments outside the allowed months", field="plan")
        if sum(a for _, a in plan) != d.total_amount:
            raise ValidationError(
                f"Tổng các lần nộp phải bằng tiền phạt {format_vnd(d.total_amount)}.",
                "the instalments must add up to the fine", field="plan")
        if plan[0][1] * 100 < d.total_amount * first.value:
            raise ValidationError(
                f"Lần nộp thứ nhất tối thiểu {first.value} % tiền phạt ({first.basis}"
                f"{unconfirmed(first)}).", "the first instalment is too small", field="plan")
        if settlement_of(s, d, rules, on).fine_owed == 0:
            raise ValidationError("Quyết định này không còn tiền phạt phải nộp.",
                                  "nothing left to pay on this decision")
        d.instalments = [{"due": day.isoformat(), "amount": amount} for day, amount in plan]
        d.due_date = plan[-1][0]
        d.snapshot = {**d.snapshot, "instalments": {"on": on.isoformat(), "reason": reason}}
        s.flush()
        info = decision_info(s, d, rules, on)
        uow.commit()
        return info
