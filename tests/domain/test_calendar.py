"""Tests of the working-day calendar: real holiday data, counting rules, coverage, properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.domain.calendar import (
    CalendarCoverageError,
    WorkingCalendar,
    add_days,
    add_months,
    add_years,
    load_calendar,
)

CAL = load_calendar()


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_tet_2015_block_is_off_and_its_lam_bu_saturday_is_worked() -> None:
    """Tết Ất Mùi 15/02–23/02/2015 is off; T7 14/02/2015 is worked (reference §2, H5)."""
    for d in _span(date(2015, 2, 15), date(2015, 2, 23)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2015, 2, 14))
    assert CAL.is_working_day(date(2015, 2, 13))
    assert CAL.is_working_day(date(2015, 2, 24))


def test_tet_2026_block_is_off_and_10_01_2026_is_worked() -> None:
    """Tết Bính Ngọ 14/02–22/02/2026 is off; T7 10/01/2026 is worked (reference §2, H16)."""
    for d in _span(date(2026, 2, 14), date(2026, 2, 22)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))
    assert CAL.is_working_day(date(2026, 1, 10))
    assert not CAL.is_working_day(date(2026, 1, 2))


def test_seven_working_days_across_tet_2026() -> None:
    """A record on T5 12/02/2026 gives a 7-working-day deadline of T2 02/03/2026."""
    assert CAL.add_working_days(date(2026, 2, 12), 7) == date(2026, 3, 2)


def test_seven_working_days_across_30_4_and_1_5_2025() -> None:
    """From T6 25/04/2025: làm bù T7 26/04 counts, 30/04–04/05 does not → T5 08/05/2025."""
    assert CAL.add_working_days(date(2025, 4, 25), 7) == date(2025, 5, 8)


def test_weekend_end_moves_to_monday() -> None:
    """A calendar period ending on T7 15/03/2025 ends on T2 17/03/2025 (BLDS Điều 148(5))."""
    raw = add_days(date(2025, 3, 5), 10)
    assert raw == date(2025, 3, 15)
    assert CAL.roll_forward(raw) == date(2025, 3, 17)


def test_roll_forward_leaves_a_working_day_alone() -> None:
    """roll_forward returns a working day unchanged."""
    assert CAL.roll_forward(date(2025, 3, 14)) == date(2025, 3, 14)


def test_roll_forward_skips_a_whole_holiday_block() -> None:
    """A period ending on the first day of Tết 2025 (25/01) ends on T2 03/02/2025."""
    assert CAL.roll_forward(date(2025, 1, 25)) == date(2025, 2, 3)


def test_add_working_days_starts_counting_the_next_day() -> None:
    """One working day after T6 07/03/2025 is T2 10/03/2025; zero days is the start itself."""
    assert CAL.add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)
    assert CAL.add_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 3, 7), -1)


def test_working_days_between_counts_half_open_interval_and_is_antisymmetric() -> None:
    """Working days in (a, b]: Mon→Fri of one week is 4; reversed gives −4."""
    a, b = date(2025, 3, 10), date(2025, 3, 14)
    assert CAL.working_days_between(a, b) == 4
    assert CAL.working_days_between(b, a) == -4
    assert CAL.working_days_between(a, a) == 0


def test_add_months_clamps_to_end_of_month() -> None:
    """31/01 + 1 month is 29/02 in a leap year and 28/02 otherwise (BLDS Điều 148(3))."""
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 12, 15), 2) == date(2026, 2, 15)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert WorkingCalendar.add_months(date(2025, 8, 31), 1) == date(2025, 9, 30)


def test_add_years_moves_29_february_to_28_february() -> None:
    """29/02/2024 + 1 year is 28/02/2025 (BLDS Điều 148(4))."""
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 3, 10), 2) == date(2026, 3, 10)


def test_deadline_running_into_an_uncovered_year_is_refused() -> None:
    """Counting into 2028 (no data) raises a ValueError naming the year."""
    with pytest.raises(CalendarCoverageError, match="2028"):
        CAL.add_working_days(date(2027, 12, 24), 10)
    with pytest.raises(ValueError):
        CAL.is_working_day(date(2012, 12, 31))


def test_unconfirmed_data_and_provisional_years_are_reported() -> None:
    """Spans over Tết 2018 (inferred) or any 2027 day (not announced) are unconfirmed."""
    assert CAL.provisional_years == frozenset({2027})
    assert not CAL.is_confirmed_between(date(2018, 2, 10), date(2018, 2, 25))
    assert not CAL.is_confirmed_between(date(2027, 3, 1), date(2027, 3, 10))
    assert CAL.is_confirmed_between(date(2025, 1, 20), date(2025, 2, 10))


def test_constructor_rejects_inconsistent_data() -> None:
    """A date both off and worked, or a weekday 'làm bù', is rejected."""
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar([date(2025, 4, 26)], [date(2025, 4, 26)])
    with pytest.raises(ValueError, match="Saturday or Sunday"):
        WorkingCalendar([], [date(2025, 4, 28)])


def test_plain_calendar_covers_only_the_years_it_was_given() -> None:
    """Without covered_years, the years of the listed dates are covered."""
    cal = WorkingCalendar([date(2030, 1, 1)])
    assert cal.covered_years == frozenset({2030})
    assert cal.add_working_days(date(2029, 12, 31), 1) == date(2030, 1, 2)


covered_starts = st.dates(min_value=date(2013, 1, 1), max_value=date(2027, 10, 31))


@settings(database=None, deadline=None)
@given(start=covered_starts, n=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_a_working_day_and_is_inverted(start: date, n: int) -> None:
    """add_working_days lands on a working day and working_days_between gives n back."""
    due = CAL.add_working_days(start, n)
    assert due > start
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(start, due) == n
    assert CAL.working_days_between(start, due - timedelta(days=1)) == n - 1


@settings(database=None, deadline=None)
@given(
    days_off=st.sets(st.dates(min_value=date(2030, 1, 1), max_value=date(2030, 12, 31))),
    start=st.dates(min_value=date(2030, 1, 1), max_value=date(2030, 10, 31)),
    n=st.integers(min_value=0, max_value=30),
)
def test_properties_hold_for_any_synthetic_calendar(
    days_off: set[date], start: date, n: int
) -> None:
    """For arbitrary days off, roll_forward and add_working_days agree with is_working_day."""
    cal = WorkingCalendar(days_off, covered_years=[2030, 2031])
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    rolled = cal.roll_forward(start)
    assert cal.is_working_day(rolled)
    assert all(not cal.is_working_day(d) for d in _span(start, rolled)[:-1])
