"""Yearly plans, inspections (thanh tra / kiểm tra) with their teams, and visits.

A plan (kế hoạch) lists the inspections planned for a year; an inspection carries its decision,
period, team and, when interdisciplinary, the agencies taking part; a visit is one
establishment seen in one inspection on one day, with the sector checklist's answers and an
outcome. The forms call ``validate_…`` on every change; saving validates again and checks the
version the form was opened with.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from inspector.domain.roles import Permission
from inspector.domain.text import nfc, search_key
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.checklists import (
    ChecklistAnswer,
    ChecklistError,
    answers_from_json,
    answers_to_json,
    load_checklist,
    validate_answers,
)
from inspector.services.errors import ConflictError, NotFound
from inspector.services.forms import FieldProblem, date_problem, length_problems, raise_if_blocking
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import (
    INSPECTION_KINDS,
    INSPECTION_MODES,
    MEMBER_ROLES,
    SECTORS,
    VISIT_OUTCOMES,
    Case,
    Establishment,
    Inspection,
    InspectionMember,
    InspectionPlan,
    Violation,
    Visit,
)

_T = TypeVar("_T")

INSPECTION_MODE_LABELS_VI = {"thanh_tra": "Thanh tra", "kiem_tra": "Kiểm tra"}
INSPECTION_KIND_LABELS_VI = {
    "scheduled": "Theo kế hoạch",
    "unscheduled": "Đột xuất",
    "thematic": "Chuyên đề",
    "interdisciplinary": "Liên ngành",
}
MEMBER_ROLE_LABELS_VI = {
    "head": "Trưởng đoàn",
    "deputy_head": "Phó Trưởng đoàn",
    "member": "Thành viên",
    "secretary": "Thư ký",
    "liaison": "Cộng tác viên",
}


def member_title(role: str, mode: str) -> str:
    """A team member's title as every record prints it: "Trưởng đoàn kiểm tra", "Thành viên
    Đoàn thanh tra"; a liaison (cộng tác viên) is not of the team."""
    label = MEMBER_ROLE_LABELS_VI.get(role, role)
    work = "thanh tra" if mode == "thanh_tra" else "kiểm tra"
    if label.endswith("đoàn"):
        return f"{label} {work}"
    return label if role == "liaison" else f"{label} Đoàn {work}"
OUTCOME_LABELS_VI = {
    "pending": "Chưa kết luận",
    "compliant": "Chấp hành tốt",
    "reminded": "Nhắc nhở, chấn chỉnh",
    "violations": "Có vi phạm",
}


def _stale(what: str) -> ConflictError:
    return ConflictError(
        f"{what} đã được người khác sửa và lưu trước bạn; hãy mở lại để xem bản mới nhất. "
        "Thay đổi của bạn chưa được ghi.",
        f"the {what.lower()} was changed by someone else first; reload it (nothing was saved)")


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(nfc(value).split())
    return cleaned or None


# --- plans ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanInput:
    year: int
    title: str
    approval_number: str | None = None
    approval_date: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class PlanRow:
    id: uuid.UUID
    year: int
    title: str
    approval_number: str | None
    approval_date: date | None
    notes: str
    version: int
    inspections: int = 0


@dataclass(frozen=True)
class PlanDetail:
    plan: PlanRow
    inspections: tuple[InspectionRow, ...]


def validate_plan(data: PlanInput) -> list[FieldProblem]:
    out = []
    if not 2000 <= data.year <= 2100:
        out.append(FieldProblem("year", "Năm kế hoạch phải từ 2000 đến 2100."))
    if not data.title.strip():
        out.append(FieldProblem("title", "Hãy nhập tên kế hoạch."))
    if data.approval_date and data.approval_date.year > data.year:
        out.append(FieldProblem("approval_date", "Kế hoạch phải được phê duyệt trước hoặc trong "
                                                 "năm kế hoạch."))
    problem = date_problem("approval_date", "Ngày phê duyệt", data.approval_date, clock.today())
    if problem:
        out.append(problem)
    out += length_problems(InspectionPlan, {"title": data.title.strip(),
                                            "approval_number": data.approval_number or ""},
                           {"title": "Tên kế hoạch", "approval_number": "Số quyết định phê duyệt"})
    return out


