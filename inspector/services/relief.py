"""The decisions that follow a fine, issued like the others: deferral (Law Art 76, form MQĐ03),
reduction or exemption (Art 77, MQĐ04), payment in instalments (Art 79, MQĐ05).

Each is a row of the decision register (``sanction_decisions`` with ``amends_id`` = the sanction
decision it follows and ``amendment_kind`` = its kind), numbered in the one yearly series the
sanction and Art 18 decisions share, rendered to PDF and kept with its SHA-256, in the same
transaction as its effect on the sanction decision:

* a deferral moves the due date to its end (and with it the enforcement limit, Art 74);
* instalments set a due date for each part; each late part bears its own Art 78 charge;
* a reduction lowers the fine; an exemption ends what is owed of it.

The rules and their sources: docs/money-rules.md; the Art 77 arithmetic:
:mod:`inspector.domain.relief`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from inspector.documents.model import DocumentError, document_number
from inspector.documents.relief import FORMS, SYMBOLS, ReliefData, render_relief
from inspector.domain.calendar import add_months
from inspector.domain.money import format_vnd
from inspector.domain.relief import (
    RELIEF_KINDS,
    FollowUpKind,
    ReliefRefused,
    relief_amount,
    relief_deadline,
)
from inspector.domain.roles import Permission
from inspector.domain.signatures import SignatureRole
from inspector.domain.states import (
    StateError,
    check_case_transition,
    check_decision_transition,
    in_force,
)
from inspector.domain.text import format_date, nfc
from inspector.services import clock, numbering
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo
from inspector.services.case_documents import (
    agency_block,
    document_signer,
    violator_from_snapshot,
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
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.law import check_dates, check_register, law_data
from inspector.services.signers import SignerInfo, head_title, list_signers
from inspector.services.signing import Credentials
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, SanctionDecision

UNCONFIRMED = " — mức này chưa được đối chiếu văn bản gốc"


def _unconfirmed(rule: object) -> str:
    return "" if getattr(rule, "confirmed", True) else UNCONFIRMED


def _not_in_force(d: SanctionDecision) -> ValidationError:
    if d.amends_id is not None:
        return ValidationError(
            f"Quyết định {d.number_text} là quyết định sửa đổi, đính chính, hủy bỏ, hoãn, giảm, "
            "miễn hoặc cho nộp nhiều lần theo một quyết định khác; tiền phạt được theo dõi trên "
            "quyết định gốc.", "a follow-up decision carries no obligation; follow the original")
    return ValidationError("Quyết định này không còn hiệu lực thi hành (đã hủy bỏ hoặc chưa "
                           "ban hành).", "the decision is not in force")


def require_in_force(d: SanctionDecision) -> None:
    """Refuse money work on a decision whose obligation does not stand (states.in_force)."""
    if not in_force(d.status, d.issued_on, d.amends_id):
        raise _not_in_force(d)


@dataclass(frozen=True)
class _Issuer:
    agency: AgencyInfo
    signer: SignerInfo
    title: str


def _issuer(db: Database, actor: Actor, on: date, signer_id: uuid.UUID | None,
            today: date, *, same_as: str | None = None, other_than: str | None = None
            ) -> _Issuer:
    """Who signs: the signer chosen; else the person who signed the sanction decision
    (``same_as``: a deferral or instalments is decided by the one who imposed the fine), or
    anyone but them (``other_than``: a reduction is decided by the superior), else the
    default signer of the day."""
    check_dates(db, today, decision=on)
    agency = require_agency(db, actor)
    signer = signer_for(db, actor, signer_id, on)
    if signer_id is None and (same_as or other_than):
        active = [p for p in list_signers(db, actor) if p.active_on(on)]
        if same_as:
            signer = next((p for p in active if p.full_name == same_as), signer)
        elif other_than:
            signer = next((p for p in active if p.full_name != other_than), None)
            if signer is None:
                raise ValidationError(
                    "Chưa cài đặt người ký là thủ trưởng cấp trên trực tiếp của người đã ra "
                    "quyết định xử phạt (Luật XLVPHC Điều 77 khoản 2).",
                    "no signer other than the sanctioning person (Art 77(2))", field="signer")
    if signer is None:
        raise ValidationError("Chưa cài đặt người ký quyết định cho ngày này.",
                              "no signer configured for that date")
    return _Issuer(agency, signer, head_title(db, signer.title_code, on, agency.agency_name))


def _signed_by(db: Database, actor: Actor, number: int, year: int) -> str | None:
    with UnitOfWork(db, actor, read_only=True) as uow:
        return find_decision(uow.session, year, number).signer_name


def _request(request_on: date | None, confirmed_by: str, on: date,
             original: SanctionDecision) -> tuple[date, str]:
    """The violator's request as the forms cite it: its date and who confirmed it."""
    confirmed = nfc(confirmed_by).strip()
    if not confirmed:
        raise ValidationError(
            "Phải ghi cơ quan, tổ chức đã xác nhận đơn đề nghị (Ủy ban nhân dân cấp xã, nơi học "
            "tập, làm việc hoặc cơ quan thuế).", "who confirmed the request is required",
            field="confirmed_by")
    request_on = request_on or on
    if request_on > on:
        raise ValidationError("Ngày đơn đề nghị sau ngày quyết định.",
                              "the request postdates the decision", field="request_on")
    if original.issued_on and request_on < original.issued_on:
        raise ValidationError("Ngày đơn đề nghị trước ngày ra quyết định xử phạt.",
                              "the request predates the sanction decision", field="request_on")
    return request_on, confirmed


