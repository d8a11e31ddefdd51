"""Money after the decision (issue 15) and the decision states (issue 9 §3), through the
services: corrections keep the fine (Law Art 18), the late charge of Art 78 on a fine paid
late, receipts, the legal order of payment dates, warnings, deferral (Art 76).

Expected figures are worked out by hand from the Law (0,05 % = 5/10 000 a day), never read
back from the code: a decision of 10/9/2026 delivered on 11/9/2026 is due on 21/9/2026
(Art 73: 10 days from receipt; 21/9/2026 is a Monday), so a payment on 31/10/2026 is 40 days
late (22–30/9: 9 days, October: 31 days).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from inspector.services import amendments, decisions, payments, relief, today, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, ServiceError, ValidationError
from inspector.services.tallies import compute_tally
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.services.test_tallies_writers import assert_tally_is_recount

CHIEF = make_actor("chief", "chanh.tt")
CLERK = make_actor("clerk", "van.thu")
LATER = date(2026, 12, 2)
CONFIRMED = "Ủy ban nhân dân xã Ca Thành"


@pytest.fixture
def case_of(db: Database, operator: Actor) -> object:
    configure_agency(db, operator)

    def build(amount: int = 2_000_000, warning: bool = False) -> object:
        # Decree 174/2026 Art 36(2)(a): 2–5 M printed for organisations; a household half.
        line = {"provision_key": "174/2026/NĐ-CP:36.1.a", "amount": 0, "warning": True} \
            if warning else {"provision_key": "174/2026/NĐ-CP:36.2.a", "amount": amount}
        case_id = make_case(db, operator, [line], establishment=INTERNET_POINT,
                            opened_on=date(2026, 9, 7))
        if not warning:
            violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
        return case_id
    return build


@contextmanager
def _refused(kind: type[ServiceError], vi: str) -> Iterator[None]:
    """The service refuses with ``kind`` and a Vietnamese message matching ``vi``."""
    with pytest.raises(kind) as info:
        yield
    assert re.search(vi, info.value.vi), info.value.vi


def _register(db: Database, on: date = LATER) -> dict[int, decisions.DecisionInfo]:
    return {d.number or 0: d for d in decisions.list_decisions(db, CLERK, 2026, today=on)}


def _text(pdf: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages)


def test_art18_correction_keeps_the_fine_due_deliverable_payable_and_counted(
        db: Database, operator: Actor, case_of: object) -> None:
    """Issue 9 §3: issue → correct → deliver → pay → tally. A correction changes the text,
    not the obligation."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    fix = amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "Ghi nhầm ngày sinh",
                                    ["Ngày sinh 01/07/1990 sửa thành 01/07/1991"],
                                    date(2026, 9, 12))
    assert fix.number == 2 and not fix.in_force and fix.total_amount == 0
    with _refused(ValidationError, "quyết định gốc"):
        payments.add_payment(db, CLERK, 2, 2026, 2_000_000, date(2026, 9, 15), today=LATER)
    delivered = payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 11), today=LATER)
    assert delivered.in_force and delivered.due_date == date(2026, 9, 21)
    paid = payments.add_payment(db, CLERK, 1, 2026, 2_000_000, date(2026, 9, 15), "BL-001",
                                today=LATER)
    assert paid.status == "paid" and paid.fine_owed == 0 and paid.charge_owed == 0
    register = _register(db)
    assert register[1].in_force and register[1].total_amount == 2_000_000
    t = compute_tally(db, CLERK, date(2026, 1, 1), date(2026, 12, 31))
    assert (t.headline.decisions, t.headline.fines_imposed, t.headline.fines_collected) == (
        1, 2_000_000, 2_000_000)
    assert sum(d.total_amount for d in register.values() if d.in_force) == \
        t.headline.fines_imposed
    assert_tally_is_recount(db, operator, 2026)


