"""The yearly figures of the inspectorate, counted by the database from the recorded work.

Why one module: the Thống kê screen, the XLSX/CSV/PDF/DOCX exports, the drafted report text and
the JSON that other tools read must never disagree, so every figure is computed here, once, by
:func:`compute_tally`, inside one read transaction (a consistent snapshot), into a tree of frozen
dataclasses. Everything else only renders that tree.

What is counted, and on which date (the period is inclusive at both ends; docs/tally-json.md
says the same for the JSON readers):

* inspections and checks: by the day they start (``inspections.start_date``);
* establishments inspected, compliant, reminded: by the day of the visit; an establishment
  visited twice counts once;
* cases, violations, warnings, establishments with violations, seized items, remedial measures:
  by the day the case was opened; cancelled cases are left out;
* violation records: by the day they were made (issued records only);
* sanction decisions and fines imposed: by the day of issue, decisions in force only (not
  drafts, cancelled or amended ones); fines collected are the payments on those decisions made
  by the end of the period (at most the decision's amount), outstanding is the rest;
* cases transferred: by the day of transfer (or of opening when that day was not recorded);
* complaints, denunciations and petitions: by the day they were received;
* month by month: the same dates, and the payments received in the month.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from inspector.domain.law import LawError, format_citation, parse_provision_key
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_LABELS_VI, SECTOR_SHORT_VI, SECTORS
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError, ValidationError
from inspector.services.register import INSPECTION_KIND_LABELS_VI, INSPECTION_MODE_LABELS_VI
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
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
    "AREA_REFORM_DAY",
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
#: From 01/7/2025 communes are the only level under the province (legal.md §7); older periods
#: are grouped by the former district and commune as they were then.
AREA_REFORM_DAY = date(2025, 7, 1)

_DECISION_NOT_IN_FORCE = ("draft", "cancelled", "amended")
_RECORD_NOT_ISSUED = ("draft", "cancelled")
_UNKNOWN_AREA = "(không rõ địa bàn)"


class TallyCancelled(ServiceError):
    """The user stopped the count; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Đã dừng tính thống kê.", "the tally was cancelled")


# --------------------------------------------------------------------------- result tree


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ProvisionFigures:
    sector: str
    provision_key: str
    citation: str
    description: str
    violations: int = 0
    warnings: int = 0
    fines: int = 0
    violators: int = 0


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class RemedialFigures:
    code: str
    text: str
    ordered: int = 0
    done: int = 0


@dataclass(frozen=True)
class AreaFigures:
    """One commune or ward (and, for periods before 01/7/2025, its former district)."""

    district: str
    commune: str
    establishments_inspected: int = 0
    establishments_with_violations: int = 0
    violations: int = 0
    fines_imposed: int = 0


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


def _sector_order(code: str) -> tuple[int, str]:
    return (SECTORS.index(code), code) if code in SECTORS else (len(SECTORS), code)


def _kind_order(sector: str, kind: str | None) -> tuple[tuple[int, str], int, str]:
    kinds = list(BUSINESS_KIND_LABELS_VI)
    rank = kinds.index(kind) if kind in kinds else (len(kinds) if kind else -1)
    return (_sector_order(sector), rank, kind or "")


def _violator() -> ColumnElement[Any]:
    """The violator counted once: the establishment, or the case itself when it has none."""
    return func.coalesce(Case.establishment_id, Case.id)


def _live_case() -> ColumnElement[bool]:
    return Case.status != "cancelled"


def _in_force() -> ColumnElement[bool]:
    return and_(SanctionDecision.status.notin_(_DECISION_NOT_IN_FORCE),
                SanctionDecision.issued_on.is_not(None))


def _n(value: Any) -> int:
    return int(value or 0)


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


# --------------------------------------------------------------------------- sections


