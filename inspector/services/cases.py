"""Cases (vụ việc): the violator, the violations judged by the law engine, seized items.

A case is opened for a visit with a snapshot of the violator taken from the establishment
(an individual or a household business is sanctioned as an individual, legal.md §1.4). Each
violation is checked against the law in force on its reference date — the day a finished act
ended, or the day an ongoing one was discovered (Decree 118/2021 Art 7(2)): the provision must
be in force, the bracket follows the subject and, for per-title provisions, the copies of the
title (119/2020 Art 29); the amount must lie in the range the circumstances allow (Law Art
23(4), Decree 118 Art 9(1)), with a reason when exactly one circumstance is left; additional
sanctions and remedial measures must be ones the provision lists.

The violation form calls :func:`assess_violation` on every change (no database writes) and
:func:`case_outlook` for the running total, limitation date and competence; saving runs the
same checks. :func:`record_visit` saves a whole visit — visit, case, violations, seized items —
in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain.assessment import (
    Assessment,
    ViolationFacts,
    limitation_years_of,
    subject_of_owner,
)
from inspector.domain.chronology import ChronologyError, ChronologyRules, check_violation_dates
from inspector.domain.competence import recipient_title
from inspector.domain.deadlines import ProcedureRules, circumstance_rule
from inspector.domain.fines import (
    AppliedSanction,
    Bracket,
    ChargedViolation,
    Quote,
    bracket_for,
    case_total,
    check_amount,
    check_violation,
    normalize_subject,
    provision_in_force,
    quote_duration,
    quote_fine,
)
from inspector.domain.law import Catalog, LawError, Provision
from inspector.domain.money import amount_in_words
from inspector.domain.places import REFORM_DAY, full_address
from inspector.domain.roles import Permission
from inspector.domain.states import CaseState, case_state_label, record_content_editable
from inspector.domain.text import nfc, search_key
from inspector.services import clock
from inspector.services import law as law_service
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.checklists import load_checklist, proposed_provisions
from inspector.services.errors import ConflictError, NotFound, ValidationError
from inspector.services.establishments import (
    EstablishmentInput,
    clean_establishment,
    validate_establishment,
)
from inspector.services.forms import FieldProblem, date_problem, raise_if_blocking
from inspector.services.inspections import VisitInput, new_visit
from inspector.services.signers import SignerInfo, default_signer
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    Case,
    Establishment,
    Licence,
    SeizedItem,
    Violation,
    Visit,
)

#: The case states as the GUI's lists and the history name them (the domain's one table,
#: capitalised): ``states.case_state_label``.
CASE_STATUS_LABELS_VI = {state.value: case_state_label(state.value).capitalize()
                         for state in CaseState}
SUBJECT_LABELS_VI = {"individual": "Cá nhân", "organization": "Tổ chức"}
SEIZED_KINDS = ("goods", "means", "documents")
SEIZED_KIND_LABELS_VI = {"goods": "Tang vật", "means": "Phương tiện",
                         "documents": "Giấy phép, chứng chỉ hành nghề"}
DISPOSAL_LABELS_VI = {"held": "Đang tạm giữ", "confiscated": "Tịch thu", "returned": "Trả lại",
                      "destroyed": "Tiêu hủy"}
ADDITIONAL_LABELS_VI = {"licence_withdrawal": "Tước quyền sử dụng giấy phép",
                        "suspension": "Đình chỉ hoạt động có thời hạn",
                        "confiscation": "Tịch thu tang vật, phương tiện vi phạm hành chính"}
#: Violations can be changed while the case is a draft; the record freezes them.


# --- inputs and outputs ---------------------------------------------------------------------

@dataclass(frozen=True)
class TitleCount:
    """A publication title, the number of its copies, and what was wrong with it (printed in
    the record and the decision: "không có hóa đơn, chứng từ", "in lậu"…)."""

    title: str
    copies: int
    defect: str = ""


@dataclass(frozen=True)
class SanctionInput:
    """An additional sanction: ``kind`` (licence_withdrawal, suspension, confiscation), its
    months, the licence withdrawn, the value of what is confiscated."""

    kind: str
    months: int | None = None
    licence: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class RemedialInput:
    code: str
    deadline_days: int | None = None


@dataclass(frozen=True)
class ViolationInput:
    """The violation form. ``amount`` None with ``warning`` False means "not entered yet".

    ``ongoing``: the act was still going on when discovered; the law is then the one in force
    on ``discovered_on``; otherwise on ``ended_on``.
    """

    provision_key: str
    ended_on: date | None = None
    discovered_on: date | None = None
    ongoing: bool = False
    facts: str = ""
    mitigating: tuple[str, ...] = ()
    aggravating: tuple[str, ...] = ()
    amount: int | None = None
    amount_reason: str = ""
    warning: bool = False
    titles: tuple[TitleCount, ...] = ()
    additional: tuple[SanctionInput, ...] = ()
    remedial: tuple[RemedialInput, ...] = ()
    #: which act of a point listing several (index into the provision's alternatives)
    alternative: int | None = None


@dataclass(frozen=True)
class AllowedSanction:
    kind: str
    text: str
    min_months: int | None
    max_months: int | None
    confirmed: bool


@dataclass(frozen=True)
class AllowedRemedial:
    code: str
    text: str
    confirmed: bool


@dataclass(frozen=True)
class ViolationAssessment:
    """What the violation form shows live for its current values.

    ``key`` is the provision to cite (the quantity tier may move it: 29.1.a with 60 copies →
    29.2.a); ``problems`` lists every problem per field (blocking or not).
    """

    entered_key: str
    key: str | None
    citation: str | None
    description: str
    instrument: str | None
    reference_date: date | None
    subject: str
    copies: int | None
    sanction_kind: str | None
    bracket_min: int | None
    bracket_max: int | None
    default_amount: int | None
    allowed_min: int | None
    allowed_max: int | None
    needs_reason: bool
    rule: str
    default_in_words: str | None
    warning_allowed: bool
    fine_allowed: bool
    per_title: bool
    allowed_additional: tuple[AllowedSanction, ...]
    allowed_remedial: tuple[AllowedRemedial, ...]
    limitation_years: int | None
    confirmed: bool
    problems: tuple[FieldProblem, ...]
    #: the acts of the point when it lists several: the form offers one to choose
    alternatives: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.blocking for p in self.problems)


@dataclass(frozen=True)
class ProvisionChoice:
    """A provision the picker offers; ``proposed`` marks those the failed checklist item names."""

    key: str
    citation: str | None
    description: str
    instrument: str
    sector: str
    sanction_kind: str
    confirmed: bool
    proposed: bool


@dataclass(frozen=True)
class ViolatorInput:
    """A violator other than the establishment's owner (e.g. a player at a game point)."""

    kind: str  # individual, household or organization
    name: str
    sex: str | None = None
    birth_date: date | None = None
    nationality: str | None = "Việt Nam"
    occupation: str | None = None
    residence: str | None = None
    id_number: str | None = None
    id_issued_on: date | None = None
    id_issued_by: str | None = None
    enterprise_code: str | None = None
    head_office: str | None = None
    representative_name: str | None = None
    representative_title: str | None = None
    representative_sex: str | None = None


@dataclass(frozen=True)
class SeizedItemInput:
    """Tang vật, phương tiện. ``violation_index`` links an item to a violation of the same
    :func:`record_visit` call; ``violation_id`` to a saved one."""

    kind: str
    description: str
    quantity: int
    unit: str
    value: int | None = None
    condition: str = ""
    titles: tuple[TitleCount, ...] = ()
    kept_at: str = ""
    violation_id: uuid.UUID | None = None
    violation_index: int | None = None


