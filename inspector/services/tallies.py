"""The yearly figures of the inspectorate, counted by the database from the recorded work.

Why one module: the Thống kê screen, the XLSX/CSV/PDF/DOCX exports, the drafted report text and
the JSON that other tools read must never disagree, so every figure is computed here, once, by
:func:`compute_tally`, inside one read transaction (a consistent snapshot; REPEATABLE READ on
PostgreSQL), into a tree of frozen dataclasses. Everything else only renders that tree.

How it stays fast on a national database (1,000,000 violations; bench/tally.py: a year in under
a second on SQLite): the rows the tally counts carry copies of what it filters and groups by —
the case's day, state, sector, violator and inspection on violations, seized items and
decisions; the establishment's sector, kind and place on visits, violations and decisions; the
decision's state, day, amount and sector on payments; the year of each date — kept in step by
the database's triggers (migration 0006; no service writes them). Each section is then one or
two GROUP BYs over one covering index (``ix_*_tally_*`` in inspector.store.models): by the year
and then the section's keys, so that distinct establishments are counted in index order without
a sort; by a range of days; or by the inspections of the period. No query joins another table's
hundred thousand rows. tests/services/test_tallies_property.py and test_tallies_writers.py
compare every figure with a plain recount from the source columns, after writes through every
path.

What is counted, and on which date (the period is inclusive at both ends; docs/tally-json.md
says the same for the JSON readers):

* inspections and checks: by the day they start (``inspections.start_date``);
* establishments inspected, compliant, reminded: by the day of the visit; an establishment
  visited twice counts once;
* cases, violations, warnings, establishments with violations, seized items, remedial measures:
  by the day the case was opened; cancelled cases are left out;
* violation records: by the day they were made (issued records only);
* sanction decisions and fines imposed: by the day of issue, decisions in force only
  (:func:`inspector.domain.states.in_force`: not drafts, annulled ones, nor the decisions that
  correct, amend or annul another; a corrected decision keeps its fine, an amended one counts
  with its new amount); fines collected are the payments on those decisions made
  by the end of the period (at most the decision's amount), outstanding is the rest;
* cases transferred: by the day of transfer (or of opening when that day was not recorded);
* complaints, denunciations and petitions: by the day they were received;
* month by month: the same dates, and the payments received in the month.
"""

from __future__ import annotations

import gc
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from inspector.domain.competence import department_inspectorate_on
from inspector.domain.law import LawError, format_citation, parse_provision_key
from inspector.domain.places import REFORM_DAY
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_LABELS_VI, SECTOR_SHORT_VI, SECTORS
from inspector.domain.states import in_force_sql
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError, ValidationError
from inspector.services.inspections import INSPECTION_KIND_LABELS_VI, INSPECTION_MODE_LABELS_VI
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    REMEDIAL_PREDICATE,
    TRANSFERRED_PREDICATE,
    Case,
    Complaint,
    Establishment,
    Inspection,
    InspectionMember,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    ViolationRecord,
    Visit,
)

__all__ = [
    "BUSINESS_KIND_LABELS_VI",
    "DISPOSAL_LABELS_VI",
    "AreaFigures",
    "Headline",
    "InspectionFigures",
    "KindCount",
    "KindFigures",
    "MonthFigures",
    "Period",
    "ProvisionFigures",
    "RemedialFigures",
    "SectorFigures",
    "SeizedFigures",
    "Tally",
    "TallyCancelled",
    "compute_tally",
    "year_period",
    "year_summary",
]

#: Kinds of establishment the yearly report names (legal.md §5.3); ``None`` falls back on the
#: sector. The establishment stores the code in ``business_kind``.
BUSINESS_KIND_LABELS_VI: dict[str, str] = {
    "isp": "Doanh nghiệp cung cấp dịch vụ Internet",
    "internet_point": "Điểm truy cập Internet công cộng",
    "game_point": "Điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    "telecom_agent": "Điểm đại lý viễn thông",
    "telecom_shop": "Cửa hàng kinh doanh dịch vụ viễn thông",
    "supermarket": "Siêu thị",
    "ict_shop": "Cửa hàng kinh doanh sản phẩm, hàng hóa CNTT-TT",
    "printer": "Cơ sở in",
    "distributor": "Cơ sở phát hành xuất bản phẩm",
    "publisher": "Cơ quan, tổ chức xuất bản bản tin",
}
DISPOSAL_LABELS_VI: dict[str, str] = {
    "held": "Đang tạm giữ", "confiscated": "Tịch thu", "destroyed": "Tiêu hủy",
    "returned": "Trả lại",
}

_RECORD_NOT_ISSUED = ("draft", "cancelled")
_UNKNOWN_AREA = "(không rõ địa bàn)"
_OUTCOMES = ("compliant", "reminded", "violations")


class TallyCancelled(ServiceError):
    """The user stopped the count; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Đã dừng tính thống kê.", "the tally was cancelled")


# --------------------------------------------------------------------------- result tree


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of days; a calendar year is shown as "năm 2015"."""

    start: date
    end: date

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
            and self.start.year == self.end.year

    @property
    def label(self) -> str:
        if self.is_year:
            return f"năm {self.start.year}"
        return (f"từ ngày {self.start.day:02d}/{self.start.month:02d}/{self.start.year} "
                f"đến ngày {self.end.day:02d}/{self.end.month:02d}/{self.end.year}")

    def previous(self) -> Period:
        """The same days one year earlier (29/02 becomes 28/02)."""
        return Period(_year_back(self.start), _year_back(self.end))

    def months(self) -> list[tuple[int, int]]:
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def _year_back(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True, slots=True)
class KindCount:
    """Inspections (thanh tra) or checks (kiểm tra) of one kind."""

    mode: str
    kind: str
    count: int

    @property
    def mode_label(self) -> str:
        return INSPECTION_MODE_LABELS_VI.get(self.mode, self.mode)

    @property
    def kind_label(self) -> str:
        return INSPECTION_KIND_LABELS_VI.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        return f"{self.mode_label} {self.kind_label.lower()}"


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures of a period as the report's first paragraph states them (and compares)."""

    inspections: int = 0
    checks: int = 0
    establishments_inspected: int = 0
    establishments_compliant: int = 0
    establishments_reminded: int = 0
    establishments_with_violations: int = 0
    violation_records: int = 0
    cases: int = 0
    violations: int = 0
    warnings: int = 0
    decisions: int = 0
    fines_imposed: int = 0
    fines_collected: int = 0
    fines_outstanding: int = 0
    cases_transferred: int = 0
    remedial_ordered: int = 0
    remedial_done: int = 0
    complaints: int = 0
    denunciations: int = 0
    petitions: int = 0
    #: Law Art 78, apart from the fines: the late charge accrued by the end of the period on
    #: the decisions above, what of it was paid, what is still owed.
    late_charges: int = 0
    late_charges_collected: int = 0
    late_charges_outstanding: int = 0


