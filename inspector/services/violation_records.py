"""The violation record (MBB01) of a case: drafted, numbered, issued and kept (Law Art 58).

The record states what happened when it was made (:class:`RecordDetails`: time of making and
closing, place, makers, witnesses, statements, refusal, preventive measures), entered by the
inspector and prefilled from the visit (:func:`record_form`). Issuing checks them
(:func:`validate_details`), computes the right to explain for that day — a failure stops the
issue with a message instead of printing a record without the clause — numbers the record in
the agency's yearly register and stores the details, the PDF and its SHA-256.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.documents import model as doc
from inspector.domain.assessment import subject_of_owner
from inspector.domain.law import LawError
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_FIELD_VI
from inspector.domain.states import check_case_transition
from inspector.domain.text import format_date
from inspector.services import clock, numbering
from inspector.services import law as law_service
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo
from inspector.services.case_documents import (
    CaseFacts,
    agency_block,
    read_case,
    violator_name,
)
from inspector.services.cases import violator_snapshot
from inspector.services.decisions import render_violation_record, require_agency
from inspector.services.errors import ConflictError, NotFound, ServiceError, ValidationError
from inspector.services.inspections import member_title
from inspector.services.law import deadlines as law_deadlines
from inspector.services.law import law_data
from inspector.services.record_details import (
    DetailsInvalid,
    Maker,
    RecordDetails,
    Representative,
    Witness,
    clean_details,
    parse_clock,
    refuse,
    validate_details,
)
from inspector.services.signers import default_signer, head_title
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    Case,
    Establishment,
    Inspection,
    InspectionMember,
    SanctionDecision,
    Violation,
    ViolationRecord,
    Visit,
)

__all__ = [
    "AwaitingRecord",
    "DetailsInvalid",
    "Explanation",
    "Maker",
    "RecordDetails",
    "RecordForm",
    "RecordInfo",
    "Representative",
    "Witness",
    "cases_awaiting_record",
    "clean_details",
    "default_day",
    "explanation_for",
    "issue_record",
    "list_records",
    "parse_clock",
    "preview_record",
    "record_form",
    "record_of_case",
    "record_pdf",
    "save_record_draft",
    "team_maker",
    "validate_details",
]

_SYSTEM = Actor("system", "admin")
_ROLE_ORDER = {"head": 0, "deputy_head": 1, "member": 2, "secretary": 3, "liaison": 4}


# --- the right to explain (Law Art 61) --------------------------------------------------------

@dataclass(frozen=True)
class Explanation:
    """Whether the record must state the right to explain, to whom, and by when."""

    allowed: bool
    to: str
    written_due: date | None
    hearing_due: date | None
    note: str


def _explanation(db: Database, agency: AgencyInfo, facts: CaseFacts, made_on: date) -> Explanation:
    """Computed for the record's day; any failure is a refusal, never a dropped clause."""
    from inspector.domain.fines import bracket_for

    catalog = law_data(db).catalog
    subject = subject_of_owner(facts.subject_kind)
    try:
        brackets = [bracket_for(catalog.provision(k), subject, c,
                                multiple=catalog.organization_multiple).maximum
                    for k, c in zip(facts.keys, facts.copies, strict=True)]
    except LawError as exc:
        raise ValidationError(f"Không xác định được khung tiền phạt để xét quyền giải trình: "
                              f"{exc.reason}", "cannot compute the fine bracket") from exc
    withdraw = any(kind in ("licence_withdrawal", "suspension")
                   for adds in facts.additional for kind, _ in adds)
    try:
        d = law_deadlines(db, _SYSTEM, violation_ended=min(facts.violation_dates),
                          discovered_on=None, ongoing=False, record_date=made_on,
                          decision_date=None, sector=facts.sector, subject=subject,
                          bracket_max=max(brackets) if brackets else None,
                          may_withdraw_or_suspend=withdraw)
    except ServiceError as exc:
        raise ValidationError(f"Không tính được quyền giải trình của người vi phạm: {exc.vi}",
                              f"cannot compute the right to explain: {exc.en}") from exc
    right = d["explanation_right"]
    if right.allowed is None:
        raise ValidationError("Không xác định được quyền giải trình của người vi phạm: "
                              f"{right.note} Chưa thể lập biên bản.",
                              "the right to explain cannot be decided")
    if not right.allowed:
        return Explanation(False, "", None, None, right.note)
    signer = default_signer(db, _SYSTEM, made_on)
    if signer is None:
        raise ValidationError(
            f"Chưa cài đặt người có thẩm quyền xử phạt cho ngày {format_date(made_on)} (trang "
            "Cài đặt): biên bản phải ghi người nhận giải trình.",
            "no signer configured for the record date: the explanation has no addressee")
    to = head_title(db, signer.title_code, made_on, agency.agency_name)
    written, hearing = d["explanation_written"].due, d["explanation_hearing_request"].due
    if written is None or hearing is None:
        note = d["explanation_written"].note or d["explanation_hearing_request"].note
        raise ValidationError(f"Không tính được thời hạn giải trình: {note}",
                              "cannot compute the explanation deadlines")
    return Explanation(True, to, written, hearing, right.note)


