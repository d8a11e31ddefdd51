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
from typing import Any

from sqlalchemy import select

from inspector.documents import model as doc
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_FIELD_VI
from inspector.services import clock
from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.case_documents import (
    agency_block,
    letter_signer,
    read_case,
    violator_from_snapshot,
)
from inspector.services.cases import registration_licence
from inspector.services.checklists import load_checklist
from inspector.services.errors import ValidationError
from inspector.services.establishments import establishment_detail
from inspector.services.law import law_data
from inspector.services.signers import default_signer, head_title
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case

ANSWER_TEXT = {"yes": "Đạt", "no": "Không đạt", "na": "Không áp dụng"}


def _subject(db: Database, actor: Actor, establishment_id: uuid.UUID, on: date) -> doc.Violator:
    """The party as the registry holds it, written as the violation record writes it on ``on``
    (the same block, addresses of the day, the registration certificate in force)."""
    d = establishment_detail(db, actor, establishment_id)
    snapshot: dict[str, Any] = {name: getattr(d, name) for name in _SUBJECT_FIELDS}
    snapshot["head_office"] = d.head_office or d.address_on(on)
    snapshot["owner_residence"] = d.owner_residence or d.address_on(on)
    snapshot.update(registration_licence(d.licences, on))
    return violator_from_snapshot(snapshot, d.subject_kind, on)


_SUBJECT_FIELDS = ("name", "owner_name", "owner_sex", "owner_birth_date", "owner_nationality",
                   "owner_occupation", "owner_id_number", "owner_id_issued_on",
                   "owner_id_issued_by", "enterprise_code", "representative_name",
                   "representative_title", "representative_sex")


def _officers(inspection: insp.InspectionDetail, own_agency: str) -> tuple[doc.Officer, ...]:
    """The team as the record lists it: the head first, then deputies, members, secretary; a
    member entered without an agency belongs to the issuing agency (``own_agency``)."""
    order = {role: n for n, role in enumerate(insp.MEMBER_ROLE_LABELS_VI)}
    members = sorted(inspection.members, key=lambda m: order.get(m.role, len(order)))
    return tuple(doc.Officer(m.full_name, insp.member_title(m.role, inspection.mode),
                             m.agency.strip() or own_agency) for m in members)


def _grounds(inspection: insp.InspectionDetail) -> tuple[str, ...]:
    """The inspection decision the record rests on, when it has one."""
    if not inspection.decision_number:
        return ()
    when = f" ngày {inspection.decision_date:%d/%m/%Y}" if inspection.decision_date else ""
    return (f"Quyết định số {inspection.decision_number}{when} về việc "
            f"{_lower_first(inspection.title)}",)


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:]


def _checks(visit: insp.VisitDetail, inspection: insp.InspectionDetail) -> list[doc.CheckItem]:
    """What was checked and found: the checklist answers, or — for a visit recorded without a
    checklist — the inspection's scope with the visit's recorded outcome."""
    checks = []
    if visit.checklist_sector and visit.answers:
        checklist = load_checklist(visit.checklist_sector)
        texts = {item.id: item.text for item in checklist.items}
        for answer in visit.answers:
            if answer.item_id not in texts:
                continue  # an item no longer in the checklist is not printed as a raw code
            result = ANSWER_TEXT.get(answer.answer, "")
            if not result:
                continue
            if answer.note:
                result += f" ({answer.note})"
            checks.append(doc.CheckItem(texts[answer.item_id], result))
    if not checks:
        outcome = insp.OUTCOME_LABELS_VI.get(visit.outcome, "")
        title = inspection.title.strip()
        for verb in ("Thanh tra ", "Kiểm tra "):
            if title.startswith(verb):
                title = title[len(verb):]
        subject = (title[:1].upper() + title[1:]) if title else (
            "Việc chấp hành quy định của pháp luật về "
            + SECTOR_FIELD_VI.get(visit.sector, ""))
        if visit.outcome in ("compliant", "reminded") and subject.strip():
            checks.append(doc.CheckItem(subject, outcome))
    return checks


