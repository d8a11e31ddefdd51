"""Documents of a visit: the checking record when nothing was found, the letter asking an
establishment to fix shortcomings without a sanction, and the record of exhibits seized apart
from the violation record.

They are printed from what the visit recorded (the checklist answers, the team, the
establishment as it was then) through the same layout as the decisions.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import select

from inspector.documents import model as doc
from inspector.domain.roles import Permission
from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.case_documents import agency_block, document_signer, read_case
from inspector.services.checklists import load_checklist
from inspector.services.errors import ValidationError
from inspector.services.establishments import establishment_detail
from inspector.services.law import law_data
from inspector.services.signers import default_signer, head_title
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case

ANSWER_TEXT = {"yes": "Đạt", "no": "Không đạt", "na": "Không áp dụng"}


def _subject(db: Database, actor: Actor, establishment_id: uuid.UUID) -> doc.Violator:
    d = establishment_detail(db, actor, establishment_id)
    if d.owner_kind == "organization":
        return doc.Organisation(name=d.name, head_office=d.head_office or d.address_line,
                                enterprise_code=d.enterprise_code or "",
                                representative=d.representative_name or "",
                                representative_title=d.representative_title or "")
    return doc.Person(full_name=d.owner_name or d.name, sex={"M": "Nam", "F": "Nữ"}.get(
        d.owner_sex or "", ""), date_of_birth=d.owner_birth_date,
        nationality=d.owner_nationality or "Việt Nam", occupation=d.owner_occupation or "",
        residence=d.owner_residence or ", ".join(p for p in (d.address_line, d.commune_name)
                                                 if p),
        id_number=d.owner_id_number or "", id_issued_on=d.owner_id_issued_on,
        id_issued_by=d.owner_id_issued_by or "")


def _officers(inspection: insp.InspectionDetail) -> tuple[doc.Officer, ...]:
    return tuple(doc.Officer(m.full_name, insp.MEMBER_ROLE_LABELS_VI.get(m.role, m.role),
                             m.agency) for m in inspection.members)


def _grounds(inspection: insp.InspectionDetail) -> tuple[str, ...]:
    """The inspection decision the record rests on, when it has one."""
    if not inspection.decision_number:
        return ()
    when = f" ngày {inspection.decision_date:%d/%m/%Y}" if inspection.decision_date else ""
    return (f"Quyết định số {inspection.decision_number}{when}",)


def no_violation_record_pdf(db: Database, actor: Actor, visit_id: uuid.UUID) -> bytes:
    """The checking record of a visit where no violation was found (draft, to be numbered by
    hand or in the office's own register)."""
    actor.require(Permission.VIEW)
    from inspector.documents.record import render_no_violation_record

    visit = insp.visit_detail(db, actor, visit_id)
    if visit.violations:
        raise ValidationError("Lần làm việc này có vi phạm: hãy lập biên bản vi phạm hành chính.",
                              "the visit found violations: make a violation record instead")
    inspection = insp.inspection_detail(db, actor, visit.inspection_id)
    checks = []
    if visit.checklist_sector:
        checklist = load_checklist(visit.checklist_sector)
        texts = {item.id: item.text for item in checklist.items}
        for answer in visit.answers:
            result = ANSWER_TEXT.get(answer.answer, answer.answer)
            if answer.note:
                result += f" ({answer.note})"
            checks.append(doc.CheckItem(texts.get(answer.item_id, answer.item_id), result))
    thanh_tra = inspection.mode == "thanh_tra"
    data = doc.NoViolationRecordData(
        agency=agency_block(get_agency(db, actor)), number=None,
        made_at=datetime.combine(visit.visit_date, time(9, 0)), place=visit.establishment_name,
        field=visit.sector, officers=_officers(inspection),
        subject=_subject(db, actor, visit.establishment_id), checks=tuple(checks),
        grounds=_grounds(inspection),
        title="Biên bản thanh tra" if thanh_tra else "Biên bản kiểm tra",
        symbol="BB-TTr" if thanh_tra else "BB-KT",
        team_name="Đoàn thanh tra" if thanh_tra else "Đoàn kiểm tra",
        remarks=tuple(line for line in visit.notes.splitlines() if line.strip()))
    return render_no_violation_record(data)


def reminder_letter_pdf(db: Database, actor: Actor, visit_id: uuid.UUID, findings: Sequence[str],
                        requests: Sequence[str], report_by: date | None = None,
                        on: date | None = None) -> bytes:
    """The letter asking the establishment to fix shortcomings found at a visit, without a
    sanction (the seed's printing company was "nhắc nhở và yêu cầu khắc phục")."""
    actor.require(Permission.VIEW)
    from inspector.documents.letters import render_reminder_letter

    on = on or date.today()
    visit = insp.visit_detail(db, actor, visit_id)
    inspection = insp.inspection_detail(db, actor, visit.inspection_id)
    agency = get_agency(db, actor)
    signer = default_signer(db, actor, on)
    if signer is None:
        raise ValidationError("Chưa cài đặt người ký cho ngày này (trang Cài đặt).",
                              "no signer configured for that date")
    if not [f for f in findings if f.strip()] and not [r for r in requests if r.strip()]:
        raise ValidationError("Hãy ghi các tồn tại và yêu cầu khắc phục.",
                              "give the shortcomings and what to do", field="findings")
    if not findings:
        checklist = load_checklist(visit.checklist_sector) if visit.checklist_sector else None
        texts = {i.id: i.text for i in checklist.items} if checklist else {}
        findings = [texts.get(a.item_id, a.item_id) for a in visit.answers if a.answer == "no"]
    title = head_title(db, signer.title_code, on, agency.agency_name)
    data = doc.ReminderLetterData(
        agency=agency_block(agency), number=None, letter_date=on,
        summary="V/v chấn chỉnh, khắc phục tồn tại sau " + (
            "thanh tra" if inspection.mode == "thanh_tra" else "kiểm tra"),
        recipient=visit.establishment_name,
        background=(f"Ngày {visit.visit_date:%d/%m/%Y}, {inspection.title[:1].lower()}"
                    f"{inspection.title[1:]} đã làm việc tại {visit.establishment_name}.",),
        findings=tuple(f for f in findings if f.strip()),
        requests=tuple(r for r in requests if r.strip()), signer=document_signer(signer, title),
        report_by=report_by)
    return render_reminder_letter(data)


def seizure_record_pdf(db: Database, actor: Actor, case_id: uuid.UUID,
                       made_on: date | None = None) -> bytes:
    """The record of exhibits seized apart from the violation record (MBB15)."""
    actor.require(Permission.VIEW)
    from inspector.documents.record import render_seizure_record

    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, law_data(db).catalog, case_id)
        case = uow.session.scalar(select(Case).where(Case.id == case_id))
        opened = case.opened_on if case else date.today()
    if not facts.seized:
        raise ValidationError("Vụ việc chưa có tang vật, phương tiện bị tạm giữ.",
                              "the case has no seized items")
    day = made_on or opened
    data = doc.SeizureRecordData(
        agency=agency_block(get_agency(db, actor)), number=None,
        made_at=datetime.combine(day, time(9, 0)), place=facts.establishment_name,
        officers=(), violator=facts.violator, items=facts.seized)
    return render_seizure_record(data)