def explanation_for(db: Database, actor: Actor, case_id: uuid.UUID, made_on: date) -> Explanation:
    """The right to explain as a record of ``made_on`` states it (refusal on failure)."""
    actor.require(Permission.VIEW)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, law_data(db).catalog, case_id, made_on)
    _require_lines(facts)
    return _explanation(db, agency, facts, made_on)


# --- what the dialog starts from --------------------------------------------------------------

@dataclass(frozen=True)
class RecordForm:
    """A case as the record dialog shows it, with details prefilled from the visit."""

    case_id: uuid.UUID
    violator: str
    establishment: str
    sector: str
    field: str
    violations: tuple[str, ...]
    seized: tuple[str, ...]
    team: tuple[Maker, ...]
    team_ids: tuple[tuple[uuid.UUID, uuid.UUID | None], ...]
    defaults: RecordDetails
    earliest: date | None
    issued: RecordInfo | None
    limitation_due: date | None


_Team = tuple[tuple[Maker, ...], tuple[tuple[uuid.UUID, uuid.UUID | None], ...], tuple[str, ...]]


def _team(session: Session, visit: Visit | None, agency_name: str) -> _Team:
    """The visit's inspection team as makers (titles from the team roles), the members' and
    users' ids in the same order, and the inspection decision as the basis."""
    if visit is None:
        return (), (), ()
    inspection = session.get(Inspection, visit.inspection_id)
    if inspection is None:
        return (), (), ()
    thanh_tra = inspection.mode == "thanh_tra"
    members = sorted(session.scalars(select(InspectionMember).where(
        InspectionMember.inspection_id == inspection.id)),
        key=lambda m: (_ROLE_ORDER.get(m.role, 9), m.created_at))
    makers = []
    for m in members:
        makers.append(Maker(m.full_name, member_title(m.role, inspection.mode),
                            m.agency or agency_name))
    grounds: tuple[str, ...] = ()
    if inspection.decision_number:
        kind = "thanh tra" if thanh_tra else "kiểm tra"
        when = f" ngày {format_date(inspection.decision_date)}" if inspection.decision_date else ""
        grounds = (f"Quyết định {kind} số {inspection.decision_number}{when}",)
    return tuple(makers), tuple((m.id, m.user_id) for m in members), grounds


def _place(establishment: Establishment | None, on: date) -> str:
    """The establishment and its address as written on that day (no district after 01/7/2025)."""
    if establishment is None:
        return ""
    address = violator_snapshot(establishment, [], on).get("address", "")
    return f"{establishment.name}, {address}" if address else establishment.name


def _info(r: ViolationRecord, violator: str, decided: bool) -> RecordInfo:
    return RecordInfo(r.id, r.case_id, r.year, r.number, r.number_text, r.made_on, violator,
                      r.status, decided)


def _limitation(db: Database, sector: str, violation_dates: tuple[date, ...]) -> date | None:
    """The last day a sanction is possible (Law Art 6), from the earliest violation date."""
    if not violation_dates:
        return None
    try:
        d = law_deadlines(db, _SYSTEM, violation_ended=min(violation_dates),
                          discovered_on=None, ongoing=False, record_date=None,
                          decision_date=None, sector=sector)
    except (ServiceError, ValueError):
        return None
    return d["limitation"].due