def no_violation_record_data(db: Database, actor: Actor, visit_id: uuid.UUID,
                             number: int | None = None) -> doc.NoViolationRecordData:
    """The checking record of a visit where no violation was found."""
    actor.require(Permission.VIEW)
    visit = insp.visit_detail(db, actor, visit_id)
    if visit.violations:
        raise ValidationError("Lần làm việc này có vi phạm: hãy lập biên bản vi phạm hành chính.",
                              "the visit found violations: make a violation record instead")
    inspection = insp.inspection_detail(db, actor, visit.inspection_id)
    checks = _checks(visit, inspection)
    if not checks:
        raise ValidationError(
            "Lần làm việc chưa có kết quả kiểm tra (danh mục kiểm tra hoặc kết luận): hãy ghi "
            "kết quả trước khi lập biên bản.",
            "the visit has no checklist answers and no outcome to record")
    thanh_tra = inspection.mode == "thanh_tra"
    est = establishment_detail(db, actor, visit.establishment_id)
    place = ", ".join(p for p in (visit.establishment_name, est.address_on(visit.visit_date)) if p)
    verb = "thanh tra" if thanh_tra else "kiểm tra"
    conclusion = (f"Tại thời điểm {verb}, Đoàn {verb} chưa phát hiện hành vi vi phạm hành chính"
                  if visit.outcome != "reminded" else
                  f"Tại thời điểm {verb}, Đoàn {verb} chưa phát hiện hành vi vi phạm hành chính; "
                  "cơ sở còn một số tồn tại cần khắc phục")
    return doc.NoViolationRecordData(
        agency=agency_block(get_agency(db, actor)), number=number,
        made_at=None, place=place,
        field=SECTOR_FIELD_VI.get(visit.sector, "") or visit.sector,
        officers=_officers(inspection, " ".join(get_agency(db, actor).agency_name.split())),
        subject=_subject(db, actor, visit.establishment_id, visit.visit_date),
        checks=tuple(checks),
        grounds=tuple("Căn cứ " + g for g in _grounds(inspection)),
        title="Biên bản thanh tra" if thanh_tra else "Biên bản kiểm tra",
        symbol="BB-TTr" if thanh_tra else "BB-KT",
        team_name="Đoàn thanh tra" if thanh_tra else "Đoàn kiểm tra", conclusion=conclusion,
        remarks=tuple(line for line in visit.notes.splitlines() if line.strip()))


def moment_of(day: date, at: time | None) -> datetime | date:
    """The moment a record was made: the date, with the time when the user gave it (never an
    invented hour)."""
    return datetime.combine(day, at) if at is not None else day


def no_violation_record_pdf(db: Database, actor: Actor, visit_id: uuid.UUID) -> bytes:
    """The checking record as it would print, unnumbered (DỰ THẢO), for review before issue."""
    from inspector.documents.record import render_no_violation_record

    return render_no_violation_record(no_violation_record_data(db, actor, visit_id))


def reminder_letter_data(db: Database, actor: Actor, visit_id: uuid.UUID, findings: Sequence[str],
                         requests: Sequence[str], report_by: date | None = None,
                         on: date | None = None, number: int | None = None,
                         signer_id: uuid.UUID | None = None) -> doc.ReminderLetterData:
    """The letter asking the establishment to fix shortcomings found at a visit, without a
    sanction (the seed's printing company was "nhắc nhở và yêu cầu khắc phục")."""
    from inspector.services.signers import get_signer

    actor.require(Permission.VIEW)
    on = on or clock.today()
    visit = insp.visit_detail(db, actor, visit_id)
    if on < visit.visit_date:
        raise ValidationError("Ngày công văn trước ngày làm việc tại cơ sở.",
                              "the letter predates the visit", field="on")
    if report_by is not None and report_by <= on:
        raise ValidationError("Hạn báo cáo phải sau ngày công văn.",
                              "the report-by date must follow the letter date", field="report_by")
    inspection = insp.inspection_detail(db, actor, visit.inspection_id)
    agency = get_agency(db, actor)
    signer = get_signer(db, actor, signer_id) if signer_id else default_signer(db, actor, on)
    if signer is None:
        raise ValidationError("Chưa cài đặt người ký cho ngày này (trang Cài đặt).",
                              "no signer configured for that date")
    findings = [f.strip() for f in findings if f.strip()]
    requests = [r.strip() for r in requests if r.strip()]
    if not findings and not requests:
        raise ValidationError("Hãy ghi các tồn tại và yêu cầu khắc phục.",
                              "give the shortcomings and what to do", field="findings")
    if not findings:
        checklist = load_checklist(visit.checklist_sector) if visit.checklist_sector else None
        texts = {i.id: i.text for i in checklist.items} if checklist else {}
        findings = [texts[a.item_id] for a in visit.answers
                    if a.answer == "no" and a.item_id in texts]
    title = head_title(db, signer.title_code, on, agency.agency_name)
    block = agency_block(agency)
    verb = "thanh tra" if inspection.mode == "thanh_tra" else "kiểm tra"
    est = establishment_detail(db, actor, visit.establishment_id)
    address = est.address_on(on)
    basis = (f" theo Quyết định số {inspection.decision_number}"
             + (f" ngày {inspection.decision_date:%d/%m/%Y}" if inspection.decision_date else "")
             if inspection.decision_number else "")
    agency_name = " ".join(agency.agency_name.split())
    first = (f"Ngày {visit.visit_date:%d/%m/%Y}, Đoàn {verb} của {agency_name}{basis} đã "
             f"{_lower_first(inspection.title)} tại {visit.establishment_name}"
             + (f", địa chỉ: {address}" if address else "") + ".")
    return doc.ReminderLetterData(
        agency=block, number=number, letter_date=on,
        summary=f"V/v chấn chỉnh, khắc phục tồn tại sau {verb}",
        recipient=visit.establishment_name, background=(first,),
        findings=tuple(findings), requests=tuple(requests),
        signer=letter_signer(signer, title, agency.agency_name), report_by=report_by)


