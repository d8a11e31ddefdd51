"""Working-day calendar of a civil-service office, built from dated holiday data.

Procedure deadlines of the Law on Handling Administrative Violations (Luật XLVPHC) are counted in
working days or in calendar periods, and the days off change every year: Tết moves with the lunar
calendar and the Prime Minister swaps weekdays for Saturdays. The days off therefore live in
``db/reference/holidays.csv`` (editable by an administrator), not in code.

Counting rules (Luật XLVPHC Điều 8 khoản 1 applies the Civil Code, Bộ luật Dân sự 2015, except where
the law counts working days). These texts are not in the shared reference; they were read on
hethongphapluat.com (Điều 8) and thuvienphapluat.vn (BLDS Điều 147–148):

* a period "from" a day starts the next day (BLDS 2015 Điều 147 khoản 2). Working-day periods are
  counted the same way (our reading, since Điều 8 leaves them to the law itself), so
  :meth:`WorkingCalendar.add_working_days` returns the n-th working day *after* ``start``;
* a period in months ends on the corresponding day of the last month, or that month's last day
  when it has none (Điều 148 khoản 3); in years, on the corresponding day and month (khoản 4);
* when the last day of a period is a weekend day or a holiday, the period ends at the end of the
  next working day (Điều 148 khoản 5) — :meth:`WorkingCalendar.roll_forward`.

Weekends are Saturday and Sunday (5-day week of civil servants, reference-data.md §2); a
``working_weekend`` row ("làm bù") turns a Saturday into a working day.

Coverage: the calendar knows only the years that have rows in the data. Any question about a day in
another year raises :class:`CalendarCoverageError` (a ``ValueError``) instead of silently treating
the year as holiday-free. A year whose rows are all unconfirmed (2027: not announced) is
*provisional*: it is used, but :meth:`WorkingCalendar.is_confirmed_between` reports spans that touch
it, or any unconfirmed row, so callers can flag the deadline as unconfirmed.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from inspector.domain.refdata import reference_dir

__all__ = [
    "DAY_OFF_KINDS",
    "HOLIDAY_COLUMNS",
    "KINDS",
    "CalendarCoverageError",
    "HolidayRow",
    "WorkingCalendar",
    "add_days",
    "add_months",
    "add_years",
    "calendar_from_rows",
    "default_holidays_path",
    "load_calendar",
    "read_holidays",
]

HOLIDAY_COLUMNS = ("date", "name", "kind", "confirmed", "source", "note")
"""Columns of ``holidays.csv``, in file order."""

DAY_OFF_KINDS = frozenset({"holiday", "tet", "compensatory", "swap", "weekend"})
"""Row kinds that make a day a day off.

``holiday``: the statutory day itself (and the day adjacent to Quốc khánh from 2021);
``tet``: any day of the announced Tết Nguyên Đán block; ``compensatory``: nghỉ bù for a holiday
on a weekend; ``swap``: weekday off by hoán đổi, paid back on a ``working_weekend``;
``weekend``: a Saturday or Sunday inside an announced block (listed so the block is complete).
"""

KINDS = DAY_OFF_KINDS | {"working_weekend"}
"""Every allowed kind; ``working_weekend`` is a Saturday worked ("làm bù")."""


class CalendarCoverageError(ValueError):
    """A date falls in a year for which the calendar has no holiday data."""


@dataclass(frozen=True)
class HolidayRow:
    """One row of ``holidays.csv``."""

    day: date
    name: str
    kind: str
    confirmed: bool
    source: str
    note: str = ""

    @property
    def is_day_off(self) -> bool:
        """True for every kind except ``working_weekend``."""
        return self.kind in DAY_OFF_KINDS


def add_days(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` calendar days (no rolling: see ``WorkingCalendar.roll_forward``)."""
    return d + timedelta(days=n)