@dataclass(frozen=True, slots=True)
class SectorFigures:
    sector: str
    establishments_inspected: int = 0
    establishments_compliant: int = 0
    establishments_reminded: int = 0
    establishments_with_violations: int = 0
    violations: int = 0
    warnings: int = 0
    decisions: int = 0
    fines_imposed: int = 0
    fines_collected: int = 0
    fines_outstanding: int = 0

    @property
    def label(self) -> str:
        return SECTOR_LABELS_VI.get(self.sector, self.sector)

    @property
    def short_label(self) -> str:
        return SECTOR_SHORT_VI.get(self.sector, self.sector)

    @property
    def fines_decided(self) -> int:
        """The name the first version of this module used."""
        return self.fines_imposed


@dataclass(frozen=True, slots=True)
class KindFigures:
    """Establishments of one kind (ISP, Internet point, telecom agent…) within a sector."""

    sector: str
    business_kind: str | None
    establishments_inspected: int = 0
    establishments_compliant: int = 0
    establishments_reminded: int = 0
    establishments_with_violations: int = 0

    @property
    def label(self) -> str:
        return kind_label(self.sector, self.business_kind)


@dataclass(frozen=True, slots=True)
class ProvisionFigures:
    sector: str
    provision_key: str
    citation: str
    description: str
    violations: int = 0
    warnings: int = 0
    fines: int = 0
    violators: int = 0


@dataclass(frozen=True, slots=True)
class SeizedFigures:
    """Items of one kind and unit: how many were seized and what became of them."""

    kind: str
    unit: str
    quantity: int = 0
    held: int = 0
    confiscated: int = 0
    destroyed: int = 0
    returned: int = 0
    records: int = 0


@dataclass(frozen=True, slots=True)
class RemedialFigures:
    code: str
    text: str
    ordered: int = 0
    done: int = 0


@dataclass(frozen=True, slots=True)
class AreaFigures:
    """One commune or ward (and, for periods before 01/7/2025, its former district)."""

    district: str
    commune: str
    establishments_inspected: int = 0
    establishments_with_violations: int = 0
    violations: int = 0
    fines_imposed: int = 0


@dataclass(frozen=True, slots=True)
class MonthFigures:
    year: int
    month: int
    inspections: int = 0
    checks: int = 0
    visits: int = 0
    violations: int = 0
    decisions: int = 0
    fines_imposed: int = 0
    fines_collected: int = 0

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"


@dataclass(frozen=True, slots=True)
class InspectionFigures:
    """One inspection or check started in the period, with its scope and outcome."""

    id: uuid.UUID
    mode: str
    kind: str
    title: str
    sector: str | None
    decision_number: str | None
    decision_date: date | None
    start_date: date
    end_date: date | None
    scope: str
    participating_agencies: str
    planned: bool
    team_head: str
    members: int
    sole_establishment: str = ""
    establishments: int = 0
    by_kind: tuple[KindFigures, ...] = ()
    compliant: int = 0
    reminded: int = 0
    with_violations: int = 0
    violations: int = 0
    warnings: int = 0
    decisions: int = 0
    fines_imposed: int = 0
    provisions: tuple[ProvisionFigures, ...] = ()
    seized: tuple[SeizedFigures, ...] = ()

    @property
    def mode_label(self) -> str:
        return INSPECTION_MODE_LABELS_VI.get(self.mode, self.mode)

    @property
    def kind_label(self) -> str:
        return INSPECTION_KIND_LABELS_VI.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Tally:
    """Everything the Thống kê area, the exports and the drafted report show for a period."""

    period: Period
    previous_period: Period
    headline: Headline
    previous: Headline
    by_kind: tuple[KindCount, ...] = ()
    sectors: tuple[SectorFigures, ...] = ()
    kinds: tuple[KindFigures, ...] = ()
    provisions: tuple[ProvisionFigures, ...] = ()
    seized: tuple[SeizedFigures, ...] = ()
    remedial: tuple[RemedialFigures, ...] = ()
    area_mode: str = "commune"
    areas: tuple[AreaFigures, ...] = ()
    months: tuple[MonthFigures, ...] = ()
    previous_months: tuple[MonthFigures, ...] = ()
    inspections: tuple[InspectionFigures, ...] = ()
    #: the department had its own inspectorate (Chánh Thanh tra Sở) at the period's end, from
    #: the dated caps (``department_inspectorate_on``); after 30/6/2025 the Giám đốc Sở decides
    inspectorate: bool = False

    def sector(self, code: str) -> SectorFigures:
        return next((s for s in self.sectors if s.sector == code), SectorFigures(code))

    def inspections_of(self, mode: str) -> tuple[InspectionFigures, ...]:
        return tuple(i for i in self.inspections if i.mode == mode)


def kind_label(sector: str, business_kind: str | None) -> str:
    if business_kind:
        return BUSINESS_KIND_LABELS_VI.get(business_kind, business_kind)
    return SECTOR_LABELS_VI.get(sector, sector)


# --------------------------------------------------------------------------- helpers

Progress = Callable[[int, int, str], None]

# The tables as Core columns: the tally reads the copies that migration 0006 keeps in step
# (``case_opened_on``, ``case_live``, ``case_violator``… on violations, seized items, decisions;
# the establishment's sector and kind on visits; ``decision_in_force`` on payments), which the
# ORM does not map.
_I = Inspection.__table__.c
_M = InspectionMember.__table__.c
_V = Visit.__table__.c
_E = Establishment.__table__.c
_C = Case.__table__.c
_VI = Violation.__table__.c
_SI = SeizedItem.__table__.c
_SD = SanctionDecision.__table__.c
_PM = Payment.__table__.c
_VR = ViolationRecord.__table__.c
_CO = Complaint.__table__.c
_RAW = String()


def _sector_order(code: str) -> tuple[int, str]:
    return (SECTORS.index(code), code) if code in SECTORS else (len(SECTORS), code)


_KIND_RANK = {kind: rank for rank, kind in enumerate(BUSINESS_KIND_LABELS_VI)}


def _kind_order(sector: str, kind: str | None) -> tuple[tuple[int, str], int, str]:
    rank = _KIND_RANK.get(kind, len(_KIND_RANK)) if kind else -1
    return (_sector_order(sector), rank, kind or "")


def _raw(column: Any) -> ColumnElement[Any]:
    """A date fetched as the driver gives it (ISO text from SQLite, a date from PostgreSQL),
    without SQLAlchemy's per-value conversion; see :func:`_day`."""
    return type_coerce(column, _RAW)


def _key(column: Any) -> ColumnElement[Any]:
    """A UUID key fetched as text: tens of thousands of rows are matched by such keys in Python,
    and text is cheaper to fetch than a UUID object per row (see :func:`_uuid`)."""
    return cast(column, _RAW)


def _fetch(s: Session, statement: Any) -> Sequence[Any]:
    """Every row of ``statement`` as the driver's tuples, in one call: some sections return
    tens of thousands of rows, and building SQLAlchemy rows for them (or fetching them one by
    one) costs more than the counting. The columns are plain values (counts, codes, keys from
    :func:`_raw`) that need no conversion."""
    result = s.connection().execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _yes(column: Any) -> ColumnElement[bool]:
    """A copied boolean that is true (``= 1`` on SQLite, ``= true`` on PostgreSQL), written as an
    equality so the covering indexes that hold it keep their order after it."""
    return column == true()


def _in_force() -> ColumnElement[bool]:
    """The decisions in force: the one predicate of inspector.domain.states (its SQL form)."""
    return text(in_force_sql("sanction_decisions."))  # type: ignore[return-value]


