"""Tests of the dated procedure rules and the case deadlines, each pinned to its article."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from inspector.domain.calendar import load_calendar
from inspector.domain.deadlines import (
    SELECTORS,
    Deadlines,
    ProcedureRules,
    RuleNotInForceError,
    RuleValue,
    compute_deadlines,
    deadlines_to_dict,
    decision_without_record_allowed,
    late_charge,
    limitation_years_for,
    load_procedure_rules,
)

CAL = load_calendar()
RULES = load_procedure_rules()


def _case(**kwargs: Any) -> Deadlines:
    args: dict[str, Any] = {
        "violation_ended": date(2025, 3, 1),
        "discovered_on": None,
        "ongoing": False,
        "record_date": None,
        "decision_date": None,
        "sector": "internet",
    }
    args.update(kwargs)
    return compute_deadlines(**args, calendar=CAL, rules=RULES)


# --- Điều 66: deadline to issue the decision -------------------------------------------------


def test_law_art66_decision_within_7_working_days_of_record() -> None:
    """Luật XLVPHC Điều 66 khoản 1 (2020): 7 working days from the record."""
    d = _case(record_date=date(2025, 6, 25), decision_date=date(2025, 7, 4))["decision_deadline"]
    assert d.due == date(2025, 7, 4)
    assert d.allowed is True
    assert d.confirmed
    assert "Điều 66" in d.basis
    late = _case(record_date=date(2025, 6, 25), decision_date=date(2025, 7, 7))
    assert late["decision_deadline"].allowed is False


def test_law_art66_decision_within_10_working_days_after_transfer() -> None:
    """Luật XLVPHC Điều 66 khoản 1 (2020): 10 working days when the file was transferred."""
    d = _case(record_date=date(2025, 6, 25), transferred=True)["decision_deadline"]
    assert d.due == date(2025, 7, 9)


def test_law_art66_decision_within_1_month_after_explanation() -> None:
    """Luật XLVPHC Điều 66 khoản 1 (2020): 1 month when there was an explanation or check."""
    d = _case(record_date=date(2025, 6, 25), transferred=True, explanation=True)
    assert d["decision_deadline"].due == date(2025, 7, 25)


def test_law_art66_decision_within_2_months_when_complex_rolls_past_quoc_khanh() -> None:
    """Luật XLVPHC Điều 66 khoản 1 (2020): 2 months; 30/08/2025 (T7) rolls past 1–2/9 to 03/09."""
    d = _case(record_date=date(2025, 6, 30), complex_case=True)["decision_deadline"]
    assert d.due == date(2025, 9, 3)


def test_law_art66_switch_from_2012_wording_at_1_1_2022() -> None:
    """Record 31/12/2021 → 7 calendar days (2012 wording); record 01/01/2022 → 7 working days."""
    old = _case(violation_ended=date(2021, 12, 1), record_date=date(2021, 12, 31))
    assert old["decision_deadline"].due == date(2022, 1, 7)
    assert old["decision_deadline"].confirmed is False  # the 2012 wording is [R]
    assert "2012" in old["decision_deadline"].basis
    new = _case(violation_ended=date(2021, 12, 1), record_date=date(2022, 1, 1))
    assert new["decision_deadline"].due == date(2022, 1, 12)
    assert "67/2020" in new["decision_deadline"].basis


def test_law_art66_2012_wording_30_days_explanation_60_days_complex() -> None:
    """2012 wording [R]: 30 days with explanation; complex 30 + 30; 01/05/2020 rolls to 04/05."""
    base = {"violation_ended": date(2020, 2, 1), "record_date": date(2020, 3, 2)}
    assert _case(**base, explanation=True)["decision_deadline"].due == date(2020, 4, 1)
    assert _case(**base, complex_case=True)["decision_deadline"].due == date(2020, 5, 4)


# --- Điều 70: dispatch of the decision ---------------------------------------------------------


def test_law_art70_dispatch_within_2_working_days_until_30_6_2025() -> None:
    """Luật XLVPHC Điều 70 (2012 text): 2 working days for a decision dated 30/06/2025."""
    d = _case(decision_date=date(2025, 6, 30))["dispatch_deadline"]
    assert d.due == date(2025, 7, 2)
    assert "Điều 70" in d.basis


def test_law_art70_dispatch_within_3_working_days_from_1_7_2025() -> None:
    """Luật XLVPHC Điều 70 as amended by Law 88/2025: 3 working days from 01/07/2025."""
    d = _case(decision_date=date(2025, 7, 1))["dispatch_deadline"]
    assert d.due == date(2025, 7, 4)
    assert "88/2025" in d.basis


# --- Điều 56: sanction without a record --------------------------------------------------------


def test_law_art56_no_record_thresholds_until_30_6_2025() -> None:
    """Luật XLVPHC Điều 56: up to 250.000 (individual) / 500.000 (organisation) until 30/6/2025."""
    on = date(2025, 6, 30)
    assert decision_without_record_allowed(250_000, "individual", on, RULES)[0]
    assert not decision_without_record_allowed(250_001, "individual", on, RULES)[0]
    assert decision_without_record_allowed(500_000, "organization", on, RULES)[0]
    assert not decision_without_record_allowed(500_001, "organization", on, RULES)[0]


def test_law_art56_no_record_thresholds_from_1_7_2025() -> None:
    """Luật XLVPHC Điều 56 as amended by Law 88/2025: 500.000 / 1.000.000 from 01/7/2025."""
    on = date(2025, 7, 1)
    allowed, basis = decision_without_record_allowed(500_000, "individual", on, RULES)
    assert allowed
    assert "Điều 56" in basis
    assert "88/2025" in basis
    assert not decision_without_record_allowed(500_001, "individual", on, RULES)[0]
    assert decision_without_record_allowed(1_000_000, "organisation", on, RULES)[0]
    assert not decision_without_record_allowed(1_000_001, "organization", on, RULES)[0]


def test_law_art56_warning_needs_no_record_but_technical_detection_always_does() -> None:
    """A warning (amount 0) is allowed; detection by technical devices always needs a record."""
    on = date(2024, 5, 1)
    assert decision_without_record_allowed(0, "individual", on, RULES)[0]
    assert not decision_without_record_allowed(
        100_000, "individual", on, RULES, detected_by_technical_device=True
    )[0]
    with pytest.raises(ValueError):
        decision_without_record_allowed(-1, "individual", on, RULES)


def test_law_art56_case_item_uses_decision_date_to_pick_the_threshold() -> None:
    """In a case, a bracket wholly under the threshold of the decision date allows no record."""
    d = _case(decision_date=date(2025, 7, 1), bracket_max=500_000)["decision_without_record"]
    assert d.allowed is True
    d = _case(decision_date=date(2025, 6, 30), bracket_max=500_000)["decision_without_record"]
    assert d.allowed is None  # depends on the amount actually imposed
    assert "250.000" in d.note


# --- Điều 61: right to explain -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "bracket_max", "expected"),
    [
        ("individual", 15_000_000, True),
        ("individual", 14_999_999, False),
        ("organization", 30_000_000, True),
        ("organization", 29_999_999, False),
        ("individual", None, None),
    ],
)
def test_law_art61_explanation_right_when_bracket_max_reaches_threshold(
    subject: str, bracket_max: int | None, expected: bool | None
) -> None:
    """Luật XLVPHC Điều 61: right to explain when the bracket maximum ≥ 15 M / 30 M."""
    d = _case(record_date=date(2025, 5, 5), subject=subject, bracket_max=bracket_max)
    assert d["explanation_right"].allowed is expected
    assert "Điều 61" in d["explanation_right"].basis


def test_law_art61_explanation_right_when_licence_withdrawal_possible() -> None:
    """Luật XLVPHC Điều 61: licence withdrawal or suspension gives the right whatever the fine."""
    d = _case(record_date=date(2025, 5, 5), bracket_max=1_000_000, may_withdraw_or_suspend=True)
    assert d["explanation_right"].allowed is True


def test_law_art61_explanation_deadlines_5_and_2_working_days() -> None:
    """Luật XLVPHC Điều 61, NĐ 118/2021 Điều 17: written 5, hearing request 2 working days."""
    d = _case(record_date=date(2025, 4, 25), bracket_max=20_000_000)
    assert d["explanation_written"].due == date(2025, 5, 6)
    assert d["explanation_hearing_request"].due == date(2025, 4, 28)
    none = _case(record_date=date(2025, 4, 25), bracket_max=1_000_000)
    assert none["explanation_written"].due is None
    assert none["explanation_written"].allowed is False


# --- Điều 6: limitation ------------------------------------------------------------------------


def test_law_art6_limitation_1_year_for_internet() -> None:
    """Luật XLVPHC Điều 6 khoản 1 điểm a: 1 year; the record may be made on the last day."""
    on_time = _case(violation_ended=date(2024, 3, 10), record_date=date(2025, 3, 10))
    assert on_time["limitation"].due == date(2025, 3, 10)
    assert on_time["limitation"].allowed is True
    assert on_time["limitation"].confirmed
    late = _case(violation_ended=date(2024, 3, 10), record_date=date(2025, 3, 11))
    assert late["limitation"].allowed is False


def test_law_art6_limitation_2_years_for_publishing_and_distribution() -> None:
    """Luật XLVPHC Điều 6: 2 years for xuất bản; distribution is 2 years by inference [I]."""
    pub = _case(violation_ended=date(2023, 5, 5), sector="publishing")["limitation"]
    dist = _case(violation_ended=date(2023, 5, 5), sector="distribution")["limitation"]
    assert pub.due == dist.due == date(2025, 5, 5)
    assert pub.confirmed
    assert not dist.confirmed


def test_law_art6_limitation_printing_uses_careful_1_year_default() -> None:
    """Printing: the reference's careful default is 1 year, unconfirmed; an override gives 2."""
    d = _case(violation_ended=date(2023, 5, 5), sector="printing")["limitation"]
    assert d.due == date(2024, 5, 5)
    assert not d.confirmed
    two = _case(violation_ended=date(2023, 5, 5), sector="printing", limitation_years=2)
    assert two["limitation"].due == date(2025, 5, 5)


