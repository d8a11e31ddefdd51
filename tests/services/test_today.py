"""The start page's agenda: deadlines with days left or exceeded, and their articles."""

from __future__ import annotations

from datetime import date

from inspector.services import decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.today import agenda
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


def test_agenda_lists_decision_deadline_and_overdue_payment(db: Database,
                                                            operator: Actor) -> None:
    """A recorded case shows its Art 66 deadline; an unpaid delivered fine shows as overdue."""
    configure_agency(db, operator)
    waiting = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, waiting, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    items = agenda(db, operator, today=date(2026, 9, 9))
    assert [(i.kind, i.basis) for i in items] == [("decision_deadline",
                                                    "Luật XLVPHC Điều 66 khoản 1")]
    assert items[0].days_left > 0
    decisions.issue_decision(db, make_actor("chief"), waiting, date(2026, 9, 10))
    payments.record_delivery(db, operator, 1, 2026, date(2026, 9, 11))
    late = agenda(db, operator, today=date(2026, 10, 1))
    payment = next(i for i in late if i.kind == "payment")
    assert payment.days_left < 0 and "2.000.000" in payment.title