def _n(value: Any) -> int:
    return int(value or 0)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _dated(year: Any, day: Any, p: Period) -> ColumnElement[bool]:
    """``day`` within the period, written so the indexes that lead with the row's copied
    ``year`` serve it: for a calendar year the year alone (after that equality the index's
    next columns come in order, so a GROUP BY counts distinct establishments without a sort;
    a range of days beside it would tempt SQLite's planner to a plain date index); within one
    year that year and the days; across years the years and the days (the same counts, with a
    sort)."""
    if p.is_year:
        return year == p.start.year
    if p.start.year == p.end.year:
        return and_(year == p.start.year, day.between(p.start, p.end))
    return and_(year.between(p.start.year, p.end.year), day.between(p.start, p.end))


def _place(mode: str, commune: Any, former_district: Any, former_commune: Any
           ) -> tuple[str, str]:
    """The area an establishment is counted in, from the copies of its place: before the 2025
    reform its former district and commune (the commune of today when the former one was not
    recorded), afterwards its commune. Queries group by the three columns as stored (the
    order of an index) and each group of them falls in one area."""
    if mode == "former":
        return _area(former_district if former_district is not None else "",
                     former_commune if former_commune is not None else commune)
    return _area("", commune)


def _area(district: Any, commune: Any) -> tuple[str, str]:
    return (district or "", commune or _UNKNOWN_AREA)


class _Steps:
    """Counts the sections done and lets the caller show progress or stop the count."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def __call__(self, label: str) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total, label)
        self.done += 1


class _Describe:
    """The citation and description of each provision key, worked out once per tally."""

    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self.known: dict[str, tuple[str, str]] = {}

    def __call__(self, key: str) -> tuple[str, str]:
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _describe(self.catalog, key)
        return found


def _describe(catalog: Any, key: str) -> tuple[str, str]:
    """The citation and description of a provision, or the key itself when it is unknown."""
    try:
        provision = catalog.provision(key) if catalog is not None else None
    except (LawError, KeyError, ValueError):
        provision = None
    if provision is not None and provision.article_known:
        # the article the department confirmed for a ``?`` key is cited too
        return format_citation(provision.cited_key), provision.description
    try:
        citation = format_citation(key)
    except LawError:
        citation = _uncited(key)
    return citation, provision.description if provision is not None else ""


def _uncited(key: str) -> str:
    """A provision whose article number is not known yet (``174/2013/NĐ-CP:?.3``)."""
    try:
        parsed = parse_provision_key(key)
    except LawError:
        return key
    head = f"điểm {parsed.point} " if parsed.point else ""
    return f"{head}khoản {parsed.clause} (chưa rõ số điều) Nghị định số {parsed.instrument}"


# --------------------------------------------------------------------------- the queries
#
# Each function reads one table's covering indexes (ix_*_tally_* in inspector.store.models):
# by the year and then its own keys (so that COUNT(DISTINCT establishment) reads the rows in
# order, without a sort), by a range of days, or by the inspections of the period; several
# GROUP BYs go to the database as one UNION ALL, and conditional aggregates count several
# figures in one pass. Rows come back as the driver's tuples (:func:`_fetch`). No query joins
# another table's rows of the period. bench/tally.py measures the sections one by one.


def _live_violations(p: Period) -> ColumnElement[bool]:
    return and_(_dated(_VI.case_opened_year, _VI.case_opened_on, p), _yes(_VI.case_live))


def _period_inspections(p: Period) -> Select[Any]:
    return select(_I.id).where(_I.start_date.between(p.start, p.end))


def _visited(s: Session, p: Period, mode: str, *, by_place: bool = True) -> tuple[
        dict[tuple[str, str | None], list[int]], dict[tuple[str, str], int],
        set[tuple[str, str | None, Any]]]:
    """Establishments visited in the period (each once): by sector and kind (inspected,
    compliant), by area, and those whose visit ended with a reminder (sector, kind, who).

    Each visit carries its establishment's sector, kind and place, and the indexes lead with
    the year, then these, then the establishment: each GROUP BY reads its rows in order and
    counts the distinct establishments as they come (no sort). An establishment has one
    sector and kind and one place, so the groups' counts add up to the period's."""
    in_period = _dated(_V.visit_year, _V.visit_date, p)
    est = _V.establishment_id
    kind = (_V.establishment_sector, _V.establishment_kind)
    no_one = cast(null(), _RAW)  # typed: PostgreSQL matches a UNION's columns by type
    parts = [
        select(literal(0), *kind, null(), no_one, func.count(distinct(est)))
        .where(in_period).group_by(*kind),
        select(literal(1), *kind, null(), no_one, func.count(distinct(est)))
        .where(in_period, _V.outcome == "compliant").group_by(*kind),
        select(literal(2), *kind, null(), _key(est), cast(null(), Integer))
        .where(in_period, _V.outcome == "reminded").distinct()]
    if by_place:
        place = (_V.establishment_commune, _V.establishment_former_district,
                 _V.establishment_former_commune)
        parts.append(select(literal(3), *place, no_one, func.count(distinct(est)))
                     .where(in_period).group_by(*place))
    kinds: dict[tuple[str, str | None], list[int]] = {}
    areas: dict[tuple[str, str], int] = {}
    reminded: set[tuple[str, str | None, Any]] = set()
    for tag, a, b, c, who, n in _fetch(s, union_all(*parts)):
        if tag == 0:
            kinds.setdefault((a, b), [0, 0])[0] = n
        elif tag == 1:
            kinds.setdefault((a, b), [0, 0])[1] = n
        elif tag == 2:
            reminded.add((a, b, who))
        else:
            key = _place(mode, a, b, c)
            areas[key] = areas.get(key, 0) + n
    return kinds, areas, reminded


def _reminded_cases(s: Session, p: Period) -> set[tuple[str, str | None, Any]]:
    """(sector, kind, who) of the cases closed as reminded, opened in the period."""
    return {(sector, kind, who) for sector, kind, who in _fetch(
        s, select(_C.sector, _E.business_kind, _key(func.coalesce(_C.establishment_id, _C.id)))
        .select_from(Case.__table__)
        .outerjoin(Establishment.__table__, _E.id == _C.establishment_id)
        .where(_C.opened_on.between(p.start, p.end), _C.status == "reminded"))}


def _violators(s: Session, p: Period, mode: str, *, by_kind: bool = True) -> tuple[
        dict[str, tuple[int, int, int]], dict[tuple[str, str | None], int],
        dict[tuple[str, str], list[int]], tuple[int, int, int]]:
    """Violations of the cases opened in the period: per sector (violators, violations,
    warnings), per sector and kind of establishment (violators), per area (violators,
    violations) and for the whole period (violators, violations, warnings).

    A violator's kind and place are those of its establishment (copied onto each violation),
    so within a sector it falls in one kind, and in one area: the sectors' violators add up
    from the kinds', the period's from the areas'. Each GROUP BY reads an index in order."""
    in_period = _live_violations(p)
    who = _VI.case_violator
    place = (_VI.establishment_commune, _VI.establishment_former_district,
             _VI.establishment_former_commune)
    per_place = (select(literal(1), *place, func.count(distinct(who)).label("violators"),
                        func.count().label("n"), func.sum(_flag(_VI.warning)).label("w"))
                 .where(in_period).group_by(*place))
    if not by_kind:  # the period's totals only: add the areas up in SQL
        totals = per_place.subquery().c
        v, n, w = s.execute(select(*(func.coalesce(func.sum(c), 0) for c in (
            totals.violators, totals.n, totals.w)))).one()
        return {}, {}, {}, (v, n, w)
    kind = (_VI.case_sector, _VI.establishment_kind)
    parts = [select(literal(0), *kind, null(), func.count(distinct(who)), func.count(),
                    func.sum(_flag(_VI.warning)))
             .where(in_period).group_by(*kind), per_place]
    sectors: dict[str, tuple[int, int, int]] = {}
    kinds: dict[tuple[str, str | None], int] = {}
    areas: dict[tuple[str, str], list[int]] = {}
    everyone = [0, 0, 0]
    for tag, a, b, c, violators, n, w in _fetch(s, union_all(*parts)):
        if tag == 0:
            kinds[(a, b)] = violators
            v0, n0, w0 = sectors.get(a, (0, 0, 0))
            sectors[a] = (v0 + violators, n0 + n, w0 + w)
        else:
            acc = areas.setdefault(_place(mode, a, b, c), [0, 0])
            acc[0] += violators
            acc[1] += n
            everyone[0] += violators
            everyone[1] += n
            everyone[2] += w
    return sectors, kinds, areas, (everyone[0], everyone[1], everyone[2])