def add_months(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` calendar months, clamped to the month's end (BLDS Điều 148(3))."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last))


def add_years(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` years; 29/02 becomes 28/02 in a common year (BLDS Điều 148(4))."""
    return add_months(d, 12 * n)


class WorkingCalendar:
    """Days off and worked Saturdays for the years the data covers."""

    def __init__(
        self,
        days_off: Iterable[date],
        working_weekends: Iterable[date] = (),
        *,
        covered_years: Iterable[int] | None = None,
        unconfirmed: Iterable[date] = (),
        provisional_years: Iterable[int] = (),
    ) -> None:
        """Build a calendar.

        Args:
            days_off: every day off other than ordinary weekends (weekend days may be listed too).
            working_weekends: Saturdays or Sundays that are worked ("làm bù").
            covered_years: years the data describes completely; by default the years of
                ``days_off`` and ``working_weekends``.
            unconfirmed: days whose status comes from an unconfirmed row.
            provisional_years: years whose whole schedule is unconfirmed (not yet announced).
        """
        self._days_off = frozenset(days_off)
        self._working_weekends = frozenset(working_weekends)
        both = self._days_off & self._working_weekends
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"dates listed both as day off and as working weekend: {listed}")
        weekdays = [d for d in self._working_weekends if d.weekday() < 5]
        if weekdays:
            listed = ", ".join(sorted(d.isoformat() for d in weekdays))
            raise ValueError(f"working_weekend dates must be a Saturday or Sunday: {listed}")
        if covered_years is None:
            covered_years = {d.year for d in self._days_off | self._working_weekends}
        self._covered = frozenset(covered_years)
        self._unconfirmed = frozenset(unconfirmed)
        self._provisional = frozenset(provisional_years)

    @property
    def covered_years(self) -> frozenset[int]:
        """Years for which the calendar answers questions."""
        return self._covered

    @property
    def provisional_years(self) -> frozenset[int]:
        """Covered years whose schedule is entirely unconfirmed."""
        return self._provisional

    def covers(self, d: date) -> bool:
        """Whether ``d`` lies in a covered year."""
        return d.year in self._covered

    def _check(self, d: date) -> None:
        if d.year not in self._covered:
            years = sorted(self._covered)
            span = f"{years[0]}–{years[-1]}" if years else "none"
            raise CalendarCoverageError(
                f"no holiday data for {d.year} (needed for {d.isoformat()}); the calendar covers "
                f"{span}. Add that year's days off to holidays.csv before computing this deadline."
            )

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day of a 5-day-week office."""
        self._check(d)
        if d in self._working_weekends:
            return True
        if d in self._days_off:
            return False
        return d.weekday() < 5

    def roll_forward(self, d: date) -> date:
        """Return ``d`` if it is a working day, else the next working day (BLDS Điều 148(5))."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """Return the ``n``-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start`` unchanged. The result is always a working day when ``n > 0``,
        so no rolling is needed.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = start
        remaining = n
        while remaining:
            d += timedelta(days=1)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Count working days in ``(a, b]``; negative count of ``(b, a]`` when ``b < a``.

        Inverse of :meth:`add_working_days`:
        ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a
        while d < b:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count

    @staticmethod
    def add_days(d: date, n: int) -> date:
        """Return ``d`` plus ``n`` calendar days (pure arithmetic)."""
        return add_days(d, n)

    @staticmethod
    def add_months(d: date, n: int) -> date:
        """Return ``d`` plus ``n`` calendar months, end-of-month clamped (pure arithmetic)."""
        return add_months(d, n)

    def is_confirmed_between(self, a: date, b: date) -> bool:
        """Whether every day in ``[a, b]`` comes from confirmed data and a non-provisional year."""
        if b < a:
            a, b = b, a
        if any(year in self._provisional for year in range(a.year, b.year + 1)):
            return False
        return not any(a <= d <= b for d in self._unconfirmed)


def default_holidays_path() -> Path:
    """Default location of ``holidays.csv``: ``refdata.reference_dir() / "holidays.csv"``."""
    return reference_dir() / "holidays.csv"


def _parse_confirmed(raw: str, where: str) -> bool:
    if raw.strip() == "1":
        return True
    if raw.strip() == "0":
        return False
    raise ValueError(f"{where}: confirmed must be 0 or 1, got {raw!r}")


def read_holidays(path: Path | str | None = None) -> list[HolidayRow]:
    """Read and validate ``holidays.csv`` (ISO dates, known kinds, unique dates)."""
    csv_path = Path(path) if path is not None else default_holidays_path()
    rows: list[HolidayRow] = []
    seen: set[date] = set()
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in HOLIDAY_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{csv_path}: missing columns {', '.join(missing)}")
        for line_no, raw in enumerate(reader, start=2):
            where = f"{csv_path}:{line_no}"
            try:
                day = date.fromisoformat(raw["date"].strip())
            except ValueError as exc:
                raise ValueError(f"{where}: bad date {raw['date']!r} (want YYYY-MM-DD)") from exc
            kind = raw["kind"].strip()
            if kind not in KINDS:
                allowed = ", ".join(sorted(KINDS))
                raise ValueError(f"{where}: unknown kind {kind!r}; allowed: {allowed}")
            if day in seen:
                raise ValueError(f"{where}: date {day.isoformat()} listed twice")
            seen.add(day)
            rows.append(
                HolidayRow(
                    day=day,
                    name=raw["name"].strip(),
                    kind=kind,
                    confirmed=_parse_confirmed(raw["confirmed"], where),
                    source=raw["source"].strip(),
                    note=(raw.get("note") or "").strip(),
                )
            )
    return rows


def calendar_from_rows(rows: Iterable[HolidayRow]) -> WorkingCalendar:
    """Build a calendar: covered years have rows; provisional years have no confirmed row."""
    rows = list(rows)
    years = {r.day.year for r in rows}
    confirmed_years = {r.day.year for r in rows if r.confirmed}
    return WorkingCalendar(
        (r.day for r in rows if r.is_day_off),
        (r.day for r in rows if not r.is_day_off),
        covered_years=years,
        unconfirmed=(r.day for r in rows if not r.confirmed),
        provisional_years=years - confirmed_years,
    )


def load_calendar(path: Path | str | None = None) -> WorkingCalendar:
    """Load ``holidays.csv`` (default: :func:`default_holidays_path`) into a calendar."""
    return calendar_from_rows(read_holidays(path))
