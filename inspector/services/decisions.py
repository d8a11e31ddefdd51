"""The chief's work: check a case, issue and number its decision, follow it until it is paid.

Issuing is one transaction: the legal checks (competence, limitation, decision deadline, each
with its basis) must pass; the next number of the agency's yearly sequence is taken; the
decision is rendered from a snapshot of the case (the violator as recorded on that day) and the
PDF is stored with its SHA-256. An issued decision is frozen: changes are refused (and the
refusal audited); a correction is a new decision that refers to it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select, text

from inspector.documents import model as doc
from inspector.domain.assessment import ViolationFacts, subject_of_owner
from inspector.domain.calendar import add_years
from inspector.domain.competence import recipient_title
from inspector.domain.deadlines import decision_without_record_allowed
from inspector.domain.fines import AppliedSanction, ChargedViolation, bracket_for, check_violation
from inspector.domain.law import Catalog, LawError
from inspector.domain.money import Settlement, settle
from inspector.domain.roles import Permission
from inspector.domain.states import StateError, check_case_transition, in_force, in_force_sql
from inspector.domain.text import format_date
from inspector.services import clock, numbering
from inspector.services import law as law_service
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, get_agency
from inspector.services.audit import PendingEntry, append_entries
from inspector.services.case_documents import (
    CaseFacts,
    agency_block,
    document_signer,
    letter_signer,
    read_case,
    violator_name,
)
from inspector.services.errors import ConflictError, NotFound, ServiceError, ValidationError
from inspector.services.law import deadlines as law_deadlines
from inspector.services.law import law_data
from inspector.services.signers import (
    SignerInfo,
    default_signer,
    get_signer,
    head_title,
)
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Payment, SanctionDecision, Violation, ViolationRecord


def render_sanction_decision(data: doc.SanctionDecisionData) -> bytes:
    """reportlab is imported on first use, not when the app starts."""
    from inspector.documents.decision import render_sanction_decision as render

    return render(data)


def render_decision_without_record(data: doc.DecisionWithoutRecordData) -> bytes:
    from inspector.documents.decision import render_decision_without_record as render

    return render(data)


def render_violation_record(data: doc.ViolationRecordData) -> bytes:
    from inspector.documents.record import render_violation_record as render

    return render(data)


def render_transfer_letter(data: doc.TransferLetterData) -> bytes:
    from inspector.documents.letters import render_transfer_letter as render

    return render(data)


DECISION_STATUS_LABELS_VI = {
    "draft": "Dự thảo", "issued": "Đã ban hành", "delivered": "Đã giao", "paid": "Đã nộp phạt",
    "partly_paid": "Nộp một phần", "overdue": "Quá hạn", "enforced": "Cưỡng chế",
    "cancelled": "Đã hủy bỏ", "amended": "Đã thay thế",
    # shown, never stored: the fine is paid but not the late charge; a warning has nothing due;
    # a decision that corrects, amends or annuls another
    "charge_owed": "Còn nợ tiền chậm nộp", "nothing_due": "Cảnh cáo — không phải nộp tiền",
    "amendment": "Quyết định sửa đổi, đính chính, hủy bỏ",
}


def in_force_clause() -> ColumnElement[bool]:
    """:func:`inspector.domain.states.in_force` as a WHERE condition on ``sanction_decisions``."""
    return text(in_force_sql("sanction_decisions."))  # type: ignore[return-value]


class DecisionRefused(ServiceError):
    """A legal check failed; ``checks`` says which, each with its basis."""

    def __init__(self, checks: list[Check]) -> None:
        failed = [c for c in checks if not c.ok]
        vi = "Không thể ban hành quyết định: " + "; ".join(c.message for c in failed)
        super().__init__(vi, "cannot issue: " + "; ".join(f"{c.name}: {c.message}" for c in failed))
        self.checks = checks


class FrozenDocument(ServiceError):
    pass


@dataclass(frozen=True)
class Check:
    """One legal check before issuing, with the article it rests on."""

    name: str
    ok: bool
    message: str
    basis: str
    #: passes, but the signer should read it before signing (shown with ⚠, not ✔)
    caution: bool = False


@dataclass(frozen=True)
class Review:
    """The checks of a case for a decision on a date by a signer, and what would be printed."""

    case_id: uuid.UUID
    decision_date: date
    signer: SignerInfo | None
    title: str
    total: int
    checks: tuple[Check, ...]
    competent_title: str | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def needs_transfer(self) -> bool:
        return any(c.name == "competence" and not c.ok for c in self.checks) and bool(
            self.competent_title)


@dataclass(frozen=True)
class DecisionInfo:
    id: uuid.UUID
    case_id: uuid.UUID
    year: int
    number: int | None
    number_text: str | None
    issued_on: date | None
    signer_name: str | None
    signer_title: str | None
    violator: str
    total_amount: int
    paid: int
    status: str
    delivered_on: date | None
    due_date: date | None
    pdf_sha256: str | None
    amends_id: uuid.UUID | None
    amendment_kind: str | None
    late_charge: int = 0  # the late charge due (Art 78) up to the day of the register
    days_left: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    in_force: bool = False
    nothing_due: bool = False  # a warning only: no money is due at all
    fine_paid: int = 0
    fine_owed: int = 0
    charge_paid: int = 0
    charge_owed: int = 0
    deferred_until: date | None = None
    enforcement_limit: date | None = None

    @property
    def owed(self) -> int:
        """Fine and late charge still to pay: what a payment may not exceed."""
        return self.fine_owed + self.charge_owed

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, (date, uuid.UUID)):
                data[key] = str(value)
        return data


def require_agency(db: Database, actor: Actor) -> AgencyInfo:
    agency = get_agency(db, actor)
    agency_block(agency)  # raises when not configured
    return agency


def _charged(facts: CaseFacts) -> list[ChargedViolation]:
    out = []
    for line, key, amount, copies, additional, remedial in zip(
            facts.lines, facts.keys, facts.amounts, facts.copies, facts.additional, facts.remedial,
            strict=True):
        out.append(ChargedViolation(
            key, amount=None if line.warning else amount, copies=copies,
            additional=tuple(AppliedSanction(kind, months) for kind, months in additional),
            remedial=tuple(r for r in remedial if r)))
    return out


def explanation_due(db: Database, actor: Actor, facts: CaseFacts) -> date | None:
    """The last day the record gave the violator to explain in writing (Law Art 61), when the
    case carries that right (bracket maximum at or over the threshold, or a licence withdrawal
    or suspension), else None."""
    if facts.record_date is None or not facts.lines:
        return None
    catalog = law_data(db).catalog
    subject = subject_of_owner(facts.subject_kind)
    top = 0
    for charged in _charged(facts):
        try:
            top = max(top, bracket_for(catalog.provision(charged.key), subject,
                                       charged.copies,
                                       multiple=catalog.organization_multiple).maximum)
        except LawError:
            continue
    severe = any(kind in ("licence_withdrawal", "suspension")
                 for extra in facts.additional for kind, _ in extra)
    try:
        d = law_deadlines(
            db, actor, violation_ended=min(facts.violation_dates), discovered_on=None,
            ongoing=False, record_date=facts.record_date, decision_date=None,
            sector=facts.sector, subject=subject, bracket_max=top,
            may_withdraw_or_suspend=severe)
    except ServiceError:
        return None
    return d["explanation_written"].due if d["explanation_right"].allowed else None


def check_decision_dates(db: Database, actor: Actor, facts: CaseFacts, on: date,
                         today: date) -> None:
    """Violations ≤ record ≤ decision ≤ today, and the time to explain has run (Law Art 61)."""
    law_service.check_dates(db, today, violations=facts.violation_dates,
                            record=facts.record_date, decision=on,
                            explanation_due=explanation_due(db, actor, facts),
                            explained=facts.explanation)


def _review(db: Database, actor: Actor, facts: CaseFacts, on: date,
            signer: SignerInfo | None, agency: AgencyInfo, today: date | None = None) -> Review:
    checks: list[Check] = []
    try:
        check_decision_dates(db, actor, facts, on, today or clock.today())
        checks.append(Check("dates", True, "các ngày theo đúng trình tự",
                            "Luật XLVPHC Điều 58, 61, 66"))
    except ValidationError as exc:
        checks.append(Check("dates", False, exc.vi, "Luật XLVPHC Điều 58, 61, 66"))
    catalog = law_data(db).catalog
    title = ""
    competent = None
    if not facts.lines:
        checks.append(Check("violations", False, "vụ việc chưa có hành vi vi phạm nào",
                            "Luật XLVPHC Điều 68"))
    subject = subject_of_owner(facts.subject_kind)
    for charged, when in zip(_charged(facts), facts.violation_dates, strict=True):
        try:
            check_violation(catalog, charged, subject, when)
        except LawError as exc:
            checks.append(Check("sanctions", False, exc.reason,
                                "Luật XLVPHC Điều 23; Nghị định 118/2021 Điều 9"))
    if facts.lines and not any(c.name == "sanctions" for c in checks):
        checks.append(Check("sanctions", True,
                            "mức phạt, hình thức bổ sung và biện pháp khắc phục đúng khung",
                            "Luật XLVPHC Điều 23; Nghị định 118/2021 Điều 9"))
    checks += _measure_checks(facts)
    checks += _article_checks(catalog, facts)
    if signer is None:
        checks.append(Check("signer", False, "chưa cài đặt người ký quyết định cho ngày này",
                            "Luật XLVPHC Điều 52, 54"))
    else:
        try:
            title = head_title(db, signer.title_code, on, agency.agency_name)
            checks.append(Check("signer", True, f"người ký: {signer.full_name}, {title}",
                                "Luật XLVPHC Điều 54"))
        except ValidationError as exc:
            checks.append(Check("signer", False, exc.vi, "Luật XLVPHC Điều 53; Luật 84/2025/QH15"))
    if facts.lines:
        # One computation for the competence, limitation and deadlines (issue 9 §4): the
        # same assessment the case file, the visit form and ``fine quote`` show.
        try:
            assessed = law_service.assess(
                db, actor, subject=subject, sector=facts.sector,
                violations=[ViolationFacts(c, when) for c, when in zip(
                    _charged(facts), facts.violation_dates, strict=True)],
                on=on, signer_title=signer.title_code if signer else None,
                agency_name=agency.agency_name, record_date=facts.record_date,
                transferred=facts.transferred_on is not None, explanation=facts.explanation,
                complex_case=facts.complex_case)
        except ServiceError as exc:
            checks.append(Check("deadlines", False, exc.vi, "Luật XLVPHC Điều 6, 66"))
            assessed = None
        result = assessed.competence if assessed else None
        if result is not None and result.within:
            checks.append(Check("competence", True, "thuộc thẩm quyền xử phạt",
                                "Luật XLVPHC Điều 52"))
        elif result is not None:
            assert assessed is not None
            name = recipient_title(catalog, result, on,
                                   [v.provision.sector for v in assessed.violations],
                                   agency.place_name)
            checks.append(Check(
                "competence", False,
                "vượt thẩm quyền: " + "; ".join(result.reasons)
                + (f" — cần chuyển hồ sơ cho {name}" if name else ""),
                "Luật XLVPHC Điều 52 khoản 3; Nghị định 189/2025 Điều 4"))
            competent = name
        elif assessed is not None and signer is not None:
            blocker = next((b for b in assessed.blockers if b.name == "competence"), None)
            if blocker is not None:
                checks.append(Check("competence", False, blocker.message, blocker.basis))
        d = assessed.deadlines if assessed else None
        if d is not None:
            lim = d["limitation_at_decision"]
            checks.append(Check(
                "limitation", lim.allowed is not False,
                f"thời hiệu xử phạt đến hết {format_date(lim.due)}" if lim.due else lim.note,
                assessed.limitation_basis if assessed else lim.basis))
            if facts.record_date is None:
                allowed, basis = decision_without_record_allowed(
                    facts.total, subject, on, law_data(db).rules)
                checks.append(Check(
                    "record", allowed,
                    "xử phạt không lập biên bản (mẫu MQĐ01)" if allowed else
                    "chưa có biên bản vi phạm hành chính; mức phạt vượt ngưỡng xử phạt không "
                    "lập biên bản", basis if allowed else f"Luật XLVPHC Điều 56, 58; {basis}"))
            else:
                dd = d["decision_deadline"]
                checks.append(Check(
                    "decision_deadline", dd.allowed is not False,
                    f"hạn ra quyết định: {format_date(dd.due)}" if dd.due else dd.note, dd.basis))
    return Review(facts.case_id, on, signer, title, facts.total, tuple(checks), competent)


def _article_checks(catalog: Catalog, facts: CaseFacts) -> list[Check]:
    """A violation whose article the catalog does not know prints "Điều …" for the signer to
    check and fill in; the review says so, and says how the department records the number it
    read in the decree (Danh mục, :func:`inspector.services.law.confirm_article`)."""
    out: list[Check] = []
    for i, key in enumerate(facts.keys):
        try:
            provision = catalog.provision(key)
        except LawError:
            continue  # the sanctions check names an unknown provision
        if not provision.article_known:
            out.append(Check(
                "article", True, f"hành vi {i + 1}: chưa xác định số điều của "
                f"{provision.cited_text()}; quyết định để trống số điều (Điều …) cho "
                "người ký đối chiếu. Quản trị viên ghi số điều đã đối chiếu tại Danh mục › "
                "«Ghi số điều đã đối chiếu…»", "Luật XLVPHC Điều 68 khoản 1", caution=True))
    return out


def _measure_checks(facts: CaseFacts) -> list[Check]:
    """What the decision prints under each violation must rest on the law and be its own:
    every additional sanction and remedial measure has its basis in the catalog (Law Art 3,
    28), the act is stated, exhibits belong to a violation, and two suspensions are named."""
    out: list[Check] = []
    for m in facts.unsupported:
        out.append(Check(
            "measure_basis", False,
            f"“{m.text}” (hành vi {m.violation + 1}) chưa có căn cứ pháp lý trong danh mục điều "
            "khoản; hãy bỏ biện pháp này hoặc bổ sung danh mục",
            "Luật XLVPHC Điều 3 khoản 1 điểm đ, Điều 28"))
    for i, line in enumerate(facts.lines):
        if not line.act():
            out.append(Check("act", False, f"hành vi {i + 1}: chưa chọn hành vi cụ thể và chưa "
                                           "mô tả hành vi vi phạm", "Luật XLVPHC Điều 68"))
    if facts.unassigned_items:
        out.append(Check(
            "items", False, "tang vật, phương tiện chưa gắn với hành vi vi phạm: "
            + ", ".join(facts.unassigned_items), "Luật XLVPHC Điều 68 khoản 1 điểm e"))
    suspended = [i for i, extra in enumerate(facts.additional)
                 if any(kind == "suspension" for kind, _ in extra)]
    if len(suspended) > 1:
        # legal.md / legal-additions.md say nothing on how two suspensions of one activity
        # combine; the chief decides and the review says so.
        out.append(Check(
            "suspensions", True, "nhiều hành vi cùng bị đình chỉ hoạt động ("
            + ", ".join(str(i + 1) for i in suspended) + "): tài liệu pháp lý của ứng dụng chưa "
            "có quy định về cách tổng hợp thời hạn đình chỉ; người ký quyết định cân nhắc",
            "Luật XLVPHC Điều 25, 67", caution=True))
    return out


def signer_for(db: Database, actor: Actor, signer_id: uuid.UUID | None, on: date) -> SignerInfo | None:
    return get_signer(db, actor, signer_id) if signer_id else default_signer(db, actor, on)


def review_decision(db: Database, actor: Actor, case_id: uuid.UUID, on: date | None = None,
                    signer_id: uuid.UUID | None = None) -> Review:
    """What issuing would check and print, without issuing."""
    actor.require(Permission.VIEW)
    on = on or clock.today()
    signer = signer_for(db, actor, signer_id, on)
    catalog = law_data(db).catalog
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, catalog, case_id, on)
    return _review(db, actor, facts, on, signer, agency)


def _decrees(db: Database, facts: CaseFacts, on: date) -> list[doc.LegalInstrument]:
    """The sector decrees of the violations, then the implementing decree (118/2021) and the
    competence decree (189/2025) in force on the decision date, each with its amending
    decrees counted from their own effective dates: a sector decree's amendments as in force
    on the reference date of a violation under it (the text that violation broke — Decree
    14/2022 is not cited for a violation of 2021), the procedural decrees' as on the decision
    date (Decree 118/2021 with Decrees 68/2025 and 190/2025 once they are in force)."""
    catalog = law_data(db).catalog
    dated: dict[str, list[date]] = {}
    for key, day in zip(facts.keys, facts.violation_dates, strict=True):
        dated.setdefault(key.split(":")[0], []).append(day)
    for i in sorted(catalog.instruments, key=lambda i: i.issued_on):
        if i.role in ("implementing_decree", "competence_decree") and i.in_force(on):
            dated.setdefault(i.number, []).append(on)
    out = []
    for instrument_number, days in dated.items():
        inst = catalog.instrument(instrument_number)
        amending: dict[str, doc.LegalInstrument] = {}
        for day in days:
            for a in catalog.amendments_in_force(inst.amended_by, day):
                if a.role == "amending_decree":
                    amending[a.number] = doc.LegalInstrument(number=a.number,
                                                             issued_on=a.issued_on,
                                                             title=a.title)
        out.append(doc.LegalInstrument(number=inst.number, issued_on=inst.issued_on,
                                       title=inst.title,
                                       amended_by=tuple(sorted(amending.values(),
                                                               key=lambda x: x.issued_on))))
    return out


def _treasury(agency: AgencyInfo) -> doc.TreasuryAccount:
    return doc.TreasuryAccount(name=agency.treasury_name or "Kho bạc Nhà nước",
                               account_number=agency.treasury_account)


def _decision_data(db: Database, agency: AgencyInfo, facts: CaseFacts, on: date,
                   signer: SignerInfo, title: str, number: int | None) -> doc.SanctionDecisionData:
    signer_block = document_signer(signer, title)
    record = (facts.record_number, facts.record_date) if facts.record_number and facts.record_date \
        else None
    bases = doc.standard_bases("MQĐ02", on, _decrees(db, facts, on), record=record,
                               law_amended_in=law_data(db).catalog.law_amended_in(on),
                               signer=signer_block)
    return doc.SanctionDecisionData(
        agency=agency_block(agency), number=number, decision_date=on, signer=signer_block,
        violator=facts.violator, violations=facts.lines, bases=bases,
        treasury=_treasury(agency), symbol=agency.decision_suffix,
        receipt_on_back=True)  # the form's back page, signed by whoever receives it in person


def _decision_without_record_data(db: Database, agency: AgencyInfo, facts: CaseFacts, on: date,
                                  signer: SignerInfo, title: str,
                                  number: int | None) -> doc.DecisionWithoutRecordData:
    """MQĐ01: the fine imposed on the spot, where Art 56 allows it on that date."""
    signer_block = document_signer(signer, title)
    bases = doc.standard_bases("MQĐ01", on, _decrees(db, facts, on), signer=signer_block,
                               law_amended_in=law_data(db).catalog.law_amended_in(on))
    return doc.DecisionWithoutRecordData(
        agency=agency_block(agency), number=number, decision_date=on, signer=signer_block,
        violator=facts.violator, violations=facts.lines,
        violation_place=facts.establishment_name, bases=bases, treasury=_treasury(agency),
        without_record=decision_without_record_allowed(
            facts.total, "organization" if facts.subject_kind == "organization"
            else "individual", on, law_data(db).rules),
        symbol=agency.decision_suffix, receipt_on_back=True)


def snapshot_of(data: Any) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(data), default=str, ensure_ascii=False))


def payments_of(session: Any, decision_id: uuid.UUID) -> list[tuple[date, int]]:
    return [(p, int(a)) for p, a in session.execute(
        select(Payment.paid_on, Payment.amount).where(Payment.decision_id == decision_id)
        .order_by(Payment.paid_on))]


def schedule_of(d: SanctionDecision) -> list[tuple[date, int]]:
    """When the fine falls due: the instalments of an Art 79 decision, else the due date (moved
    by a deferral); nothing before delivery."""
    if d.instalments:
        return [(date.fromisoformat(i["due"]), int(i["amount"])) for i in d.instalments]
    return [(d.due_date, d.total_amount)] if d.due_date else []


def settlement_of(session: Any, d: SanctionDecision, rules: Any, on: date,
                  extra: tuple[date, int] | None = None) -> Settlement:
    """Fine and late charge of ``d`` on ``on`` (Law Art 78), with ``extra`` as if paid too."""
    schedule = schedule_of(d)
    rate = rules.value("late_charge_per_day_basis_points",
                       min(day for day, _ in schedule)).value if schedule else 0
    paid = payments_of(session, d.id) + ([extra] if extra else [])
    return settle(d.total_amount, schedule, paid, on, rate)


def enforcement_limit(d: SanctionDecision, rules: Any) -> date | None:
    """Law Art 74: one year from the decision; from the end of a deferral when deferred."""
    if d.issued_on is None:
        return None
    start = d.deferred_until if d.deferred_until and d.deferred_until > d.issued_on \
        else d.issued_on
    years = rules.value("enforcement_limit_years", d.issued_on).value
    return add_years(start, int(years))


def _follows(session: Any, d: SanctionDecision) -> str | None:
    """The number of the decision an Art 18 / Art 76, 77, 79 decision follows."""
    if d.amends_id is None:
        return None
    original = session.get(SanctionDecision, d.amends_id)
    return original.number_text if original is not None else None


def decision_info(session: Any, d: SanctionDecision, rules: Any, today: date | None = None) -> DecisionInfo:
    today = today or clock.today()
    case = session.get(Case, d.case_id)
    name = violator_name(d.snapshot.get("violator_snapshot") or (case.violator if case else {}),
                         case.subject_kind if case else "individual")
    status = d.status
    live = in_force(d.status, d.issued_on, d.amends_id)
    money = settlement_of(session, d, rules, today)
    paid = money.fine_paid + money.charge_paid + money.excess
    days_left = None
    nothing_due = live and d.total_amount == 0
    if d.amends_id is not None:
        status = "amendment"
    elif nothing_due:
        status = "nothing_due"
    elif live and money.fine_owed and d.due_date:
        schedule = schedule_of(d)
        unpaid = [day for day, _ in schedule
                  if sum(a for dd, a in schedule if dd <= day) > money.fine_paid]
        next_due = unpaid[0] if unpaid else d.due_date
        days_left = (next_due - today).days
        if days_left < 0:
            status = "overdue"
    elif live and money.charge_owed:
        status = "charge_owed"
    if d.instalments and days_left is not None:
        due_date: date | None = today + timedelta(days=days_left)  # the next instalment
    else:
        due_date = d.due_date
    return DecisionInfo(d.id, d.case_id, d.year, d.number, d.number_text, d.issued_on,
                        d.signer_name, d.signer_title, name, d.total_amount, int(paid), status,
                        d.delivered_on, due_date, d.pdf_sha256, d.amends_id, d.amendment_kind,
                        money.charge if live else 0, days_left,
                        {"amendments": list(d.snapshot.get("amendments", [])),
                         "instalments": list(d.instalments or []),
                         "relief": list(d.snapshot.get("relief", [])),
                         "follows": _follows(session, d)},
                        live, nothing_due, money.fine_paid, money.fine_owed if live else 0,
                        money.charge_paid, money.charge_owed if live else 0, d.deferred_until,
                        enforcement_limit(d, rules) if live and money.owed else None)


def issue_decision(db: Database, actor: Actor, case_id: uuid.UUID, on: date | None = None,
                   signer_id: uuid.UUID | None = None,
                   today: date | None = None, sign: Any = None) -> DecisionInfo:
    """Issue the decision of a case: checks, number, snapshot, PDF — one transaction.

    ``sign`` (:data:`inspector.services.signing.Credentials`): the signer's token or PKCS#12
    file; the stored PDF is then the digitally signed one. A signing failure (wrong PIN, an
    expired or someone else's certificate) issues nothing."""
    actor.require(Permission.ISSUE_DECISIONS)
    today = today or clock.today()
    on = on or today
    agency = require_agency(db, actor)
    assert agency.id is not None
    signer = signer_for(db, actor, signer_id, on)
    catalog = law_data(db).catalog
    rules = law_data(db).rules
    # One attempt: a clash on the number register is reported as a conflict (nothing was
    # written); it is not retried behind the user's back (issue 9 §8).
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        existing = s.scalar(select(SanctionDecision).where(
            SanctionDecision.case_id == case_id, in_force_clause()))
        if existing is not None:
            raise ConflictError(
                f"Vụ việc đã có quyết định số {existing.number_text}.",
                f"the case already has decision {existing.number_text}")
        facts = read_case(s, catalog, case_id, on)
        check_decision_dates(db, actor, facts, on, today)
        law_service.check_register("quyết định xử phạt", on.year, on, s.scalar(
            select(func.max(SanctionDecision.issued_on)).where(
                SanctionDecision.agency_id == agency.id,
                SanctionDecision.year == on.year,
                SanctionDecision.number.is_not(None))))
        review = _review(db, actor, facts, on, signer, agency, today)
        if not review.ok:
            raise DecisionRefused(list(review.checks))
        assert signer is not None
        decision = SanctionDecision(case_id=case_id, agency_id=agency.id, form="MQĐ02",
                                    year=on.year, status="draft", total_amount=facts.total)
        decision.id = uuid.uuid4()
        number = numbering.next_number(s, agency.id, on.year, numbering.DECISION,
                                       decision.id)
        data: Any
        if facts.record_date is None:
            decision.form = "MQĐ01"
            data = _decision_without_record_data(db, agency, facts, on, signer,
                                                 review.title, number)
            pdf = render_decision_without_record(data)
        else:
            data = _decision_data(db, agency, facts, on, signer, review.title, number)
            pdf = render_sanction_decision(data)
        decision.number = number
        decision.number_text = doc.document_number(number, agency.decision_suffix)
        decision.issued_on = on
        decision.signer_name = signer.full_name
        decision.signer_title = review.title
        decision.status = "issued"
        decision.snapshot = {
            "document": snapshot_of(data), "violator_snapshot": facts.violator_snapshot,
            "checks": [asdict(c) for c in review.checks],
        }
        signed = None
        if sign is not None:
            from inspector.domain.signatures import SignatureRole
            from inspector.services import decision_signing

            signed = decision_signing.sign_issued_pdf(
                pdf, sign, SignatureRole.SIGNER, signer.full_name, agency,
                decision.number_text or "")
            pdf = signed.pdf
        decision.pdf = pdf
        decision.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(decision)
        case = s.get(Case, case_id)
        assert case is not None
        try:
            case.status = check_case_transition(case.status, "decided")
        except StateError as exc:
            raise ConflictError(exc.vi, str(exc)) from exc
        s.flush()
        if signed is not None:
            decision_signing.record_signature(s, decision, SignatureRole.SIGNER, signed)
            s.flush()
        info = decision_info(s, decision, rules, on)
        uow.commit()
        return info


def find_decision(session: Any, year: int, number: int) -> SanctionDecision:
    d = session.scalar(select(SanctionDecision).where(SanctionDecision.year == year,
                                                      SanctionDecision.number == number))
    if d is None:
        raise NotFound(f"Không có quyết định số {number} năm {year}.",
                       f"no decision number {number} of {year}")
    return d


def decision_pdf(db: Database, actor: Actor, number: int, year: int) -> bytes:
    """The stored PDF of an issued decision, checked against its SHA-256."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        d = find_decision(uow.session, year, number)
        pdf = d.pdf
        if pdf is None:
            raise NotFound("Quyết định chưa có bản PDF.", "the decision has no stored PDF")
        if hashlib.sha256(pdf).hexdigest() != d.pdf_sha256:
            raise ServiceError("Bản PDF lưu trữ không khớp mã SHA-256 trong sổ: có thể đã bị sửa.",
                               "the stored PDF does not match its SHA-256")
        return pdf


def list_decisions(db: Database, actor: Actor, year: int | None = None,
                   today: date | None = None) -> list[DecisionInfo]:
    actor.require(Permission.VIEW)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        stmt = select(SanctionDecision).order_by(SanctionDecision.year.desc(),
                                                 SanctionDecision.number.desc())
        if year is not None:
            stmt = stmt.where(SanctionDecision.year == year)
        return [decision_info(uow.session, d, rules, today) for d in uow.session.scalars(stmt)]


def change_issued_decision(db: Database, actor: Actor, decision_id: uuid.UUID,
                           changes: dict[str, Any]) -> None:
    """Refuse any change to an issued decision's content, and audit the attempt."""
    with UnitOfWork(db, actor) as uow:
        d = uow.session.get(SanctionDecision, decision_id)
        if d is None:
            raise NotFound("Không tìm thấy quyết định.", f"no decision {decision_id}")
        if d.status != "draft":
            append_entries(uow.session.connection(), actor, [PendingEntry(
                "sanction_decisions", str(d.id), "refused",
                {"attempted": {k: str(v) for k, v in changes.items()}})])
            uow.commit()
            raise FrozenDocument(
                f"Quyết định {d.number_text} đã ban hành và không thể sửa. Muốn sửa đổi, đính "
                "chính hay hủy bỏ, hãy ban hành một quyết định mới dẫn chiếu quyết định này.",
                f"decision {d.number_text} is issued and frozen; issue an amending, correcting "
                "or annulling decision instead")
        for key, value in changes.items():
            setattr(d, key, value)
        uow.commit()


def transfer_letter_data(db: Database, actor: Actor, case_id: uuid.UUID, on: date | None = None,
                         signer_id: uuid.UUID | None = None,
                         number: int | None = None) -> tuple[doc.TransferLetterData, Review]:
    """The letter sending the file to the competent authority when the case exceeds competence,
    and the review that says so. Building it changes nothing: issuing it (numbered and kept,
    :func:`inspector.services.issued_documents.issue_document`) moves the case to
    "transferred"."""
    actor.require(Permission.VIEW)
    on = on or clock.today()
    agency = require_agency(db, actor)
    review = review_decision(db, actor, case_id, on, signer_id)
    if not review.needs_transfer or review.signer is None:
        raise ValidationError("Vụ việc thuộc thẩm quyền; không cần chuyển hồ sơ.",
                              "the case is within competence; no transfer needed")
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, catalog, case_id, on)
    title = head_title(db, review.signer.title_code, on, agency.agency_name)
    record_ref = (f"Biên bản vi phạm hành chính số {facts.record_number:02d}/"
                  f"{agency.record_suffix} lập ngày {format_date(facts.record_date)}"
                  if facts.record_number and facts.record_date else "Hồ sơ vụ việc")
    recipient = review.competent_title or ""
    reason = (f"Vụ việc vượt thẩm quyền xử phạt của {title} (khoản 3 Điều 52 Luật Xử lý vi phạm "
              f"hành chính) và thuộc thẩm quyền của {recipient}.")
    data = doc.TransferLetterData(
        agency=agency_block(agency), number=number, letter_date=on,
        recipient=recipient, violator=facts.violator, record_ref=record_ref,
        violations=facts.lines, reason=reason,
        legal_basis="khoản 3 Điều 52 Luật Xử lý vi phạm hành chính",
        enclosures=(record_ref,),
        signer=letter_signer(review.signer, title, agency.agency_name))
    return data, review