def record_form(db: Database, actor: Actor, case_id: uuid.UUID) -> RecordForm:
    """The case, the team and the details to start from: a saved draft, else the visit's day,
    the establishment's address, the team with their titles and the inspection decision. The
    times are left empty: only the inspector knows them."""
    actor.require(Permission.VIEW)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        facts = read_case(s, law_data(db).catalog, case_id)
        case = s.get(Case, case_id)
        assert case is not None
        visit = s.get(Visit, case.visit_id) if case.visit_id else None
        establishment = (s.get(Establishment, case.establishment_id)
                         if case.establishment_id else None)
        team, team_ids, grounds = _team(s, visit, agency.agency_name)
        record = _current(s, case_id)
        decided = s.scalar(select(func.count()).select_from(SanctionDecision).where(
            SanctionDecision.case_id == case_id,
            SanctionDecision.status.notin_(("draft", "cancelled")))) or 0
        day = visit.visit_date if visit else case.opened_on
        held = tuple(f"{i.name}: {i.quantity} {i.unit}" for i in facts.seized)
        if record is not None and record.details:
            defaults = RecordDetails.from_json(record.details)
        else:
            defaults = RecordDetails(
                made_at=None, closed_at=None, place=_place(establishment, day), makers=team,
                grounds=grounds,
                preventive_measures=(("Tạm giữ tang vật, phương tiện vi phạm hành chính",)
                                     if held else ()),
                extra={"day": day.isoformat()})
        issued = (_info(record, violator_name(facts.violator_snapshot, facts.subject_kind),
                        bool(decided)) if record is not None and record.status == "issued"
                  else None)
        earliest = min(facts.violation_dates + ((visit.visit_date,) if visit else ()),
                       default=None)
    lines = tuple(f"{line.citation}: {line.description}" for line in facts.lines)
    return RecordForm(
        case_id=case_id, violator=violator_name(facts.violator_snapshot, facts.subject_kind),
        establishment=facts.establishment_name, sector=facts.sector,
        field=SECTOR_FIELD_VI.get(facts.sector, ""), violations=lines, seized=held, team=team,
        team_ids=team_ids,
        defaults=defaults, earliest=earliest, issued=issued,
        limitation_due=_limitation(db, facts.sector, facts.violation_dates))


def team_maker(form: RecordForm, ref: str) -> Maker:
    """The team member a CLI ``--maker ID`` names (the member's or the user's id)."""
    for maker, (member_id, user_id) in zip(form.team, form.team_ids, strict=True):
        if ref in (str(member_id), str(user_id)):
            return maker
    raise ValidationError(f"Không có thành viên đoàn có mã {ref} trong lần làm việc này.",
                          f"no member {ref} in the team of the case's visit", field="makers")


def default_day(form: RecordForm) -> date | None:
    """The day the dialog proposes for the record (the visit's), from a draft or the visit."""
    if form.defaults.made_at is not None:
        return form.defaults.made_at.date()
    day = form.defaults.extra.get("day")
    return date.fromisoformat(day) if day else None


# --- rendering --------------------------------------------------------------------------------

def _require_lines(facts: CaseFacts) -> None:
    if not facts.lines:
        raise ValidationError("Vụ việc chưa có hành vi vi phạm để lập biên bản.",
                              "the case has no violations to record")