def _plan_row(p: InspectionPlan, count: int = 0) -> PlanRow:
    return PlanRow(p.id, p.year, p.title, p.approval_number, p.approval_date, p.notes, p.version,
                   count)


def _apply_plan(row: InspectionPlan, data: PlanInput) -> None:
    row.year = data.year
    row.title = _text(data.title) or ""
    row.approval_number = _text(data.approval_number)
    row.approval_date = data.approval_date
    row.notes = data.notes.strip()


def add_plan(db: Database, actor: Actor, data: PlanInput) -> PlanRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_plan(data))
    with UnitOfWork(db, actor) as uow:
        row = InspectionPlan()
        _apply_plan(row, data)
        uow.session.add(row)
        uow.session.flush()
        info = _plan_row(row)
        uow.commit()
        return info


def update_plan(db: Database, actor: Actor, plan_id: uuid.UUID, data: PlanInput,
                expected_version: int) -> PlanRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_plan(data))
    with UnitOfWork(db, actor) as uow:
        row = _get(uow.session, InspectionPlan, plan_id, "kế hoạch")
        if row.version != expected_version:
            raise _stale("Kế hoạch")
        if row.year != data.year and uow.session.scalar(
                select(func.count()).select_from(Inspection).where(
                    Inspection.plan_id == plan_id,
                    func.extract("year", Inspection.start_date) != data.year)):
            raise_if_blocking([FieldProblem(
                "year", "Kế hoạch đã có cuộc thanh tra, kiểm tra của năm khác; không đổi năm.")])
        _apply_plan(row, data)
        uow.session.flush()
        count = uow.session.scalar(select(func.count()).select_from(Inspection).where(
            Inspection.plan_id == plan_id)) or 0
        info = _plan_row(row, count)
        uow.commit()
        return info


def list_plans(db: Database, actor: Actor, year: int | None = None) -> list[PlanRow]:
    actor.require(Permission.VIEW)
    counts = (select(Inspection.plan_id, func.count().label("n")).where(
        Inspection.plan_id.is_not(None)).group_by(Inspection.plan_id).subquery())
    stmt = (select(InspectionPlan, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.plan_id == InspectionPlan.id)
            .order_by(InspectionPlan.year.desc(), InspectionPlan.title))
    if year is not None:
        stmt = stmt.where(InspectionPlan.year == year)
    with UnitOfWork(db, actor) as uow:
        return [_plan_row(p, n) for p, n in uow.session.execute(stmt)]


def plan_detail(db: Database, actor: Actor, plan_id: uuid.UUID) -> PlanDetail:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = _get(uow.session, InspectionPlan, plan_id, "kế hoạch")
        inspections = _inspection_rows(uow.session, Inspection.plan_id == plan_id)
        return PlanDetail(_plan_row(row, len(inspections)), tuple(inspections))


# --- inspections ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberInput:
    """A team member: a user of the app (``user_id``) or someone from another agency."""

    full_name: str
    role: str = "member"
    agency: str = ""
    user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class MemberRow:
    id: uuid.UUID
    full_name: str
    role: str
    agency: str
    user_id: uuid.UUID | None

    def to_input(self) -> MemberInput:
        return MemberInput(self.full_name, self.role, self.agency, self.user_id)


@dataclass(frozen=True)
class InspectionInput:
    mode: str
    kind: str
    title: str
    start_date: date
    end_date: date | None = None
    decision_number: str | None = None
    decision_date: date | None = None
    sector: str | None = None
    scope: str = ""
    plan_id: uuid.UUID | None = None
    participating_agencies: tuple[str, ...] = ()
    members: tuple[MemberInput, ...] = ()


@dataclass(frozen=True)
class InspectionRow:
    id: uuid.UUID
    mode: str
    kind: str
    title: str
    sector: str | None
    decision_number: str | None
    decision_date: date | None
    start_date: date
    end_date: date | None
    plan_id: uuid.UUID | None
    version: int
    visits: int = 0


