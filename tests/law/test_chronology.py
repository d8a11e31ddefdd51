"""Issue 9 §2: dates in legal order, through the domain and through the services on a real
database (violation ended ≤ record ≤ decision ≤ delivery ≤ payment ≤ today; Law Arts 58, 61,
66, 70, 78; the number register in order of dates)."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.chronology import (
    ChronologyError,
    ChronologyRules,
    check_case_dates,
    check_register_order,
    check_violation_dates,
)
from inspector.services import decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

RULES = ChronologyRules(earliest=date(2011, 7, 1), skew_days=1)
TODAY = date(2026, 12, 2)
CHIEF = make_actor("chief", "chanh.tt")


def _code(**kwargs: object) -> str:
    with pytest.raises(ChronologyError) as info:
        check_case_dates(TODAY, RULES, **kwargs)  # type: ignore[arg-type]
    return info.value.code


def test_record_before_the_violation_ended_is_refused_law_art_58() -> None:
    assert _code(violations=[date(2026, 9, 8)], record=date(2026, 9, 7)) == "record_before_ended"


def test_decision_before_its_record_is_refused_law_art_66() -> None:
    assert _code(record=date(2026, 9, 7), decision=date(2026, 9, 6)) == "decision_before_record"


def test_delivery_and_payment_follow_the_decision_law_arts_70_78() -> None:
    assert _code(decision=date(2026, 9, 10), delivery=date(2026, 9, 9)) == (
        "delivery_before_decision")
    assert _code(decision=date(2026, 9, 10), delivery=date(2026, 9, 12),
                 payments=[date(2026, 9, 11)]) == "payment_before_delivery"


def test_no_date_after_today_beyond_the_clock_tolerance() -> None:
    check_case_dates(TODAY, RULES, decision=date(2026, 12, 3))  # one day of skew
    assert _code(decision=date(2026, 12, 4)) == "date_in_future"
    assert _code(payments=[date(9999, 12, 31)]) == "date_in_future"


def test_dates_outside_the_window_the_law_can_mean_are_refused() -> None:
    assert _code(record=date(1, 1, 1)) == "date_too_early"
    with pytest.raises(ChronologyError):
        check_violation_dates(date(2010, 1, 1), None, TODAY, RULES)


def test_discovered_before_ended_is_refused_decree_118_2021_art_7() -> None:
    with pytest.raises(ChronologyError, match="discovered_before_ended"):
        check_violation_dates(date(2026, 9, 8), date(2026, 9, 7), TODAY, RULES)


def test_decision_while_the_time_to_explain_runs_is_refused_law_art_61() -> None:
    """Record of 04/5/2026 granting 5 working days (to 11/5/2026): a decision of 08/5 is
    refused, unless the violator has explained; one of 12/5 passes."""
    assert _code(record=date(2026, 5, 4), decision=date(2026, 5, 8),
                 explanation_due=date(2026, 5, 11)) == "explanation_running"
    check_case_dates(TODAY, RULES, record=date(2026, 5, 4), decision=date(2026, 5, 8),
                     explanation_due=date(2026, 5, 11), explained=True)
    check_case_dates(TODAY, RULES, record=date(2026, 5, 4), decision=date(2026, 5, 12),
                     explanation_due=date(2026, 5, 11))


def test_a_higher_number_never_carries_an_earlier_date_register_rule() -> None:
    with pytest.raises(ChronologyError, match="register_order"):
        check_register_order("quyết định", 2026, date(2026, 9, 1), date(2026, 9, 9))
    check_register_order("quyết định", 2026, date(2026, 9, 9), date(2026, 9, 9))


# --- through the services, on a migrated SQLite file ---------------------------------------

@pytest.fixture
def internet_case(db: Database, operator: Actor) -> object:
    configure_agency(db, operator)

    def build(opened: date = date(2026, 9, 7), record: date | None = None) -> object:
        case_id = make_case(db, operator, [{
            "provision_key": "174/2026/NĐ-CP:36.2.a", "amount": 2_000_000,
            "facts": "Hoạt động quá giờ quy định"}], establishment=INTERNET_POINT,
            opened_on=opened)
        violation_records.issue_record(db, operator, case_id, record or opened, today=TODAY,
                                           details=record_details(record or opened))
        return case_id
    return build


def test_issue_refuses_a_decision_dated_before_its_record_law_art_66(
        db: Database, internet_case: object) -> None:
    case_id = internet_case(record=date(2026, 9, 9))  # type: ignore[operator]
    with pytest.raises(ValidationError, match="decision_before_record"):
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 8), today=TODAY)


def test_issue_refuses_year_9999_as_a_user_error(db: Database, internet_case: object) -> None:
    case_id = internet_case()  # type: ignore[operator]
    with pytest.raises(ValidationError, match="date_in_future"):
        decisions.issue_decision(db, CHIEF, case_id, date(9999, 12, 31), today=TODAY)


def test_record_before_the_violation_ended_is_refused_by_the_service(
        db: Database, operator: Actor) -> None:
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{
        "provision_key": "174/2026/NĐ-CP:36.2.a", "amount": 2_000_000, "facts": "x",
        "ended_on": date(2026, 9, 8)}], establishment=INTERNET_POINT, opened_on=date(2026, 9, 8))
    with pytest.raises(ValidationError, match="record_before_ended"):
        violation_records.issue_record(db, operator, case_id, date(2026, 9, 7), today=TODAY,
                                           details=record_details(date(2026, 9, 7)))


def test_decision_numbers_do_not_go_backwards_in_date_register_rule(
        db: Database, internet_case: object) -> None:
    """No. 11 dated 01/9 after No. 10 dated 09/9 (issue 9 §2) is refused."""
    first = internet_case(opened=date(2026, 8, 28))  # type: ignore[operator]
    second = internet_case(opened=date(2026, 8, 28))  # type: ignore[operator]
    decisions.issue_decision(db, CHIEF, first, date(2026, 9, 9), today=TODAY)
    with pytest.raises(ValidationError, match="register_order"):
        decisions.issue_decision(db, CHIEF, second, date(2026, 9, 1), today=TODAY)
    assert decisions.issue_decision(db, CHIEF, second, date(2026, 9, 9), today=TODAY).number == 2


def test_payment_in_the_future_is_refused_law_art_78(db: Database, internet_case: object) -> None:
    case_id = internet_case()  # type: ignore[operator]
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), today=TODAY)
    payments.record_delivery(db, CHIEF, info.number or 0, 2026, date(2026, 9, 11), today=TODAY)
    with pytest.raises(ValidationError, match="date_in_future"):
        payments.add_payment(db, CHIEF, info.number or 0, 2026, 1_000_000, date(9999, 12, 31),
                             today=TODAY)
    with pytest.raises(ValidationError, match="payment_before_delivery"):
        payments.add_payment(db, CHIEF, info.number or 0, 2026, 1_000_000, date(2026, 9, 10),
                             today=TODAY)