def _headline(s: Session, p: Period) -> Headline:
    """The headline figures; the detailed sections sum to them (tests check it)."""
    start, end = p.start, p.end
    modes = dict(s.execute(
        select(Inspection.mode, func.count()).where(Inspection.start_date.between(start, end))
        .group_by(Inspection.mode)).all())
    visits = s.execute(
        select(func.count(distinct(Visit.establishment_id)),
               func.count(distinct(case((Visit.outcome == "compliant", Visit.establishment_id)))))
        .where(Visit.visit_date.between(start, end))).one()
    cases = s.execute(
        select(func.count(distinct(Case.id)), func.count(Violation.id),
               func.sum(case((Violation.warning, 1), else_=0)),
               func.count(distinct(case((Violation.id.is_not(None), _violator())))))
        .select_from(Case).outerjoin(Violation, Violation.case_id == Case.id)
        .where(Case.opened_on.between(start, end), _live_case())).one()
    fines = _decision_money(s, p, ())
    records = s.scalar(select(func.count()).select_from(ViolationRecord).where(
        ViolationRecord.made_on.between(start, end),
        ViolationRecord.status.notin_(_RECORD_NOT_ISSUED)))
    transferred = s.scalar(select(func.count()).select_from(Case).where(
        func.coalesce(Case.transferred_on, Case.opened_on).between(start, end), _live_case(),
        or_(Case.status == "transferred", Case.transferred_to.is_not(None))))
    remedial = _remedial(s, p)
    complaints = dict(s.execute(
        select(Complaint.kind, func.count()).where(Complaint.received_on.between(start, end))
        .group_by(Complaint.kind)).all())
    reminded = _reminded(s, p)
    imposed, collected = fines.get((), (0, 0, 0))[1:]
    return Headline(
        inspections=_n(modes.get("thanh_tra")), checks=_n(modes.get("kiem_tra")),
        establishments_inspected=_n(visits[0]), establishments_compliant=_n(visits[1]),
        establishments_reminded=len({x for _, _, x in reminded}),
        establishments_with_violations=_n(cases[3]), violation_records=_n(records),
        cases=_n(cases[0]), violations=_n(cases[1]), warnings=_n(cases[2]),
        decisions=fines.get((), (0, 0, 0))[0], fines_imposed=imposed, fines_collected=collected,
        fines_outstanding=imposed - collected, cases_transferred=_n(transferred),
        remedial_ordered=sum(r.ordered for r in remedial),
        remedial_done=sum(r.done for r in remedial),
        complaints=_n(complaints.get("complaint")),
        denunciations=_n(complaints.get("denunciation")),
        petitions=_n(complaints.get("petition")),
    )


def _decision_money(s: Session, p: Period, keys: tuple[Any, ...],
                    join_establishment: bool = False) -> dict[tuple[Any, ...], tuple[int, int, int]]:
    """Decisions in force issued in the period: count, fines imposed and collected by ``keys``.

    Collected counts the payments made by the end of the period, at most each decision's amount.
    """
    paid = (select(Payment.decision_id.label("decision_id"),
                   func.sum(Payment.amount).label("paid"))
            .join(SanctionDecision, SanctionDecision.id == Payment.decision_id)
            .where(SanctionDecision.issued_on.between(p.start, p.end), _in_force(),
                   Payment.paid_on <= p.end)
            .group_by(Payment.decision_id).subquery())
    paid_amount = func.coalesce(paid.c.paid, 0)
    collected = case((paid_amount > SanctionDecision.total_amount, SanctionDecision.total_amount),
                     else_=paid_amount)
    stmt: Select[Any] = (
        select(*keys, func.count(SanctionDecision.id), func.sum(SanctionDecision.total_amount),
               func.sum(collected))
        .select_from(SanctionDecision)
        .join(Case, Case.id == SanctionDecision.case_id)
        .outerjoin(paid, paid.c.decision_id == SanctionDecision.id)
        .where(SanctionDecision.issued_on.between(p.start, p.end), _in_force()))
    if join_establishment:
        stmt = stmt.outerjoin(Establishment, Establishment.id == Case.establishment_id)
    if keys:
        stmt = stmt.group_by(*keys)
    out: dict[tuple[Any, ...], tuple[int, int, int]] = {}
    for row in s.execute(stmt):
        key = tuple(row[:len(keys)])
        count, imposed, got = row[len(keys):]
        if count:
            out[key] = (_n(count), _n(imposed), _n(got))
    return out