def _record_data(agency: AgencyInfo, facts: CaseFacts, d: RecordDetails, number: int | None,
                 explanation: Explanation) -> doc.ViolationRecordData:
    witnesses = [doc.Witness(w.full_name, occupation=w.occupation, address=w.address)
                 for w in d.witnesses]
    witnesses += [doc.Witness(r.full_name, position=r.position, agency=r.agency)
                  for r in d.representatives]
    interpreter = (doc.Witness(d.interpreter.full_name, occupation=d.interpreter.occupation,
                               address=d.interpreter.address) if d.interpreter else None)
    return doc.ViolationRecordData(
        agency=agency_block(agency), number=number, made_at=d.made_at, place=d.place,
        field=SECTOR_FIELD_VI[facts.sector],
        officers=tuple(d.makers),
        violator=facts.violator, violations=facts.lines, reason_other_place=d.reason_other_place,
        grounds=d.grounds, witnesses=tuple(witnesses), interpreter=interpreter,
        injured_party=d.injured_party, violator_statement=d.violator_statement,
        witness_statement=d.witness_statement, injured_statement=d.injured_statement,
        preventive_measures=d.preventive_measures, seized_items=facts.seized,
        explanation_right=explanation.allowed, explanation_to=explanation.to,
        appointment=d.summons_at, appointment_place=d.summons_place,
        summons=d.summons_at is not None, closed_at=d.closed_at,
        copies=d.copies, refusal_reason=d.refusal_reason if d.refused_to_sign else "",
        witness_refusal_reason=d.witness_refusal_reason, symbol=agency.record_suffix,
        receipt_on_back=True)  # MBB01's back page: signed by whoever receives it (§4.3 item 10)


def _checked(db: Database, agency: AgencyInfo, facts: CaseFacts, details: RecordDetails,
             earliest: date | None, today: date | None = None) -> tuple[RecordDetails, Explanation]:
    """Clean and check the details, the citations and the right to explain; refuse on any."""
    _require_lines(facts)
    d = clean_details(details)
    refuse(validate_details(d, today=today or clock.today(), earliest=earliest,
                            seized=bool(facts.seized)))
    assert d.made_at is not None
    return d, _explanation(db, agency, facts, d.made_at.date())


def _earliest(session: Session, case_id: uuid.UUID, facts: CaseFacts) -> date | None:
    case = session.get(Case, case_id)
    visit = session.get(Visit, case.visit_id) if case is not None and case.visit_id else None
    found = [v for v in session.scalars(select(Violation.discovered_on).where(
        Violation.case_id == case_id)) if v is not None]
    found += [visit.visit_date] if visit else []
    return min(found, default=None)


def preview_record(db: Database, actor: Actor, case_id: uuid.UUID,
                   details: RecordDetails) -> bytes:
    """The record as it would print with these details, unnumbered and marked DỰ THẢO."""
    actor.require(Permission.VIEW)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, law_data(db).catalog, case_id,
                          details.made_at.date() if details.made_at else None)
        earliest = _earliest(uow.session, case_id, facts)
    d, explanation = _checked(db, agency, facts, details, earliest)
    return render_violation_record(_record_data(agency, facts, d, None, explanation))


def _current(session: Session, case_id: uuid.UUID) -> ViolationRecord | None:
    """The case's issued record, else its draft."""
    rows = list(session.scalars(select(ViolationRecord).where(
        ViolationRecord.case_id == case_id, ViolationRecord.status.in_(("issued", "draft")))
        .order_by(ViolationRecord.created_at)))
    issued = [r for r in rows if r.status == "issued"]
    chosen = issued or rows
    return chosen[-1] if chosen else None


def save_record_draft(db: Database, actor: Actor, case_id: uuid.UUID,
                      details: RecordDetails) -> None:
    """Keep what was typed (unchecked, unnumbered) so the record can be finished later."""
    actor.require(Permission.EDIT_FIELD_WORK)
    agency = require_agency(db, actor)
    assert agency.id is not None
    d = clean_details(details)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        if s.get(Case, case_id) is None:
            raise NotFound("Không tìm thấy vụ việc.", f"no case {case_id}")
        record = _current(s, case_id)
        if record is not None and record.status == "issued":
            raise ConflictError("Vụ việc đã có biên bản vi phạm hành chính; biên bản đã lập "
                                "không sửa được.", "the case already has an issued record")
        if record is None:
            record = ViolationRecord(case_id=case_id, agency_id=agency.id,
                                     year=(d.made_at.year if d.made_at else clock.today().year),
                                     status="draft")
            s.add(record)
        record.details = d.to_json()
        record.made_at, record.closed_at = d.made_at, d.closed_at
        uow.commit()