def _issue(s: Any, issuer: _Issuer, original: SanctionDecision, case: Case | None, kind: str,
           on: date, fill: Callable[[int | None, Any], ReliefData], reason: str,
           sign: Credentials | None = None) -> SanctionDecision:
    """Number, render and keep the follow-up decision, in the caller's transaction; with
    ``sign``, signed digitally by its signer before it is stored."""
    agency = issuer.agency
    assert agency.id is not None
    if original.issued_on and on < original.issued_on:
        raise ValidationError("Ngày quyết định trước ngày ra quyết định xử phạt.",
                              "the decision predates the sanction decision", field="on")
    check_register("quyết định xử phạt", on.year, on, s.scalar(
        select(func.max(SanctionDecision.issued_on)).where(
            SanctionDecision.agency_id == agency.id, SanctionDecision.year == on.year,
            SanctionDecision.number.is_not(None))))
    new = SanctionDecision(case_id=original.case_id, agency_id=agency.id, form=FORMS[kind],
                           year=on.year, status="draft", total_amount=0,
                           amends_id=original.id, amendment_kind=kind)
    new.id = uuid.uuid4()
    number = numbering.next_number(s, agency.id, on.year, numbering.DECISION, new.id)
    signer = document_signer(issuer.signer, issuer.title)
    data = fill(number, signer)
    try:
        pdf = render_relief(data)
    except DocumentError as exc:
        raise ValidationError(str(exc), str(exc)) from exc
    new.number = number
    new.number_text = document_number(number, SYMBOLS[kind])
    new.issued_on = on
    new.signer_name = issuer.signer.full_name
    new.signer_title = issuer.title
    new.status = "issued"
    new.snapshot = {"document": snapshot_of(data), "reason": reason,
                    "violator_snapshot": dict(case.violator or {}) if case else {}}
    from inspector.services import decision_signing

    signed = None
    if sign is not None:
        signed = decision_signing.sign_issued_pdf(pdf, sign, SignatureRole.SIGNER,
                                                  issuer.signer.full_name, agency,
                                                  new.number_text)
        pdf = signed.pdf
    new.pdf = pdf
    new.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    s.add(new)
    if signed is not None:
        s.flush()
        decision_signing.record_signature(s, new, SignatureRole.SIGNER, signed)
    return new