def test_art18_amendment_carries_the_new_amount_forward(db: Database, operator: Actor,
                                                        case_of: object) -> None:
    """Issue 9 §3: issue → amend the amount → pay. The original carries the new amount."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    payments.add_payment(db, CLERK, 1, 2026, 1_000_000, date(2026, 9, 11), today=LATER)
    with _refused(ValidationError, "thấp hơn số đã nộp"):
        amendments.amend_decision(db, CHIEF, 1, 2026, "amend", "Tính lại", [],
                                  date(2026, 9, 12), new_amount=500_000)
    with _refused(ValidationError, "sửa đổi, bổ sung"):
        amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "Sai số", ["x"],
                                  date(2026, 9, 12), new_amount=3_000_000)
    amendments.amend_decision(db, CHIEF, 1, 2026, "amend", "Xác định lại tình tiết", [],
                              date(2026, 9, 12), new_amount=3_000_000)
    assert "3.000.000" in _text(decisions.decision_pdf(db, CHIEF, 2, 2026))
    original = _register(db)[1]
    assert original.in_force and original.total_amount == 3_000_000
    assert original.fine_paid == 1_000_000 and original.fine_owed == 2_000_000
    with _refused(ValidationError, "vượt"):
        payments.add_payment(db, CLERK, 1, 2026, 2_000_001, date(2026, 9, 14), today=LATER)
    done = payments.add_payment(db, CLERK, 1, 2026, 2_000_000, date(2026, 9, 14), today=LATER)
    assert done.status == "paid"
    t = compute_tally(db, CLERK, date(2026, 1, 1), date(2026, 12, 31))
    assert (t.headline.decisions, t.headline.fines_imposed, t.headline.fines_collected) == (
        1, 3_000_000, 3_000_000)
    assert_tally_is_recount(db, operator, 2026)


def test_art18_annulment_ends_the_obligation(db: Database, operator: Actor,
                                             case_of: object) -> None:
    """Issue 9 §3: issue → annul. Nothing is due, delivered, paid, counted or on Hôm nay."""
    case_id = case_of()  # type: ignore[operator]
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    amendments.amend_decision(db, CHIEF, 1, 2026, "annul", "Xác định sai đối tượng vi phạm",
                              [], date(2026, 9, 12))
    original = _register(db)[1]
    assert original.status == "cancelled" and not original.in_force and original.owed == 0
    with _refused(ValidationError, "không còn hiệu lực"):
        payments.add_payment(db, CLERK, 1, 2026, 2_000_000, date(2026, 9, 15), today=LATER)
    with _refused(ValidationError, "không còn hiệu lực"):
        payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 15), today=LATER)
    with pytest.raises(ConflictError):
        amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "lần nữa", ["x"],
                                  date(2026, 9, 13))
    assert all(i.ref != original.id for i in today.agenda(db, CLERK, LATER))
    assert case_id not in {c.case_id for c in decisions.cases_awaiting_decision(db, CLERK)}
    t = compute_tally(db, CLERK, date(2026, 1, 1), date(2026, 12, 31))
    assert (t.headline.decisions, t.headline.fines_imposed) == (0, 0)
    assert_tally_is_recount(db, operator, 2026)


def test_art78_a_fine_paid_late_is_charged_for_the_days_it_was_late(
        db: Database, operator: Actor, case_of: object) -> None:
    """Law Art 78: 2.000.000 paid 40 days late → 40.000 late charge, shown apart from the fine,
    still owed after the fine is paid, then paid; never more than fine plus charge."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 11), today=LATER)
    paid = payments.add_payment(db, CLERK, 1, 2026, 2_000_000, date(2026, 10, 31), "BL-1",
                                today=date(2026, 11, 1))
    assert (paid.fine_paid, paid.fine_owed, paid.late_charge, paid.charge_owed) == (
        2_000_000, 0, 40_000, 40_000)
    assert paid.status == "charge_owed" and paid.days_left is None
    agenda = [(i.kind, i.basis) for i in today.agenda(db, CLERK, date(2026, 11, 1))
              if i.ref == paid.id]
    assert ("late_charge", "Luật XLVPHC Điều 78") in agenda
    assert all(kind != "payment" for kind, _ in agenda)  # the fine itself is paid
    with _refused(ValidationError, "40.000"):
        payments.add_payment(db, CLERK, 1, 2026, 50_000, date(2026, 11, 2), today=LATER)
    done = payments.add_payment(db, CLERK, 1, 2026, 40_000, date(2026, 11, 2), "BL-2",
                                today=LATER)
    assert done.status == "paid" and (done.charge_paid, done.owed) == (40_000, 0)
    t = compute_tally(db, CLERK, date(2026, 1, 1), date(2026, 12, 31))
    assert (t.headline.fines_collected, t.headline.late_charges,
            t.headline.late_charges_collected, t.headline.late_charges_outstanding) == (
        2_000_000, 40_000, 40_000, 0)
    assert_tally_is_recount(db, operator, 2026)


