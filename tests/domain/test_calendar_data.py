"""Tests of db/reference/holidays.csv against reference-data.md §2 (the tables are copied here)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from inspector.domain.calendar import (
    DAY_OFF_KINDS,
    HOLIDAY_COLUMNS,
    KINDS,
    HolidayRow,
    default_holidays_path,
    read_holidays,
)

ROWS = read_holidays()
BY_DATE = {r.day: r for r in ROWS}
YEARS = range(2013, 2028)

# reference-data.md §2, "Days off for civil servants", column Tết Nguyên Đán (2027: estimate).
TET_BLOCKS = {
    2013: (date(2013, 2, 9), date(2013, 2, 17)),
    2014: (date(2014, 1, 28), date(2014, 2, 5)),
    2015: (date(2015, 2, 15), date(2015, 2, 23)),
    2016: (date(2016, 2, 6), date(2016, 2, 14)),
    2017: (date(2017, 1, 26), date(2017, 2, 1)),
    2018: (date(2018, 2, 14), date(2018, 2, 20)),
    2019: (date(2019, 2, 2), date(2019, 2, 10)),
    2020: (date(2020, 1, 23), date(2020, 1, 29)),
    2021: (date(2021, 2, 10), date(2021, 2, 16)),
    2022: (date(2022, 1, 29), date(2022, 2, 6)),
    2023: (date(2023, 1, 20), date(2023, 1, 26)),
    2024: (date(2024, 2, 8), date(2024, 2, 14)),
    2025: (date(2025, 1, 25), date(2025, 2, 2)),
    2026: (date(2026, 2, 14), date(2026, 2, 22)),
    2027: (date(2027, 2, 4), date(2027, 2, 10)),
}

# reference-data.md §2, "Gregorian dates of Mùng 1 Tết and Giỗ Tổ Hùng Vương".
MUNG_1_AND_GIO_TO = {
    2013: (date(2013, 2, 10), date(2013, 4, 19)),
    2014: (date(2014, 1, 31), date(2014, 4, 9)),
    2015: (date(2015, 2, 19), date(2015, 4, 28)),
    2016: (date(2016, 2, 8), date(2016, 4, 16)),
    2017: (date(2017, 1, 28), date(2017, 4, 6)),
    2018: (date(2018, 2, 16), date(2018, 4, 25)),
    2019: (date(2019, 2, 5), date(2019, 4, 14)),
    2020: (date(2020, 1, 25), date(2020, 4, 2)),
    2021: (date(2021, 2, 12), date(2021, 4, 21)),
    2022: (date(2022, 2, 1), date(2022, 4, 10)),
    2023: (date(2023, 1, 22), date(2023, 4, 29)),
    2024: (date(2024, 2, 10), date(2024, 4, 18)),
    2025: (date(2025, 1, 29), date(2025, 4, 7)),
    2026: (date(2026, 2, 17), date(2026, 4, 26)),
    2027: (date(2027, 2, 6), date(2027, 4, 16)),
}

# reference-data.md §2, column "Làm bù (Saturdays worked)".
WORKED_SATURDAYS = {
    date(2013, 1, 5),
    date(2013, 2, 23),
    date(2013, 5, 4),
    date(2014, 1, 25),
    date(2014, 2, 8),
    date(2014, 4, 26),
    date(2014, 9, 6),
    date(2014, 12, 27),
    date(2015, 2, 14),
    date(2015, 4, 25),
    date(2019, 1, 5),
    date(2019, 5, 4),
    date(2024, 5, 4),
    date(2025, 4, 26),
    date(2026, 1, 10),
    date(2026, 8, 22),
}


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_csv_has_the_documented_columns_in_order() -> None:
    """The header is date,name,kind,confirmed,source,note."""
    with default_holidays_path().open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == HOLIDAY_COLUMNS


def test_csv_loads_and_every_row_is_well_formed() -> None:
    """Every row has a known kind, a name and a source."""
    assert len(ROWS) > 200
    for row in ROWS:
        assert isinstance(row, HolidayRow)
        assert row.kind in KINDS
        assert row.name
        assert row.source.startswith("reference-data.md §2 ["), row


def test_dates_are_unique_and_sorted() -> None:
    """No date appears twice, and the file is in date order."""
    days = [r.day for r in ROWS]
    assert len(days) == len(set(days))
    assert days == sorted(days)


def test_every_year_2013_to_2027_is_present_and_nothing_else() -> None:
    """Each year 2013–2027 has rows; no row falls outside that range."""
    assert {r.day.year for r in ROWS} == set(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_statutory_fixed_date_holidays_are_days_off(year: int) -> None:
    """1/1, 30/4, 1/5 and 2/9 are rows of kind 'holiday' every year."""
    for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
        row = BY_DATE[date(year, month, day)]
        assert row.kind == "holiday", row


@pytest.mark.parametrize("year", sorted(TET_BLOCKS))
def test_every_tet_block_of_the_reference_is_in_the_file(year: int) -> None:
    """Each day of the reference's Tết block is a 'tet' row, and the block has no extra day."""
    first, last = TET_BLOCKS[year]
    for d in _span(first, last):
        assert BY_DATE[d].kind == "tet", d
    tet_days = {r.day for r in ROWS if r.kind == "tet" and r.day.year == year}
    assert tet_days == set(_span(first, last))