def _issued(s: Any, original: SanctionDecision, doc_: SanctionDecision, rules: Any,
            on: date) -> DecisionInfo:
    """The sanction decision as it now stands, with the decision just issued in
    ``extra["issued"]`` (number, id, SHA-256 of its PDF)."""
    info = decision_info(s, original, rules, on)
    info.extra["issued"] = {"number": doc_.number, "number_text": doc_.number_text,
                            "id": str(doc_.id), "kind": doc_.amendment_kind,
                            "sha256": doc_.pdf_sha256}
    return info


def _common(db: Database, issuer: _Issuer, original: SanctionDecision, case: Case | None,
            on: date, request_on: date, confirmed_by: str) -> dict[str, Any]:
    violator = violator_from_snapshot(
        (original.snapshot or {}).get("violator_snapshot") or (case.violator if case else {}),
        case.subject_kind if case else "individual", on)
    return {"agency": agency_block(issuer.agency), "decision_date": on,
            "original_number": original.number_text or "",
            "original_date": original.issued_on or on, "violator": violator,
            "request_date": request_on, "confirmed_by": confirmed_by,
            "law_amended_in": law_data(db).catalog.law_amended_in(on)}


def defer_payment(db: Database, actor: Actor, number: int, year: int, until: date, reason: str,
                  force_majeure: bool = False, on: date | None = None, *,
                  request_on: date | None = None, confirmed_by: str = "",
                  signer_id: uuid.UUID | None = None, today: date | None = None,
                  sign: Credentials | None = None) -> DecisionInfo:
    """Defer the payment of a fine (Law Art 76, form MQĐ03): individuals fined at least the
    dated ``deferral_min_fine``, on a request confirmed by the commune or their workplace;
    organisations only after a natural disaster, fire, epidemic or other force majeure; for at
    most ``deferral_max_months`` from the day of deferral. Issues the MQĐ03 decision."""
    actor.require(Permission.ISSUE_DECISIONS)
    today = today or clock.today()
    on = on or today
    if not reason.strip():
        raise ValidationError("Phải ghi lý do hoãn (hoàn cảnh khó khăn nêu trong đơn).",
                              "a reason is required", field="reason")
    rules = law_data(db).rules
    issuer = _issuer(db, actor, on, signer_id, today, same_as=_signed_by(db, actor, number, year))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = find_decision(s, year, number)
        require_in_force(d)
        request_day, confirmed = _request(request_on, confirmed_by, on, d)
        case = s.get(Case, d.case_id)
        organisation = case is not None and case.subject_kind == "organization"
        if organisation and not force_majeure:
            raise ValidationError(
                "Tổ chức chỉ được hoãn, giảm, miễn tiền phạt khi gặp thiên tai, hỏa hoạn, dịch "
                "bệnh hoặc sự kiện bất khả kháng (Luật XLVPHC Điều 76, 77).",
                "an organisation may defer only after force majeure (Arts 76, 77)")
        if d.instalments:
            raise ValidationError("Quyết định đang được nộp nhiều lần; không hoãn thêm.",
                                  "the decision is in instalments")
        if d.deferred_until is not None:
            raise ValidationError(
                f"Quyết định đã được hoãn thi hành đến {format_date(d.deferred_until)}.",
                "the decision is already deferred")
        money = settlement_of(s, d, rules, on)
        if d.total_amount == 0 or money.fine_owed == 0:
            raise ValidationError("Quyết định này không còn tiền phạt phải nộp.",
                                  "nothing left to pay on this decision")
        subject = "organization" if organisation else "individual"
        assert d.issued_on is not None
        if rules.has("deferral_min_fine", d.issued_on, key=subject):
            least = rules.value("deferral_min_fine", d.issued_on, key=subject)
            if d.total_amount < least.value:
                raise ValidationError(
                    f"Chỉ được hoãn thi hành quyết định phạt tiền từ {format_vnd(least.value)} "
                    f"trở lên ({least.basis}{_unconfirmed(least)}).",
                    f"a deferral needs a fine of at least {least.value} ({least.basis})")
        if d.due_date is not None and until <= d.due_date:
            raise ValidationError("Ngày hoãn đến phải sau hạn nộp hiện tại.",
                                  "the deferral must end after the current due date",
                                  field="until")
        limit = rules.value("deferral_max_months", on)
        latest = add_months(on, int(limit.value))
        if until > latest:
            raise ValidationError(
                f"Thời gian hoãn không quá {limit.value} tháng kể từ ngày hoãn: chậm nhất đến "
                f"{format_date(latest)} ({limit.basis}{_unconfirmed(limit)}).",
                f"a deferral may not exceed {limit.value} months ({limit.basis})", field="until")
        common = _common(db, issuer, d, case, on, request_day, confirmed)
        doc_ = _issue(s, issuer, d, case, FollowUpKind.DEFER, on, lambda n, signer: ReliefData(
            number=n, signer=signer, kind="defer", deferral_from=on, deferral_until=until,
            delegation=signer.delegation or "", **common), reason, sign)
        d.deferred_until = until
        d.due_date = until
        d.snapshot = {**d.snapshot, "deferral": {
            "until": until.isoformat(), "reason": reason, "on": on.isoformat(),
            "number": doc_.number_text, "request_on": request_day.isoformat(),
            "confirmed_by": confirmed}}
        if case is not None:
            case.status = check_case_transition(case.status, "deferred")
        s.flush()
        info = _issued(s, d, doc_, rules, on)
        uow.commit()
        return info