def reminder_letter_pdf(db: Database, actor: Actor, visit_id: uuid.UUID, findings: Sequence[str],
                        requests: Sequence[str], report_by: date | None = None,
                        on: date | None = None) -> bytes:
    """The reminder letter as it would print, unnumbered (DỰ THẢO), for review before issue."""
    from inspector.documents.letters import render_reminder_letter

    return render_reminder_letter(reminder_letter_data(db, actor, visit_id, findings, requests,
                                                       report_by, on))


def seizure_record_data(db: Database, actor: Actor, case_id: uuid.UUID,
                        made_on: date | None = None, at: time | None = None,
                        number: int | None = None) -> doc.SeizureRecordData:
    """The record of exhibits seized apart from the violation record (MBB15)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        case = uow.session.scalar(select(Case).where(Case.id == case_id))
        if case is None:
            raise ValidationError("Không tìm thấy vụ việc.", f"no case {case_id}")
        opened = case.opened_on
        visit_id = case.visit_id
        establishment_id = case.establishment_id
        # the violator's address as of the record's day (no district from 01/7/2025)
        facts = read_case(uow.session, law_data(db).catalog, case_id, made_on or opened)
    if not facts.seized:
        raise ValidationError("Vụ việc chưa có tang vật, phương tiện bị tạm giữ.",
                              "the case has no seized items")
    day = made_on or opened
    if day < opened:
        raise ValidationError("Ngày lập biên bản tạm giữ trước ngày phát hiện vụ việc.",
                              "the seizure record predates the case", field="made_on")
    officers: tuple[doc.Officer, ...] = ()
    grounds: tuple[str, ...] = ()
    if visit_id is not None:
        inspection = insp.inspection_detail(
            db, actor, insp.visit_detail(db, actor, visit_id).inspection_id)
        officers = _officers(inspection, " ".join(get_agency(db, actor).agency_name.split()))
        grounds = _grounds(inspection)
    place = facts.establishment_name
    if establishment_id is not None:
        est = establishment_detail(db, actor, establishment_id)
        place = ", ".join(p for p in (est.name, est.address_on(day)) if p)
    return doc.SeizureRecordData(
        agency=agency_block(get_agency(db, actor)), number=number,
        made_at=moment_of(day, at), place=place, officers=officers, violator=facts.violator,
        items=facts.seized, grounds=grounds,
        receipt_on_back=True)  # MBB15 is handed over on the spot: its back page is the receipt


def seizure_record_pdf(db: Database, actor: Actor, case_id: uuid.UUID,
                       made_on: date | None = None) -> bytes:
    """The seizure record as it would print, unnumbered (DỰ THẢO), for review before issue."""
    from inspector.documents.record import render_seizure_record

    return render_seizure_record(seizure_record_data(db, actor, case_id, made_on))