@dataclass(frozen=True)
class SeizedItemRow:
    id: uuid.UUID
    case_id: uuid.UUID
    violation_id: uuid.UUID | None
    kind: str
    description: str
    quantity: int
    unit: str
    value: int | None
    condition: str
    titles: tuple[TitleCount, ...]
    kept_at: str
    disposal: str
    disposal_date: date | None
    version: int

    def to_input(self) -> SeizedItemInput:
        return SeizedItemInput(self.kind, self.description, self.quantity, self.unit, self.value,
                               self.condition, self.titles, self.kept_at, self.violation_id)


@dataclass(frozen=True)
class ViolationRow:
    id: uuid.UUID
    case_id: uuid.UUID
    provision_key: str
    citation: str | None
    description: str
    reference_date: date
    ongoing: bool
    ended_on: date | None
    discovered_on: date | None
    facts: str
    mitigating: tuple[str, ...]
    aggravating: tuple[str, ...]
    amount: int
    amount_reason: str
    warning: bool
    copies: int | None
    titles: tuple[TitleCount, ...]
    additional: tuple[SanctionInput, ...]
    remedial: tuple[RemedialInput, ...]
    version: int
    alternative: int | None = None
    act: str = ""

    def to_input(self) -> ViolationInput:
        return ViolationInput(
            self.provision_key, self.ended_on, self.discovered_on, self.ongoing, self.facts,
            self.mitigating, self.aggravating, None if self.warning else self.amount,
            self.amount_reason, self.warning, self.titles, self.additional, self.remedial,
            self.alternative)


@dataclass(frozen=True)
class CompetenceView:
    """Whether the configured signer may decide the case; ``note`` says why it is unknown."""

    within: bool | None
    signer_name: str | None
    signer_title_code: str | None
    signer_title: str | None
    decision_date: date
    competent_title: str | None
    competent_title_text: str | None
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class CaseOutlook:
    """The running figures of a case (saved or still in the form)."""

    total: int
    total_in_words: str
    fines: tuple[int, ...]
    limitation_date: date | None
    limitation_basis: str
    limitation_passed: bool
    suspension_months: int | None
    competence: CompetenceView
    problems: tuple[FieldProblem, ...] = ()


@dataclass(frozen=True)
class CaseSummary:
    id: uuid.UUID
    version: int
    status: str
    visit_id: uuid.UUID | None
    establishment_id: uuid.UUID | None
    establishment_name: str
    subject_kind: str
    violator_name: str
    violator: Mapping[str, Any] = field(hash=False)
    sector: str = ""
    opened_on: date = date.min
    violations: tuple[ViolationRow, ...] = ()
    seized: tuple[SeizedItemRow, ...] = ()
    outlook: CaseOutlook | None = None

    @property
    def total(self) -> int:
        return sum(0 if v.warning else v.amount for v in self.violations)


@dataclass(frozen=True)
class VisitRecord:
    """A whole visit as the field form saves it."""

    visit: VisitInput
    violations: tuple[ViolationInput, ...] = ()
    seized: tuple[SeizedItemInput, ...] = ()
    violator: ViolatorInput | None = None


@dataclass(frozen=True)
class RecordedVisit:
    visit_id: uuid.UUID
    case_id: uuid.UUID | None
    violation_ids: tuple[uuid.UUID, ...]
    seized_ids: tuple[uuid.UUID, ...]
    total: int


# --- the law, per violation (no database writes) --------------------------------------------

def _subject(subject: str) -> str:
    try:
        return normalize_subject(subject)
    except LawError as exc:
        raise ValidationError(exc.reason, exc.reason, field="subject") from exc


def _citation(catalog: Catalog, provision: Provision, on: date | None) -> str | None:
    """The citation with the amendments in force on the violation's reference date ``on``."""
    try:
        return catalog.citation(provision.key, on if on != date.min else None)
    except LawError:
        return None


def _law_problem(exc: LawError) -> FieldProblem:
    by_code = {
        "unknown_provision": "provision_key", "bad_key": "provision_key",
        "not_yet_in_force": "provision_key", "no_longer_in_force": "provision_key",
        "tier_unknown": "titles", "bad_copies": "titles", "wrong_tier": "titles",
        "outside_bracket": "amount", "outside_allowed": "amount", "bad_amount": "amount",
        "reason_required": "amount_reason", "warning_only": "amount",
        "fine_required": "warning", "sanction_not_allowed": "additional",
        "duration_required": "additional", "duration_outside": "additional",
        "remedial_not_allowed": "remedial", "unknown_circumstance": "mitigating",
    }
    return FieldProblem(by_code.get(exc.code, "provision_key"), exc.reason)


def _date_problems(data: ViolationInput, today: date) -> tuple[list[FieldProblem], date | None]:
    out: list[FieldProblem] = []
    for name, label, value in (("ended_on", "Ngày chấm dứt hành vi", data.ended_on),
                               ("discovered_on", "Ngày phát hiện", data.discovered_on)):
        problem = date_problem(name, label, value, today)
        if problem:
            out.append(problem)
    if data.ongoing:
        if data.discovered_on is None:
            out.append(FieldProblem("discovered_on", "Vi phạm đang diễn ra: hãy nhập ngày phát "
                                                     "hiện (ngày này quyết định văn bản áp dụng)."))
        if data.ended_on is not None:
            out.append(FieldProblem("ended_on", "Vi phạm đang diễn ra thì không có ngày chấm "
                                                "dứt hành vi."))
        reference = data.discovered_on
    else:
        if data.ended_on is None:
            out.append(FieldProblem("ended_on", "Hãy nhập ngày chấm dứt hành vi vi phạm (hoặc "
                                                "chọn “đang diễn ra khi phát hiện”)."))
        reference = data.ended_on
    if data.ended_on and data.discovered_on and data.ended_on > data.discovered_on:
        out.append(FieldProblem("ended_on", "Ngày chấm dứt hành vi sau ngày phát hiện."))
    if any(p.blocking and p.field in ("ended_on", "discovered_on") for p in out):
        return out, reference if reference and reference <= today else None
    return out, reference


def _circumstance_problems(catalog: Catalog, data: ViolationInput,
                           subject: str | None = None) -> list[FieldProblem]:
    out = []
    for name, kind, codes in (("mitigating", "mitigating", data.mitigating),
                              ("aggravating", "aggravating", data.aggravating)):
        if len(set(codes)) != len(codes):
            out.append(FieldProblem(name, "Một tình tiết được chọn hai lần."))
        for code in codes:
            try:
                item = catalog.circumstance(code)
            except LawError as exc:
                out.append(FieldProblem(name, exc.reason))
                continue
            if item.kind != kind:
                what = "giảm nhẹ" if kind == "mitigating" else "tăng nặng"
                out.append(FieldProblem(name, f"Tình tiết {code} không phải tình tiết {what}."))
            if item.alternatives:
                out.append(FieldProblem(name, f"Tình tiết {code} gồm nhiều trường hợp: hãy chọn "
                                              "một (ví dụ “nhiều lần” hoặc “tái phạm”)."))
            if subject is not None and not item.applies_to(subject):
                out.append(FieldProblem(name, f"Tình tiết “{item.text}” không áp dụng cho tổ "
                                              "chức."))
    return out