def _provisions(s: Session, p: Period, describe: _Describe) -> list[ProvisionFigures]:
    out = []
    for sector, key, n, w, amount, violators in _fetch(
            s, select(_VI.case_sector, _VI.provision_key, func.count(),
                      func.sum(_flag(_VI.warning)), func.sum(_VI.amount),
                      func.count(distinct(_VI.case_violator)))
            .where(_live_violations(p)).group_by(_VI.case_sector, _VI.provision_key)):
        citation, description = describe(key)
        out.append(ProvisionFigures(sector, key, citation, description, n, w, amount,
                                    violators))
    out.sort(key=lambda f: (_sector_order(f.sector), -f.violations, f.provision_key))
    return out


def _decisions(s: Session, p: Period, mode: str, *, detailed: bool = True) -> tuple[
        dict[str, tuple[int, int, int]], dict[Any, tuple[int, int]], dict[tuple[str, str], int]]:
    """Decisions in force issued in the period: per sector of the case (count, imposed,
    collected), per day of issue (count, imposed) and per area of the case's establishment
    (imposed). Without ``detailed``: the whole period under the sector ``""`` and the days.

    Collected: the payments made by the end of the period, at most each decision's amount.
    """
    in_force = _in_force()
    in_period = and_(_dated(_SD.issued_year, _SD.issued_on, p), in_force)
    total = func.sum(_SD.total_amount)
    parts = [select(literal(1), null(), null(), null(), _raw(_SD.issued_on), func.count(), total)
             .where(_SD.issued_on.between(p.start, p.end), in_force)
             .group_by(_SD.issued_on)]  # by day: the index of the days
    if detailed:
        place = (_SD.establishment_commune, _SD.establishment_former_district,
                 _SD.establishment_former_commune)
        parts += [
            select(literal(0), _SD.case_sector, null(), null(), null(), func.count(), total)
            .where(in_period).group_by(_SD.case_sector),
            select(literal(2), *place, null(), func.count(), total)
            .where(in_period).group_by(*place)]
    sectors: dict[str, tuple[int, int, int]] = {}
    days: dict[Any, tuple[int, int]] = {}
    areas: dict[tuple[str, str], int] = {}
    collected = _collected(s, p, by_sector=detailed)
    for tag, a, b, c, day, n, imposed in _fetch(s, union_all(*parts)):
        if tag == 0:
            sectors[a] = (n, imposed, collected.get(a, 0))
        elif tag == 1:
            days[day] = (n, imposed)
        else:
            key = _place(mode, a, b, c)
            areas[key] = areas.get(key, 0) + imposed
    if not detailed:
        sectors[""] = (sum(v[0] for v in days.values()), sum(v[1] for v in days.values()),
                       sum(collected.values()))
    return sectors, days, areas


def _collected(s: Session, p: Period, by_sector: bool = True) -> dict[str, int]:
    """Per sector of the case (or the whole period under ``""``): the payments made by the end
    of the period on the decisions in force issued in it, at most each decision's amount (each
    decision's payments come together in the index, so the cap needs no sort)."""
    per_decision = (
        select(func.max(_PM.case_sector).label("sector"),
               func.max(_PM.decision_total).label("total"), func.sum(_PM.amount).label("paid"))
        .where(_yes(_PM.decision_in_force), _PM.decision_issued_on.between(p.start, p.end),
               _PM.paid_on <= p.end)
        .group_by(_PM.decision_issued_on, _PM.decision_id).subquery("paid"))
    c = per_decision.c
    capped = case((c.paid > c.total, c.total), else_=c.paid)
    if not by_sector:
        return {"": _n(s.scalar(select(func.sum(capped))))}
    return {sector: _n(got) for sector, got in _fetch(
        s, select(c.sector, func.sum(capped)).group_by(c.sector))}


def _late_charges(s: Session, p: Period, rules: Any) -> tuple[int, int, int]:
    """The late charge (Law Art 78) on the decisions in force issued in the period, as at its
    end (or today, when the period runs on into the future: no charge is counted for days to
    come): accrued, paid and owed, by :func:`inspector.domain.money.settle` (the register's
    rule). Only decisions with a due date (or an instalment) before that day can owe one."""
    from inspector.domain.money import settle

    until = min(p.end, clock.today())

    decisions = {str(i): (total, _day(due), inst) for i, total, due, inst in s.execute(
        select(_key(_SD.id), _SD.total_amount, _raw(_SD.due_date),
               SanctionDecision.__table__.c.instalments)
        .where(_dated(_SD.issued_year, _SD.issued_on, p), _in_force(),
               # an instalment plan's due_date is its last instalment: an earlier one may
               # already be late (Art 79), so plans are always read
               or_(_SD.due_date < until, cast(_SD.instalments, String) != "[]"),
               _SD.total_amount > 0))}
    if not decisions:
        return 0, 0, 0
    paid: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for decision_id, when, amount in _fetch(
            s, select(_key(_PM.decision_id), _raw(_PM.paid_on), _PM.amount)
            .where(_yes(_PM.decision_in_force), _PM.decision_issued_on.between(p.start, p.end),
                   _PM.paid_on <= until)):
        if decision_id in decisions:
            day = _day(when)
            assert day is not None
            paid[decision_id].append((day, _n(amount)))
    due = collected = 0
    for decision_id, (total, due_date, instalments) in decisions.items():
        assert due_date is not None
        schedule = ([(date.fromisoformat(i["due"]), int(i["amount"])) for i in instalments]
                    if instalments else [(due_date, total)])
        rate = rules.value("late_charge_per_day_basis_points", min(d for d, _ in schedule))
        money = settle(total, schedule, paid.get(decision_id, []), until, rate.value)
        due += money.charge
        collected += money.charge_paid
    return due, collected, due - collected