def test_law_art6_ongoing_violation_counts_from_discovery() -> None:
    """Luật XLVPHC Điều 6 khoản 1 điểm b: an ongoing violation counts from its discovery."""
    d = _case(
        violation_ended=None,
        discovered_on=date(2024, 8, 1),
        ongoing=True,
        decision_date=date(2025, 8, 4),
    )
    assert d["limitation"].due == date(2025, 8, 1)
    assert d["limitation_at_decision"].allowed is False


def test_decree_174_2026_art4_conformity_provisions_have_2_years() -> None:
    """NĐ 174/2026 Điều 4 khoản 5: Art 53(2)(a),(b) and 53(3) have 2 years from 01/7/2026."""
    rv = limitation_years_for("ict_goods", date(2026, 8, 1), RULES, "174/2026/NĐ-CP:53.2.a")
    assert rv.value == 2
    assert rv.confirmed
    other_point = limitation_years_for("ict_goods", date(2026, 8, 1), RULES, "174/2026/NĐ-CP:53.1")
    assert other_point.value == 1
    before = limitation_years_for("ict_goods", date(2026, 6, 1), RULES, "174/2026/NĐ-CP:53.3")
    assert before.value == 1
    assert not before.confirmed  # conformity limitation before 174/2026 is a gap
    assert limitation_years_for(None, date(2026, 6, 1), RULES).value == 1