@dataclass(frozen=True)
class VisitRow:
    id: uuid.UUID
    inspection_id: uuid.UUID
    establishment_id: uuid.UUID
    establishment_name: str
    sector: str
    visit_date: date
    outcome: str
    failed_items: int
    violations: int
    version: int


@dataclass(frozen=True)
class InspectionDetail:
    id: uuid.UUID
    version: int
    mode: str
    kind: str
    title: str
    sector: str | None
    decision_number: str | None
    decision_date: date | None
    start_date: date
    end_date: date | None
    scope: str
    plan_id: uuid.UUID | None
    participating_agencies: tuple[str, ...]
    members: tuple[MemberRow, ...]
    visits: tuple[VisitRow, ...]

    def to_input(self) -> InspectionInput:
        return InspectionInput(
            self.mode, self.kind, self.title, self.start_date, self.end_date,
            self.decision_number, self.decision_date, self.sector, self.scope, self.plan_id,
            self.participating_agencies, tuple(m.to_input() for m in self.members))


def validate_inspection(data: InspectionInput, *, today: date | None = None) -> list[FieldProblem]:
    """Problems of the inspection form, per field (``members[i].field`` for team rows)."""
    day = today or clock.today()
    out: list[FieldProblem] = []
    if data.mode not in INSPECTION_MODES:
        out.append(FieldProblem("mode", "Hãy chọn thanh tra hoặc kiểm tra."))
    if data.kind not in INSPECTION_KINDS:
        out.append(FieldProblem("kind", "Hãy chọn theo kế hoạch, đột xuất, chuyên đề hoặc "
                                        "liên ngành."))
    if not data.title.strip():
        out.append(FieldProblem("title", "Hãy nhập tên cuộc thanh tra, kiểm tra."))
    if data.sector is not None and data.sector not in SECTORS:
        out.append(FieldProblem("sector", f"Lĩnh vực không hợp lệ: {data.sector}."))
    if data.kind == "scheduled" and data.plan_id is None:
        out.append(FieldProblem("plan_id", "Cuộc theo kế hoạch chưa gắn với kế hoạch nào: hãy "
                                           "chọn kế hoạch.", blocking=False))
    if data.end_date is not None and data.end_date < data.start_date:
        out.append(FieldProblem("end_date", "Ngày kết thúc trước ngày bắt đầu."))
    if data.decision_date is not None:
        problem = date_problem("decision_date", "Ngày quyết định", data.decision_date, day)
        if problem:
            out.append(problem)
        elif data.decision_date > data.start_date:
            out.append(FieldProblem("decision_date", "Quyết định thanh tra, kiểm tra phải ban "
                                                     "hành trước hoặc ngay ngày bắt đầu."))
    if not (data.decision_number or "").strip():
        out.append(FieldProblem(
            "decision_number", "Hãy nhập số quyết định thanh tra." if data.mode == "thanh_tra"
            else "Chưa nhập số quyết định kiểm tra.", blocking=data.mode == "thanh_tra"))
    elif data.decision_date is None:
        out.append(FieldProblem("decision_date", "Hãy nhập ngày của quyết định."))
    agencies = [a for a in (nfc(x).strip() for x in data.participating_agencies) if a]
    if data.kind == "interdisciplinary" and not agencies:
        out.append(FieldProblem("participating_agencies",
                                "Đoàn liên ngành phải ghi các cơ quan phối hợp."))
    if len(set(agencies)) != len(agencies):
        out.append(FieldProblem("participating_agencies", "Một cơ quan được ghi hai lần."))
    if not data.members:
        out.append(FieldProblem("members", "Hãy ghi ít nhất một thành viên đoàn.",
                                blocking=False))
    heads = 0
    for i, m in enumerate(data.members):
        if not m.full_name.strip():
            out.append(FieldProblem(f"members[{i}].full_name", "Hãy nhập họ tên thành viên."))
        if m.role not in MEMBER_ROLES:
            out.append(FieldProblem(f"members[{i}].role", "Vai trò trong đoàn không hợp lệ."))
        heads += m.role == "head"
        if m.agency.strip() and agencies and m.agency.strip() not in agencies:
            out.append(FieldProblem(f"members[{i}].agency",
                                    "Cơ quan của thành viên chưa có trong danh sách cơ quan "
                                    "phối hợp.", blocking=False))
    if heads > 1:
        out.append(FieldProblem("members", "Đoàn chỉ có một Trưởng đoàn."))
    if data.members and heads == 0:
        out.append(FieldProblem("members", "Chưa chỉ định Trưởng đoàn.", blocking=False))
    out += length_problems(Inspection, {"title": data.title.strip(),
                                        "decision_number": (data.decision_number or "").strip()},
                           {"title": "Tên cuộc thanh tra, kiểm tra",
                            "decision_number": "Số quyết định"})
    return out