def _title_problems(data: ViolationInput, per_title: bool) -> tuple[list[FieldProblem], int | None]:
    out = []
    for i, t in enumerate(data.titles):
        if not t.title.strip():
            out.append(FieldProblem(f"titles[{i}].title", "Hãy nhập tên xuất bản phẩm."))
        if isinstance(t.copies, bool) or not isinstance(t.copies, int) or t.copies < 1:
            out.append(FieldProblem(f"titles[{i}].copies", "Số bản phải là số nguyên từ 1."))
    if not per_title:
        return out, None
    if len(data.titles) != 1:
        out.append(FieldProblem(
            "titles", "Điều khoản này tính theo từng tên xuất bản phẩm: mỗi hành vi ghi đúng một "
                      "tên và số bản của tên đó (nhiều tên thì ghi thành nhiều hành vi)."))
        return out, None
    copies = data.titles[0].copies
    return out, copies if isinstance(copies, int) and copies >= 1 else None


def _applied(data: ViolationInput) -> tuple[AppliedSanction, ...]:
    return tuple(AppliedSanction(a.kind, a.months, a.licence, a.value) for a in data.additional)


def _assess(catalog: Catalog, subject: str, data: ViolationInput, today: date,
            rules: ProcedureRules) -> ViolationAssessment:
    who = _subject(subject)
    problems, reference = _date_problems(data, today)
    problems += _circumstance_problems(catalog, data, who)
    if not data.facts.strip():
        problems.append(FieldProblem("facts", "Hãy mô tả hành vi vi phạm (thời gian, địa điểm, "
                                              "diễn biến)."))
    empty = ViolationAssessment(
        data.provision_key, None, None, "", None, reference, who, None, None, None, None, None,
        None, None, False, "", None, False, False, False, (), (), None, False, ())
    if not data.provision_key.strip():
        problems.append(FieldProblem("provision_key", "Hãy chọn điều khoản vi phạm."))
        return replace(empty, problems=tuple(problems))
    try:
        provision = catalog.provision(data.provision_key)
    except LawError as exc:
        problems.append(_law_problem(exc))
        return replace(empty, problems=tuple(problems))
    per_title = bool(provision.tiers) or provision.counted_per == "title"
    title_problems, copies = _title_problems(data, per_title)
    problems += title_problems
    problems += _alternative_problems(provision, data.alternative)
    base = replace(empty, description=provision.description, instrument=provision.instrument,
                   alternatives=tuple(a.text for a in provision.alternatives),
                   per_title=per_title, copies=copies, sanction_kind=provision.sanction_kind,
                   limitation_years=provision.limitation_years, key=provision.key,
                   citation=_citation(catalog, provision, reference), confirmed=provision.confirmed)
    if reference is None:
        return replace(base, problems=tuple(problems))
    try:
        provision = provision_in_force(catalog, provision.key, reference)
        multiple = catalog.organization_multiple
        bracket = bracket_for(provision, who, copies if provision.tiers else None,
                              multiple=multiple)
        if bracket.key != provision.key:
            provision = provision_in_force(catalog, bracket.key, reference)
            bracket = bracket_for(provision, who, copies if provision.tiers else None,
                                  multiple=multiple)
    except LawError as exc:
        problems.append(_law_problem(exc))
        return replace(base, problems=tuple(problems))
    quote: Quote | None = None
    if bracket.fine_allowed:
        quote = quote_fine(bracket, len(data.mitigating), len(data.aggravating),
                           rule=circumstance_rule(rules, reference))
    problems += _sanction_problems(catalog, who, data, provision, bracket, quote, copies,
                                   reference, rules)
    return ViolationAssessment(
        entered_key=data.provision_key, key=bracket.key,
        citation=_citation(catalog, provision, reference),
        description=provision.description, instrument=provision.instrument,
        reference_date=reference, subject=who, copies=copies,
        sanction_kind=provision.sanction_kind,
        bracket_min=bracket.minimum if bracket.fine_allowed else None,
        bracket_max=bracket.maximum if bracket.fine_allowed else None,
        default_amount=quote.default if quote else None,
        allowed_min=quote.allowed_min if quote else None,
        allowed_max=quote.allowed_max if quote else None,
        needs_reason=quote.needs_reason if quote else False,
        rule=quote.rule if quote else "Chỉ áp dụng hình thức cảnh cáo",
        default_in_words=amount_in_words(quote.default) if quote else None,
        warning_allowed=bracket.warning_allowed, fine_allowed=bracket.fine_allowed,
        per_title=per_title,
        allowed_additional=tuple(AllowedSanction(a.kind, a.text, a.min_months, a.max_months,
                                                 a.confirmed)
                                 for a in provision.additional_sanctions),
        allowed_remedial=tuple(AllowedRemedial(m.code, m.text, m.confirmed)
                               for m in provision.remedial_measures),
        limitation_years=limitation_years_of(provision, None, reference, rules)[0],
        confirmed=provision.confirmed and bracket.confirmed,
        problems=tuple(problems),
        alternatives=tuple(a.text for a in provision.alternatives))


def _alternative_problems(provision: Provision, alternative: int | None) -> list[FieldProblem]:
    """A point listing several acts: the one committed is chosen (the record prints it)."""
    count = len(provision.alternatives)
    if alternative is not None and not (count and 0 <= alternative < count):
        return [FieldProblem("alternative", "Hành vi cụ thể đã chọn không có trong điểm, khoản "
                                            "này.")]
    if count and alternative is None:
        return [FieldProblem("alternative", "Điểm, khoản này quy định nhiều hành vi: hãy chọn "
                                            "hành vi cụ thể đã thực hiện.", blocking=False)]
    return []


def _sanction_problems(catalog: Catalog, who: str, data: ViolationInput, provision: Provision,
                       bracket: Bracket, quote: Quote | None, copies: int | None,
                       reference: date, rules: ProcedureRules) -> list[FieldProblem]:
    out: list[FieldProblem] = []
    amount = data.amount
    if data.warning:
        if not bracket.warning_allowed:
            out.append(FieldProblem("warning", f"{bracket.key}: hành vi này phải phạt tiền, "
                                               "không được chỉ phạt cảnh cáo."))
        if amount:
            out.append(FieldProblem("amount", "Đã chọn phạt cảnh cáo thì không ghi tiền phạt."))
        amount = None
    elif not bracket.fine_allowed:
        out.append(FieldProblem("warning", f"{bracket.key}: hành vi chỉ bị phạt cảnh cáo."))
        amount = None
    elif amount is None:
        assert quote is not None
        out.append(FieldProblem("amount", f"Hãy nhập mức phạt tiền (đề xuất "
                                          f"{quote.default:,} đồng)".replace(",", ".") + "."))
    else:
        assert quote is not None
        try:
            check_amount(quote, amount, data.amount_reason)
        except LawError as exc:
            out.append(_law_problem(exc))
    for i, a in enumerate(data.additional):
        if a.kind in ("licence_withdrawal", "suspension") and a.months is not None:
            ranges = provision.additional(a.kind)
            if ranges and ranges[0].min_months is not None and ranges[0].max_months is not None:
                months = quote_duration(ranges[0].min_months, ranges[0].max_months,
                                        len(data.mitigating), len(data.aggravating),
                                        rule=circumstance_rule(rules, reference))
                try:
                    check_amount(months, a.months, data.amount_reason)
                except LawError as exc:
                    out.append(FieldProblem(f"additional[{i}]", exc.reason))
        if a.value is not None and a.value < 0:
            out.append(FieldProblem(f"additional[{i}]", "Giá trị tang vật không được âm."))
    for i, r in enumerate(data.remedial):
        if r.deadline_days is not None and r.deadline_days < 1:
            out.append(FieldProblem(f"remedial[{i}]", "Thời hạn thực hiện phải từ 01 ngày."))
    try:
        check_violation(catalog, ChargedViolation(
            bracket.key, None if data.warning or not bracket.fine_allowed
            else (amount if amount is not None else quote.default if quote else None),
            copies if provision.tiers else None, _applied(data),
            tuple(r.code for r in data.remedial)), who, reference)
    except LawError as exc:
        if exc.code not in ("outside_bracket", "fine_required", "warning_only"):
            out.append(_law_problem(exc))
    return out