# --- Điều 73, 78, 74: payment, late charge, enforcement ----------------------------------------


def test_law_art73_payment_due_10_days_after_delivery_rolled_to_monday() -> None:
    """Luật XLVPHC Điều 73: 10 days from receipt; T7 15/03/2025 moves to T2 17/03/2025."""
    d = _case(decision_date=date(2025, 3, 4), delivered_on=date(2025, 3, 5))["payment_due"]
    assert d.due == date(2025, 3, 17)
    assert "Điều 73" in d.basis
    plain = _case(decision_date=date(2025, 7, 2), delivered_on=date(2025, 7, 4))["payment_due"]
    assert plain.due == date(2025, 7, 14)


def test_law_art78_late_charge_is_0_05_percent_per_day_rounded_down() -> None:
    """Luật XLVPHC Điều 78: 0,05 % of the unpaid amount per late day, floored to whole đồng."""
    due = date(2025, 7, 14)
    assert late_charge(10_000_000, due, date(2025, 7, 24), rules=RULES) == 50_000
    assert late_charge(15_500_000, due, date(2025, 7, 15), rules=RULES) == 7_750
    assert late_charge(1_000_001, due, date(2025, 7, 15), rules=RULES) == 500
    assert late_charge(3, due, date(2025, 7, 15), rules=RULES) == 0
    assert late_charge(10_000_000, due, due, rules=RULES) == 0
    assert late_charge(10_000_000, due, date(2025, 7, 1), rules=RULES) == 0


def test_law_art74_enforcement_limit_1_year_from_decision() -> None:
    """Luật XLVPHC Điều 74: 1 year from the decision; 29/02/2024 → 28/02/2025."""
    d = _case(violation_ended=date(2024, 1, 10), decision_date=date(2024, 2, 29))
    assert d["enforcement_limit"].due == date(2025, 2, 28)
    assert "Điều 74" in d["enforcement_limit"].basis


