"""The decision and case states (issue 9 §3) and the late charge of Law Art 78 as domain rules."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date

import pytest

from inspector.domain.money import settle
from inspector.domain.states import (
    CaseState,
    DecisionState,
    StateError,
    case_after_delivery,
    check_case_transition,
    check_decision_transition,
    in_force,
    in_force_sql,
)


def test_in_force_sql_is_the_python_predicate() -> None:
    """The SQL the triggers and queries use answers as :func:`in_force` for every state, with
    and without an issue date and an ``amends_id`` (Law Art 18 decisions carry no obligation)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE d (status TEXT, issued_on TEXT, amends_id TEXT)")
    combos = list(itertools.product([s.value for s in DecisionState], [None, "2026-09-10"],
                                    [None, "x"]))
    conn.executemany("INSERT INTO d VALUES (?, ?, ?)", combos)
    got = {row[:3]: bool(row[3]) for row in conn.execute(
        f"SELECT status, issued_on, amends_id, {in_force_sql('d.')} FROM d")}
    for status, issued, amends in combos:
        expected = in_force(status, date(2026, 9, 10) if issued else None, amends)
        assert got[(status, issued, amends)] is expected, (status, issued, amends)
    # The plain cases, by the Law: only an issued, unannulled sanction decision is in force.
    assert in_force("paid", date(2026, 9, 10), None) and in_force("issued", date(2026, 9, 10), None)
    assert not in_force("cancelled", date(2026, 9, 10), None)
    assert not in_force("draft", None, None)
    assert not in_force("issued", date(2026, 9, 12), "original-id")


@pytest.mark.parametrize(("current", "target"), [
    ("draft", "paid"), ("cancelled", "paid"), ("cancelled", "delivered"), ("paid", "delivered"),
    ("amended", "paid"), ("cancelled", "cancelled")])
def test_refused_decision_transitions(current: str, target: str) -> None:
    """An annulled decision is never paid or delivered; a draft is issued before anything."""
    with pytest.raises(StateError):
        check_decision_transition(current, target)


def test_allowed_decision_and_case_transitions() -> None:
    assert check_decision_transition("issued", "delivered") == DecisionState.DELIVERED
    assert check_decision_transition("partly_paid", "partly_paid") == DecisionState.PARTLY_PAID
    assert check_decision_transition("paid", "cancelled") == DecisionState.CANCELLED
    assert check_case_transition("decided", "closed") == CaseState.CLOSED
    with pytest.raises(StateError) as info:
        check_case_transition("cancelled", "paid")
    assert "đã hủy" in info.value.vi


def test_art78_example_of_the_issue() -> None:
    """Law Art 78: 1.500.000 đồng unpaid for 72 days → 1.500.000 × 0,05 % × 72 = 54.000."""
    money = settle(1_500_000, [(date(2026, 1, 1), 1_500_000)], [], date(2026, 3, 14), 5)
    assert (money.charge, money.days_late, money.fine_owed) == (54_000, 72, 1_500_000)


def test_art78_payment_day_counts_and_payments_settle_the_fine_first() -> None:
    """Due 21/9, 2.000.000 paid on 31/10 → 40 days (22/9–31/10, the payment day included)
    → 40.000; the payment went to the fine, so the charge is still owed."""
    money = settle(2_000_000, [(date(2026, 9, 21), 2_000_000)],
                   [(date(2026, 10, 31), 2_000_000)], date(2026, 12, 2), 5)
    assert (money.fine_owed, money.charge, money.charge_owed) == (0, 40_000, 40_000)
    on_time = settle(2_000_000, [(date(2026, 9, 21), 2_000_000)],
                     [(date(2026, 9, 21), 2_000_000)], date(2026, 12, 2), 5)
    assert on_time.charge == 0 and on_time.settled


def test_art79_instalments_charge_only_the_late_instalment() -> None:
    """Three instalments; the second (1.000.000, due 30/11) paid 10 days late → 5.000."""
    schedule = [(date(2026, 10, 31), 2_000_000), (date(2026, 11, 30), 1_000_000),
                (date(2026, 12, 31), 2_000_000)]
    money = settle(5_000_000, schedule, [(date(2026, 10, 31), 2_000_000),
                                         (date(2026, 12, 10), 1_000_000)],
                   date(2026, 12, 10), 5)
    assert (money.charge, money.fine_paid, money.fine_owed) == (5_000, 3_000_000, 2_000_000)


def test_a_delivery_ends_a_warning_and_opens_the_follow_up_of_the_rest() -> None:
    """Received: a decision asking for money or a remedial measure is followed from then on; a
    warning alone is carried out by its delivery. A second delivery date changes nothing."""
    assert case_after_delivery("decided", money_due=True, measures_due=False) == "delivered"
    assert case_after_delivery("decided", money_due=False, measures_due=True) == "delivered"
    assert case_after_delivery("decided", money_due=False, measures_due=False) == "closed"
    for later in ("delivered", "partly_paid", "paid", "deferred", "closed"):
        assert case_after_delivery(later, money_due=True, measures_due=False) == later