def allow_instalments(db: Database, actor: Actor, number: int, year: int,
                      plan: list[tuple[date, int]], reason: str, on: date | None = None, *,
                      request_on: date | None = None, confirmed_by: str = "",
                      signer_id: uuid.UUID | None = None, today: date | None = None,
                      sign: Credentials | None = None) -> DecisionInfo:
    """Let the fine be paid in instalments (Law Art 79, form MQĐ05): from a fine the dated
    rule ``instalment_min_fine`` sets for the subject; at most ``instalment_max_count``
    instalments, the last within ``instalment_max_months`` of the decision, the first at least
    ``instalment_first_min_percent`` of the fine; the instalments add up to the fine. Payments
    already made count towards the first instalments. Each late instalment bears the Art 78
    charge from the day after its own date. Issues the MQĐ05 decision."""
    actor.require(Permission.ISSUE_DECISIONS)
    today = today or clock.today()
    on = on or today
    if not reason.strip():
        raise ValidationError("Phải ghi lý do (hoàn cảnh khó khăn nêu trong đơn).",
                              "a reason is required", field="reason")
    plan = sorted(plan)
    rules = law_data(db).rules
    issuer = _issuer(db, actor, on, signer_id, today, same_as=_signed_by(db, actor, number, year))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = find_decision(s, year, number)
        require_in_force(d)
        assert d.issued_on is not None
        request_day, confirmed = _request(request_on, confirmed_by, on, d)
        if d.instalments or d.deferred_until:
            raise ValidationError(
                "Quyết định đã được hoãn hoặc cho nộp nhiều lần; không lập thêm kế hoạch nộp.",
                "the decision is already deferred or in instalments")
        case = s.get(Case, d.case_id)
        subject = "organization" if case is not None and case.subject_kind == "organization" \
            else "individual"
        least = rules.value("instalment_min_fine", d.issued_on, key=subject)
        if d.total_amount < least.value:
            raise ValidationError(
                f"Chỉ được nộp tiền phạt nhiều lần khi mức phạt từ {format_vnd(least.value)} "
                f"trở lên ({least.basis}{_unconfirmed(least)}).",
                f"instalments need a fine of at least {least.value} ({least.basis})")
        count = rules.value("instalment_max_count", d.issued_on)
        months = rules.value("instalment_max_months", d.issued_on)
        first = rules.value("instalment_first_min_percent", d.issued_on)
        latest = add_months(d.issued_on, int(months.value))
        if not 2 <= len(plan) <= count.value:
            raise ValidationError(
                f"Nộp nhiều lần: từ 2 đến {count.value} lần ({count.basis}{_unconfirmed(count)}).",
                f"between 2 and {count.value} instalments", field="plan")
        if len({day for day, _ in plan}) != len(plan) or any(a <= 0 for _, a in plan):
            raise ValidationError("Mỗi lần nộp có một ngày riêng và số tiền dương.",
                                  "each instalment needs its own day and a positive amount",
                                  field="plan")
        if plan[0][0] < on or plan[-1][0] > latest:
            raise ValidationError(
                f"Các lần nộp phải từ ngày {format_date(on)} đến chậm nhất "
                f"{format_date(latest)} ({months.value} tháng kể từ ngày quyết định xử phạt có "
                f"hiệu lực; {months.basis}{_unconfirmed(months)}).",
                "instalments outside the allowed months", field="plan")
        if sum(a for _, a in plan) != d.total_amount:
            raise ValidationError(
                f"Tổng các lần nộp phải bằng tiền phạt {format_vnd(d.total_amount)}.",
                "the instalments must add up to the fine", field="plan")
        if plan[0][1] * 100 < d.total_amount * first.value:
            raise ValidationError(
                f"Lần nộp thứ nhất tối thiểu {first.value} % tiền phạt ({first.basis}"
                f"{_unconfirmed(first)}).", "the first instalment is too small", field="plan")
        if settlement_of(s, d, rules, on).fine_owed == 0:
            raise ValidationError("Quyết định này không còn tiền phạt phải nộp.",
                                  "nothing left to pay on this decision")
        span = max(1, (plan[-1][0].year - d.issued_on.year) * 12
                   + plan[-1][0].month - d.issued_on.month
                   + (1 if plan[-1][0].day > d.issued_on.day else 0))
        common = _common(db, issuer, d, case, on, request_day, confirmed)
        doc_ = _issue(s, issuer, d, case, FollowUpKind.INSTALMENTS, on,
                      lambda n, signer: ReliefData(
                          number=n, signer=signer, kind="instalments",
                          months=min(span, int(months.value)), instalments=tuple(plan),
                          delegation=signer.delegation or "", **common), reason, sign)
        d.instalments = [{"due": day.isoformat(), "amount": amount} for day, amount in plan]
        d.due_date = plan[-1][0]
        d.snapshot = {**d.snapshot, "instalments": {
            "on": on.isoformat(), "reason": reason, "number": doc_.number_text,
            "request_on": request_day.isoformat(), "confirmed_by": confirmed}}
        s.flush()
        info = _issued(s, d, doc_, rules, on)
        uow.commit()
        return info


