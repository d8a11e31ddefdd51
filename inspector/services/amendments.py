"""Decisions that amend, correct or annul an issued decision (Law Art 18).

What each does to the obligation is the rule of :mod:`inspector.domain.states`: a correction
changes the text only (the original's fine stays due and counted); an amendment may set a new
amount, which the original then carries (it stays the decision that is paid and counted); an
annulment ends the obligation (the original becomes ``cancelled`` and its case is closed).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from sqlalchemy import func, select

from inspector.documents import model as doc
from inspector.domain.money import amount_in_words, format_vnd
from inspector.domain.roles import Permission
from inspector.domain.signatures import SignatureRole
from inspector.domain.states import (
    AmendmentKind,
    StateError,
    check_case_transition,
    check_decision_transition,
    in_force,
)
from inspector.services import clock, numbering
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
    settlement_of,
    signer_for,
    snapshot_of,
)
from inspector.services.decisions import _decrees as decision_decrees  # the decision's own
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.law import check_dates, check_register, law_data
from inspector.services.signers import head_title
from inspector.services.signing import Credentials
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, SanctionDecision

KIND_LABELS_VI = {"amend": "sửa đổi, bổ sung", "correct": "đính chính", "annul": "hủy bỏ"}


def amend_decision(db: Database, actor: Actor, number: int, year: int, kind: str, reason: str,
                   changes: list[str], on: date | None = None,
                   signer_id: uuid.UUID | None = None,
                   new_amount: int | None = None,
                   today: date | None = None, sign: Credentials | None = None) -> DecisionInfo:
    """Issue a new decision that amends, corrects or annuls an issued one (Law Art 18).

    The original's PDF stays as issued; the new decision, numbered in the same yearly
    sequence, refers to it. ``new_amount`` (an amendment only) is the fine the original then
    carries; payments already made count towards it. With ``sign`` the new decision is
    signed digitally by its signer before it is stored (a wrong PIN issues nothing).
    """
    from inspector.documents.amendment import AmendmentData, render_amendment
    from inspector.documents.model import DocumentError

    actor.require(Permission.ISSUE_DECISIONS)
    if kind not in KIND_LABELS_VI:
        raise ValidationError(f"Loại quyết định không hợp lệ: {kind}.",
                              f"kind must be amend, correct or annul (got {kind!r})", field="kind")
    if new_amount is not None and kind != AmendmentKind.AMEND:
        raise ValidationError(
            f"Quyết định {KIND_LABELS_VI[kind]} không thay đổi số tiền phạt; muốn đổi số tiền, "
            "hãy ban hành quyết định sửa đổi, bổ sung.",
            f"only an amendment sets a new amount (not a {kind})", field="new_amount")
    if new_amount is not None and (isinstance(new_amount, bool) or not isinstance(new_amount, int)
                                   or new_amount < 0):
        raise ValidationError("Số tiền phạt mới phải là số nguyên đồng không âm.",
                              "the new amount must be a whole number of đồng", field="new_amount")
    if not reason.strip():
        raise ValidationError("Phải ghi lý do sửa đổi, đính chính hoặc hủy bỏ.",
                              "a reason is required", field="reason")
    today = today or clock.today()
    on = on or today
    check_dates(db, today, decision=on)
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
        if not in_force(original.status, original.issued_on, original.amends_id):
            raise ConflictError(
                f"Quyết định {original.number_text} không còn hiệu lực thi hành hoặc là quyết "
                "định sửa đổi, đính chính, hủy bỏ; không thể sửa đổi, đính chính hay hủy bỏ nó.",
                f"decision {original.number_text} is not in force ({original.status})")
        money = settlement_of(s, original, rules, on)
        if new_amount is not None and new_amount == original.total_amount:
            new_amount = None
        if new_amount is not None:
            if new_amount < money.fine_paid:
                raise ValidationError(
                    f"Số tiền phạt mới ({format_vnd(new_amount)}) thấp hơn số đã nộp "
                    f"({format_vnd(money.fine_paid)}).",
                    "the new amount is below what was already paid", field="new_amount")
            changes = [*changes, (
                f"Sửa đổi số tiền phạt từ {format_vnd(original.total_amount)} thành "
                f"{format_vnd(new_amount)} ({amount_in_words(new_amount)}).")]
        if not changes and kind != AmendmentKind.ANNUL:
            raise ValidationError("Phải ghi nội dung sửa đổi hoặc đính chính.",
                                  "the changes are required", field="changes")
        if original.issued_on and on < original.issued_on:
            raise ValidationError("Ngày quyết định mới trước ngày quyết định gốc.",
                                  "the new decision predates the original", field="on")
        check_register("quyết định xử phạt", on.year, on, s.scalar(
            select(func.max(SanctionDecision.issued_on)).where(
                SanctionDecision.agency_id == agency.id, SanctionDecision.year == on.year,
                SanctionDecision.number.is_not(None))))
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
                                    signer_block,
                                    law_amended_in=law_data(db).catalog.law_amended_in(on))
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
        from inspector.services import decision_signing

        signed = None
        if sign is not None:
            signed = decision_signing.sign_issued_pdf(pdf, sign, SignatureRole.SIGNER,
                                                      signer.full_name, agency, new.number_text)
            pdf = signed.pdf
        new.pdf = pdf
        new.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(new)
        if signed is not None:
            s.flush()
            decision_signing.record_signature(s, new, SignatureRole.SIGNER, signed)
        try:
            _apply(s, original, case, kind, new_amount, money.fine_paid)
        except StateError as exc:
            raise ConflictError(exc.vi, str(exc)) from exc
        original.snapshot = {**original.snapshot, "amendments": [
            *original.snapshot.get("amendments", []),
            {"kind": kind, "number": new.number_text, "date": on.isoformat(),
             "from_amount": original.total_amount if new_amount is not None else None,
             "to_amount": new_amount}]}
        if new_amount is not None:
            new.snapshot = {**new.snapshot, "new_amount": new_amount}
            original.total_amount = new_amount
        s.flush()
        info = decision_info(s, new, rules, on)
        uow.commit()
        return info




def _apply(s: object, original: SanctionDecision, case: Case | None, kind: str,
           new_amount: int | None, fine_paid: int) -> None:
    """The original's state after the Art 18 decision (transitions of domain.states)."""
    if kind == AmendmentKind.ANNUL:
        original.status = check_decision_transition(original.status, "cancelled")
        if case is not None:
            case.status = check_case_transition(case.status, "closed")
    elif new_amount is not None:
        if fine_paid and fine_paid >= new_amount:
            target = "paid"
        elif fine_paid:
            target = "partly_paid"
        else:
            target = original.status
        original.status = check_decision_transition(original.status, target)
        if case is not None and target in ("paid", "partly_paid"):
            case.status = check_case_transition(case.status, target)