def transfer_letter(db: Database, actor: Actor, case_id: uuid.UUID, on: date | None = None,
                    signer_id: uuid.UUID | None = None) -> bytes:
    """The transfer letter as it would print, unnumbered (DỰ THẢO); the case is unchanged."""
    data, _ = transfer_letter_data(db, actor, case_id, on, signer_id)
    return render_transfer_letter(data)


# --- read side for the register page ---------------------------------------------------------

@dataclass(frozen=True)
class AwaitingCase:
    """A recorded case without a decision yet, with the day its decision deadline runs out."""

    case_id: uuid.UUID
    violator: str
    sector: str
    record_number: int | None
    record_date: date | None
    total: int
    deadline: date | None


def cases_awaiting_decision(db: Database, actor: Actor) -> list[AwaitingCase]:
    actor.require(Permission.VIEW)
    decided = select(SanctionDecision.case_id).where(in_force_clause())
    out: list[AwaitingCase] = []
    with UnitOfWork(db, actor) as uow:
        rows = [(c.id, c.sector, c.subject_kind, dict(c.violator or {}), c.transferred_on,
                 c.explanation, c.complex_case, number, made_on)
                for c, number, made_on in uow.session.execute(
                    select(Case, ViolationRecord.number, ViolationRecord.made_on)
                    .join(ViolationRecord, ViolationRecord.case_id == Case.id)
                    .where(ViolationRecord.status == "issued", Case.id.notin_(decided),
                           Case.status.notin_(("transferred", "cancelled", "closed")))
                    .order_by(ViolationRecord.made_on))]
        totals = dict(uow.session.execute(
            select(Violation.case_id, func.coalesce(func.sum(Violation.amount), 0))
            .where(Violation.case_id.in_([r[0] for r in rows]))
            .group_by(Violation.case_id)).all())
    for (case_id, sector, subject_kind, violator, transferred_on, explanation, complex_case,
         number, made_on) in rows:
        due = None
        try:
            d = law_deadlines(db, actor, violation_ended=made_on, discovered_on=None,
                              ongoing=False, record_date=made_on, decision_date=None,
                              sector=sector, transferred=transferred_on is not None,
                              explanation=explanation, complex_case=complex_case)
            due = d["decision_deadline"].due
        except ServiceError:
            due = None
        out.append(AwaitingCase(case_id, violator_name(violator, subject_kind), sector, number,
                                made_on, int(totals.get(case_id, 0)), due))
    return out