def _discovered(data: ViolationInput, visit_date: date | None) -> ViolationInput:
    """A violation found at a visit was discovered that day unless the form says otherwise."""
    if data.discovered_on is None and visit_date is not None:
        return replace(data, discovered_on=visit_date)
    return data


def assess_violation(db: Database, actor: Actor, subject: str, data: ViolationInput, *,
                     visit_date: date | None = None,
                     today: date | None = None) -> ViolationAssessment:
    """The live panel of the violation form: bracket, default, allowed range, what else the
    provision allows, and every problem per field. Reads only the cached catalog.

    ``visit_date`` stands for the discovery date while the form leaves it empty (as saving does).
    """
    actor.require(Permission.VIEW)
    law = law_service.law_data(db)
    return _assess(law.catalog, subject, _discovered(data, visit_date), today or clock.today(),
                   law.rules)


def provision_choices(db: Database, actor: Actor, on: date, *, sector: str | None = None,
                      text: str | None = None, checklist_item: str | None = None,
                      limit: int = 60) -> list[ProvisionChoice]:
    """Provisions in force on ``on`` for the picker: those the failed checklist item
    (``checklist_item`` of ``sector``'s checklist) proposes first, then those matching every
    word of ``text`` in the key or the description, accents ignored (``29.1``, ``hoa don``)."""
    actor.require(Permission.VIEW)
    catalog = law_service.law_data(db).catalog
    out: list[ProvisionChoice] = []
    seen: set[str] = set()

    def add(p: Provision, proposed: bool) -> None:
        if p.key not in seen:
            seen.add(p.key)
            out.append(ProvisionChoice(p.key, _citation(catalog, p, on), p.description, p.instrument,
                                       p.sector, p.sanction_kind, p.confirmed, proposed))

    if checklist_item and sector:
        for p in proposed_provisions(catalog, load_checklist(sector).item(checklist_item), on):
            add(p, True)
    words = search_key(text or "").split()
    if words or not checklist_item:
        pool = (catalog.provisions_for(sector, on) if sector and not words else
                tuple(p for s in sorted({x.sector for x in catalog.provisions})
                      for p in catalog.provisions_for(s, on)))
        for p in pool:
            haystack = search_key(f"{p.key} {p.description}")
            if all(w in haystack for w in words):
                add(p, False)
            if len(out) >= limit:
                break
    return out[:limit]


# --- violators ------------------------------------------------------------------------------

def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _licence_text(licences: Sequence[Licence]) -> str:
    parts = []
    for lic in licences:
        text = f"{lic.kind} số {lic.number}"
        if lic.issued_on:
            text += f" cấp ngày {lic.issued_on:%d/%m/%Y}"
        if lic.issuer:
            text += f" tại {lic.issuer}"
        parts.append(text)
    return "; ".join(parts)


_REGISTRATION_WORDS = ("đăng ký doanh nghiệp", "đăng ký kinh doanh", "đăng ký đầu tư",
                       "thành lập", "đăng ký hoạt động")


def registration_licence(licences: Sequence[Any], on: date) -> dict[str, Any]:
    """The organisation's line "Số GCN đăng ký … ; ngày cấp … ; nơi cấp …" as of ``on``: the
    one registration certificate (or founding licence) in force that day, split into its
    number, date and issuer. Several, or none of that kind, are listed as one text with nothing
    chosen for the date and issuer (the form's dots, not a guess)."""
    in_force = [lic for lic in licences
                if (lic.issued_on is None or lic.issued_on <= on)
                and (lic.valid_until is None or lic.valid_until >= on)]
    registrations = [lic for lic in in_force
                     if any(w in lic.kind.casefold() for w in _REGISTRATION_WORDS)]
    if len(registrations) == 1:
        lic = registrations[0]
        return {"licence_number": lic.number, "licence_issued_on": _iso(lic.issued_on),
                "licence_issued_by": lic.issuer}
    return {"licence_number": _licence_text(registrations or in_force)}


def violator_snapshot(e: Establishment, licences: Sequence[Licence], on: date) -> dict[str, Any]:
    """The violator as the record prints it on ``on``: the owner (individual, household
    business) or the organisation, with the address written as it was on that day."""
    if on < REFORM_DAY and (e.former_commune_name or e.former_district):
        address = full_address(e.address_line, e.former_commune_name or e.commune_name,
                               e.former_district, e.former_province_name or e.province_name)
    else:
        address = full_address(e.address_line, e.commune_name, None, e.province_name)
    snapshot: dict[str, Any] = {
        "owner_kind": e.owner_kind, "establishment_name": e.name, "sector": e.sector,
        "address_line": e.address_line, "commune_name": e.commune_name,
        "former_commune_name": e.former_commune_name, "former_district": e.former_district,
        "province_name": e.province_name, "address": address, "phone": e.phone,
        **registration_licence(licences, on),
    }
    if e.owner_kind == "organization":
        snapshot.update(name=e.name, enterprise_code=e.enterprise_code,
                        head_office=e.head_office or address,
                        representative_name=e.representative_name,
                        representative_title=e.representative_title,
                        representative_sex=e.representative_sex)
    else:
        snapshot.update(
            name=e.owner_name, owner_name=e.owner_name, owner_sex=e.owner_sex,
            owner_birth_date=_iso(e.owner_birth_date), owner_nationality=e.owner_nationality,
            owner_occupation=e.owner_occupation, owner_residence=e.owner_residence or address,
            owner_id_number=e.owner_id_number, owner_id_issued_on=_iso(e.owner_id_issued_on),
            owner_id_issued_by=e.owner_id_issued_by,
            household_registration_no=e.household_registration_no,
            enterprise_code=e.enterprise_code)
    return {k: v for k, v in snapshot.items() if v not in (None, "")}