def _charge_fields(s: Session, p: Period, rules: Any) -> dict[str, int]:
    if rules is None:
        return {}
    due, collected, owed = _late_charges(s, p, rules)
    return {"late_charges": due, "late_charges_collected": collected,
            "late_charges_outstanding": owed}


def _by_place_name(items: Iterable[tuple[tuple[str, str], Any]]
                   ) -> list[tuple[tuple[str, str], Any]]:
    """Areas in Vietnamese dictionary order of district, then commune (a national database has
    tens of thousands of areas and a few thousand distinct names)."""
    listed = list(items)
    names = {name for (district, commune), _ in listed for name in (district, commune)}
    # Rank the distinct names once; the areas then sort by two integers. Names whose keys are
    # equal (they differ only in case or spacing) share a rank, as they compared equal before.
    rank: dict[str, int] = {}
    position, last = -1, None
    for name in sorted(names, key=_collation_key):
        key = _collation_key(name)
        if key != last:
            position, last = position + 1, key
        rank[name] = position
    return sorted(listed, key=lambda kv: (rank[kv[0][0]], rank[kv[0][1]]))


@lru_cache(maxsize=16384)
def _collation_key(name: str) -> Any:
    """The Vietnamese collation key of a place name, remembered: the same few thousand names
    come back in every tally, and each key takes some microseconds to work out."""
    from inspector.domain.text import sort_key

    return sort_key(name)


def _seized_rows(rows: Iterable[Any]) -> list[SeizedFigures]:
    acc: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, unit, disposal, quantity, records in rows:
        item = acc[(kind, unit)]
        item["quantity"] += _n(quantity)
        item["records"] += _n(records)
        if disposal in DISPOSAL_LABELS_VI:
            item[disposal] += _n(quantity)
    return [SeizedFigures(kind, unit, v["quantity"], v["held"], v["confiscated"],
                          v["destroyed"], v["returned"], v["records"])
            for (kind, unit), v in sorted(acc.items(), key=lambda kv: (-kv[1]["quantity"], kv[0]))]


def _seized(s: Session, p: Period) -> list[SeizedFigures]:
    return _seized_rows(s.execute(
        select(_SI.kind, _SI.unit, _SI.disposal, func.sum(_SI.quantity), func.count())
        .where(_SI.case_opened_on.between(p.start, p.end), _yes(_SI.case_live))
        .group_by(_SI.kind, _SI.unit, _SI.disposal)))


def measure_done(measure: dict[str, Any]) -> bool:
    """A remedial measure counts as carried out when its entry records so (``done_on`` or
    ``carried_out``)."""
    return bool(measure.get("done_on") or measure.get("carried_out"))


def _remedial(s: Session, p: Period) -> list[RemedialFigures]:
    """Remedial measures ordered in the violations of the period, and those carried out; the
    most ordered first (equal counts by code).

    The measures live in a JSON list on each violation; only the few non-empty lists are read,
    through a partial index whose predicate the query repeats.
    """
    acc: dict[str, list[Any]] = {}
    for measures in s.scalars(  # a few thousand JSON lists, decoded by their column type
            select(Violation.__table__.c.remedial_measures)
            .where(_VI.case_opened_on.between(p.start, p.end), _yes(_VI.case_live),
                   text(f"({REMEDIAL_PREDICATE})"))):
        for m in measures or []:
            if not isinstance(m, dict):
                continue
            code = str(m.get("code") or m.get("text") or "?")
            item = acc.setdefault(code, [str(m.get("text") or code), 0, 0])
            item[1] += 1
            item[2] += 1 if measure_done(m) else 0
    return [RemedialFigures(code, text_, ordered, done)
            for code, (text_, ordered, done) in sorted(acc.items(),
                                                       key=lambda kv: (-kv[1][1], kv[0]))]


def _counts(s: Session, p: Period) -> dict[str, int]:
    """The headline figures that are plain counts of one table each."""
    start, end = p.start, p.end
    out = {"cases": _n(s.scalar(select(func.count()).select_from(Case.__table__).where(
        _C.opened_on.between(start, end), _C.status != "cancelled")))}
    out["violation_records"] = _n(s.scalar(
        select(func.count()).select_from(ViolationRecord.__table__)
        .where(_VR.made_on.between(start, end), _VR.status.notin_(_RECORD_NOT_ISSUED))))
    out["cases_transferred"] = _n(s.scalar(
        select(func.count()).select_from(Case.__table__)
        .where(func.coalesce(_C.transferred_on, _C.opened_on).between(start, end),
               _C.status != "cancelled", text(f"({TRANSFERRED_PREDICATE})"))))
    for kind, n in _fetch(s, select(_CO.kind, func.count())
                             .where(_CO.received_on.between(start, end)).group_by(_CO.kind)):
        out[kind] = _n(n)
    return out


def _day_counts(s: Session, p: Period, with_inspections: bool
                ) -> dict[str, list[tuple[Any, Any]]]:
    """Per day of the period: visits, violations (by the case's day), payments received on
    decisions in force, and (for the previous period) inspections and checks started."""
    start, end = p.start, p.end
    out: dict[str, list[tuple[Any, Any]]] = {
        "visits": list(s.execute(select(_raw(_V.visit_date), func.count())
                                 .where(_V.visit_date.between(start, end))
                                 .group_by(_V.visit_date))),
        "violations": list(s.execute(select(_raw(_VI.case_opened_on), func.count())
                                     .where(_VI.case_opened_on.between(start, end),
                                            _yes(_VI.case_live))
                                     .group_by(_VI.case_opened_on))),
        "fines_collected": list(s.execute(
            select(_raw(_PM.paid_on), func.sum(_PM.amount))
            .where(_PM.paid_on.between(start, end), _yes(_PM.decision_in_force))
            .group_by(_PM.paid_on))),
    }
    if with_inspections:
        inspections: list[tuple[Any, Any]] = []
        checks: list[tuple[Any, Any]] = []
        for when, mode, n in _fetch(s,
                select(_raw(_I.start_date), _I.mode, func.count())
                .where(_I.start_date.between(start, end)).group_by(_I.start_date, _I.mode)):
            (inspections if mode == "thanh_tra" else checks).append((when, n))
        out["inspections"], out["checks"] = inspections, checks
    return out


def _months(p: Period, days: Mapping[str, Iterable[tuple[Any, Any]]]) -> list[MonthFigures]:
    """Per-day figures summed by month (grouping by day keeps SQL free of date functions that
    differ between SQLite and PostgreSQL)."""
    acc: dict[tuple[int, int], dict[str, int]] = {ym: defaultdict(int) for ym in p.months()}
    for name, rows in days.items():
        for when, value in rows:
            day = _day(when)
            if day is not None and (day.year, day.month) in acc:
                acc[(day.year, day.month)][name] += _n(value)
    return [MonthFigures(y, m, **dict(v)) for (y, m), v in acc.items()]