def test_art78_charge_runs_on_the_amount_unpaid_each_day(db: Database, operator: Actor,
                                                         case_of: object) -> None:
    """Law Art 78: 500.000 paid on time, 1.500.000 paid on 28/11 (68 days late: 9 + 31 + 28)
    → 1.500.000 × 0,05 % × 68 = 51.000; before paying, the register shows it accruing."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 11), today=LATER)
    payments.add_payment(db, CLERK, 1, 2026, 500_000, date(2026, 9, 15), today=LATER)
    on_day = _register(db, date(2026, 10, 1))[1]  # 10 days late on 1.500.000
    assert on_day.status == "overdue" and on_day.late_charge == 7_500
    assert on_day.days_left == -10
    with pytest.raises(ValidationError):
        payments.add_payment(db, CLERK, 1, 2026, 1_551_001, date(2026, 11, 28), today=LATER)
    done = payments.add_payment(db, CLERK, 1, 2026, 1_551_000, date(2026, 11, 28), today=LATER)
    assert done.status == "paid" and done.late_charge == 51_000 and done.charge_paid == 51_000
    assert_tally_is_recount(db, operator, 2026)


def test_receipt_number_is_unique_per_collecting_body_and_year(db: Database,
                                                               case_of: object) -> None:
    """A receipt number is used once by one collecting body in one year (constraint 0009 and
    the service's check, with a clear message)."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    payments.add_payment(db, CLERK, 1, 2026, 500_000, date(2026, 9, 15), "BL-7", today=LATER)
    with _refused(ConflictError, "BL-7"):
        payments.add_payment(db, CLERK, 2, 2026, 500_000, date(2026, 9, 16), " BL-7 ",
                             today=LATER)
    other = payments.add_payment(db, CLERK, 2, 2026, 500_000, date(2026, 9, 16), "BL-7",
                                 collector="Ngân hàng Nông nghiệp chi nhánh Cao Bằng",
                                 today=LATER)
    assert other.fine_paid == 500_000
    next_year = payments.add_payment(db, CLERK, 1, 2026, 500_000, date(2027, 1, 4), "BL-7",
                                     today=date(2027, 1, 5))
    assert next_year.fine_paid == 1_000_000


def test_payment_dates_in_legal_order(db: Database, case_of: object) -> None:
    """Issue 15/9 §2: a payment is not dated before the decision or its delivery, nor in the
    future."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    with _refused(ValidationError, "trước ngày ra quyết định"):
        payments.add_payment(db, CLERK, 1, 2026, 500_000, date(2026, 9, 9), today=LATER)
    with _refused(ValidationError, "ngày chưa đến"):
        payments.add_payment(db, CLERK, 1, 2026, 500_000, date(9999, 12, 31), today=LATER)
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 14), today=LATER)
    with _refused(ValidationError, "trước ngày giao quyết định"):
        payments.add_payment(db, CLERK, 1, 2026, 500_000, date(2026, 9, 12), today=LATER)


def test_warning_only_decision_has_nothing_due(db: Database, case_of: object) -> None:
    """A warning (Law Art 22) sets no money: nothing due, never overdue, never on Hôm nay."""
    decisions.issue_decision(db, CHIEF, case_of(warning=True), date(2026, 9, 7))  # type: ignore[operator]
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 7), today=LATER)
    info = _register(db, date(2038, 1, 1))[1]
    assert info.nothing_due and info.status == "nothing_due"
    assert info.days_left is None and info.owed == 0 and info.late_charge == 0
    with _refused(ValidationError, "cảnh cáo"):
        payments.add_payment(db, CLERK, 1, 2026, 1, date(2026, 9, 8), today=LATER)
    assert all(i.ref != info.id for i in today.agenda(db, CLERK, LATER))


def test_art76_deferral_limit_and_what_follows_it(db: Database, case_of: object) -> None:
    """Law Art 76: at most 3 months from the day of deferral (a dated rule, still marked
    unconfirmed); the due date, the enforcement limit (Art 74) and Hôm nay follow it."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 11), today=LATER)
    with _refused(ValidationError, "03|3 tháng"):
        relief.defer_payment(db, CHIEF, 1, 2026, date(2028, 3, 15), "Đơn ngày 15/9",
                             on=date(2026, 9, 15), confirmed_by=CONFIRMED)
    info = relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 12, 15), "Đơn ngày 15/9",
                                on=date(2026, 9, 15), confirmed_by=CONFIRMED)
    assert info.due_date == date(2026, 12, 15) and info.deferred_until == date(2026, 12, 15)
    assert info.enforcement_limit == date(2027, 12, 15)
    on_day = _register(db, date(2026, 11, 1))[1]
    assert on_day.status != "overdue" and on_day.late_charge == 0
    items = [i for i in today.agenda(db, CLERK, date(2026, 12, 10)) if i.ref == info.id]
    assert {(i.kind, i.due) for i in items} == {("payment", date(2026, 12, 15))}