def relieve_fine(db: Database, actor: Actor, number: int, year: int, kind: str, reason: str,
                 *, confirmed_by: str, request_on: date | None = None,
                 amount: int | None = None, on: date | None = None,
                 signer_id: uuid.UUID | None = None, today: date | None = None,
                 sign: Credentials | None = None) -> DecisionInfo:
    """Reduce the fine, exempt its rest or exempt all of it (Law Art 77, form MQĐ04).

    Who may ask: a violator whose payment was deferred (Art 76) and who still cannot pay — the
    form cites the deferral decision; an organisation therefore only after force majeure. Who
    decides: the direct superior of the person who issued the sanction decision (Art 77(2)),
    never that person. How much: :func:`inspector.domain.relief.relief_amount`. The fine the
    sanction decision carries is lowered by that amount in the same transaction.
    """
    actor.require(Permission.ISSUE_DECISIONS)
    if kind not in RELIEF_KINDS:
        raise ValidationError(f"Loại quyết định không hợp lệ: {kind}.",
                              f"kind must be reduce, exempt_rest or exempt_all (got {kind!r})",
                              field="kind")
    today = today or clock.today()
    on = on or today
    if not reason.strip():
        raise ValidationError("Phải ghi lý do (hoàn cảnh khó khăn nêu trong đơn).",
                              "a reason is required", field="reason")
    rules = law_data(db).rules
    issuer = _issuer(db, actor, on, signer_id, today,
                     other_than=_signed_by(db, actor, number, year))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = find_decision(s, year, number)
        require_in_force(d)
        request_day, confirmed = _request(request_on, confirmed_by, on, d)
        deferral = (d.snapshot or {}).get("deferral") or {}
        if d.deferred_until is None or not deferral.get("number"):
            raise ValidationError(
                "Chỉ xét giảm, miễn tiền phạt cho người đã được hoãn thi hành quyết định phạt "
                "tiền mà vẫn không có khả năng nộp (Luật XLVPHC Điều 77 khoản 1; Mẫu MQĐ04 căn "
                "cứ quyết định hoãn): hãy ra quyết định hoãn trước.",
                "a reduction or exemption follows a deferral decision (Art 77(1), MQĐ04)")
        if nfc(issuer.signer.full_name).strip() == nfc(d.signer_name or "").strip():
            raise ValidationError(
                "Người quyết định giảm, miễn là thủ trưởng cấp trên trực tiếp của người đã ra "
                f"quyết định xử phạt (Luật XLVPHC Điều 77 khoản 2); {d.signer_name} đã ký quyết "
                "định xử phạt nên không tự quyết định giảm, miễn.",
                "the sanctioning person may not decide the reduction (Art 77(2))",
                field="signer")
        money = settlement_of(s, d, rules, on)
        try:
            taken = relief_amount(kind, d.total_amount, money.fine_paid, amount)
        except ReliefRefused as exc:
            raise ValidationError(exc.vi, str(exc), field="amount") from exc
        case = s.get(Case, d.case_id)
        common = _common(db, issuer, d, case, on, request_day, confirmed)
        deferral_doc = s.scalar(select(SanctionDecision).where(
            SanctionDecision.amends_id == d.id,
            SanctionDecision.amendment_kind == FollowUpKind.DEFER))
        doc_ = _issue(s, issuer, d, case, kind, on, lambda n, signer: ReliefData(
            number=n, signer=signer, kind=kind, amount=taken,  # type: ignore[arg-type]
            deferral_number=deferral.get("number", ""),
            deferral_date=deferral_doc.issued_on if deferral_doc else None, **common), reason,
            sign)
        before = d.total_amount
        d.total_amount = before - taken
        doc_.snapshot = {**doc_.snapshot, "amount": taken, "from_amount": before,
                         "to_amount": d.total_amount}
        d.snapshot = {**d.snapshot, "relief": [
            *d.snapshot.get("relief", []),
            {"kind": kind, "number": doc_.number_text, "date": on.isoformat(), "amount": taken,
             "from_amount": before, "to_amount": d.total_amount}]}
        s.flush()
        after = settlement_of(s, d, rules, max(on, today))
        try:
            if after.settled and money.fine_paid:
                d.status = check_decision_transition(d.status, "paid")
                if case is not None:
                    case.status = check_case_transition(case.status, "paid")
            elif after.settled and case is not None:  # the whole fine exempted: case ends
                case.status = check_case_transition(case.status, "closed")
        except StateError as exc:
            raise ConflictError(exc.vi, str(exc)) from exc
        s.flush()
        info = _issued(s, d, doc_, rules, on)
        uow.commit()
        return info


def relief_deadline_for(db: Database, request_on: date) -> tuple[date, bool]:
    """The last day to decide on a request for reduction or exemption (Art 77(2)) and whether
    the days are confirmed in a source (shown in the dialog)."""
    rules = law_data(db).rules
    forward = rules.value("relief_forward_days", request_on)
    decide = rules.value("relief_decide_days", request_on)
    return (relief_deadline(request_on, int(forward.value), int(decide.value)),
            bool(forward.confirmed and decide.confirmed))