def _reminded(s: Session, p: Period) -> set[tuple[str, str | None, Any]]:
    """(sector, kind, establishment) reminded without a sanction: a visit ended with a reminder,
    or a case closed as reminded."""
    by_visit = (select(Establishment.sector.label("sector"),
                       Establishment.business_kind.label("kind"),
                       cast(Visit.establishment_id, String).label("who"))
                .join(Establishment, Establishment.id == Visit.establishment_id)
                .where(Visit.visit_date.between(p.start, p.end), Visit.outcome == "reminded"))
    by_case = (select(Case.sector.label("sector"), Establishment.business_kind.label("kind"),
                      cast(_violator(), String).label("who"))
               .select_from(Case)
               .outerjoin(Establishment, Establishment.id == Case.establishment_id)
               .where(Case.opened_on.between(p.start, p.end), Case.status == "reminded"))
    rows = s.execute(select(union(by_visit, by_case).subquery()))
    return {(r[0], r[1], r[2]) for r in rows}


def _kinds(s: Session, p: Period) -> dict[tuple[str, str | None], dict[str, int]]:
    """Establishment figures per (sector, kind): from visits, cases and reminders."""
    out: dict[tuple[str, str | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sector, kind, inspected, compliant in s.execute(
            select(Establishment.sector, Establishment.business_kind,
                   func.count(distinct(Visit.establishment_id)),
                   func.count(distinct(case((Visit.outcome == "compliant",
                                             Visit.establishment_id)))))
            .join(Establishment, Establishment.id == Visit.establishment_id)
            .where(Visit.visit_date.between(p.start, p.end))
            .group_by(Establishment.sector, Establishment.business_kind)):
        out[(sector, kind)]["inspected"] += _n(inspected)
        out[(sector, kind)]["compliant"] += _n(compliant)
    for sector, kind, violators in s.execute(
            select(Case.sector, Establishment.business_kind, func.count(distinct(_violator())))
            .select_from(Case)
            .join(Violation, Violation.case_id == Case.id)
            .outerjoin(Establishment, Establishment.id == Case.establishment_id)
            .where(Case.opened_on.between(p.start, p.end), _live_case())
            .group_by(Case.sector, Establishment.business_kind)):
        out[(sector, kind)]["with_violations"] += _n(violators)
    reminded: dict[tuple[str, str | None], set[Any]] = defaultdict(set)
    for sector, kind, who in _reminded(s, p):
        reminded[(sector, kind)].add(who)
    for key, who_set in reminded.items():
        out[key]["reminded"] = len(who_set)
    return out


def _sectors(s: Session, p: Period, kinds: dict[tuple[str, str | None], dict[str, int]],
             ) -> list[SectorFigures]:
    violations = {sector: (_n(n), _n(w)) for sector, n, w in s.execute(
        select(Case.sector, func.count(Violation.id),
               func.sum(case((Violation.warning, 1), else_=0)))
        .join(Violation, Violation.case_id == Case.id)
        .where(Case.opened_on.between(p.start, p.end), _live_case())
        .group_by(Case.sector))}
    violators = {sector: _n(n) for sector, n in s.execute(
        select(Case.sector, func.count(distinct(_violator())))
        .join(Violation, Violation.case_id == Case.id)
        .where(Case.opened_on.between(p.start, p.end), _live_case())
        .group_by(Case.sector))}
    reminded: dict[str, set[Any]] = defaultdict(set)
    for sector, _kind, who in _reminded(s, p):
        reminded[sector].add(who)
    money = _decision_money(s, p, (Case.sector,))
    per_sector: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (sector, _kind), figures in kinds.items():
        for name in ("inspected", "compliant"):
            per_sector[sector][name] += figures.get(name, 0)
    codes = set(per_sector) | set(violations) | set(violators) | set(reminded) | \
        {k[0] for k in money}
    out = []
    for code in sorted(codes, key=_sector_order):
        count, imposed, collected = money.get((code,), (0, 0, 0))
        n, w = violations.get(code, (0, 0))
        out.append(SectorFigures(
            sector=code, establishments_inspected=per_sector[code]["inspected"],
            establishments_compliant=per_sector[code]["compliant"],
            establishments_reminded=len(reminded.get(code, ())),
            establishments_with_violations=violators.get(code, 0), violations=n, warnings=w,
            decisions=count, fines_imposed=imposed, fines_collected=collected,
            fines_outstanding=imposed - collected))
    return out


def _describe(catalog: Any, key: str) -> tuple[str, str]:
    """The citation and description of a provision, or the key itself when it is unknown."""
    try:
        citation = format_citation(key)
    except LawError:
        citation = _uncited(key)
    if catalog is None:
        return citation, ""
    try:
        return citation, catalog.provision(key).description
    except (LawError, KeyError, ValueError):
        return citation, ""


def _uncited(key: str) -> str:
    """A provision whose article number is not known yet (``174/2013/NĐ-CP:?.3``)."""
    try:
        parsed = parse_provision_key(key)
    except LawError:
        return key
    head = f"điểm {parsed.point} " if parsed.point else ""
    return f"{head}khoản {parsed.clause} (chưa rõ số điều) Nghị định số {parsed.instrument}"


def _provisions(s: Session, p: Period, catalog: Any) -> list[ProvisionFigures]:
    rows = s.execute(
        select(Case.sector, Violation.provision_key, func.count(Violation.id),
               func.sum(case((Violation.warning, 1), else_=0)), func.sum(Violation.amount),
               func.count(distinct(_violator())))
        .join(Violation, Violation.case_id == Case.id)
        .where(Case.opened_on.between(p.start, p.end), _live_case())
        .group_by(Case.sector, Violation.provision_key))
    out = []
    for sector, key, n, w, amount, violators in rows:
        citation, description = _describe(catalog, key)
        out.append(ProvisionFigures(sector, key, citation, description, _n(n), _n(w), _n(amount),
                                    _n(violators)))
    out.sort(key=lambda f: (_sector_order(f.sector), -f.violations, f.provision_key))
    return out


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
        select(SeizedItem.kind, SeizedItem.unit, SeizedItem.disposal,
               func.sum(SeizedItem.quantity), func.count(SeizedItem.id))
        .join(Case, Case.id == SeizedItem.case_id)
        .where(Case.opened_on.between(p.start, p.end), _live_case())
        .group_by(SeizedItem.kind, SeizedItem.unit, SeizedItem.disposal)))