def _previous(s: Session, p: Period, rules: Any = None) -> tuple[Headline, list[MonthFigures]]:
    """The headline and the months of a period whose sections are not shown (the previous
    year, for the comparison): the same queries as the period's sections, without the
    groupings only the sections show."""
    visited, _areas, reminded = _visited(s, p, "commune", by_place=False)
    _sectors, _kinds, _by_area, (violators, violations, warnings) = _violators(
        s, p, "commune", by_kind=False)
    reminded |= _reminded_cases(s, p)
    money, decision_days, _places = _decisions(s, p, "commune", detailed=False)
    decisions, imposed, collected = money[""]
    remedial = _remedial(s, p)
    counts = _counts(s, p)
    days = _day_counts(s, p, with_inspections=True)
    days["decisions"] = [(day, v[0]) for day, v in decision_days.items()]
    days["fines_imposed"] = [(day, v[1]) for day, v in decision_days.items()]
    return Headline(
        inspections=sum(n for _day_, n in days["inspections"]),
        checks=sum(n for _day_, n in days["checks"]),
        establishments_inspected=sum(v[0] for v in visited.values()),
        establishments_compliant=sum(v[1] for v in visited.values()),
        establishments_reminded=len({who for _s, _k, who in reminded}),
        establishments_with_violations=violators,
        violation_records=counts["violation_records"], cases=counts["cases"],
        violations=violations, warnings=warnings, decisions=decisions,
        fines_imposed=imposed, fines_collected=collected, fines_outstanding=imposed - collected,
        cases_transferred=counts["cases_transferred"],
        remedial_ordered=sum(r.ordered for r in remedial),
        remedial_done=sum(r.done for r in remedial),
        complaints=counts.get("complaint", 0), denunciations=counts.get("denunciation", 0),
        petitions=counts.get("petition", 0),
        **_charge_fields(s, p, rules)), _months(p, days)


def _inspections(s: Session, p: Period, rows: Sequence[Any], describe: _Describe
                 ) -> list[InspectionFigures]:
    """Each inspection or check started in the period (``rows``, in order), with its team,
    scope and outcome: the visits of the inspection, whatever their day, and the cases of those
    visits (decisions issued by the end of the period).

    A national year has thousands of inspections with tens of thousands of kinds and provisions
    below them; the loops here only build the result objects, every count is made by SQL.
    """
    if not rows:
        return []
    ids = _period_inspections(p)
    heads: dict[Any, str] = {}
    members: dict[Any, int] = defaultdict(int)
    for inspection_id, role, name in _fetch(s,
            select(_key(_M.inspection_id), _M.role, _M.full_name)
            .where(_M.inspection_id.in_(ids))):
        members[inspection_id] += 1
        if role == "head":
            heads[inspection_id] = name
    # Establishments by kind (the establishment's sector and kind as copied onto the visits):
    # distinct establishments, and visits by outcome, which are distinct establishments too in
    # every group where no establishment was visited twice (the count of visits equals the
    # count of establishments); the rare other groups are counted again, distinctly.
    key = (_V.inspection_id, _V.establishment_sector, _V.establishment_kind)
    grouped = _fetch(s, select(
        _key(_V.inspection_id), _V.establishment_sector, _V.establishment_kind,
        func.count(distinct(_V.establishment_id)),
        *(func.sum(_flag(_V.outcome == outcome)) for outcome in _OUTCOMES), func.count())
        .where(_V.inspection_id.in_(ids)).group_by(*key))
    again = sorted({row[0] for row in grouped if row[-1] != row[3]})
    recounted: dict[tuple[Any, str, str | None], tuple[int, ...]] = {}
    for chunk in range(0, len(again), 500):
        for iid, sector, kind, *by_outcome in _fetch(s, select(
                _key(_V.inspection_id), _V.establishment_sector, _V.establishment_kind,
                *(func.count(distinct(case((_V.outcome == outcome, _V.establishment_id))))
                  for outcome in _OUTCOMES))
                .where(_V.inspection_id.in_([_uuid(i) for i in again[chunk:chunk + 500]]))
                .group_by(*key)):
            recounted[(iid, sector, kind)] = tuple(by_outcome)
    kinds: dict[Any, list[KindFigures]] = {}
    visited: dict[Any, list[int]] = {}
    for iid, sector, kind, n, compliant, reminded, violating, visits in grouped:
        if visits != n:
            compliant, reminded, violating = recounted[(iid, sector, kind)]
        found = kinds.get(iid)
        if found is None:
            found = kinds[iid] = []
            visited[iid] = [0, 0, 0]
        found.append(KindFigures(sector, kind, n, compliant, reminded, violating))
        totals = visited[iid]
        totals[0] += n
        totals[1] += compliant
        totals[2] += reminded
    rank: dict[tuple[str, str | None], tuple[int, str, str]] = {}

    def kind_rank(k: KindFigures) -> tuple[int, str, str]:
        key = (k.sector, k.business_kind)
        found = rank.get(key)
        if found is None:
            found = rank[key] = (*_kind_order(k.sector, k.business_kind)[1:], k.sector)
        return found

    for found in kinds.values():
        if len(found) > 1:
            found.sort(key=kind_rank)
    single = [iid for iid, totals in visited.items() if totals[0] == 1]
    sole: dict[Any, str] = {}
    for chunk in range(0, len(single), 500):
        sole.update(s.execute(
            select(_key(_V.inspection_id), func.min(_E.name))
            .join_from(Visit.__table__, Establishment.__table__, _E.id == _V.establishment_id)
            .where(_V.inspection_id.in_([_uuid(i) for i in single[chunk:chunk + 500]]))
            .group_by(_V.inspection_id)).all())
    # Cases of the visits: violators, violations, warnings; then by provision.
    in_period = and_(_VI.case_inspection_id.in_(ids), _yes(_VI.case_live))
    cases: dict[Any, tuple[int, int, int]] = {
        iid: (violators, n, w or 0) for iid, violators, n, w in _fetch(s,
            select(_key(_VI.case_inspection_id), func.count(distinct(_VI.case_violator)),
                   func.count(), func.sum(_flag(_VI.warning)))
            .where(in_period).group_by(_VI.case_inspection_id))}
    provisions: dict[Any, list[ProvisionFigures]] = {}
    cited = describe.known
    for iid, sector, key, n, w, amount, violators in _fetch(s,
            select(_key(_VI.case_inspection_id), _VI.case_sector, _VI.provision_key,
                   func.count(), func.sum(_flag(_VI.warning)), func.sum(_VI.amount),
                   func.count(distinct(_VI.case_violator)))
            .where(in_period)
            .group_by(_VI.case_inspection_id, _VI.case_sector, _VI.provision_key)):
        citation, description = cited.get(key) or describe(key)
        figures = ProvisionFigures(sector, key, citation, description, n, w or 0, amount or 0,
                                   violators)
        found_p = provisions.get(iid)
        if found_p is None:
            provisions[iid] = [figures]
        else:
            found_p.append(figures)
    for found_p in provisions.values():
        if len(found_p) > 1:
            found_p.sort(key=_provision_rank)
    decisions: dict[Any, tuple[int, int]] = {
        iid: (n, amount or 0) for iid, n, amount in _fetch(s,
            select(_key(_SD.case_inspection_id), func.count(), func.sum(_SD.total_amount))
            .where(_SD.case_inspection_id.in_(ids), _in_force(), _SD.issued_on <= p.end)
            .group_by(_SD.case_inspection_id))}
    seized_rows: dict[Any, list[Any]] = defaultdict(list)
    for iid, *rest in _fetch(s,
            select(_key(_SI.case_inspection_id), _SI.kind, _SI.unit, _SI.disposal,
                   func.sum(_SI.quantity), func.count())
            .where(_SI.case_inspection_id.in_(ids), _yes(_SI.case_live))
            .group_by(_SI.case_inspection_id, _SI.kind, _SI.unit, _SI.disposal)):
        seized_rows[iid].append(rest)
    seized = {iid: tuple(_seized_rows(found_s)) for iid, found_s in seized_rows.items()}
    out = []
    nothing = (0, 0, 0)
    for (key, mode, kind, title, sector, decision_number, decision_date, start_date, end_date,
         scope, agencies, planned) in rows:
        violators, n, w = cases.get(key, nothing)
        count, amount = decisions.get(key, (0, 0))
        establishments, compliant, reminded = visited.get(key, nothing)
        out.append(InspectionFigures(
            id=_uuid(key), mode=mode, kind=kind, title=title, sector=sector,
            decision_number=decision_number, decision_date=decision_date,
            start_date=start_date, end_date=end_date, scope=scope or "",
            participating_agencies=agencies or "", planned=bool(planned),
            team_head=heads.get(key, ""), members=members.get(key, 0),
            sole_establishment=sole.get(key, ""), establishments=establishments,
            by_kind=tuple(kinds.get(key, ())), compliant=compliant, reminded=reminded,
            with_violations=violators, violations=n, warnings=w, decisions=count,
            fines_imposed=amount, provisions=tuple(provisions.get(key, ())),
            seized=seized.get(key, ())))
    return out