# --- rule data and error handling ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "article"),
    [
        ("limitation_years_default", "Điều 6"),
        ("decision_deadline", "Điều 66"),
        ("decision_deadline_after_transfer", "Điều 66"),
        ("decision_deadline_after_explanation", "Điều 66"),
        ("decision_deadline_complex", "Điều 66"),
        ("dispatch_working_days", "Điều 70"),
        ("no_record_max_individual", "Điều 56"),
        ("no_record_max_organization", "Điều 56"),
        ("explanation_threshold_individual", "Điều 61"),
        ("explanation_threshold_organization", "Điều 61"),
        ("explanation_written_deadline", "Điều 61"),
        ("explanation_hearing_request_deadline", "Điều 61"),
        ("payment_days", "Điều 73"),
        ("late_charge_per_day_basis_points", "Điều 78"),
        ("enforcement_limit_years", "Điều 74"),
    ],
)
def test_every_rule_period_cites_its_article(rule: str, article: str) -> None:
    """Each stored period of a rule names its article and a source."""
    entries = [e for e in RULES.entries if e.rule == rule]
    assert entries
    for e in entries:
        assert article in e.basis, e
        assert e.source
        assert e.selected_by in SELECTORS


def test_rule_lookup_outside_every_period_raises_a_clear_error() -> None:
    """Before the 2012 law took effect (01/7/2013) no rule is in force; unknown rules fail too."""
    with pytest.raises(RuleNotInForceError, match="2013-06-30"):
        RULES.value("dispatch_working_days", date(2013, 6, 30))
    with pytest.raises(RuleNotInForceError, match="unknown rule"):
        RULES.value("no_such_rule", date(2020, 1, 1))


def test_overlapping_periods_are_rejected() -> None:
    """Two values of one rule valid on the same day make the data invalid."""
    common: dict[str, Any] = {
        "basis": "x",
        "confirmed": True,
        "source": "x",
        "unit": "days",
        "rule": "payment_days",
        "selected_by": "decision_date",
    }
    first = RuleValue(10, valid_from=date(2013, 7, 1), valid_until=None, **common)
    second = RuleValue(15, valid_from=date(2020, 1, 1), valid_until=None, **common)
    with pytest.raises(ValueError, match="overlap"):
        ProcedureRules([first, second])


def test_missing_dates_give_empty_items_not_errors() -> None:
    """Without record or decision dates the dependent items have no due date and say why."""
    d = _case()
    assert d["decision_deadline"].due is None
    assert d["dispatch_deadline"].due is None
    assert d["payment_due"].due is None
    assert not d["payment_due"].confirmed
    assert d["limitation"].due == date(2026, 3, 1)


def test_deadline_running_into_an_uncovered_year_is_reported() -> None:
    """A dispatch deadline reaching 2028 comes back empty with the reason, not silently wrong."""
    d = _case(violation_ended=date(2027, 6, 1), decision_date=date(2027, 12, 31))
    assert d["dispatch_deadline"].due is None
    assert "2028" in d["dispatch_deadline"].note


def test_deadline_in_unannounced_2027_is_unconfirmed() -> None:
    """A deadline counted over the provisional 2027 calendar is flagged unconfirmed."""
    d = _case(violation_ended=date(2027, 1, 5), record_date=date(2027, 3, 1))
    assert d["decision_deadline"].due == date(2027, 3, 10)
    assert d["decision_deadline"].confirmed is False


def test_no_sector_uses_the_general_limitation_period() -> None:
    """sector=None (CLI without --sector) falls back to Điều 6's general 1-year period."""
    d = _case(violation_ended=date(2024, 3, 10), sector=None)["limitation"]
    assert d.due == date(2025, 3, 10)
    assert d.confirmed


def test_invalid_sector_or_subject_raises() -> None:
    """Unknown sector or subject codes are programming errors and raise ValueError."""
    with pytest.raises(ValueError, match="sector"):
        _case(sector="press")
    with pytest.raises(ValueError, match="subject"):
        _case(subject="company")


def test_deadlines_to_dict_is_json_with_iso_dates() -> None:
    """The --json form keys items by name, in order, with ISO dates."""
    d = _case(
        record_date=date(2025, 6, 25),
        decision_date=date(2025, 7, 2),
        delivered_on=date(2025, 7, 4),
        sector="game",
    )
    out = deadlines_to_dict(d)
    assert list(out["deadlines"]) == list(d.names())
    assert out["deadlines"]["decision_deadline"]["due"] == "2025-07-04"
    assert out["deadlines"]["dispatch_deadline"]["due"] == "2025-07-07"
    assert out["all_confirmed"] is d.all_confirmed
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