def measure_done(measure: dict[str, Any]) -> bool:
    """A remedial measure counts as carried out when its entry records so (``done_on`` or
    ``carried_out``)."""
    return bool(measure.get("done_on") or measure.get("carried_out"))


def _remedial(s: Session, p: Period) -> list[RemedialFigures]:
    """Remedial measures ordered in the violations of the period, and those carried out.

    The measures live in a JSON list on each violation; only the few non-empty lists are read.
    """
    acc: dict[str, list[Any]] = {}
    for (measures,) in s.execute(
            select(Violation.remedial_measures)
            .join(Case, Case.id == Violation.case_id)
            .where(Case.opened_on.between(p.start, p.end), _live_case(),
                   cast(Violation.remedial_measures, Text).notin_(("[]", "null")))):
        for m in measures or []:
            if not isinstance(m, dict):
                continue
            code = str(m.get("code") or m.get("text") or "?")
            item = acc.setdefault(code, [str(m.get("text") or code), 0, 0])
            item[1] += 1
            item[2] += 1 if measure_done(m) else 0
    return [RemedialFigures(code, text, ordered, done)
            for code, (text, ordered, done) in sorted(acc.items(), key=lambda kv: -kv[1][1])]


def _area_keys(mode: str) -> tuple[Any, Any]:
    if mode == "former":
        return (func.coalesce(Establishment.former_district, literal("")),
                func.coalesce(Establishment.former_commune_name, Establishment.commune_name))
    return literal(""), Establishment.commune_name