def _violator_from_input(v: ViolatorInput) -> tuple[str, dict[str, Any]]:
    as_establishment = EstablishmentInput(
        sector="internet", name=v.name or "?", owner_kind=v.kind, owner_name=v.name,
        owner_sex=v.sex, owner_birth_date=v.birth_date, owner_nationality=v.nationality,
        owner_occupation=v.occupation, owner_residence=v.residence, owner_id_number=v.id_number,
        owner_id_issued_on=v.id_issued_on, owner_id_issued_by=v.id_issued_by,
        enterprise_code=v.enterprise_code, head_office=v.head_office,
        representative_name=v.representative_name, representative_title=v.representative_title,
        representative_sex=v.representative_sex)
    problems = [replace(p, field=f"violator.{p.field}")
                for p in validate_establishment(as_establishment)
                if p.blocking and p.field not in ("sector", "commune_name", "province_name")]
    if not v.name.strip():
        problems.append(FieldProblem("violator.name", "Hãy nhập tên người (tổ chức) vi phạm."))
    raise_if_blocking(problems)
    clean = clean_establishment(as_establishment)
    subject = subject_of_owner(v.kind)
    if subject == "organization":
        snap = {"owner_kind": v.kind, "name": clean.name, "enterprise_code": clean.enterprise_code,
                "head_office": clean.head_office, "representative_name": clean.representative_name,
                "representative_title": clean.representative_title,
                "representative_sex": clean.representative_sex}
    else:
        snap = {"owner_kind": v.kind, "name": clean.owner_name, "owner_name": clean.owner_name,
                "owner_sex": clean.owner_sex, "owner_birth_date": _iso(clean.owner_birth_date),
                "owner_nationality": clean.owner_nationality,
                "owner_occupation": clean.owner_occupation,
                "owner_residence": clean.owner_residence, "owner_id_number": clean.owner_id_number,
                "owner_id_issued_on": _iso(clean.owner_id_issued_on),
                "owner_id_issued_by": clean.owner_id_issued_by}
    return subject, {k: val for k, val in snap.items() if val not in (None, "")}


# --- cases ----------------------------------------------------------------------------------

def _stale(what: str) -> ConflictError:
    return ConflictError(
        f"{what} đã được người khác sửa và lưu trước bạn; hãy mở lại để xem bản mới nhất. "
        "Thay đổi của bạn chưa được ghi.",
        f"the {what.lower()} was changed by someone else first; reload it (nothing was saved)")


def _case(session: Session, case_id: uuid.UUID) -> Case:
    row = session.get(Case, case_id)
    if row is None:
        raise NotFound("Không tìm thấy vụ việc.", f"no case {case_id}")
    return row


def _editable(case: Case) -> None:
    if not record_content_editable(case.status):
        label = CASE_STATUS_LABELS_VI.get(case.status, case.status)
        raise ConflictError(
            f"Vụ việc ở trạng thái “{label}”: không sửa được hành vi vi phạm, tang vật. Việc "
            "sửa đổi phải lập văn bản mới.",
            f"the case is {case.status}; its violations can no longer be changed")


def _new_case(session: Session, visit: Visit, violator: ViolatorInput | None,
              opened_on: date | None) -> Case:
    establishment = session.get(Establishment, visit.establishment_id)
    assert establishment is not None
    day = opened_on or visit.visit_date
    if violator is None:
        licences = list(session.scalars(select(Licence).where(
            Licence.establishment_id == establishment.id)))
        subject: str = subject_of_owner(establishment.owner_kind)
        snapshot = violator_snapshot(establishment, licences, day)
        if not snapshot.get("name"):
            raise_if_blocking([FieldProblem("violator", "Cơ sở chưa có tên chủ cơ sở hoặc tổ "
                                                        "chức; hãy bổ sung trước khi lập vụ việc.")])
    else:
        subject, snapshot = _violator_from_input(violator)
    case = Case(visit_id=visit.id, establishment_id=establishment.id, subject_kind=subject,
                violator=snapshot, sector=establishment.sector, status="draft", opened_on=day)
    session.add(case)
    return case


def open_case(db: Database, actor: Actor, visit_id: uuid.UUID, *,
              violator: ViolatorInput | None = None, opened_on: date | None = None) -> uuid.UUID:
    """Open the case of a visit with a snapshot of the violator (default: the establishment's
    owner or organisation). Opening it again for the same owner returns the existing case."""
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        case = _open_case_in(uow.session, visit_id, violator, opened_on)
        uow.commit()
        return case.id


def _owners_case(s: Session, visit_id: uuid.UUID) -> Case | None:
    """The visit's case against the establishment's owner, unless it was cancelled."""
    for existing in s.scalars(select(Case).where(
            Case.visit_id == visit_id, Case.status != "cancelled").order_by(Case.created_at)):
        if "establishment_name" in (existing.violator or {}):
            return existing
    return None