@pytest.mark.parametrize("year", sorted(MUNG_1_AND_GIO_TO))
def test_mung_1_tet_and_gio_to_are_days_off(year: int) -> None:
    """Mùng 1 Tết lies in the Tết block and Giỗ Tổ Hùng Vương is a 'holiday' row."""
    mung_1, gio_to = MUNG_1_AND_GIO_TO[year]
    first, last = TET_BLOCKS[year]
    assert first <= mung_1 <= last
    assert BY_DATE[gio_to].kind == "holiday"
    assert BY_DATE[gio_to].name == "Giỗ Tổ Hùng Vương"


def test_worked_saturdays_are_exactly_the_reference_list() -> None:
    """The 'working_weekend' rows are the reference's làm bù Saturdays, no more, no less."""
    worked = {r.day for r in ROWS if r.kind == "working_weekend"}
    assert worked == WORKED_SATURDAYS
    assert all(d.weekday() == 5 for d in worked)


def test_kinds_fit_the_weekday() -> None:
    """'weekend' rows are Saturdays/Sundays; swaps and nghỉ bù fall on weekdays."""
    for row in ROWS:
        if row.kind == "weekend":
            assert row.day.weekday() >= 5, row
        if row.kind in {"swap", "compensatory"}:
            assert row.day.weekday() < 5, row
        assert row.is_day_off == (row.kind in DAY_OFF_KINDS)


def test_quoc_khanh_has_two_days_from_2021_and_one_before() -> None:
    """Labour Code 2019 Art 112: 2/9 plus an adjacent day from 2021; one day up to 2020."""
    for year in YEARS:
        qk = [
            r
            for r in ROWS
            if r.kind == "holiday" and r.day.year == year and r.name.startswith("Quốc khánh")
        ]
        assert len(qk) == (2 if year >= 2021 else 1), (year, qk)


def test_2027_is_unconfirmed_with_a_note() -> None:
    """The 2027 schedule is not announced: every 2027 row is confirmed=0 and says so."""
    rows_2027 = [r for r in ROWS if r.day.year == 2027]
    assert rows_2027
    assert all(not r.confirmed for r in rows_2027)
    assert all("chưa công bố" in r.note for r in rows_2027)


def test_confirmed_flags_follow_the_reference_tags() -> None:
    """[C] cells are confirmed; inferred cells (Tết 2018, 2026 Quốc khánh swap) are not."""
    assert BY_DATE[date(2026, 2, 17)].confirmed
    assert BY_DATE[date(2015, 2, 16)].confirmed
    assert not BY_DATE[date(2018, 2, 16)].confirmed
    assert not BY_DATE[date(2026, 8, 31)].confirmed
    assert not BY_DATE[date(2026, 8, 22)].confirmed
    assert not BY_DATE[date(2014, 1, 1)].confirmed


def test_ngay_van_hoa_viet_nam_is_not_a_day_off_until_enacted() -> None:
    """24/11 is left out: the reference does not confirm it was enacted."""
    assert date(2026, 11, 24) not in BY_DATE
    assert date(2027, 11, 24) not in BY_DATE
