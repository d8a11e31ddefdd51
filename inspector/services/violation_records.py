"""The violation record (MBB01) of a case: drafted, numbered, issued and kept (Law Art 58)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspector.documents import model as doc
from inspector.domain.law import LawError
from inspector.domain.roles import Permission
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
from inspector.services.decisions import (
    render_violation_record,
    require_agency,
)
from inspector.services.errors import ConflictError, ServiceError, ValidationError
from inspector.services.law import deadlines as law_deadlines
from inspector.services.law import law_data
from inspector.services.signers import default_signer, head_title
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, SanctionDecision, ViolationRecord


def _record_data(db: Database, agency: AgencyInfo, facts: CaseFacts, made_on: date,
                 number: int | None, place: str) -> doc.ViolationRecordData:
    from datetime import datetime, time

    explanation = False
    try:
        catalog = law_data(db).catalog
        from inspector.domain.fines import bracket_for

        subject = "organization" if facts.subject_kind == "organization" else "individual"
        brackets = [bracket_for(catalog.provision(k), subject, c).maximum
                    for k, c in zip(facts.keys, facts.copies, strict=True)]
        withdraw = any(kind in ("licence_withdrawal", "suspension")
                       for adds in facts.additional for kind, _ in adds)
        d = law_deadlines(db, Actor("system", "admin"), violation_ended=min(facts.violation_dates),
                          discovered_on=None, ongoing=False, record_date=made_on,
                          decision_date=None, sector=facts.sector, subject=subject,
                          bracket_max=max(brackets) if brackets else None,
                          may_withdraw_or_suspend=withdraw)
        explanation = bool(d["explanation_right"].allowed)
    except (LawError, ServiceError):
        explanation = False
    explanation_to = ""
    if explanation:
        # The person the violator explains to is the one competent to decide on that date.
        signer = default_signer(db, Actor("system", "admin"), made_on)
        try:
            explanation_to = (head_title(db, signer.title_code, made_on, agency.agency_name)
                              if signer else "")
        except ServiceError:
            explanation_to = ""
        explanation_to = explanation_to or f"Thủ trưởng {agency.agency_name}"
    return doc.ViolationRecordData(
        agency=agency_block(agency), number=number,
        made_at=datetime.combine(made_on, time(9, 0)), place=place or facts.establishment_name,
        field=facts.sector, officers=(), violator=facts.violator, violations=facts.lines,
        seized_items=facts.seized, explanation_right=explanation, explanation_to=explanation_to,
        symbol=agency.record_suffix)


def record_pdf(db: Database, actor: Actor, case_id: uuid.UUID) -> bytes:
    """The case's violation record: the issued one as stored, else a numbered-later draft."""
    actor.require(Permission.VIEW)
    agency = require_agency(db, actor)
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        record = uow.session.scalar(select(ViolationRecord).where(
            ViolationRecord.case_id == case_id, ViolationRecord.status == "issued"))
        if record is not None and record.pdf is not None:
            return record.pdf
        facts = read_case(uow.session, catalog, case_id)
    if not facts.lines:
        raise ValidationError("Vụ việc chưa có hành vi vi phạm để lập biên bản.",
                              "the case has no violations to record")
    return render_violation_record(_record_data(db, agency, facts, date.today(), None, ""))


def issue_record(db: Database, actor: Actor, case_id: uuid.UUID, made_on: date,
                 place: str = "", today: date | None = None) -> int:
    """Number and store the violation record (MBB01) of a case; returns its number."""
    actor.require(Permission.EDIT_FIELD_WORK)
    agency = require_agency(db, actor)
    assert agency.id is not None
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        if s.scalar(select(ViolationRecord.id).where(ViolationRecord.case_id == case_id,
                                                     ViolationRecord.status == "issued")):
            raise ConflictError("Vụ việc đã có biên bản vi phạm hành chính.",
                                "the case already has a violation record")
        facts = read_case(s, catalog, case_id)
        if not facts.lines:
            raise ValidationError("Vụ việc chưa có hành vi vi phạm để lập biên bản.",
                                  "the case has no violations to record")
        law_service.check_dates(db, today or clock.today(), violations=facts.violation_dates,
                                record=made_on)
        law_service.check_register("biên bản vi phạm hành chính", made_on.year, made_on, s.scalar(
            select(func.max(ViolationRecord.made_on)).where(
                ViolationRecord.agency_id == agency.id, ViolationRecord.year == made_on.year,
                ViolationRecord.number.is_not(None))))
        record = ViolationRecord(case_id=case_id, agency_id=agency.id, year=made_on.year,
                                 status="draft")
        record.id = uuid.uuid4()
        number = numbering.next_number(s, agency.id, made_on.year, numbering.RECORD, record.id)
        pdf = render_violation_record(_record_data(db, agency, facts, made_on, number, place))
        record.number = number
        record.number_text = doc.document_number(number, agency.record_suffix)
        record.made_on = made_on
        record.status = "issued"
        record.snapshot = {"violator_snapshot": facts.violator_snapshot}
        record.pdf = pdf
        record.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(record)
        case = s.get(Case, case_id)
        assert case is not None
        if case.status == "draft":
            case.status = "recorded"
        uow.commit()
        return number


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


def list_records(db: Database, actor: Actor, year: int | None = None) -> list[RecordInfo]:
    """The violation records of a year with their status and whether a decision followed."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        decided = set(s.scalars(select(SanctionDecision.case_id).where(
            SanctionDecision.status.notin_(("draft", "cancelled")))))
        stmt = (select(ViolationRecord, Case.violator, Case.subject_kind)
                .join(Case, Case.id == ViolationRecord.case_id)
                .order_by(ViolationRecord.year.desc(), ViolationRecord.number.desc()))
        if year is not None:
            stmt = stmt.where(ViolationRecord.year == year)
        return [RecordInfo(r.id, r.case_id, r.year, r.number, r.number_text, r.made_on,
                           violator_name(v or {}, k), r.status, r.case_id in decided)
                for r, v, k in s.execute(stmt)]