def _provision_rank(f: ProvisionFigures) -> tuple[int, str, str]:
    """An inspection's provisions: the most violated first (equal counts by key, then sector)."""
    return (-f.violations, f.provision_key, f.sector)


# --------------------------------------------------------------------------- entry point

STEPS = ("hoạt động thanh tra, kiểm tra", "số liệu tổng hợp", "lĩnh vực", "hành vi vi phạm",
         "tang vật", "biện pháp khắc phục", "địa bàn", "theo tháng", "các cuộc thanh tra",
         "năm trước")


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the tally runs.

    A national year makes a few hundred thousand short-lived tuples and result objects, none in
    a reference cycle; meanwhile the collector would walk every object of the process again
    and again (a sixth of the tally's time on bench/tally.py). Reference counting still frees
    everything at once; the collector resumes, as it was, when the tally ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_period(start: date, end: date) -> Period:
    """Refuse an empty or absurd range with a message for the user."""
    if start > end:
        raise ValidationError(
            f"Ngày bắt đầu ({start:%d/%m/%Y}) sau ngày kết thúc ({end:%d/%m/%Y}).",
            f"the start ({start.isoformat()}) is after the end ({end.isoformat()})", field="start")
    if start.year < 2000 or end.year > 2100:
        raise ValidationError("Khoảng thời gian phải trong các năm 2000–2100.",
                              "the period must lie within the years 2000-2100", field="start")
    return Period(start, end)


def compute_tally(db: Database, actor: Actor, start: date, end: date,
                  progress: Progress | None = None) -> Tally:
    """Count everything for the period ``start``–``end`` (inclusive) in one read transaction.

    ``progress(done, total, label)`` is called before each section; it may raise (e.g.
    :class:`TallyCancelled`) to stop the count. Requires the VIEW permission.
    """
    actor.require(Permission.VIEW)
    period = check_period(start, end)
    try:
        from inspector.services.law import law_data

        law = law_data(db)
        catalog: Any = law.catalog
        rules: Any = law.rules
    except ServiceError:
        catalog = rules = None
    with _cycle_collector_paused():
        return _count(db, actor, period, catalog, progress, rules)


def _count(db: Database, actor: Actor, period: Period, catalog: Any,
           progress: Progress | None, rules: Any = None) -> Tally:
    previous = period.previous()
    describe = _Describe(catalog)
    step = _Steps(len(STEPS), progress)
    # From 01/7/2025 communes are the only level under the province (legal.md §7); older
    # periods are grouped by the former district and commune as they were then.
    area_mode = "former" if period.end < REFORM_DAY else "commune"
    with UnitOfWork(db, actor, read_only=True) as uow:
        s = uow.session
        if not db.is_sqlite:
            # One snapshot for every query, as SQLite's read transaction gives: PostgreSQL's
            # default (READ COMMITTED) would let each query see the commits made meanwhile.
            s.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                            "postgresql_readonly": True})
        step(STEPS[0])
        rows = s.execute(
            select(_key(_I.id), _I.mode, _I.kind, _I.title, _I.sector, _I.decision_number,
                   _I.decision_date, _I.start_date, _I.end_date, _I.scope,
                   _I.participating_agencies, _I.plan_id.is_not(None))
            .where(_I.start_date.between(period.start, period.end))
            .order_by(_I.start_date, _I.title, _I.id)).all()
        kind_counts: dict[tuple[str, str], int] = defaultdict(int)
        started: dict[str, list[tuple[Any, int]]] = {"inspections": [], "checks": []}
        for row in rows:
            kind_counts[(row[1], row[2])] += 1
            started["inspections" if row[1] == "thanh_tra" else "checks"].append((row[7], 1))
        by_kind = [KindCount(mode, kind, n) for (mode, kind), n in kind_counts.items()]
        kind_rank = list(INSPECTION_KIND_LABELS_VI)
        by_kind.sort(key=lambda k: (k.mode != "thanh_tra", kind_rank.index(k.kind)
                                    if k.kind in kind_rank else 9, k.kind))
        step(STEPS[1])
        counts = _counts(s, period)
        reminded = _reminded_cases(s, period)
        step(STEPS[2])
        visited, visited_areas, reminded_visits = _visited(s, period, area_mode)
        reminded |= reminded_visits
        sector_violations, kind_violators, violator_areas, everyone = _violators(
            s, period, area_mode)
        step(STEPS[3])
        provisions = _provisions(s, period, describe)
        step(STEPS[4])
        seized = _seized(s, period)
        step(STEPS[5])
        remedial = _remedial(s, period)
        step(STEPS[6])
        money, decision_days, fine_areas = _decisions(s, period, area_mode)
        step(STEPS[7])
        days: dict[str, Any] = {**_day_counts(s, period, with_inspections=False), **started}
        days["decisions"] = [(day, v[0]) for day, v in decision_days.items()]
        days["fines_imposed"] = [(day, v[1]) for day, v in decision_days.items()]
        months = _months(period, days)
        step(STEPS[8])
        inspections = _inspections(s, period, rows, describe)
        step(STEPS[9])
        previous_headline, previous_months = _previous(s, previous, rules)
    if progress is not None:
        progress(step.total, step.total, "xong")
    # Establishments by kind: visited (inspected, compliant), violators, reminded.
    reminded_by_kind: dict[tuple[str, str | None], set[Any]] = defaultdict(set)
    reminded_by_sector: dict[str, set[Any]] = defaultdict(set)
    for sector, kind, who in reminded:
        reminded_by_kind[(sector, kind)].add(who)
        reminded_by_sector[sector].add(who)
    kind_keys = {**dict.fromkeys(visited), **dict.fromkeys(kind_violators),
                 **dict.fromkeys(reminded_by_kind)}
    kinds = []
    for sector, kind in sorted(kind_keys, key=lambda k: _kind_order(*k)):
        inspected, compliant = visited.get((sector, kind)) or (0, 0)
        kinds.append(KindFigures(sector, kind, inspected, compliant,
                                 len(reminded_by_kind.get((sector, kind), ())),
                                 kind_violators.get((sector, kind), 0)))
    per_sector: dict[str, list[int]] = {}
    for k in kinds:
        acc = per_sector.setdefault(k.sector, [0, 0])
        acc[0] += k.establishments_inspected
        acc[1] += k.establishments_compliant
    codes = set(per_sector) | set(sector_violations) | set(reminded_by_sector) | set(money)
    sectors = []
    for code in sorted(codes, key=_sector_order):
        count, imposed, collected = money.get(code, (0, 0, 0))
        who, n, w = sector_violations.get(code, (0, 0, 0))
        inspected, compliant = per_sector.get(code, (0, 0))
        sectors.append(SectorFigures(
            sector=code, establishments_inspected=inspected, establishments_compliant=compliant,
            establishments_reminded=len(reminded_by_sector.get(code, ())),
            establishments_with_violations=who, violations=n, warnings=w, decisions=count,
            fines_imposed=imposed, fines_collected=collected,
            fines_outstanding=imposed - collected))
    area_acc: dict[tuple[str, str], list[int]] = {}
    for key, n in visited_areas.items():
        area_acc.setdefault(key, [0, 0, 0, 0])[0] += n
    for key, (who, n) in violator_areas.items():
        acc4 = area_acc.setdefault(key, [0, 0, 0, 0])
        acc4[1] += who
        acc4[2] += n
    for key, amount in fine_areas.items():
        area_acc.setdefault(key, [0, 0, 0, 0])[3] += amount
    areas = [AreaFigures(d, c, *v) for (d, c), v in _by_place_name(area_acc.items())]
    imposed = sum(v[1] for v in money.values())
    collected = sum(v[2] for v in money.values())
    headline = Headline(
        inspections=len(started["inspections"]), checks=len(started["checks"]),
        establishments_inspected=sum(v[0] for v in visited.values()),
        establishments_compliant=sum(v[1] for v in visited.values()),
        establishments_reminded=len({who for _s, _k, who in reminded}),
        establishments_with_violations=everyone[0],
        violation_records=counts["violation_records"], cases=counts["cases"],
        violations=everyone[1], warnings=everyone[2],
        decisions=sum(v[0] for v in money.values()), fines_imposed=imposed,
        fines_collected=collected, fines_outstanding=imposed - collected,
        cases_transferred=counts["cases_transferred"],
        remedial_ordered=sum(r.ordered for r in remedial),
        remedial_done=sum(r.done for r in remedial),
        complaints=counts.get("complaint", 0), denunciations=counts.get("denunciation", 0),
        petitions=counts.get("petition", 0), **_charge_fields(s, period, rules))
    return Tally(
        period=period, previous_period=previous, headline=headline, previous=previous_headline,
        by_kind=tuple(by_kind), sectors=tuple(sectors), kinds=tuple(kinds),
        provisions=tuple(provisions), seized=tuple(seized), remedial=tuple(remedial),
        area_mode=area_mode, areas=tuple(areas), months=tuple(months),
        previous_months=tuple(previous_months), inspections=tuple(inspections),
        inspectorate=catalog is not None and department_inspectorate_on(catalog, period.end))