def _areas(s: Session, p: Period, mode: str) -> list[AreaFigures]:
    district, commune = _area_keys(mode)
    acc: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d, c, n in s.execute(
            select(district, commune, func.count(distinct(Visit.establishment_id)))
            .join(Establishment, Establishment.id == Visit.establishment_id)
            .where(Visit.visit_date.between(p.start, p.end)).group_by(district, commune)):
        acc[(d or "", c or _UNKNOWN_AREA)]["inspected"] += _n(n)
    for d, c, violators, n in s.execute(
            select(district, commune, func.count(distinct(_violator())), func.count(Violation.id))
            .select_from(Case)
            .join(Violation, Violation.case_id == Case.id)
            .outerjoin(Establishment, Establishment.id == Case.establishment_id)
            .where(Case.opened_on.between(p.start, p.end), _live_case())
            .group_by(district, commune)):
        key = (d or "", c or _UNKNOWN_AREA)
        acc[key]["with_violations"] += _n(violators)
        acc[key]["violations"] += _n(n)
    for (d, c), (_count, imposed, _got) in _decision_money(
            s, p, (district, commune), join_establishment=True).items():
        acc[(d or "", c or _UNKNOWN_AREA)]["fines"] += imposed
    from inspector.domain.text import sort_key

    return [AreaFigures(d, c, v["inspected"], v["with_violations"], v["violations"], v["fines"])
            for (d, c), v in sorted(acc.items(), key=lambda kv: (sort_key(kv[0][0]),
                                                                   sort_key(kv[0][1])))]


def _months(s: Session, p: Period) -> list[MonthFigures]:
    """Grouped by day in SQL (at most 366 rows a query, no date functions that differ between
    SQLite and PostgreSQL), then by month here."""
    acc: dict[tuple[int, int], dict[str, int]] = {ym: defaultdict(int) for ym in p.months()}

    def add(value_day: Any, name: str, value: Any) -> None:
        day = date.fromisoformat(value_day[:10]) if isinstance(value_day, str) else value_day
        if day is not None and (day.year, day.month) in acc:
            acc[(day.year, day.month)][name] += _n(value)

    when: Any
    for when, mode, n in s.execute(
            select(Inspection.start_date, Inspection.mode, func.count())
            .where(Inspection.start_date.between(p.start, p.end))
            .group_by(Inspection.start_date, Inspection.mode)):
        add(when, "inspections" if mode == "thanh_tra" else "checks", n)
    for when, n in s.execute(
            select(Visit.visit_date, func.count()).where(Visit.visit_date.between(p.start, p.end))
            .group_by(Visit.visit_date)):
        add(when, "visits", n)
    for when, n in s.execute(
            select(Case.opened_on, func.count(Violation.id))
            .join(Violation, Violation.case_id == Case.id)
            .where(Case.opened_on.between(p.start, p.end), _live_case())
            .group_by(Case.opened_on)):
        add(when, "violations", n)
    for when, n, amount in s.execute(
            select(SanctionDecision.issued_on, func.count(), func.sum(SanctionDecision.total_amount))
            .where(SanctionDecision.issued_on.between(p.start, p.end), _in_force())
            .group_by(SanctionDecision.issued_on)):
        add(when, "decisions", n)
        add(when, "fines_imposed", amount)
    for when, amount in s.execute(
            select(Payment.paid_on, func.sum(Payment.amount))
            .join(SanctionDecision, SanctionDecision.id == Payment.decision_id)
            .where(Payment.paid_on.between(p.start, p.end), _in_force())
            .group_by(Payment.paid_on)):
        add(when, "fines_collected", amount)
    return [MonthFigures(y, m, **dict(v)) for (y, m), v in acc.items()]