@pytest.fixture
def big_fine(db: Database, operator: Actor) -> object:
    """Decree 174/2026 Art 53(3): 30–50 M printed for organisations; an individual 20.000.000."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:53.3",
                                        "amount": 20_000_000}],
                        establishment={**INTERNET_POINT, "sector": "ict_goods"},
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
    # After the violator's 5 working days to explain (Law Art 61: 20.000.000 for an
    # individual grants the right), which run to 14/09/2026.
    return decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 15))


def test_art79_instalments_limits_and_late_instalment(db: Database, big_fine: object) -> None:
    """Law Art 79 (dated rules, unconfirmed): at most 3 instalments within 6 months of the
    decision, the first at least 40 %; a late instalment bears the Art 78 charge on itself:
    the second (6.000.000 due 30/11) paid 10 days late → 6.000.000 × 0,05 % × 10 = 30.000."""
    def allow(plan: list[tuple[date, int]]) -> decisions.DecisionInfo:
        return relief.allow_instalments(db, CHIEF, 1, 2026, plan, "Đơn ngày 16/9",
                                        date(2026, 9, 16), confirmed_by=CONFIRMED)

    with _refused(ValidationError, "40 %"):
        allow([(date(2026, 9, 30), 6_000_000), (date(2026, 10, 31), 14_000_000)])
    with _refused(ValidationError, "từ 2 đến 3 lần"):
        allow([(date(2026, 9, 30), 8_000_000), (date(2026, 10, 31), 4_000_000),
               (date(2026, 11, 30), 4_000_000), (date(2026, 12, 31), 4_000_000)])
    with _refused(ValidationError, r"15/03/2027 \(6 tháng kể từ ngày quyết định xử phạt có hiệu lực; "
                  r"[^)]*MQĐ05[^)]*\)"):
        allow([(date(2026, 9, 30), 8_000_000), (date(2027, 4, 30), 12_000_000)])
    with _refused(ValidationError, "Tổng"):
        allow([(date(2026, 9, 30), 8_000_000), (date(2026, 10, 31), 8_000_000)])
    info = allow([(date(2026, 9, 30), 8_000_000), (date(2026, 11, 30), 6_000_000),
                  (date(2026, 12, 31), 6_000_000)])
    assert info.due_date == date(2026, 9, 30) and info.owed == 20_000_000
    payments.add_payment(db, CLERK, 1, 2026, 8_000_000, date(2026, 9, 30), today=LATER)
    assert _register(db, date(2026, 11, 1))[1].due_date == date(2026, 11, 30)
    late = _register(db, date(2026, 12, 2))[1]
    assert late.status == "overdue" and late.late_charge == 6_000_000 * 5 * 2 // 10_000
    done = payments.add_payment(db, CLERK, 1, 2026, 6_030_000, date(2026, 12, 10),
                                today=date(2026, 12, 10))
    # A payment pays the fine first (docs/money-rules.md fact 4): the 30.000 went towards the
    # third instalment and the charge is still owed, with no further charge accruing.
    assert (done.fine_paid, done.late_charge, done.charge_paid) == (14_030_000, 30_000, 0)
    assert done.owed == 5_970_000 + 30_000
    assert done.due_date == date(2026, 12, 31) and done.status == "partly_paid"
    items = [i for i in today.agenda(db, CLERK, date(2026, 12, 20)) if i.ref == info.id]
    assert ("payment", date(2026, 12, 31), "Luật XLVPHC Điều 79") in {
        (i.kind, i.due, i.basis) for i in items}


def test_art79_instalments_only_from_the_threshold(db: Database, case_of: object) -> None:
    """Law Art 79 (as amended by Law 67/2020, unconfirmed): an individual fined under
    15.000.000 đồng may not pay in instalments."""
    decisions.issue_decision(db, CHIEF, case_of(), date(2026, 9, 10))  # type: ignore[operator]
    with _refused(ValidationError, "15.000.000"):
        relief.allow_instalments(db, CHIEF, 1, 2026, [(date(2026, 9, 30), 1_000_000),
                                                      (date(2026, 10, 30), 1_000_000)],
                                 "Đơn", date(2026, 9, 12), confirmed_by=CONFIRMED)