def _get(session: Session, model: type[_T], record_id: uuid.UUID, what: str) -> _T:
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"Không tìm thấy {what}.", f"no {model.__name__} {record_id}")
    return row


def _check_plan(session: Session, data: InspectionInput) -> None:
    if data.plan_id is None:
        return
    plan = session.get(InspectionPlan, data.plan_id)
    if plan is None:
        raise_if_blocking([FieldProblem("plan_id", "Không tìm thấy kế hoạch đã chọn.")])
    elif plan.year != data.start_date.year:
        raise_if_blocking([FieldProblem("plan_id", f"Kế hoạch là của năm {plan.year}, cuộc "
                                                   f"thanh tra, kiểm tra bắt đầu năm "
                                                   f"{data.start_date.year}.")])


def _check_period(session: Session, inspection_id: uuid.UUID, data: InspectionInput) -> None:
    outside = session.scalar(select(func.count()).select_from(Visit).where(
        Visit.inspection_id == inspection_id,
        or_(Visit.visit_date < data.start_date,
            Visit.visit_date > (data.end_date or date.max))))
    if outside:
        raise_if_blocking([FieldProblem("end_date", f"{outside} lần làm việc tại cơ sở nằm "
                                                    "ngoài thời gian mới.")])


def _apply_inspection(row: Inspection, data: InspectionInput) -> None:
    row.mode = data.mode
    row.kind = data.kind
    row.title = _text(data.title) or ""
    row.sector = data.sector
    row.decision_number = _text(data.decision_number)
    row.decision_date = data.decision_date
    row.start_date = data.start_date
    row.end_date = data.end_date
    row.scope = data.scope.strip()
    row.plan_id = data.plan_id
    row.participating_agencies = "\n".join(
        a for a in (" ".join(nfc(x).split()) for x in data.participating_agencies) if a)


def _members(inspection_id: uuid.UUID, members: Sequence[MemberInput]) -> list[InspectionMember]:
    # The team is listed in the order it was entered (as the decision lists it): creation
    # times a microsecond apart keep that order when the rows are read back.
    now = utcnow()
    return [InspectionMember(inspection_id=inspection_id, full_name=_text(m.full_name) or "",
                             role=m.role, agency=_text(m.agency) or "", user_id=m.user_id,
                             created_at=now + timedelta(microseconds=i))
            for i, m in enumerate(members)]


def add_inspection(db: Database, actor: Actor, data: InspectionInput) -> uuid.UUID:
    """Create an inspection with its team in one transaction."""
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_inspection(data))
    with UnitOfWork(db, actor) as uow:
        _check_plan(uow.session, data)
        row = Inspection()
        _apply_inspection(row, data)
        uow.session.add(row)
        uow.session.flush()
        uow.session.add_all(_members(row.id, data.members))
        uow.session.flush()
        uow.commit()
        return row.id


