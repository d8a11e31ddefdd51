"""Decisions that amend, correct or annul an issued decision (Law Art 18)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from inspector.documents import model as doc
from inspector.domain.roles import Permission
from inspector.services import numbering
from inspector.services.actor import Actor
from inspector.services.case_documents import (
    agency_block,
    document_signer,
    read_case,
    violator_name,
)
from inspector.services.decisions import (
    DecisionInfo,
    decision_info,
    find_decision,
    require_agency,
    signer_for,
    snapshot_of,
)
from inspector.services.decisions import _decrees as decision_decrees  # the decision's own
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.law import law_data
from inspector.services.signers import head_title
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, SanctionDecision

AMENDMENT_STATUS = {"amend": "amended", "correct": "amended", "annul": "cancelled"}


def amend_decision(db: Database, actor: Actor, number: int, year: int, kind: str, reason: str,
                   changes: list[str], on: date | None = None,
                   signer_id: uuid.UUID | None = None) -> DecisionInfo:
    """Issue a new decision that amends, corrects or annuls an issued one (Law Art 18).

    The original stays as issued; its status says it was amended or cancelled, and the new
    decision, numbered in the same yearly sequence, refers to it.
    """
    from inspector.documents.amendment import AmendmentData, render_amendment
    from inspector.documents.model import DocumentError

    actor.require(Permission.ISSUE_DECISIONS)
    if kind not in AMENDMENT_STATUS:
        raise ValidationError(f"Loại quyết định không hợp lệ: {kind}.",
                              f"kind must be amend, correct or annul (got {kind!r})", field="kind")
    on = on or date.today()
    agency = require_agency(db, actor)
    assert agency.id is not None
    signer = signer_for(db, actor, signer_id, on)
    if signer is None:
        raise ValidationError("Chưa cài đặt người ký quyết định cho ngày này.",
                              "no signer configured for that date")
    title = head_title(db, signer.title_code, on, agency.agency_name)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        original = find_decision(s, year, number)
        if original.status in ("cancelled", "amended", "draft"):
            raise ConflictError(
                f"Quyết định {original.number_text} không còn ở trạng thái có thể sửa đổi hay hủy.",
                f"decision {original.number_text} is {original.status}")
        if original.issued_on and on < original.issued_on:
            raise ValidationError("Ngày quyết định mới trước ngày quyết định gốc.",
                                  "the new decision predates the original", field="on")
        case = s.get(Case, original.case_id)
        name = violator_name(case.violator if case else {}, case.subject_kind if case else "")
        new = SanctionDecision(case_id=original.case_id, agency_id=agency.id, form="QĐ-SĐ",
                               year=on.year, status="draft", total_amount=0,
                               amends_id=original.id, amendment_kind=kind)
        new.id = uuid.uuid4()
        new_number = numbering.next_number(s, agency.id, on.year, numbering.DECISION, new.id)
        signer_block = document_signer(signer, title)
        facts = read_case(s, law_data(db).catalog, original.case_id)
        bases = doc.amendment_bases(on, decision_decrees(db, facts, on),
                                    original.number_text or "", original.issued_on or on,
                                    signer_block)
        data = AmendmentData(
            agency=agency_block(agency), number=new_number, decision_date=on,
            signer=signer_block, kind=kind,  # type: ignore[arg-type]
            original_number=original.number_text or "", original_date=original.issued_on or on,
            violator_name=name, bases=bases, changes=changes, reason=reason,
            symbol=agency.decision_suffix)
        try:
            pdf = render_amendment(data)
        except DocumentError as exc:
            raise ValidationError(str(exc), str(exc)) from exc
        new.number = new_number
        new.number_text = doc.document_number(new_number, agency.decision_suffix)
        new.issued_on = on
        new.signer_name = signer.full_name
        new.signer_title = title
        new.status = "issued"
        new.snapshot = {"document": snapshot_of(data), "violator_snapshot": dict(case.violator or {})
                        if case else {}}
        new.pdf = pdf
        new.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(new)
        original.status = AMENDMENT_STATUS[kind]
        s.flush()
        info = decision_info(s, new, rules, on)
        uow.commit()
        return info


