"""Issue and keep the documents that are neither decisions nor violation records.

The seizure record (MBB15), the checking record of a visit without violation, the reminder
letter and the transfer letter are legal records too: once handed over they must be findable by
their number and reprinted exactly as issued. Issuing is one transaction, as for a decision: the
next number of the document's register is taken, the PDF is rendered from the case as it is on
that day, stored with its SHA-256 and a snapshot of what it printed, and never changed.

Registers: records of seizure (``BB-TG``) and checking records (``BB-KT``, thanh tra and kiểm tra
records in one sequence) each have their own; both letters are công văn of the agency and share
its letter register (``CV``), because they print the same symbol ("Số: 05/STTTT-TTr") and two
sequences would print the same number twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.documents import model as doc
from inspector.domain.roles import Permission
from inspector.domain.signatures import SignatureRole
from inspector.domain.states import StateError, check_case_transition
from inspector.domain.text import format_date
from inspector.services import document_signing, numbering
from inspector.services import visit_documents as vd
from inspector.services.actor import Actor
from inspector.services.decision_signing import sign_issued_pdf
from inspector.services.decisions import require_agency, snapshot_of, transfer_letter_data
from inspector.services.errors import ConflictError, NotFound, ServiceError, ValidationError
from inspector.services.signing import Credentials
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, IssuedDocument

#: CLI names of the kinds (``inspector document issue KIND``) → stored kind.
KINDS: dict[str, str] = {"seizure": "seizure", "no-violation": "no_violation",
                         "reminder": "reminder", "transfer": "transfer"}
KIND_LABELS_VI = {"seizure": "Biên bản tạm giữ", "no_violation": "Biên bản kiểm tra",
                  "reminder": "Công văn nhắc nhở", "transfer": "Công văn chuyển hồ sơ"}
REGISTERS = {"seizure": numbering.SEIZURE, "no_violation": numbering.CHECKING,
             "reminder": numbering.LETTER, "transfer": numbering.LETTER}
#: Who issues: the team makes its records; the head signs the letters.
PERMISSIONS = {"seizure": Permission.EDIT_FIELD_WORK, "no_violation": Permission.EDIT_FIELD_WORK,
               "reminder": Permission.ISSUE_DECISIONS, "transfer": Permission.ISSUE_DECISIONS}


@dataclass(frozen=True)
class IssuedInfo:
    id: uuid.UUID
    kind: str
    year: int
    number: int
    number_text: str
    issued_on: date
    title: str
    case_id: uuid.UUID | None
    visit_id: uuid.UUID | None
    signer_name: str | None
    pdf_sha256: str

    @property
    def label(self) -> str:
        return f"{KIND_LABELS_VI[self.kind]} số {self.number_text} ngày {format_date(self.issued_on)}"

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "kind": cli_kind(self.kind), "year": self.year,
                "number": self.number, "number_text": self.number_text,
                "issued_on": self.issued_on.isoformat(), "title": self.title,
                "case_id": str(self.case_id) if self.case_id else None,
                "visit_id": str(self.visit_id) if self.visit_id else None,
                "signer_name": self.signer_name, "pdf_sha256": self.pdf_sha256}


def cli_kind(kind: str) -> str:
    return next(k for k, v in KINDS.items() if v == kind)


def stored_kind(kind: str) -> str:
    if kind in KINDS:
        return KINDS[kind]
    if kind in KINDS.values():
        return kind
    raise ValidationError(f"Loại văn bản không hợp lệ: {kind}.",
                          f"KIND must be one of {', '.join(KINDS)} (got {kind!r})", field="kind")


def _info(row: IssuedDocument) -> IssuedInfo:
    return IssuedInfo(row.id, row.kind, row.year, row.number, row.number_text, row.issued_on,
                      row.title, row.case_id, row.visit_id, row.signer_name, row.pdf_sha256)


@dataclass(frozen=True)
class _Prepared:
    """What a kind needs to issue: the data without its number, how to render it, its symbol."""

    data: Any
    render: Callable[[Any], bytes]
    symbol: str
    title: str
    case_id: uuid.UUID | None = None
    visit_id: uuid.UUID | None = None
    signer: doc.Signer | None = None
    competent: str | None = None


def _prepare(db: Database, actor: Actor, kind: str, target: uuid.UUID, on: date,
             at: time | None, findings: Sequence[str], requests: Sequence[str],
             report_by: date | None, signer_id: uuid.UUID | None) -> _Prepared:
    if kind == "seizure":
        from inspector.documents.record import render_seizure_record

        data: Any = vd.seizure_record_data(db, actor, target, on, at)
        return _Prepared(data, render_seizure_record, data.symbol, "Biên bản tạm giữ tang vật, "
                         "phương tiện", case_id=target)
    if kind == "no_violation":
        from inspector.documents.record import render_no_violation_record

        data = vd.no_violation_record_data(db, actor, target)
        visit = vd.insp.visit_detail(db, actor, target)
        if on < visit.visit_date:
            raise ValidationError("Ngày lập biên bản trước ngày làm việc tại cơ sở.",
                                  "the record predates the visit", field="on")
        data = dataclasses.replace(data, made_at=vd.moment_of(on, at))
        return _Prepared(data, render_no_violation_record, data.symbol, data.title,
                         visit_id=target)
    agency = require_agency(db, actor)
    if kind == "reminder":
        from inspector.documents.letters import render_reminder_letter

        data = vd.reminder_letter_data(db, actor, target, findings, requests, report_by, on,
                                       signer_id=signer_id)
        return _Prepared(data, render_reminder_letter, agency.agency_short, data.summary,
                         visit_id=target, signer=data.signer)
    from inspector.documents.letters import render_transfer_letter

    data, review = transfer_letter_data(db, actor, target, on, signer_id)
    return _Prepared(data, render_transfer_letter, agency.agency_short, data.summary,
                     case_id=target, signer=data.signer, competent=review.competent_title)


def issue_document(db: Database, actor: Actor, kind: str, target: uuid.UUID, on: date,
                   *, at: time | None = None, findings: Sequence[str] = (),
                   requests: Sequence[str] = (), report_by: date | None = None,
                   signer_id: uuid.UUID | None = None,
                   sign: Credentials | None = None) -> IssuedInfo:
    """Number, render and keep one document; ``target`` is the case (seizure, transfer) or the
    visit (checking record, reminder). Issuing the transfer letter moves the case to
    "transferred" in the same transaction. With ``sign`` a letter is signed digitally by its
    signer before it is stored; a wrong PIN or certificate issues nothing."""
    kind = stored_kind(kind)
    actor.require(PERMISSIONS[kind])
    if sign is not None:
        document_signing.require_signable(kind)
    agency = require_agency(db, actor)
    assert agency.id is not None
    prepared = _prepare(db, actor, kind, target, on, at, findings, requests, report_by,
                        signer_id)
    register = REGISTERS[kind]
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        owner = (IssuedDocument.case_id == prepared.case_id if prepared.case_id
                 else IssuedDocument.visit_id == prepared.visit_id)
        if kind != "reminder":
            existing = s.scalar(select(IssuedDocument).where(IssuedDocument.kind == kind, owner))
            if existing is not None:
                raise ConflictError(
                    f"Đã có {KIND_LABELS_VI[kind].lower()} số {existing.number_text}.",
                    f"already issued: {cli_kind(kind)} {existing.number_text}")
        case = s.get(Case, prepared.case_id) if prepared.case_id else None
        if kind == "transfer":
            assert case is not None
            if case.status in ("transferred", "cancelled"):
                raise ConflictError("Vụ việc đã được chuyển hoặc đã hủy.",
                                    f"the case is {case.status}")
        row = IssuedDocument(agency_id=agency.id, kind=kind, register=register, year=on.year,
                             issued_on=on, case_id=prepared.case_id, visit_id=prepared.visit_id,
                             title=prepared.title)
        row.id = uuid.uuid4()
        number = numbering.next_number(s, agency.id, on.year, register, row.id)
        data = dataclasses.replace(prepared.data, number=number)
        try:
            pdf = prepared.render(data)
        except (doc.DocumentError, ValueError) as exc:
            raise ValidationError(str(exc), str(exc)) from exc
        row.number = number
        row.number_text = doc.document_number(number, prepared.symbol)
        if prepared.signer is not None:
            row.signer_name = prepared.signer.full_name
            row.signer_title = prepared.signer.authority or prepared.signer.title
        row.snapshot = {"document": snapshot_of(data)}
        signed = None
        if sign is not None:
            assert prepared.signer is not None
            signed = sign_issued_pdf(pdf, sign, SignatureRole.SIGNER, prepared.signer.full_name,
                                     agency, row.number_text, document="công văn")
            pdf = signed.pdf
        row.pdf = pdf
        row.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(row)
        if signed is not None:
            s.flush()
            document_signing.record_document_signature(s, row, SignatureRole.SIGNER, signed)
        if kind == "transfer" and case is not None:
            try:
                case.status = check_case_transition(case.status, "transferred")
            except StateError as exc:
                raise ConflictError(exc.vi, str(exc)) from exc
            case.transferred_on = on
            case.transferred_to = prepared.competent
        s.flush()
        info = _info(row)
        uow.commit()
        return info


def find_document(db: Database, actor: Actor, kind: str, number: int, year: int) -> IssuedInfo:
    """An issued document by its kind, number and year."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor, read_only=True) as uow:
        return _info(_find(uow.session, kind, number, year))


