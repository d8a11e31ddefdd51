"""Turn a stored case into the plain values a document is printed from.

The documents package never reads the database; this module copies what a record or a decision
prints — the violator as recorded in the case, each violation with its citation, the agency
block, the signer with the title of that date — into ``inspector.documents.model`` values.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.documents import model as doc
from inspector.domain.law import Catalog, LawError, Provision, format_partial_citation
from inspector.domain.places import REFORM_DAY, address_on, running_units
from inspector.domain.signing import on_behalf_of
from inspector.services.agency import AgencyInfo
from inspector.services.cases import SEIZED_KIND_LABELS_VI, registration_licence
from inspector.services.errors import NotFound, ValidationError
from inspector.services.signers import SignerInfo, deputy_title
from inspector.store.models import (
    Case,
    Establishment,
    Licence,
    SeizedItem,
    Violation,
    ViolationRecord,
)

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


def violator_from_snapshot(snapshot: Mapping[str, Any], subject_kind: str,
                           on: date | None = None) -> doc.Violator:
    """The violator block from the identity recorded in the case (a snapshot, not a live link);
    addresses are written as of ``on`` (no district from 01/7/2025)."""
    def place(text: str) -> str:
        text = running_units(text)
        return address_on(text, on) if on is not None else text

    sex = _first(snapshot, "owner_sex", "sex")
    sex_text = _SEX.get(sex, sex)
    if subject_kind == "organization":
        rep_sex = _first(snapshot, "representative_sex")
        return doc.Organisation(
            name=_first(snapshot, "name", "organization_name"),
            head_office=place(_first(snapshot, "head_office", "address")),
            enterprise_code=_first(snapshot, "enterprise_code", "tax_code"),
            licence_number=_first(snapshot, "licence_no", "licence_number"),
            licence_issued_on=_day(snapshot.get("licence_issued_on")),
            licence_issued_by=_first(snapshot, "licence_issued_by"),
            representative=_first(snapshot, "representative_name", "representative"),
            representative_sex=_SEX.get(rep_sex, rep_sex),
            representative_title=_first(snapshot, "representative_title"),
        )
    residence = _first(snapshot, "owner_residence", "residence")
    if not residence:
        old = on is not None and on < REFORM_DAY
        residence = ", ".join(p for p in (_first(snapshot, "address_line"),
                                          _first(snapshot, "commune_name"),
                                          _first(snapshot, "former_district") if old else "",
                                          _first(snapshot, "province_name")) if p)
    return doc.Person(
        full_name=_first(snapshot, "owner_name", "full_name", "name"),
        sex=sex_text,
        date_of_birth=_day(snapshot.get("owner_birth_date") or snapshot.get("birth_date")),
        nationality=_first(snapshot, "owner_nationality", "nationality") or "Việt Nam",
        occupation=_first(snapshot, "owner_occupation", "occupation"),
        residence=place(residence),
        id_number=_first(snapshot, "owner_id_number", "id_number"),
        id_issued_on=_day(snapshot.get("owner_id_issued_on") or snapshot.get("id_issued_on")),
        id_issued_by=_first(snapshot, "owner_id_issued_by", "id_issued_by"),
    )


_SEX = {"M": "Nam", "F": "Nữ"}


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


def letter_signer(signer: SignerInfo, head: str, agency_name: str) -> doc.Signer:
    """The signature block of a letter issued under the agency's header: as
    :func:`document_signer`, with "TL." for the agency's head when the signer heads a unit of
    the agency (the one rule: :func:`inspector.domain.signing.on_behalf_of`)."""
    base = document_signer(signer, head)
    return replace(base, on_behalf_of=on_behalf_of(agency_name, base.head_title))


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
    unsupported: tuple[UnsupportedMeasure, ...] = ()
    unassigned_items: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.amounts)


def _citation(catalog: Catalog, key: str, on: date | None) -> tuple[str, str]:
    """The citation (with the amending decrees in force on the violation's reference date
    ``on``) and the description of a provision."""
    try:
        provision = catalog.provision(key)
    except LawError as exc:
        raise ValidationError(exc.reason, exc.reason) from exc
    try:
        cite = catalog.citation(key, on)
    except LawError:
        cite = format_partial_citation(key)
    return cite, provision.description


def _circumstances(catalog: Catalog, codes: Sequence[str], subject: str) -> tuple[str, ...]:
    """The texts of the chosen circumstances; one that cannot apply to the party is left out
    (the violation form refuses it; this keeps an older entry from printing it)."""
    out = []
    for code in codes:
        try:
            item = catalog.circumstance(code)
        except LawError:
            continue
        if item.applies_to(subject):
            out.append(item.text)
    return tuple(out)


def _basis_citation(provision: Provision, basis: str | None, confirmed: bool) -> str | None:
    """Where a sanction or measure is provided: its clause ("khoản 4 Điều 36 Nghị định số …"),
    the provision's article when the catalog confirms it belongs to it, None when the basis is
    not known (the review then refuses the decision)."""
    decree = f"Nghị định số {provision.instrument}"
    if basis:
        return f"{basis} {decree}" if "Nghị định" not in basis else basis
    if basis is None or not confirmed or not provision.article_known:
        return None
    return f"Điều {provision.cited_key.article} {decree}"


@dataclass(frozen=True)
class UnsupportedMeasure:
    """A sanction or measure whose legal basis the catalog lacks (the review names it)."""

    violation: int
    text: str


def _items(seized: Sequence[SeizedItem]) -> tuple[doc.ConfiscatedItem, ...]:
    return tuple(
        doc.ConfiscatedItem(name=s.description or SEIZED_KIND_LABELS_VI.get(s.kind, ""),
                            unit=s.unit, quantity=s.quantity,
                            kind=SEIZED_KIND_LABELS_VI.get(s.kind, ""), condition=s.condition,
                            value=s.value)
        for s in seized if s.disposal in ("held", "confiscated", "destroyed"))


def _items_by_violation(violations: Sequence[Violation], seized: Sequence[SeizedItem],
                        ) -> tuple[dict[uuid.UUID, list[SeizedItem]], list[SeizedItem]]:
    """Each violation's own exhibits; items linked to none go to the one violation that
    confiscates, when there is exactly one (else they stay unassigned for the review)."""
    own: dict[uuid.UUID, list[SeizedItem]] = {v.id: [] for v in violations}
    loose = []
    for item in seized:
        if item.violation_id in own:
            own[item.violation_id].append(item)
        else:
            loose.append(item)
    confiscating = [v for v in violations if any(
        a.get("kind") == "confiscation" for a in v.additional_sanctions or [])]
    if loose and len(confiscating) == 1:
        own[confiscating[0].id] += loose
        loose = []
    return own, loose


def _reference_date(v: Violation, opened_on: date) -> date:
    """The day that selects the law of a violation: ended, or discovered when ongoing."""
    return (v.discovered_on if v.ongoing else v.ended_on) or v.discovered_on or opened_on


def read_case(session: Session, catalog: Catalog, case_id: uuid.UUID,
              on: date | None = None) -> CaseFacts:
    """The case as its documents print it on ``on`` (addresses as of that day)."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("Không tìm thấy vụ việc.", f"no case {case_id}")
    violations = list(session.scalars(select(Violation).where(Violation.case_id == case_id)
                                      .order_by(Violation.created_at, Violation.id)))
    seized = list(session.scalars(select(SeizedItem).where(SeizedItem.case_id == case_id)
                                  .order_by(SeizedItem.created_at, SeizedItem.id)))
    record = session.scalar(select(ViolationRecord).where(
        ViolationRecord.case_id == case_id, ViolationRecord.status != "cancelled")
        .order_by(ViolationRecord.created_at.desc()))
    establishment = session.get(Establishment, case.establishment_id) if case.establishment_id else None
    confiscated = _items(seized)
    own, loose = _items_by_violation(violations, seized)
    subject = "organization" if case.subject_kind == "organization" else "individual"
    lines = []
    unsupported: list[UnsupportedMeasure] = []
    for index, v in enumerate(violations):
        cite, _description = _citation(catalog, v.provision_key,
                                       _reference_date(v, case.opened_on))
        provision = catalog.provision(v.provision_key)
        additional = []
        for a in v.additional_sanctions or []:
            kind = str(a.get("kind", ""))
            allowed = provision.additional(kind)
            text = allowed[0].text if allowed else str(a.get("text") or _KIND_TEXT.get(kind, ""))
            # An additional sanction the catalog lists under the provision is cited by its
            # article unless the catalog marks its basis as missing (basis None).
            citation = (_basis_citation(provision, allowed[0].basis, True)
                        if allowed else None)
            if citation is None:
                unsupported.append(UnsupportedMeasure(index, text))
            additional.append(doc.AdditionalSanction(
                kind=kind,  # type: ignore[arg-type]
                text=text, months=a.get("months"), citation=citation or "",
                items=_items(own[v.id]) if kind == "confiscation" else ()))
        remedial = []
        for m in v.remedial_measures or []:
            code = str(m.get("code", ""))
            known = next((r for r in provision.remedial_measures if r.code == code), None)
            text = known.text if known else str(m.get("text") or "")
            citation = _basis_citation(provision, known.basis, known.confirmed) if known else None
            if citation is None or not text:
                unsupported.append(UnsupportedMeasure(index, text or code))
            remedial.append(doc.RemedialMeasure(text=text, deadline_days=m.get("deadline_days"),
                                                citation=citation or ""))
        lines.append(doc.ViolationLine(
            citation=cite, description=provision.act(v.alternative), facts=v.facts,
            amount=None if v.warning else v.amount, warning=v.warning,
            mitigating=_circumstances(catalog, v.mitigating or [], subject),
            aggravating=_circumstances(catalog, v.aggravating or [], subject),
            additional=tuple(additional), remedial=tuple(remedial),
            titles=tuple(doc.TitleEntry(str(t.get("title", "")), int(t.get("copies", 0)),
                                        str(t.get("defect", "")))
                         for t in v.titles or [] if t.get("title"))))
    snapshot = dict(case.violator or {})
    if establishment is not None and "licence_issued_on" not in snapshot:
        snapshot.update(_licence_from_registry(session, establishment.id, snapshot,
                                             on or case.opened_on))
    return CaseFacts(
        case_id=case.id, sector=case.sector, subject_kind=case.subject_kind,
        violator=violator_from_snapshot(snapshot, case.subject_kind, on), violator_snapshot=snapshot,
        lines=tuple(lines), keys=tuple(v.provision_key for v in violations),
        amounts=tuple(0 if v.warning else v.amount for v in violations),
        copies=tuple(_copies(v.titles) for v in violations),
        additional=tuple(tuple((str(a.get("kind")), a.get("months"))
                               for a in v.additional_sanctions or []) for v in violations),
        remedial=tuple(tuple(str(m.get("code", "")) for m in v.remedial_measures or [])
                       for v in violations),
        violation_dates=tuple(_reference_date(v, case.opened_on) for v in violations),
        seized=confiscated,
        record_number=record.number if record and record.status == "issued" else None,
        record_date=record.made_on if record and record.status == "issued" else None,
        complex_case=case.complex_case, explanation=case.explanation,
        transferred_on=case.transferred_on,
        establishment_name=establishment.name if establishment else "",
        unsupported=tuple(unsupported),
        unassigned_items=tuple(s.description or s.unit for s in loose
                               if s.disposal in ("held", "confiscated", "destroyed")),
    )


def _licence_from_registry(session: Session, establishment_id: uuid.UUID,
                           snapshot: Mapping[str, Any], on: date) -> dict[str, Any]:
    """For a snapshot taken before the licence's date and issuer were copied separately: the
    registration certificate as :func:`cases.registration_licence` picks it on ``on`` (one
    rule), or nothing when the snapshot's own text should stand."""
    licences = list(session.scalars(select(Licence).where(
        Licence.establishment_id == establishment_id)))
    found = registration_licence(licences, on)
    if "licence_issued_on" in found or not _first(snapshot, "licence_no", "licence_number"):
        return {k: v for k, v in found.items() if v}
    return {}


def _copies(titles: Sequence[Mapping[str, Any]] | None) -> int | None:
    """The largest count of copies of one title (the quantity tier follows it)."""
    counts = [int(t.get("copies", 0)) for t in titles or [] if t.get("copies") is not None]
    return max(counts) if counts else None