def _legacy_details(db: Database, actor: Actor, case_id: uuid.UUID, made_on: date,
                    place: str) -> RecordDetails:
    """``issue_record(case, date)`` without details: the prefilled ones (times still needed)."""
    form = record_form(db, actor, case_id)
    d = form.defaults
    return RecordDetails(**{**d.__dict__, "place": place or d.place,
                            "made_at": d.made_at if d.made_at and d.made_at.date() == made_on
                            else None})


def issue_record(db: Database, actor: Actor, case_id: uuid.UUID, made_on: date | None = None,
                 place: str = "", details: RecordDetails | None = None,
                 today: date | None = None) -> int:
    """Number and store the violation record (MBB01) of a case; returns its number.

    ``details`` are what happened (see :class:`RecordDetails`); without them the prefilled ones
    are used, which lack the times, so the issue is refused until they are given. ``made_on``
    must agree with ``details.made_at`` when both are given.
    """
    actor.require(Permission.EDIT_FIELD_WORK)
    agency = require_agency(db, actor)
    assert agency.id is not None
    if details is None:
        details = _legacy_details(db, actor, case_id, made_on or clock.today(), place)
    elif place:
        details = RecordDetails(**{**details.__dict__, "place": place})
    if made_on is not None and details.made_at is not None and details.made_at.date() != made_on:
        raise ValidationError(f"Ngày lập biên bản ({format_date(details.made_at.date())}) khác "
                              f"ngày đã chọn ({format_date(made_on)}).",
                              "the record date and the time of making disagree",
                              field="made_at")
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        if s.scalar(select(ViolationRecord.id).where(ViolationRecord.case_id == case_id,
                                                     ViolationRecord.status == "issued")):
            raise ConflictError("Vụ việc đã có biên bản vi phạm hành chính.",
                                "the case already has a violation record")
        facts = read_case(s, catalog, case_id, details.made_at.date() if details.made_at else None)
        d, explanation = _checked(db, agency, facts, details, _earliest(s, case_id, facts), today)
        assert d.made_at is not None
        day = d.made_at.date()
        law_service.check_dates(db, today or clock.today(), violations=facts.violation_dates,
                                record=day)
        law_service.check_register("biên bản vi phạm hành chính", day.year, day, s.scalar(
            select(func.max(ViolationRecord.made_on)).where(
                ViolationRecord.agency_id == agency.id, ViolationRecord.year == day.year,
                ViolationRecord.number.is_not(None))))
        record = _current(s, case_id)
        if record is None:
            record = ViolationRecord(case_id=case_id, agency_id=agency.id, year=day.year,
                                     status="draft")
            record.id = uuid.uuid4()
            s.add(record)
            s.flush()
        record.year = day.year
        number = numbering.next_number(s, agency.id, day.year, numbering.RECORD, record.id)
        pdf = render_violation_record(_record_data(agency, facts, d, number, explanation))
        record.number = number
        record.number_text = doc.document_number(number, agency.record_suffix)
        record.made_on = day
        record.made_at, record.closed_at = d.made_at, d.closed_at
        record.details = d.to_json()
        record.status = "issued"
        record.snapshot = {"violator_snapshot": facts.violator_snapshot,
                           "explanation": {"allowed": explanation.allowed, "to": explanation.to}}
        record.pdf = pdf
        record.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        case = s.get(Case, case_id)
        assert case is not None
        if case.status == "draft":
            case.status = check_case_transition(case.status, "recorded")
        uow.commit()
        return number