# --------------------------------------------------------------------------- the first version


@dataclass(frozen=True, slots=True)
class YearSummary:
    """The figures of the first Thống kê page, kept for callers written against it."""

    year: int
    inspections_by_kind: dict[str, int] = field(default_factory=dict)
    checks_by_kind: dict[str, int] = field(default_factory=dict)
    sectors: list[SectorFigures] = field(default_factory=list)


def year_summary(db: Database, actor: Actor, year: int) -> YearSummary:
    """A calendar year through :func:`compute_tally` (one source of truth)."""
    tally = compute_tally(db, actor, date(year, 1, 1), date(year, 12, 31))
    return YearSummary(
        year=year,
        inspections_by_kind={k.kind: k.count for k in tally.by_kind if k.mode == "thanh_tra"},
        checks_by_kind={k.kind: k.count for k in tally.by_kind if k.mode == "kiem_tra"},
        sectors=list(tally.sectors))


# --------------------------------------------------------------------------- reports


def report_heading(db: Database, actor: Actor, period: Period) -> Any:
    """Who reports the period: the agency settings and the head signer in office at its end.

    While the department has its own inspectorate (the dated caps of the Chánh Thanh tra Sở:
    until 30/6/2025) the inspectorate reports ("Thanh tra Sở", signed by the Chánh Thanh tra);
    afterwards the department itself (legal.md §5.2). Returns a
    :class:`inspector.reports.heading.ReportHeading`.
    """
    from inspector.reports.heading import ReportHeading
    from inspector.services.agency import get_agency
    from inspector.services.law import law_data
    from inspector.services.signers import head_title, list_signers

    agency = get_agency(db, actor)
    on = period.end
    signers = [s for s in list_signers(db, actor) if not s.is_deputy and s.active_on(on)]
    signer = signers[0] if signers else None
    title = ""
    if signer is not None:
        try:
            title = head_title(db, signer.title_code, on, agency.agency_name)
        except ServiceError:
            title = ""
    position = title.split(" Sở ")[0] if title else ""
    province = f" tỉnh {agency.place_name}" if agency.place_name else ""
    if department_inspectorate_on(law_data(db).catalog, on):
        return ReportHeading(
            superior_agency=agency.agency_name, agency_name="Thanh tra Sở",
            place_name=agency.place_name, number_symbol="BC-TTr",
            signer_title=position or "Chánh Thanh tra", signer_name=signer.full_name if signer
            else "", recipients=("Giám đốc Sở (để báo cáo)", f"Thanh tra{province}",
                                 "Lưu: VT, TTr"),
            full_name=f"Thanh tra {agency.agency_name}{province}".strip())
    return ReportHeading(
        superior_agency=agency.superior_agency, agency_name=agency.agency_name,
        place_name=agency.place_name, number_symbol=f"BC-{agency.agency_short or 'S'}",
        signer_title=position or "Giám đốc", signer_name=signer.full_name if signer else "",
        recipients=(f"Ủy ban nhân dân{province}", f"Thanh tra{province}", "Lưu: VT"),
        full_name=f"{agency.agency_name}{province}".strip())


def export_tally(db: Database, actor: Actor, tally: Tally, fmt: str, path: Any,
                 table: str | None = None) -> Any:
    """Render ``tally`` in ``fmt`` and write it to ``path`` (atomically); returns the path.

    Requires the EXPORT_TALLIES permission (clerks and chiefs; inspectors only view).
    """
    from pathlib import Path

    from inspector.reports.export import FORMATS, render, write_atomically

    actor.require(Permission.EXPORT_TALLIES)
    if fmt not in FORMATS:
        raise ValidationError(f"Định dạng không hỗ trợ: {fmt}.", f"unknown format {fmt!r}")
    heading = report_heading(db, actor, tally.period) if fmt in ("xlsx", "pdf", "docx") else None
    data = render(tally, fmt, heading, table)
    return write_atomically(data, Path(path))