def _find(session: Session, kind: str, number: int, year: int) -> IssuedDocument:
    kind = stored_kind(kind)
    row = session.scalar(select(IssuedDocument).where(
        IssuedDocument.kind == kind, IssuedDocument.year == year,
        IssuedDocument.number == number))
    if row is None:
        raise NotFound(f"Không có {KIND_LABELS_VI[kind].lower()} số {number} năm {year}.",
                       f"no {cli_kind(kind)} number {number} of {year}")
    return row


def document_pdf(db: Database, actor: Actor, kind: str, number: int, year: int) -> bytes:
    """The stored PDF of an issued document, checked against its SHA-256."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = _find(uow.session, kind, number, year)
        pdf = row.pdf
        if hashlib.sha256(pdf).hexdigest() != row.pdf_sha256:
            raise ServiceError("Bản PDF lưu trữ không khớp mã SHA-256 trong sổ: có thể đã bị sửa.",
                               "the stored PDF does not match its SHA-256")
        return pdf


def stored_pdf(db: Database, actor: Actor, document_id: uuid.UUID) -> bytes:
    """The stored PDF of one issued document by id (the GUI's reprint)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(IssuedDocument, document_id)
        if row is None:
            raise NotFound("Không tìm thấy văn bản.", f"no issued document {document_id}")
        return document_pdf(db, actor, row.kind, row.number, row.year)


def list_documents(db: Database, actor: Actor, year: int | None = None, kind: str | None = None,
                   case_id: uuid.UUID | None = None,
                   visit_id: uuid.UUID | None = None) -> list[IssuedInfo]:
    """The register of issued documents, in date then number order."""
    actor.require(Permission.VIEW)
    stmt = select(IssuedDocument).order_by(IssuedDocument.issued_on, IssuedDocument.register,
                                           IssuedDocument.number)
    if year is not None:
        stmt = stmt.where(IssuedDocument.year == year)
    if kind is not None:
        stmt = stmt.where(IssuedDocument.kind == stored_kind(kind))
    if case_id is not None:
        stmt = stmt.where(IssuedDocument.case_id == case_id)
    if visit_id is not None:
        stmt = stmt.where(IssuedDocument.visit_id == visit_id)
    with UnitOfWork(db, actor) as uow:
        return [_info(r) for r in uow.session.scalars(stmt)]