def visit_case(db: Database, actor: Actor, visit_id: uuid.UUID) -> uuid.UUID | None:
    """The case a visit's violations went into (its record, its contents): the owner's, else
    the first not cancelled; None without one."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        case = _owners_case(uow.session, visit_id) or uow.session.scalar(
            select(Case).where(Case.visit_id == visit_id, Case.status != "cancelled")
            .order_by(Case.created_at).limit(1))
        return case.id if case is not None else None


def _open_case_in(s: Session, visit_id: uuid.UUID, violator: ViolatorInput | None,
                  opened_on: date | None) -> Case:
    visit = s.get(Visit, visit_id)
    if visit is None:
        raise NotFound("Không tìm thấy lần làm việc tại cơ sở.", f"no visit {visit_id}")
    if violator is None:
        existing = _owners_case(s, visit_id)
        if existing is not None:
            return existing
    case = _new_case(s, visit, violator, opened_on)
    s.flush()
    return case


def _violation_values(a: ViolationAssessment, data: ViolationInput,
                      catalog: Catalog) -> dict[str, Any]:
    assert a.key is not None
    provision = catalog.provision(a.key)
    texts = {x.kind: x.text for x in provision.additional_sanctions}
    remedial_texts = {m.code: m.text for m in provision.remedial_measures}
    warning = data.warning or not a.fine_allowed
    return {
        "provision_key": a.key, "ongoing": data.ongoing, "ended_on": data.ended_on,
        "discovered_on": data.discovered_on, "facts": nfc(data.facts.strip()),
        "mitigating": list(data.mitigating), "aggravating": list(data.aggravating),
        "amount": 0 if warning else int(data.amount or 0),
        "amount_reason": nfc(data.amount_reason.strip()), "warning": warning,
        "copies": a.copies if a.per_title else None,
        "titles": [_title_json(t) for t in data.titles],
        "alternative": data.alternative if provision.alternatives else None,
        "additional_sanctions": [
            {k: v for k, v in {"kind": x.kind, "months": x.months, "licence": x.licence,
                               "value": x.value, "text": texts.get(x.kind)}.items()
             if v is not None} for x in data.additional],
        "remedial_measures": [
            {k: v for k, v in {"code": r.code, "text": remedial_texts.get(r.code),
                               "deadline_days": r.deadline_days}.items() if v is not None}
            for r in data.remedial],
    }


def _title_json(t: TitleCount) -> dict[str, Any]:
    out: dict[str, Any] = {"title": nfc(t.title.strip()), "copies": t.copies}
    if t.defect.strip():
        out["defect"] = nfc(t.defect.strip())
    return out


def _titles(rows: Sequence[Mapping[str, Any]] | None) -> tuple[TitleCount, ...]:
    return tuple(TitleCount(str(t.get("title", "")), int(t.get("copies", 0)),
                            str(t.get("defect", ""))) for t in rows or [])


def _checked(catalog: Catalog, rules: ProcedureRules, case: Case, data: ViolationInput,
             index: int | None = None, window: ChronologyRules | None = None,
             ) -> tuple[ViolationAssessment, ViolationInput]:
    data = _discovered(data, case.opened_on)
    today = clock.today()
    assessment = _assess(catalog, case.subject_kind, data, today, rules)
    problems = list(assessment.problems)
    if window is not None and not problems:
        try:  # the window the law can mean (issue 9 §2)
            check_violation_dates(data.ended_on, data.discovered_on, today, window)
        except ChronologyError as exc:
            problems.append(FieldProblem(f"{exc.field}_on", exc.message))
    if data.discovered_on and data.discovered_on > case.opened_on:
        problems.append(FieldProblem("discovered_on", "Ngày phát hiện sau ngày lập vụ việc "
                                                      f"({case.opened_on:%d/%m/%Y})."))
    if index is not None:
        problems = [replace(p, field=f"violations[{index}].{p.field}") for p in problems]
    raise_if_blocking(problems)
    return assessment, data


def _sync_outcome(session: Session, case: Case) -> None:
    """A visit whose case has violations ends with "violations found"."""
    if case.visit_id is None:
        return
    visit = session.get(Visit, case.visit_id)
    if visit is None:
        return
    count = session.scalar(select(func.count(Violation.id)).join(
        Case, Case.id == Violation.case_id).where(Case.visit_id == visit.id)) or 0
    if count and visit.outcome != "violations":
        visit.outcome = "violations"
    elif not count and visit.outcome == "violations":
        visit.outcome = "pending"


def _violation_row(catalog: Catalog, v: Violation) -> ViolationRow:
    provision = catalog.provision(v.provision_key) if catalog.has_provision(
        v.provision_key) else None
    reference = (v.discovered_on if v.ongoing else v.ended_on) or v.discovered_on or date.min
    return ViolationRow(
        v.id, v.case_id, v.provision_key,
        _citation(catalog, provision, reference) if provision else None,
        provision.description if provision else "", reference, v.ongoing, v.ended_on,
        v.discovered_on, v.facts, tuple(v.mitigating or ()), tuple(v.aggravating or ()),
        v.amount, v.amount_reason, v.warning, v.copies, _titles(v.titles),
        tuple(SanctionInput(str(a.get("kind", "")), a.get("months"), a.get("licence"),
                            a.get("value")) for a in v.additional_sanctions or []),
        tuple(RemedialInput(str(r.get("code", "")), r.get("deadline_days"))
              for r in v.remedial_measures or []),
        v.version, v.alternative, provision.act(v.alternative) if provision else "")


def add_violation(db: Database, actor: Actor, case_id: uuid.UUID,
                  data: ViolationInput) -> ViolationRow:
    """Add a violation to a draft case, checked by the engine for its reference date."""
    actor.require(Permission.EDIT_FIELD_WORK)
    catalog = law_service.law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        info = _add_violation_in(uow.session, catalog, law_service.law_data(db).rules,
                                 _case(uow.session, case_id), data,
                                 window=law_service.chronology_rules(db))
        uow.commit()
        return info


def _add_violation_in(s: Session, catalog: Catalog, rules: ProcedureRules, case: Case,
                      data: ViolationInput,
                      window: ChronologyRules | None = None) -> ViolationRow:
    _editable(case)
    assessment, data = _checked(catalog, rules, case, data, window=window)
    row = Violation(case_id=case.id, **_violation_values(assessment, data, catalog))
    s.add(row)
    s.flush()
    _sync_outcome(s, case)
    s.flush()
    return _violation_row(catalog, row)


def add_violation_at_visit(db: Database, actor: Actor, visit_id: uuid.UUID,
                           data: ViolationInput) -> tuple[uuid.UUID, ViolationRow]:
    """Open (or reuse) the visit's case and add the violation: one user action, one
    transaction, so an interruption never leaves an empty case behind. Like the form, the
    discovery date defaults to the case's day and the amount to the one the law proposes."""
    actor.require(Permission.EDIT_FIELD_WORK)
    catalog = law_service.law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = _open_case_in(s, visit_id, None, None)
        if data.discovered_on is None:
            data = replace(data, discovered_on=case.opened_on)
        if data.amount is None and not data.warning:
            proposal = _assess(catalog, case.subject_kind, data, clock.today(),
                               law_service.law_data(db).rules)
            if proposal.default_amount is not None:
                data = replace(data, amount=proposal.default_amount)
        _pause_for_tests("violation_at_visit")
        info = _add_violation_in(s, catalog, law_service.law_data(db).rules, case, data,
                                 window=law_service.chronology_rules(db))
        uow.commit()
        return case.id, info


def _pause_for_tests(point: str) -> None:
    """Let a fault-injection test kill the process between the two halves of an action."""
    import os

    if os.environ.get("INSPECTOR_TEST_PAUSE") == point:
        import sys
        import time

        print(f"paused at {point}", flush=True, file=sys.stderr)
        time.sleep(3600)


def update_violation(db: Database, actor: Actor, violation_id: uuid.UUID,
                     data: ViolationInput, expected_version: int) -> ViolationRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    catalog = law_service.law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = s.get(Violation, violation_id)
        if row is None:
            raise NotFound("Không tìm thấy hành vi vi phạm.", f"no violation {violation_id}")
        if row.version != expected_version:
            raise _stale("Hành vi vi phạm")
        case = _case(s, row.case_id)
        _editable(case)
        assessment, data = _checked(catalog, law_service.law_data(db).rules, case, data,
                                    window=law_service.chronology_rules(db))
        for name, value in _violation_values(assessment, data, catalog).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        s.flush()
        info = _violation_row(catalog, row)
        uow.commit()
        return info


def remove_violation(db: Database, actor: Actor, violation_id: uuid.UUID,
                     expected_version: int) -> None:
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = s.get(Violation, violation_id)
        if row is None:
            raise NotFound("Không tìm thấy hành vi vi phạm.", f"no violation {violation_id}")
        if row.version != expected_version:
            raise _stale("Hành vi vi phạm")
        case = _case(s, row.case_id)
        _editable(case)
        for item in s.scalars(select(SeizedItem).where(SeizedItem.violation_id == row.id)):
            item.violation_id = None
        s.delete(row)
        s.flush()
        _sync_outcome(s, case)
        s.flush()
        uow.commit()


# --- seized items ---------------------------------------------------------------------------

def validate_seized_item(data: SeizedItemInput) -> list[FieldProblem]:
    """Problems of one seized item: kind, description, quantity ≥ 1 with its unit, value ≥ 0,
    and for publications the copies per title adding up to the quantity."""
    out = []
    if data.kind not in SEIZED_KINDS:
        out.append(FieldProblem("kind", "Hãy chọn tang vật, phương tiện hoặc giấy phép."))
    if not data.description.strip():
        out.append(FieldProblem("description", "Hãy mô tả tang vật, phương tiện (tên, nhãn "
                                                "hiệu, đặc điểm)."))
    if isinstance(data.quantity, bool) or not isinstance(data.quantity, int) or data.quantity < 1:
        out.append(FieldProblem("quantity", "Số lượng phải là số nguyên từ 1."))
    if not data.unit.strip():
        out.append(FieldProblem("unit", "Hãy nhập đơn vị tính (cuốn, chiếc, bộ…)."))
    elif len(data.unit.strip()) > 30:
        out.append(FieldProblem("unit", "Đơn vị tính dài quá 30 ký tự."))
    if data.value is not None and (isinstance(data.value, bool) or data.value < 0):
        out.append(FieldProblem("value", "Giá trị không được âm."))
    for i, t in enumerate(data.titles):
        if not t.title.strip():
            out.append(FieldProblem(f"titles[{i}].title", "Hãy nhập tên xuất bản phẩm."))
        if not isinstance(t.copies, int) or t.copies < 1:
            out.append(FieldProblem(f"titles[{i}].copies", "Số bản phải là số nguyên từ 1."))
    if data.titles and all(isinstance(t.copies, int) for t in data.titles):
        counted = sum(t.copies for t in data.titles)
        if counted != data.quantity:
            out.append(FieldProblem("quantity", f"Tổng số bản theo từng tên là {counted}, khác "
                                                f"số lượng {data.quantity}."))
    if len(data.kept_at.strip()) > 250:
        out.append(FieldProblem("kept_at", "Nơi bảo quản dài quá 250 ký tự."))
    return out