def update_inspection(db: Database, actor: Actor, inspection_id: uuid.UUID,
                      data: InspectionInput, expected_version: int) -> InspectionDetail:
    """Save the inspection form (the team is replaced by the form's list)."""
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_inspection(data))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = _get(s, Inspection, inspection_id, "cuộc thanh tra, kiểm tra")
        if row.version != expected_version:
            raise _stale("Cuộc thanh tra, kiểm tra")
        _check_plan(s, data)
        _check_period(s, inspection_id, data)
        _apply_inspection(row, data)
        old = {(m.full_name, m.role, m.agency, m.user_id): m for m in s.scalars(
            select(InspectionMember).where(InspectionMember.inspection_id == inspection_id))}
        wanted = {(m.full_name, m.role, m.agency, m.user_id): m
                  for m in _members(inspection_id, data.members)}
        removed = [m for key, m in old.items() if key not in wanted]
        added = [m for key, m in wanted.items() if key not in old]
        for member in removed:
            s.delete(member)
        s.add_all(added)
        if removed or added:
            row.updated_at = utcnow()  # the team is part of the inspection: its version moves
        s.flush()
        detail = _inspection_detail(s, row)
        uow.commit()
        return detail


def _inspection_rows(session: Session, *where: object, offset: int = 0,
                     limit: int | None = None) -> list[InspectionRow]:
    visits = (select(Visit.inspection_id, func.count().label("n"))
              .group_by(Visit.inspection_id).subquery())
    stmt = (select(Inspection, func.coalesce(visits.c.n, 0))
            .outerjoin(visits, visits.c.inspection_id == Inspection.id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(Inspection.start_date.desc(), Inspection.title, Inspection.id)
            .offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [InspectionRow(i.id, i.mode, i.kind, i.title, i.sector, i.decision_number,
                          i.decision_date, i.start_date, i.end_date, i.plan_id, i.version, n)
            for i, n in session.execute(stmt)]


def list_inspections(db: Database, actor: Actor, year: int | None = None,
                     plan_id: uuid.UUID | None = None, text: str | None = None,
                     offset: int = 0, limit: int | None = 500) -> list[InspectionRow]:
    """Inspections, newest first; ``text`` matches the title or decision number."""
    actor.require(Permission.VIEW)
    where: list[object] = []
    if year is not None:
        where += [Inspection.start_date >= date(year, 1, 1),
                  Inspection.start_date <= date(year, 12, 31)]
    if plan_id is not None:
        where.append(Inspection.plan_id == plan_id)
    with UnitOfWork(db, actor) as uow:
        rows = _inspection_rows(uow.session, *where, offset=0 if text else offset,
                                limit=None if text else limit)
    if text:
        words = search_key(text).split()
        rows = [r for r in rows
                if all(w in search_key(f"{r.title} {r.decision_number or ''}") for w in words)]
        rows = rows[offset:offset + limit if limit is not None else None]
    return rows


def _visit_rows(session: Session, *where: object) -> list[VisitRow]:
    per_visit = (select(Case.visit_id, func.count(Violation.id).label("n"))
                 .join(Violation, Violation.case_id == Case.id)
                 .where(Case.visit_id.is_not(None)).group_by(Case.visit_id).subquery())
    stmt = (select(Visit, Establishment.name, Establishment.sector, per_visit.c.n)
            .join(Establishment, Establishment.id == Visit.establishment_id)
            .outerjoin(per_visit, per_visit.c.visit_id == Visit.id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(Visit.visit_date, Establishment.name_sort))
    out = []
    for v, name, sector, n in session.execute(stmt):
        failed = sum(1 for a in answers_from_json(v.checklist) if a.failed)
        out.append(VisitRow(v.id, v.inspection_id, v.establishment_id, name, sector, v.visit_date,
                            v.outcome, failed, n or 0, v.version))
    return out


def _inspection_detail(session: Session, row: Inspection) -> InspectionDetail:
    members = tuple(MemberRow(m.id, m.full_name, m.role, m.agency, m.user_id)
                    for m in session.scalars(select(InspectionMember).where(
                        InspectionMember.inspection_id == row.id)
                        .order_by(InspectionMember.created_at, InspectionMember.id)))
    agencies = tuple(a for a in row.participating_agencies.split("\n") if a)
    return InspectionDetail(row.id, row.version, row.mode, row.kind, row.title, row.sector,
                            row.decision_number, row.decision_date, row.start_date, row.end_date,
                            row.scope, row.plan_id, agencies, members,
                            tuple(_visit_rows(session, Visit.inspection_id == row.id)))


def inspection_detail(db: Database, actor: Actor, inspection_id: uuid.UUID) -> InspectionDetail:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = _get(uow.session, Inspection, inspection_id, "cuộc thanh tra, kiểm tra")
        return _inspection_detail(uow.session, row)


# --- visits ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class VisitInput:
    inspection_id: uuid.UUID
    establishment_id: uuid.UUID
    visit_date: date
    answers: tuple[ChecklistAnswer, ...] = ()
    outcome: str = "pending"
    notes: str = ""


@dataclass(frozen=True)
class VisitDetail:
    id: uuid.UUID
    version: int
    inspection_id: uuid.UUID
    inspection_title: str
    establishment_id: uuid.UUID
    establishment_name: str
    sector: str
    visit_date: date
    outcome: str
    notes: str
    checklist_sector: str | None
    answers: tuple[ChecklistAnswer, ...]
    case_ids: tuple[uuid.UUID, ...]
    violations: int

    def to_input(self) -> VisitInput:
        return VisitInput(self.inspection_id, self.establishment_id, self.visit_date,
                          self.answers, self.outcome, self.notes)


def validate_visit(data: VisitInput, sector: str | None = None, *,
                   today: date | None = None, violations: int = 0) -> list[FieldProblem]:
    """Problems of the visit form that need no database: the date, the outcome against the
    answers and violations, and the answers against the sector's checklist."""
    day = today or clock.today()
    out: list[FieldProblem] = []
    problem = date_problem("visit_date", "Ngày làm việc", data.visit_date, day)
    if problem:
        out.append(problem)
    if data.outcome not in VISIT_OUTCOMES:
        out.append(FieldProblem("outcome", "Kết quả làm việc không hợp lệ."))
    failed = [a for a in data.answers if a.failed]
    if data.outcome == "compliant" and (failed or violations):
        out.append(FieldProblem("outcome", "Có mục kiểm tra không đạt hoặc hành vi vi phạm; "
                                           "không thể kết luận chấp hành tốt."))
    if data.outcome == "violations" and not violations:
        out.append(FieldProblem("outcome", "Chưa ghi hành vi vi phạm nào; hãy ghi hành vi vi "
                                           "phạm trước khi kết luận có vi phạm."))
    if data.answers:
        if sector is None:
            out.append(FieldProblem("answers", "Chưa xác định được lĩnh vực của cơ sở."))
        else:
            try:
                out += validate_answers(load_checklist(sector), data.answers)
            except ChecklistError as exc:
                out.append(FieldProblem("answers", str(exc)))
    return out


def _visit_context(session: Session, data: VisitInput) -> tuple[Inspection, Establishment]:
    inspection = session.get(Inspection, data.inspection_id)
    if inspection is None:
        raise_if_blocking([FieldProblem("inspection_id", "Không tìm thấy cuộc thanh tra, "
                                                         "kiểm tra.")])
    establishment = session.get(Establishment, data.establishment_id)
    if establishment is None:
        raise_if_blocking([FieldProblem("establishment_id", "Không tìm thấy cơ sở.")])
    assert inspection is not None and establishment is not None
    return inspection, establishment


def period_problems(inspection: Inspection, visit_date: date) -> list[FieldProblem]:
    """The visit must fall inside the inspection's period."""
    end = inspection.end_date
    if visit_date < inspection.start_date or (end is not None and visit_date > end):
        period = f"{inspection.start_date:%d/%m/%Y}" + (f"–{end:%d/%m/%Y}" if end else " trở đi")
        return [FieldProblem("visit_date", f"Ngày làm việc nằm ngoài thời gian của cuộc thanh "
                                           f"tra, kiểm tra ({period}).")]
    return []


def _visit_checklist(sector: str, answers: Sequence[ChecklistAnswer]) -> dict[str, object]:
    if not answers:
        return {}
    return answers_to_json(load_checklist(sector), answers)


def _clash(session: Session, data: VisitInput, exclude: uuid.UUID | None = None) -> None:
    stmt = select(Visit.id).where(Visit.inspection_id == data.inspection_id,
                                  Visit.establishment_id == data.establishment_id,
                                  Visit.visit_date == data.visit_date)
    if exclude is not None:
        stmt = stmt.where(Visit.id != exclude)
    if session.scalar(stmt) is not None:
        raise ConflictError(
            f"Đã ghi lần làm việc tại cơ sở này ngày {data.visit_date:%d/%m/%Y} trong cuộc thanh "
            "tra, kiểm tra này; hãy mở bản đã ghi.",
            "this establishment already has a visit on that day in this inspection")


def new_visit(session: Session, data: VisitInput, violations: int = 0) -> Visit:
    """Validate and add a visit inside the caller's transaction (also used by record_visit)."""
    inspection, establishment = _visit_context(session, data)
    problems = validate_visit(data, establishment.sector, violations=violations)
    problems += period_problems(inspection, data.visit_date)
    raise_if_blocking(problems)
    _clash(session, data)
    visit = Visit(inspection_id=data.inspection_id, establishment_id=data.establishment_id,
                  visit_date=data.visit_date, outcome=data.outcome, notes=data.notes.strip(),
                  checklist=_visit_checklist(establishment.sector, data.answers))
    session.add(visit)
    return visit


def add_visit(db: Database, actor: Actor, data: VisitInput) -> uuid.UUID:
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        visit = new_visit(uow.session, data)
        uow.session.flush()
        uow.commit()
        return visit.id


def _violations_of_visit(session: Session, visit_id: uuid.UUID) -> int:
    return session.scalar(select(func.count(Violation.id)).join(
        Case, Case.id == Violation.case_id).where(Case.visit_id == visit_id)) or 0


def update_visit(db: Database, actor: Actor, visit_id: uuid.UUID, data: VisitInput,
                 expected_version: int) -> VisitDetail:
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = _get(s, Visit, visit_id, "lần làm việc")
        if row.version != expected_version:
            raise _stale("Biên bản làm việc tại cơ sở")
        if data.establishment_id != row.establishment_id:
            raise_if_blocking([FieldProblem("establishment_id", "Không đổi cơ sở của lần làm "
                                                                "việc đã ghi.")])
        inspection, establishment = _visit_context(s, data)
        problems = validate_visit(data, establishment.sector,
                                  violations=_violations_of_visit(s, visit_id))
        problems += period_problems(inspection, data.visit_date)
        raise_if_blocking(problems)
        _clash(s, data, exclude=visit_id)
        row.inspection_id = data.inspection_id
        row.visit_date = data.visit_date
        row.outcome = data.outcome
        row.notes = data.notes.strip()
        row.checklist = _visit_checklist(establishment.sector, data.answers)
        s.flush()
        detail = _visit_detail(s, row)
        uow.commit()
        return detail


def _visit_detail(session: Session, v: Visit) -> VisitDetail:
    inspection = session.get(Inspection, v.inspection_id)
    establishment = session.get(Establishment, v.establishment_id)
    assert inspection is not None and establishment is not None
    case_ids = tuple(session.scalars(select(Case.id).where(Case.visit_id == v.id)
                                     .order_by(Case.created_at)))
    return VisitDetail(v.id, v.version, v.inspection_id, inspection.title, v.establishment_id,
                       establishment.name, establishment.sector, v.visit_date, v.outcome, v.notes,
                       (v.checklist or {}).get("sector"), answers_from_json(v.checklist),
                       case_ids, _violations_of_visit(session, v.id))


def visit_detail(db: Database, actor: Actor, visit_id: uuid.UUID) -> VisitDetail:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return _visit_detail(uow.session, _get(uow.session, Visit, visit_id, "lần làm việc"))


def list_visits(db: Database, actor: Actor, inspection_id: uuid.UUID) -> list[VisitRow]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return _visit_rows(uow.session, Visit.inspection_id == inspection_id)
