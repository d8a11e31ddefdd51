"""Turn a stored case into the plain values a document is printed from.

The documents package never reads the database; this module copies what a record or a decision
prints — the violator as recorded in the case, each violation with its citation, the agency
block, the signer with the title of that date — into ``inspector.documents.model`` values.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.documents import model as doc
from inspector.domain.law import Catalog, LawError, format_partial_citation
from inspector.services.agency import AgencyInfo
from inspector.services.cases import SEIZED_KIND_LABELS_VI
from inspector.services.errors import NotFound, ValidationError
from inspector.services.signers import SignerInfo, deputy_title
from inspector.store.models import Case, Establishment, SeizedItem, Violation, ViolationRecord

_KIND_TEXT = {
    "licence_withdrawal": "Tước quyền sử dụng giấy phép",
    "suspension": "Đình chỉ hoạt động",
    "confiscation": "Tịch thu tang vật, phương tiện vi phạm hành chính",
}


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _first(d: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = d.get(key)
        if value:
            return str(value)
    return ""


def violator_from_snapshot(snapshot: Mapping[str, Any], subject_kind: str) -> doc.Violator:
    """The violator block from the identity recorded in the case (a snapshot, not a live link)."""
    sex = _first(snapshot, "owner_sex", "sex")
    sex_text = {"M": "Nam", "F": "Nữ"}.get(sex, sex)
    if subject_kind == "organization":
        return doc.Organisation(
            name=_first(snapshot, "name", "organization_name"),
            head_office=_first(snapshot, "head_office", "address"),
            enterprise_code=_first(snapshot, "enterprise_code", "tax_code"),
            licence_number=_first(snapshot, "licence_number"),
            representative=_first(snapshot, "representative_name", "representative"),
            representative_title=_first(snapshot, "representative_title"),
        )
    residence = _first(snapshot, "owner_residence", "residence")
    if not residence:
        residence = ", ".join(p for p in (_first(snapshot, "address_line"),
                                          _first(snapshot, "commune_name"),
                                          _first(snapshot, "former_district"),
                                          _first(snapshot, "province_name")) if p)
    return doc.Person(
        full_name=_first(snapshot, "owner_name", "full_name", "name"),
        sex=sex_text,
        date_of_birth=_day(snapshot.get("owner_birth_date") or snapshot.get("birth_date")),
        nationality=_first(snapshot, "owner_nationality", "nationality") or "Việt Nam",
        occupation=_first(snapshot, "owner_occupation", "occupation"),
        residence=residence,
        id_number=_first(snapshot, "owner_id_number", "id_number"),
        id_issued_on=_day(snapshot.get("owner_id_issued_on") or snapshot.get("id_issued_on")),
        id_issued_by=_first(snapshot, "owner_id_issued_by", "id_issued_by"),
    )


def violator_name(snapshot: Mapping[str, Any], subject_kind: str) -> str:
    v = violator_from_snapshot(snapshot, subject_kind)
    return v.name if isinstance(v, doc.Organisation) else v.full_name


def agency_block(agency: AgencyInfo) -> doc.AgencyBlock:
    if not agency.configured:
        raise ValidationError(
            "Chưa cài đặt thông tin cơ quan (tên cơ quan, địa danh); hãy vào trang Cài đặt.",
            "the agency settings (name, place) are not configured")
    return doc.AgencyBlock(superior_agency=agency.superior_agency, agency_name=agency.agency_name,
                           place_name=agency.place_name, letter_symbol=agency.agency_short)


def document_signer(signer: SignerInfo, head: str) -> doc.Signer:
    """The signature block: the head signs in their own title; a deputy signs "KT." for the head."""
    delegation = None
    if signer.is_deputy and signer.delegation_number and signer.delegation_date:
        delegation = doc.delegation_reference(signer.delegation_number, signer.delegation_date)
    core = head.split(" Sở ")[0].strip()
    return doc.Signer(full_name=signer.full_name,
                      title=deputy_title(head) if signer.is_deputy else core,
                      deputy=signer.is_deputy, head_title=core, delegation=delegation,
                      authority=head)


@dataclass(frozen=True)
class CaseFacts:
    """What a case holds for its documents, read once inside a transaction."""

    case_id: uuid.UUID
    sector: str
    subject_kind: str
    violator: doc.Violator
    violator_snapshot: dict[str, Any]
    lines: tuple[doc.ViolationLine, ...]
    keys: tuple[str, ...]
    amounts: tuple[int, ...]
    copies: tuple[int | None, ...]
    additional: tuple[tuple[tuple[str, int | None], ...], ...]
    remedial: tuple[tuple[str, ...], ...]
    violation_dates: tuple[date, ...]
    seized: tuple[doc.ConfiscatedItem, ...]
    record_number: int | None
    record_date: date | None
    complex_case: bool
    explanation: bool
    transferred_on: date | None
    establishment_name: str

    @property
    def total(self) -> int:
        return sum(self.amounts)


def _citation(catalog: Catalog, key: str) -> tuple[str, str]:
    try:
        provision = catalog.provision(key)
    except LawError as exc:
        raise ValidationError(exc.reason, exc.reason) from exc
    try:
        cite = provision.citation()
    except LawError:
        cite = format_partial_citation(key)
    return cite, provision.description


def _circumstances(catalog: Catalog, codes: Sequence[str]) -> tuple[str, ...]:
    out = []
    for code in codes:
        try:
            out.append(catalog.circumstance(code).text)
        except LawError:
            out.append(str(code))
    return tuple(out)


def read_case(session: Session, catalog: Catalog, case_id: uuid.UUID) -> CaseFacts:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("Không tìm thấy vụ việc.", f"no case {case_id}")
    violations = list(session.scalars(select(Violation).where(Violation.case_id == case_id)
                                      .order_by(Violation.created_at, Violation.id)))
    seized = list(session.scalars(select(SeizedItem).where(SeizedItem.case_id == case_id)))
    record = session.scalar(select(ViolationRecord).where(
        ViolationRecord.case_id == case_id, ViolationRecord.status != "cancelled")
        .order_by(ViolationRecord.created_at.desc()))
    establishment = session.get(Establishment, case.establishment_id) if case.establishment_id else None
    confiscated = tuple(
        doc.ConfiscatedItem(name=s.description or SEIZED_KIND_LABELS_VI.get(s.kind, s.kind),
                            unit=s.unit, quantity=s.quantity,
                            kind=SEIZED_KIND_LABELS_VI.get(s.kind, s.kind), condition=s.condition,
                            value=s.value)
        for s in seized if s.disposal in ("held", "confiscated", "destroyed"))
    lines = []
    for index, v in enumerate(violations):
        cite, description = _citation(catalog, v.provision_key)
        additional = []
        for a in v.additional_sanctions or []:
            kind = str(a.get("kind", ""))
            items = confiscated if kind == "confiscation" and index == 0 else ()
            additional.append(doc.AdditionalSanction(
                kind=kind,  # type: ignore[arg-type]
                text=str(a.get("text") or _KIND_TEXT.get(kind, kind)),
                months=a.get("months"), items=items))
        remedial = [doc.RemedialMeasure(text=str(m.get("text") or m.get("code")),
                                        deadline_days=m.get("deadline_days"))
                    for m in v.remedial_measures or []]
        lines.append(doc.ViolationLine(
            citation=cite, description=description, facts=v.facts, amount=None if v.warning
            else v.amount, warning=v.warning,
            mitigating=_circumstances(catalog, v.mitigating or []),
            aggravating=_circumstances(catalog, v.aggravating or []),
            additional=tuple(additional), remedial=tuple(remedial)))
    snapshot = dict(case.violator or {})
    return CaseFacts(
        case_id=case.id, sector=case.sector, subject_kind=case.subject_kind,
        violator=violator_from_snapshot(snapshot, case.subject_kind), violator_snapshot=snapshot,
        lines=tuple(lines), keys=tuple(v.provision_key for v in violations),
        amounts=tuple(0 if v.warning else v.amount for v in violations),
        copies=tuple(_copies(v.titles) for v in violations),
        additional=tuple(tuple((str(a.get("kind")), a.get("months"))
                               for a in v.additional_sanctions or []) for v in violations),
        remedial=tuple(tuple(str(m.get("code", "")) for m in v.remedial_measures or [])
                       for v in violations),
        violation_dates=tuple((v.discovered_on if v.ongoing else v.ended_on) or v.discovered_on
                              or case.opened_on for v in violations),
        seized=confiscated,
        record_number=record.number if record and record.status == "issued" else None,
        record_date=record.made_on if record and record.status == "issued" else None,
        complex_case=case.complex_case, explanation=case.explanation,
        transferred_on=case.transferred_on,
        establishment_name=establishment.name if establishment else "",
    )


def _copies(titles: Sequence[Mapping[str, Any]] | None) -> int | None:
    """The largest count of copies of one title (the quantity tier follows it)."""
    counts = [int(t.get("copies", 0)) for t in titles or [] if t.get("copies") is not None]
    return max(counts) if counts else None