def _seized_values(data: SeizedItemInput) -> dict[str, Any]:
    return {"kind": data.kind, "description": nfc(data.description.strip()),
            "quantity": data.quantity, "unit": nfc(data.unit.strip()), "value": data.value,
            "condition": nfc(data.condition.strip()),
            "titles": [_title_json(t) for t in data.titles],
            "kept_at": nfc(data.kept_at.strip())}


def _seized_row(item: SeizedItem) -> SeizedItemRow:
    return SeizedItemRow(
        item.id, item.case_id, item.violation_id, item.kind, item.description, item.quantity,
        item.unit, item.value, item.condition, _titles(item.titles),
        item.kept_at, item.disposal, item.disposal_date, item.version)


def _check_violation_link(session: Session, case: Case, violation_id: uuid.UUID | None) -> None:
    if violation_id is None:
        return
    owner = session.scalar(select(Violation.case_id).where(Violation.id == violation_id))
    if owner != case.id:
        raise_if_blocking([FieldProblem("violation_id", "Hành vi vi phạm đã chọn không thuộc vụ "
                                                        "việc này.")])


def add_seized_item(db: Database, actor: Actor, case_id: uuid.UUID,
                    data: SeizedItemInput) -> SeizedItemRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_seized_item(data))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = _case(s, case_id)
        _editable(case)
        _check_violation_link(s, case, data.violation_id)
        item = SeizedItem(case_id=case.id, violation_id=data.violation_id, **_seized_values(data))
        s.add(item)
        s.flush()
        info = _seized_row(item)
        uow.commit()
        return info


def update_seized_item(db: Database, actor: Actor, item_id: uuid.UUID, data: SeizedItemInput,
                       expected_version: int) -> SeizedItemRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_seized_item(data))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        item = _seized(s, item_id, expected_version)
        case = _case(s, item.case_id)
        _editable(case)
        _check_violation_link(s, case, data.violation_id)
        values = {**_seized_values(data), "violation_id": data.violation_id}
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)
        s.flush()
        info = _seized_row(item)
        uow.commit()
        return info


def _seized(session: Session, item_id: uuid.UUID, expected_version: int) -> SeizedItem:
    item = session.get(SeizedItem, item_id)
    if item is None:
        raise NotFound("Không tìm thấy tang vật, phương tiện.", f"no seized item {item_id}")
    if item.version != expected_version:
        raise _stale("Tang vật, phương tiện")
    return item


def remove_seized_item(db: Database, actor: Actor, item_id: uuid.UUID,
                       expected_version: int) -> None:
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        item = _seized(uow.session, item_id, expected_version)
        _editable(_case(uow.session, item.case_id))
        uow.session.delete(item)
        uow.session.flush()
        uow.commit()


@dataclass(frozen=True)
class CaseContents:
    """What a case holds that its violation record will state, and whether it can still
    change (``states.record_content_editable``: only before the record is made)."""

    case_id: uuid.UUID
    status: str
    status_label: str
    editable: bool
    violations: tuple[ViolationRow, ...]
    seized: tuple[SeizedItemRow, ...]


def case_contents(db: Database, actor: Actor, case_id: uuid.UUID) -> CaseContents:
    """The violations (in the order they were entered) and the seized items of a case."""
    actor.require(Permission.VIEW)
    catalog = law_service.law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = _case(s, case_id)
        violations = tuple(_violation_row(catalog, v) for v in s.scalars(
            select(Violation).where(Violation.case_id == case_id)
            .order_by(Violation.created_at, Violation.id)))
        seized = tuple(_seized_row(i) for i in s.scalars(
            select(SeizedItem).where(SeizedItem.case_id == case_id)
            .order_by(SeizedItem.created_at, SeizedItem.id)))
        return CaseContents(case.id, case.status,
                            CASE_STATUS_LABELS_VI.get(case.status, case.status),
                            record_content_editable(case.status), violations, seized)


def dispose_seized_item(db: Database, actor: Actor, item_id: uuid.UUID, disposal: str,
                        on: date, expected_version: int) -> SeizedItemRow:
    """Record what became of a seized item: confiscated, returned or destroyed, and when."""
    actor.require(Permission.EDIT_FIELD_WORK)
    if disposal not in ("confiscated", "returned", "destroyed"):
        raise_if_blocking([FieldProblem("disposal", "Hãy chọn tịch thu, trả lại hoặc tiêu hủy.")])
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        item = _seized(s, item_id, expected_version)
        case = _case(s, item.case_id)
        problems = []
        problem = date_problem("disposal_date", "Ngày xử lý", on, clock.today())
        if problem:
            problems.append(problem)
        elif on < case.opened_on:
            problems.append(FieldProblem("disposal_date", "Ngày xử lý trước ngày lập vụ việc "
                                                          f"({case.opened_on:%d/%m/%Y})."))
        if item.disposal != "held":
            label = DISPOSAL_LABELS_VI.get(item.disposal, item.disposal)
            problems.append(FieldProblem("disposal", f"Tang vật đã được xử lý ({label.lower()})."))
        raise_if_blocking(problems)
        item.disposal = disposal
        item.disposal_date = on
        s.flush()
        info = _seized_row(item)
        uow.commit()
        return info


# --- the case's figures: total, limitation, competence --------------------------------------

def _competence_view(catalog: Catalog, signer: SignerInfo | None, on: date,
                     assessed: Assessment | None, charged: bool) -> CompetenceView:
    if signer is None:
        return CompetenceView(None, None, None, None, on, None, None, (), (),
                              "Chưa cấu hình người ký quyết định (Cài đặt → Người ký) có chức "
                              f"danh còn thẩm quyền vào ngày {on:%d/%m/%Y}; chưa kiểm tra được "
                              "thẩm quyền.")
    titles = [c for c in catalog.caps_for(signer.title_code) if c.valid_on(on)]
    title_text = titles[0].display_title() if titles else signer.title_code
    if not charged or assessed is None:
        return CompetenceView(None, signer.full_name, signer.title_code, title_text, on, None,
                              None, (), (), "Chưa có hành vi vi phạm.")
    result = assessed.competence
    if result is None:
        reason = next((b.message for b in assessed.blockers if b.name == "competence"),
                      "Chưa kiểm tra được thẩm quyền.")
        return CompetenceView(None, signer.full_name, signer.title_code, title_text, on, None,
                              None, (reason,), (), reason)
    competent_text = recipient_title(catalog, result, on,
                                     [v.provision.sector for v in assessed.violations])
    return CompetenceView(result.within, signer.full_name, signer.title_code, title_text, on,
                          result.competent_title, competent_text, result.reasons,
                          result.warnings)