def _inspections(s: Session, p: Period, catalog: Any) -> list[InspectionFigures]:
    """Each inspection or check started in the period, with its team, scope and outcome."""
    in_period = Inspection.start_date.between(p.start, p.end)
    ids = select(Inspection.id).where(in_period)
    heads: dict[Any, str] = {}
    members: dict[Any, int] = defaultdict(int)
    for inspection_id, role, name in s.execute(
            select(InspectionMember.inspection_id, InspectionMember.role,
                   InspectionMember.full_name)
            .where(InspectionMember.inspection_id.in_(ids))):
        members[inspection_id] += 1
        if role == "head":
            heads[inspection_id] = name
    kinds: dict[Any, list[KindFigures]] = defaultdict(list)
    for iid, sector, kind, n, compliant, reminded, violating in s.execute(
            select(Visit.inspection_id, Establishment.sector, Establishment.business_kind,
                   func.count(distinct(Visit.establishment_id)),
                   func.count(distinct(case((Visit.outcome == "compliant",
                                             Visit.establishment_id)))),
                   func.count(distinct(case((Visit.outcome == "reminded",
                                             Visit.establishment_id)))),
                   func.count(distinct(case((Visit.outcome == "violations",
                                             Visit.establishment_id)))))
            .join(Establishment, Establishment.id == Visit.establishment_id)
            .where(Visit.inspection_id.in_(ids))
            .group_by(Visit.inspection_id, Establishment.sector, Establishment.business_kind)):
        kinds[iid].append(KindFigures(sector, kind, _n(n), _n(compliant), _n(reminded),
                                      _n(violating)))
    sole: dict[Any, str] = {}
    for iid, name, n in s.execute(
            select(Visit.inspection_id, func.min(Establishment.name),
                   func.count(distinct(Visit.establishment_id)))
            .join(Establishment, Establishment.id == Visit.establishment_id)
            .where(Visit.inspection_id.in_(ids)).group_by(Visit.inspection_id)):
        if n == 1:
            sole[iid] = name
    via_visit = and_(Visit.id == Case.visit_id, Visit.inspection_id.in_(ids))
    cases: dict[Any, tuple[int, int, int]] = {}
    for iid, violators, n, w in s.execute(
            select(Visit.inspection_id, func.count(distinct(_violator())),
                   func.count(Violation.id), func.sum(case((Violation.warning, 1), else_=0)))
            .select_from(Case).join(Visit, via_visit)
            .join(Violation, Violation.case_id == Case.id)
            .where(_live_case()).group_by(Visit.inspection_id)):
        cases[iid] = (_n(violators), _n(n), _n(w))
    provisions: dict[Any, list[ProvisionFigures]] = defaultdict(list)
    for iid, sector, key, n, w, amount, violators in s.execute(
            select(Visit.inspection_id, Case.sector, Violation.provision_key,
                   func.count(Violation.id), func.sum(case((Violation.warning, 1), else_=0)),
                   func.sum(Violation.amount), func.count(distinct(_violator())))
            .select_from(Case).join(Visit, via_visit)
            .join(Violation, Violation.case_id == Case.id)
            .where(_live_case())
            .group_by(Visit.inspection_id, Case.sector, Violation.provision_key)):
        citation, description = _describe(catalog, key)
        provisions[iid].append(ProvisionFigures(sector, key, citation, description, _n(n), _n(w),
                                                _n(amount), _n(violators)))
    decisions: dict[Any, tuple[int, int]] = {}
    for iid, n, amount in s.execute(
            select(Visit.inspection_id, func.count(SanctionDecision.id),
                   func.sum(SanctionDecision.total_amount))
            .select_from(SanctionDecision)
            .join(Case, Case.id == SanctionDecision.case_id).join(Visit, via_visit)
            .where(_in_force(), SanctionDecision.issued_on <= p.end)
            .group_by(Visit.inspection_id)):
        decisions[iid] = (_n(n), _n(amount))
    seized_rows: dict[Any, list[Any]] = defaultdict(list)
    for iid, *rest in s.execute(
            select(Visit.inspection_id, SeizedItem.kind, SeizedItem.unit, SeizedItem.disposal,
                   func.sum(SeizedItem.quantity), func.count(SeizedItem.id))
            .select_from(SeizedItem)
            .join(Case, Case.id == SeizedItem.case_id).join(Visit, via_visit)
            .where(_live_case())
            .group_by(Visit.inspection_id, SeizedItem.kind, SeizedItem.unit, SeizedItem.disposal)):
        seized_rows[iid].append(rest)
    out = []
    for i in s.scalars(select(Inspection).where(in_period)
                       .order_by(Inspection.start_date, Inspection.title, Inspection.id)):
        by_kind = sorted(kinds.get(i.id, []), key=lambda k: _kind_order(k.sector, k.business_kind)[1:])
        violators, n, w = cases.get(i.id, (0, 0, 0))
        count, amount = decisions.get(i.id, (0, 0))
        out.append(InspectionFigures(
            id=i.id, mode=i.mode, kind=i.kind, title=i.title, sector=i.sector,
            decision_number=i.decision_number, decision_date=i.decision_date,
            start_date=i.start_date, end_date=i.end_date, scope=i.scope or "",
            participating_agencies=i.participating_agencies or "", planned=i.plan_id is not None,
            team_head=heads.get(i.id, ""), members=members.get(i.id, 0),
            sole_establishment=sole.get(i.id, ""),
            establishments=sum(k.establishments_inspected for k in by_kind),
            by_kind=tuple(by_kind),
            compliant=sum(k.establishments_compliant for k in by_kind),
            reminded=sum(k.establishments_reminded for k in by_kind),
            with_violations=violators, violations=n, warnings=w, decisions=count,
            fines_imposed=amount,
            provisions=tuple(sorted(provisions.get(i.id, []),
                                    key=lambda f: (-f.violations, f.provision_key))),
            seized=tuple(_seized_rows(seized_rows.get(i.id, [])))))
    return out