def record_pdf(db: Database, actor: Actor, case_id: uuid.UUID) -> bytes:
    """The case's issued violation record exactly as stored; without one, the draft with the
    saved (or prefilled) details, refused with a message while they are incomplete."""
    actor.require(Permission.VIEW)
    number: int | None = None
    made_on: date | None = None
    with UnitOfWork(db, actor) as uow:
        record = uow.session.scalar(select(ViolationRecord).where(
            ViolationRecord.case_id == case_id, ViolationRecord.status == "issued"))
        if record is not None and record.pdf is not None:
            return record.pdf
        if record is not None:  # issued before PDFs were kept (imported or seeded data)
            number, made_on = record.number, record.made_on
    form = record_form(db, actor, case_id)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, law_data(db).catalog, case_id, made_on)
    _require_lines(facts)
    d = clean_details(form.defaults)
    if made_on is not None and (d.made_at is None or d.made_at.date() != made_on):
        d = RecordDetails(**{**d.__dict__, "made_at": None, "closed_at": None})
    day = made_on or default_day(form) or clock.today()
    # A draft to finish by hand may have blanks; an issued record keeps its number and day;
    # neither lacks the right to explain.
    data = _record_data(agency, facts, d, number, _explanation(db, agency, facts, day))
    return render_violation_record(replace(data, made_on=day))


# --- registers --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    year: int
    number: int | None
    number_text: str | None
    made_on: date | None
    violator: str
    status: str
    decided: bool


RECORD_STATUS_LABELS_VI = {"issued": "Đã lập", "draft": "Đang soạn", "cancelled": "Đã hủy"}


def record_of_case(db: Database, actor: Actor, case_id: uuid.UUID) -> RecordInfo | None:
    """The issued record of a case, if any."""
    return record_form(db, actor, case_id).issued


def list_records(db: Database, actor: Actor, year: int | None = None) -> list[RecordInfo]:
    """The violation records of a year with their status and whether a decision followed."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        decided = set(s.scalars(select(SanctionDecision.case_id).where(
            SanctionDecision.status.notin_(("draft", "cancelled")))))
        stmt = (select(ViolationRecord, Case.violator, Case.subject_kind)
                .join(Case, Case.id == ViolationRecord.case_id)
                .where(ViolationRecord.status == "issued")
                .order_by(ViolationRecord.year.desc(), ViolationRecord.number.desc()))
        if year is not None:
            stmt = stmt.where(ViolationRecord.year == year)
        return [_info(r, violator_name(v or {}, k), r.case_id in decided)
                for r, v, k in s.execute(stmt)]


@dataclass(frozen=True)
class AwaitingRecord:
    """A case with violations and no issued record yet, with its limitation deadline."""

    case_id: uuid.UUID
    violator: str
    establishment: str
    sector: str
    opened_on: date
    violations: int
    total: int
    draft: bool
    limitation_due: date | None


def cases_awaiting_record(db: Database, actor: Actor) -> list[AwaitingRecord]:
    """Cases an inspector still has to make the record of, oldest first (two queries)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        recorded = select(ViolationRecord.case_id).where(ViolationRecord.status == "issued")
        drafts = set(s.scalars(select(ViolationRecord.case_id).where(
            ViolationRecord.status == "draft")))
        cases = [(c.id, c.opened_on, c.sector, c.subject_kind, dict(c.violator or {}))
                 for c in s.scalars(select(Case).where(
                     Case.status == "draft", Case.id.notin_(recorded),
                     Case.id.in_(select(Violation.case_id)))
                     .order_by(Case.opened_on, Case.created_at))]
        acts: dict[uuid.UUID, list[tuple[date | None, int]]] = {}
        for case_id, ongoing, ended, found, amount, warning in s.execute(
                select(Violation.case_id, Violation.ongoing, Violation.ended_on,
                       Violation.discovered_on, Violation.amount, Violation.warning)
                .where(Violation.case_id.in_([c[0] for c in cases]))):
            # the same date the documents use: discovery for an ongoing act, else its end
            acts.setdefault(case_id, []).append(
                (((found if ongoing else ended) or found), 0 if warning else amount))
    out = []
    for case_id, opened_on, sector, subject_kind, snapshot in cases:
        rows = acts.get(case_id, [])
        dates = tuple(d or opened_on for d, _ in rows)
        out.append(AwaitingRecord(
            case_id, violator_name(snapshot, subject_kind),
            str(snapshot.get("establishment_name", "")), sector, opened_on, len(rows),
            sum(a for _, a in rows), case_id in drafts, _limitation(db, sector, dates)))
    return out


def at(day: date, clock: time | None) -> datetime | None:
    """A record moment from its day and a time of day typed separately."""
    return datetime.combine(day, clock) if clock is not None else None