def _outlook(db: Database, actor: Actor, session: Session, catalog: Catalog, subject: str,
             sector: str, items: Sequence[tuple[ViolationInput, ViolationAssessment]],
             on: date) -> CaseOutlook:
    """The case's figures from the one assessment (issue 9 §4): limitation and competence
    are those the review and ``fine quote`` give."""
    charged = []
    fines = []
    facts: list[ViolationFacts] = []
    for data, a in items:
        if a.key is None or a.reference_date is None:
            continue
        typed_ok = data.amount is not None and not any(
            p.blocking and p.field == "amount" for p in a.problems)
        amount = None if (data.warning or not a.fine_allowed) else (
            data.amount if typed_ok else a.default_amount)
        fines.append(amount or 0)
        one = ChargedViolation(a.key, amount, a.copies if a.per_title else None,
                               _applied(data), tuple(r.code for r in data.remedial))
        charged.append(one)
        facts.append(ViolationFacts(one, None if data.ongoing else data.ended_on,
                                    data.discovered_on, data.ongoing))
    signer = default_signer(db, actor, on)
    assessed = None
    if facts:
        try:
            assessed = law_service.assess(
                db, actor, subject=subject, sector=sector or None, violations=facts, on=on,
                signer_title=signer.title_code if signer else None,
                agency_name=get_agency(db, actor).agency_name or "")
        except ValidationError:
            assessed = None
    total = case_total(catalog, charged) if charged else None
    amount = total.total if total else 0
    limitation = assessed.limitation_due if assessed else None
    return CaseOutlook(
        total=amount, total_in_words=amount_in_words(amount), fines=tuple(fines),
        limitation_date=limitation,
        limitation_basis=assessed.limitation_basis if assessed else "",
        limitation_passed=limitation is not None and on > limitation,
        suspension_months=total.suspension_months if total else None,
        competence=_competence_view(catalog, signer, on, assessed, bool(charged)))


def case_outlook(db: Database, actor: Actor, subject: str, sector: str,
                 violations: Sequence[ViolationInput], *, visit_date: date | None = None,
                 on: date | None = None) -> CaseOutlook:
    """The running total, limitation date and competence (for a decision dated ``on``, default
    today) of violations still in the form; an amount not typed yet, or outside the range,
    counts at the default, so the figures are always those of a lawful case."""
    actor.require(Permission.VIEW)
    day = on or clock.today()
    catalog = law_service.law_data(db).catalog
    items = []
    problems: list[FieldProblem] = []
    for i, data in enumerate(violations):
        data = _discovered(data, visit_date)
        a = _assess(catalog, subject, data, max(day, clock.today()),
                    law_service.law_data(db).rules)
        problems += [replace(p, field=f"violations[{i}].{p.field}") for p in a.problems]
        items.append((data, a))
    with UnitOfWork(db, actor) as uow:
        result = _outlook(db, actor, uow.session, catalog, _subject(subject), sector, items, day)
    return replace(result, problems=tuple(problems))


def case_summary(db: Database, actor: Actor, case_id: uuid.UUID, *,
                 decision_date: date | None = None) -> CaseSummary:
    """The case file's header: violator, violations, seized items, total, limitation date and
    whether the signer configured for ``decision_date`` (default today) may decide it."""
    actor.require(Permission.VIEW)
    catalog = law_service.law_data(db).catalog
    day = decision_date or clock.today()
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = _case(s, case_id)
        establishment = (s.get(Establishment, case.establishment_id)
                         if case.establishment_id else None)
        violations = [_violation_row(catalog, v) for v in s.scalars(
            select(Violation).where(Violation.case_id == case_id)
            .order_by(Violation.created_at, Violation.id))]
        seized = tuple(_seized_row(i) for i in s.scalars(
            select(SeizedItem).where(SeizedItem.case_id == case_id)
            .order_by(SeizedItem.created_at, SeizedItem.id)))
        items = []
        for v in violations:
            data = v.to_input()
            items.append((data, _assess(catalog, case.subject_kind, replace(
                data, amount=None if v.warning else v.amount), day,
                law_service.law_data(db).rules)))
        outlook = _outlook(db, actor, s, catalog, case.subject_kind, case.sector, items, day)
        snapshot = dict(case.violator or {})
        return CaseSummary(
            case.id, case.version, case.status, case.visit_id, case.establishment_id,
            establishment.name if establishment else "", case.subject_kind,
            str(snapshot.get("name") or snapshot.get("owner_name") or ""), snapshot,
            case.sector, case.opened_on, tuple(violations), seized, outlook)


def list_cases(db: Database, actor: Actor, *, visit_id: uuid.UUID | None = None,
               establishment_id: uuid.UUID | None = None) -> list[CaseSummary]:
    """Cases of a visit or an establishment, without the figures (open one for those)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        stmt = select(Case).order_by(Case.opened_on.desc(), Case.created_at)
        if visit_id is not None:
            stmt = stmt.where(Case.visit_id == visit_id)
        if establishment_id is not None:
            stmt = stmt.where(Case.establishment_id == establishment_id)
        out = []
        for case in uow.session.scalars(stmt):
            snapshot = dict(case.violator or {})
            out.append(CaseSummary(case.id, case.version, case.status, case.visit_id,
                                   case.establishment_id, str(snapshot.get("establishment_name",
                                                                           "")),
                                   case.subject_kind, str(snapshot.get("name") or ""), snapshot,
                                   case.sector, case.opened_on))
        return out


# --- a whole visit in one transaction -------------------------------------------------------

def record_visit(db: Database, actor: Actor, data: VisitRecord) -> RecordedVisit:
    """Save a visit with its case, violations and seized items in ONE transaction.

    Either everything is saved or nothing: a refused violation (``violations[i].field``) or
    seized item (``seized[i].field``) leaves no visit behind.
    """
    actor.require(Permission.EDIT_FIELD_WORK)
    catalog = law_service.law_data(db).catalog
    visit_input = data.visit
    if data.violations and visit_input.outcome in ("pending", "reminded"):
        visit_input = replace(visit_input, outcome="violations")
    problems: list[FieldProblem] = []
    for i, item in enumerate(data.seized):
        problems += [replace(p, field=f"seized[{i}].{p.field}") for p in validate_seized_item(item)]
        if item.violation_index is not None and not 0 <= item.violation_index < len(
                data.violations):
            problems.append(FieldProblem(f"seized[{i}].violation_index",
                                         "Tang vật gắn với một hành vi không có trong biểu mẫu."))
    if data.seized and not data.violations:
        problems.append(FieldProblem("seized", "Chỉ tạm giữ tang vật khi có hành vi vi phạm."))
    raise_if_blocking(problems)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        visit = new_visit(s, visit_input, violations=len(data.violations))
        s.flush()
        case = None
        violation_rows: list[Violation] = []
        seized_rows: list[SeizedItem] = []
        if data.violations:
            case = _new_case(s, visit, data.violator, visit.visit_date)
            s.flush()
            for i, v in enumerate(data.violations):
                assessment, checked = _checked(catalog, law_service.law_data(db).rules, case,
                                               v, index=i,
                                               window=law_service.chronology_rules(db))
                violation_rows.append(Violation(
                    case_id=case.id, **_violation_values(assessment, checked, catalog)))
            s.add_all(violation_rows)
            s.flush()
            for item in data.seized:
                link = (violation_rows[item.violation_index].id
                        if item.violation_index is not None else None)
                seized_rows.append(SeizedItem(case_id=case.id, violation_id=link,
                                              **_seized_values(item)))
            s.add_all(seized_rows)
            s.flush()
        result = RecordedVisit(visit.id, case.id if case else None,
                               tuple(v.id for v in violation_rows),
                               tuple(i.id for i in seized_rows),
                               sum(v.amount for v in violation_rows))
        uow.commit()
        return result