# --------------------------------------------------------------------------- entry point

STEPS = ("hoạt động thanh tra, kiểm tra", "số liệu tổng hợp", "lĩnh vực", "hành vi vi phạm",
         "tang vật", "biện pháp khắc phục", "địa bàn", "theo tháng", "các cuộc thanh tra",
         "năm trước")


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
    previous = period.previous()
    try:
        from inspector.services.law import law_data

        catalog: Any = law_data(db).catalog
    except ServiceError:
        catalog = None
    step = _Steps(len(STEPS), progress)
    area_mode = "former" if period.end < AREA_REFORM_DAY else "commune"
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        step(STEPS[0])
        by_kind = [KindCount(mode, kind, _n(n)) for mode, kind, n in s.execute(
            select(Inspection.mode, Inspection.kind, func.count())
            .where(Inspection.start_date.between(period.start, period.end))
            .group_by(Inspection.mode, Inspection.kind))]
        by_kind.sort(key=lambda k: (k.mode != "thanh_tra", list(INSPECTION_KIND_LABELS_VI)
                                    .index(k.kind) if k.kind in INSPECTION_KIND_LABELS_VI else 9))
        step(STEPS[1])
        headline = _headline(s, period)
        step(STEPS[2])
        kinds_raw = _kinds(s, period)
        kinds = [KindFigures(sector, kind, v.get("inspected", 0), v.get("compliant", 0),
                             v.get("reminded", 0), v.get("with_violations", 0))
                 for (sector, kind), v in sorted(kinds_raw.items(),
                                                 key=lambda kv: _kind_order(*kv[0]))]
        sectors = _sectors(s, period, kinds_raw)
        step(STEPS[3])
        provisions = _provisions(s, period, catalog)
        step(STEPS[4])
        seized = _seized(s, period)
        step(STEPS[5])
        remedial = _remedial(s, period)
        step(STEPS[6])
        areas = _areas(s, period, area_mode)
        step(STEPS[7])
        months = _months(s, period)
        step(STEPS[8])
        inspections = _inspections(s, period, catalog)
        step(STEPS[9])
        previous_headline = _headline(s, previous)
        previous_months = _months(s, previous)
    if progress is not None:
        progress(step.total, step.total, "xong")
    return Tally(
        period=period, previous_period=previous, headline=headline, previous=previous_headline,
        by_kind=tuple(by_kind), sectors=tuple(sectors), kinds=tuple(kinds),
        provisions=tuple(provisions), seized=tuple(seized), remedial=tuple(remedial),
        area_mode=area_mode, areas=tuple(areas), months=tuple(months),
        previous_months=tuple(previous_months), inspections=tuple(inspections))


# --------------------------------------------------------------------------- the first version


@dataclass(frozen=True)
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

    Until 30/6/2025 the department's inspectorate reports ("Thanh tra Sở", signed by the Chánh
    Thanh tra); afterwards the department itself (legal.md §5.2). Returns a
    :class:`inspector.reports.heading.ReportHeading`.
    """
    from inspector.reports.heading import ReportHeading
    from inspector.services.agency import get_agency
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
    if on < AREA_REFORM_DAY:
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