def draft_decision_pdf(db: Database, actor: Actor, case_id: uuid.UUID, on: date | None = None,
                       signer_id: uuid.UUID | None = None) -> bytes:
    """The decision as it would print, unnumbered and marked DỰ THẢO, for review before issue."""
    actor.require(Permission.VIEW)
    on = on or clock.today()
    agency = require_agency(db, actor)
    signer = signer_for(db, actor, signer_id, on)
    if signer is None:
        raise ValidationError("Chưa cài đặt người ký quyết định cho ngày này (trang Cài đặt).",
                              "no signer configured for that date")
    title = head_title(db, signer.title_code, on, agency.agency_name)
    with UnitOfWork(db, actor) as uow:
        facts = read_case(uow.session, law_data(db).catalog, case_id, on)
    return render_sanction_decision(_decision_data(db, agency, facts, on, signer, title, None))


def year_pdf(db: Database, actor: Actor, year: int, progress: Any = None,
             cancelled: Any = None) -> bytes | None:
    """Every issued decision of a year, in number order, as one PDF to print again.

    ``progress(done, total)`` is called as it goes; ``cancelled()`` returning True stops it
    (``None`` is returned). The stored PDFs are used, so the reprint is the issued document.
    """
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        ids = list(uow.session.scalars(select(SanctionDecision.id).where(
            SanctionDecision.year == year, SanctionDecision.pdf_sha256.is_not(None))
            .order_by(SanctionDecision.number)))
        writer = PdfWriter()
        for done, decision_id in enumerate(ids, start=1):
            if cancelled is not None and cancelled():
                return None
            pdf = uow.session.scalar(select(SanctionDecision.pdf).where(
                SanctionDecision.id == decision_id))
            if pdf:
                writer.append(PdfReader(BytesIO(pdf)))
            if progress is not None:
                progress(done, len(ids))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def skip_decision_number(db: Database, actor: Actor, year: int, reason: str) -> int:
    """Leave the next decision number unused, with the reason in the register."""
    actor.require(Permission.ISSUE_DECISIONS)
    agency = require_agency(db, actor)
    assert agency.id is not None
    with UnitOfWork(db, actor) as uow:
        number = numbering.skip_number(uow.session, agency.id, year, numbering.DECISION, reason)
        uow.commit()
        return number
