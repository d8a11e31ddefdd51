"""Establishments (cơ sở): the list, the add/edit form, licences, duplicates and history.

The list is paged and filtered in SQL through one covering index (``ix_establishments_list``):
a page or a count never loads rows it does not return. The form validates as the user types
(:func:`validate_establishment`, no database) and warns about probable duplicates before saving
(:func:`find_duplicates`); saving runs the same validation and an optimistic-lock check.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from inspector.domain.assessment import subject_of_owner
from inspector.domain.identity import (
    Sex,
    check_legacy_id,
    check_personal_id,
    check_phone,
    check_tax_code,
    normalize_phone,
    normalize_tax_code,
)
from inspector.domain.places import PROVINCE_NAME, REFORM_DAY, commune_by_code, full_address
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.domain.text import format_date, nfc, search_key, sort_text
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.audit import PendingEntry, append_entries, bulk_entry
from inspector.services.errors import ConflictError, NotFound, ValidationError
from inspector.services.forms import (
    FieldProblem,
    date_problem,
    length_problems,
    raise_if_blocking,
)
from inspector.services.limits import check_rows
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.bulk import insert_rows
from inspector.store.engine import Database
from inspector.store.models import (
    OWNER_KINDS,
    SECTORS,
    Case,
    Establishment,
    Inspection,
    Licence,
    Violation,
    Visit,
)

# Sector names live in one place: inspector.domain.sectors.
#: The sectors the inspectorate visits in the field (the others are kept for the catalog).
FIELD_SECTORS = ("internet", "game", "printing", "distribution", "ict_goods")
OWNER_KIND_LABELS_VI = {
    "individual": "Cá nhân",
    "household": "Hộ kinh doanh",
    "organization": "Tổ chức",
}
LICENCE_STATUSES = ("valid", "expired", "none")
LICENCE_STATUS_LABELS_VI = {"valid": "Còn hiệu lực", "expired": "Hết hiệu lực",
                            "none": "Chưa có giấy phép"}
#: Case statuses in which the violations are still to be settled.
OPEN_CASE_STATUSES = ("draft", "recorded", "explanation", "transferred", "decided", "delivered",
                      "partly_paid", "deferred", "overdue")

FIELD_LABELS_VI = {
    "sector": "Lĩnh vực",
    "name": "Tên cơ sở",
    "owner_kind": "Loại chủ thể",
    "owner_name": "Họ và tên",
    "owner_sex": "Giới tính",
    "owner_birth_date": "Ngày sinh",
    "owner_nationality": "Quốc tịch",
    "owner_occupation": "Nghề nghiệp",
    "owner_residence": "Nơi ở hiện tại",
    "owner_id_number": "Số định danh cá nhân/CMND/Hộ chiếu",
    "owner_id_issued_on": "Ngày cấp",
    "owner_id_issued_by": "Nơi cấp",
    "household_registration_no": "Số giấy chứng nhận đăng ký hộ kinh doanh",
    "enterprise_code": "Mã số doanh nghiệp/mã số thuế",
    "head_office": "Địa chỉ trụ sở chính",
    "representative_name": "Họ tên người đại diện theo pháp luật",
    "representative_title": "Chức danh người đại diện",
    "representative_sex": "Giới tính người đại diện",
    "address_line": "Số nhà, đường, thôn, tổ",
    "commune_code": "Xã, phường",
    "commune_name": "Xã, phường",
    "former_commune_name": f"Xã, phường, thị trấn (trước {format_date(REFORM_DAY)})",
    "former_district": f"Huyện, thành phố (trước {format_date(REFORM_DAY)})",
    "former_province_name": f"Tỉnh (trước {format_date(REFORM_DAY)})",
    "province_name": "Tỉnh, thành phố",
    "phone": "Số điện thoại",
    "notes": "Ghi chú",
    "business_kind": "Loại hình kinh doanh",
    "kind": "Loại giấy phép, giấy chứng nhận",
    "number": "Số giấy phép",
    "issuer": "Cơ quan cấp",
    "issued_on": "Ngày cấp",
    "valid_until": "Có giá trị đến",
}


@dataclass(frozen=True)
class EstablishmentInput:
    """The add/edit form's values; optional texts may be None or ""."""

    sector: str
    name: str
    owner_kind: str
    owner_name: str | None = None
    owner_sex: str | None = None
    owner_birth_date: date | None = None
    owner_nationality: str | None = None
    owner_occupation: str | None = None
    owner_residence: str | None = None
    owner_id_number: str | None = None
    owner_id_issued_on: date | None = None
    owner_id_issued_by: str | None = None
    household_registration_no: str | None = None
    enterprise_code: str | None = None
    head_office: str | None = None
    representative_name: str | None = None
    representative_title: str | None = None
    representative_sex: str | None = None
    address_line: str = ""
    commune_code: str | None = None
    commune_name: str = ""
    former_district: str | None = None
    province_name: str = ""
    phone: str | None = None
    notes: str = ""
    former_commune_name: str | None = None
    former_province_name: str | None = None
    business_kind: str | None = None


@dataclass(frozen=True)
class LicenceInput:
    kind: str
    number: str
    issuer: str = ""
    issued_on: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class LicenceRow:
    id: uuid.UUID
    establishment_id: uuid.UUID
    kind: str
    number: str
    issuer: str
    issued_on: date | None
    valid_until: date | None
    version: int

    def status(self, on: date | None = None) -> str:
        """``valid`` or ``expired`` on ``on`` (default today)."""
        day = on or clock.today()
        return "expired" if self.valid_until is not None and self.valid_until < day else "valid"


@dataclass(frozen=True)
class EstablishmentRow:
    """What lists show: enough to find and open an establishment."""

    id: uuid.UUID
    sector: str
    name: str
    owner_kind: str
    owner_name: str | None
    address_line: str
    commune_name: str
    province_name: str
    phone: str | None
    version: int = 0
    owner_id_number: str | None = None
    enterprise_code: str | None = None
    licence_status: str = "none"
    open_cases: int = 0
    extra: dict[str, object] = field(default_factory=dict)
    representative_name: str | None = None  # an organisation's legal representative

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.address_line, self.commune_name, self.province_name) if p)


@dataclass(frozen=True)
class EstablishmentPage:
    """One page of the list and the number of rows matching the filters."""

    rows: tuple[EstablishmentRow, ...]
    total: int


_NIL = uuid.UUID(int=0)


@dataclass(frozen=True)
class EstablishmentDetail(EstablishmentInput):
    """Everything stored about one establishment, for the edit form and the record."""

    id: uuid.UUID = _NIL
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    licences: tuple[LicenceRow, ...] = ()

    def to_input(self) -> EstablishmentInput:
        """The values as the form edits them."""
        return EstablishmentInput(**{name: getattr(self, name) for name in _INPUT_FIELDS})

    @property
    def subject_kind(self) -> str:
        """``individual`` for individuals and household businesses (legal.md §1.4)."""
        return subject_of_owner(self.owner_kind)

    def address_on(self, day: date) -> str:
        """The address as a record dated ``day`` writes it: three levels before 01/7/2025."""
        if day < REFORM_DAY and (self.former_commune_name or self.former_district):
            return full_address(self.address_line, self.former_commune_name or self.commune_name,
                                self.former_district,
                                self.former_province_name or self.province_name)
        return full_address(self.address_line, self.commune_name, None, self.province_name)


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing establishment that may be the one being entered; ``reason`` is Vietnamese."""

    id: uuid.UUID
    name: str
    sector: str
    owner_name: str | None
    address: str
    reason: str


@dataclass(frozen=True)
class VisitHistoryRow:
    visit_id: uuid.UUID
    visit_date: date
    inspection_id: uuid.UUID
    inspection_title: str
    inspection_mode: str
    inspection_kind: str
    decision_number: str | None
    outcome: str
    violations: int
    fines: int


@dataclass(frozen=True)
class ViolationHistoryRow:
    violation_id: uuid.UUID
    case_id: uuid.UUID
    visit_id: uuid.UUID | None
    on: date
    provision_key: str
    description: str
    amount: int
    warning: bool
    case_status: str


@dataclass(frozen=True)
class EstablishmentHistory:
    """Every inspection visit and violation of one establishment, newest first."""

    establishment_id: uuid.UUID
    visits: tuple[VisitHistoryRow, ...]
    violations: tuple[ViolationHistoryRow, ...]


_INPUT_FIELDS = tuple(f.name for f in fields(EstablishmentInput))
_NOT_AUDITED = frozenset({"id", "created_at", "updated_at", "version", "search_text", "name_sort"})
# Optional texts: stored as NULL when left empty (the required ones are stored as "").
_OPTIONAL_TEXT = frozenset({
    "owner_name", "owner_sex", "owner_nationality", "owner_occupation", "owner_residence",
    "owner_id_number", "owner_id_issued_by", "household_registration_no", "enterprise_code",
    "head_office", "representative_name", "representative_title", "representative_sex",
    "commune_code",
    "former_commune_name", "former_district", "former_province_name", "phone", "business_kind"})
_RECORD_FIELDS_PERSON = ("owner_sex", "owner_birth_date", "owner_nationality",
                         "owner_occupation", "owner_residence", "owner_id_number",
                         "owner_id_issued_on", "owner_id_issued_by")
_RECORD_FIELDS_ORG = ("enterprise_code", "head_office", "representative_name",
                      "representative_title", "representative_sex")
_SPACES = re.compile(r"\s+")
_PASSPORT = re.compile(r"[A-Z]\d{7,8}")


# --- cleaning and validation (no database) ---------------------------------------------------

def clean_establishment(data: EstablishmentInput) -> EstablishmentInput:
    """The values as stored: trimmed NFC texts, None for empty optional texts, numbers in their
    canonical form (``0912 345 678`` → ``0912345678``) when they are valid."""
    values: dict[str, Any] = dict(data.__dict__)
    for name, v in values.items():
        if v.__class__ is str:
            if not v.isascii():
                v = nfc(v)
            v = " ".join(v.split()) if name != "notes" else v.strip()
            values[name] = None if v == "" and name in _OPTIONAL_TEXT else v
    if values["owner_id_number"]:
        values["owner_id_number"] = _SPACES.sub("", values["owner_id_number"]).upper()
    for sex_field in ("owner_sex", "representative_sex"):
        if values[sex_field]:
            values[sex_field] = {"NAM": "M", "NỮ": "F", "NU": "F"}.get(
                values[sex_field].upper(), values[sex_field].upper())
    # Invalid numbers are kept as typed; validation says why.
    if values["phone"]:
        with suppress(ValueError):
            values["phone"] = normalize_phone(values["phone"])
    if values["enterprise_code"]:
        with suppress(ValueError):
            values["enterprise_code"] = normalize_tax_code(values["enterprise_code"])
    if values["commune_code"]:
        commune = commune_by_code(values["commune_code"])
        if commune is not None:
            values["commune_name"] = commune.label
            values["province_name"] = values["province_name"] or f"tỉnh {PROVINCE_NAME}"
    # Bulk imports clean every row: fill the frozen instance directly instead of running the
    # generated __init__ (26 frozen setattr calls), with the same fields and values.
    clean = object.__new__(EstablishmentInput)
    clean.__dict__.update(values)
    return clean


def _sex(value: str | None) -> Sex | None:
    return {"M": Sex.MALE, "F": Sex.FEMALE}.get(value or "")


def _missing(data: EstablishmentInput, names: Sequence[str], why: str) -> list[FieldProblem]:
    return [FieldProblem(n, f"Chưa nhập {FIELD_LABELS_VI[n].lower()} ({why}).", blocking=False)
            for n in names if getattr(data, n) in (None, "")]


def validate_establishment(data: EstablishmentInput, *,
                           today: date | None = None) -> list[FieldProblem]:
    """Every problem of the form, per field, in Vietnamese; cheap enough for every keystroke.

    Blocking problems stop a save: unknown sector or owner kind, missing name, a personal ID
    that contradicts the date of birth or sex, a bad tax code or phone, dates in the future. The
    fields the violation record needs (legal.md §4.3) are warnings while they are missing.
    """
    return _validate_clean(clean_establishment(data), today or clock.today(), warnings=True)


def _validate_clean(d: EstablishmentInput, day: date, warnings: bool,
                    lengths: bool = True) -> list[FieldProblem]:
    """``lengths=False``: the caller checks the column lengths itself, for a whole batch at C
    speed with the same declaration (``limits.check_rows``, the bulk path)."""
    out: list[FieldProblem] = []
    if d.sector not in SECTORS:
        out.append(FieldProblem("sector", f"Lĩnh vực không hợp lệ: {d.sector or '(trống)'}."))
    if d.owner_kind not in OWNER_KINDS:
        out.append(FieldProblem("owner_kind", "Hãy chọn cá nhân, hộ kinh doanh hoặc tổ chức."))
    if not d.name:
        out.append(FieldProblem("name", "Hãy nhập tên cơ sở."))
    person = d.owner_kind in ("individual", "household")
    if person:
        if not d.owner_name:
            who = "chủ hộ kinh doanh" if d.owner_kind == "household" else "cá nhân"
            out.append(FieldProblem("owner_name", f"Hãy nhập họ và tên {who}."))
        if warnings:
            out += _missing(d, _RECORD_FIELDS_PERSON, "biên bản vi phạm cần thông tin này")
            if d.owner_kind == "household":
                out += _missing(d, ("household_registration_no",), "ghi trong biên bản")
    elif d.owner_kind == "organization" and warnings:
        out += _missing(d, _RECORD_FIELDS_ORG, "biên bản vi phạm cần thông tin này")
    if d.owner_sex is not None and d.owner_sex not in ("M", "F"):
        out.append(FieldProblem("owner_sex", "Giới tính phải là Nam hoặc Nữ."))
    if d.representative_sex is not None and d.representative_sex not in ("M", "F"):
        out.append(FieldProblem("representative_sex",
                                "Giới tính người đại diện phải là Nam hoặc Nữ."))
    birth_problem = date_problem("owner_birth_date", "Ngày sinh", d.owner_birth_date, day)
    if birth_problem:
        out.append(birth_problem)
    elif d.owner_birth_date and person and _age(d.owner_birth_date, day) < 18:
        out.append(FieldProblem(
            "owner_birth_date", f"Người này chưa đủ 18 tuổi ({_age(d.owner_birth_date, day)} "
            "tuổi); hãy kiểm tra lại ngày sinh.", blocking=False))
    if d.owner_id_number:
        problem = _id_problem(d)
        if problem:
            out.append(problem)
    issued = date_problem("owner_id_issued_on", "Ngày cấp", d.owner_id_issued_on, day)
    if issued:
        out.append(issued)
    elif d.owner_id_issued_on and d.owner_birth_date and d.owner_id_issued_on < d.owner_birth_date:
        out.append(FieldProblem("owner_id_issued_on", "Ngày cấp giấy tờ trước ngày sinh."))
    if d.enterprise_code:
        check = check_tax_code(d.enterprise_code)
        if not check.ok:
            out.append(FieldProblem("enterprise_code", f"{check.reason}."))
    if d.phone:
        check = check_phone(d.phone)
        if not check.ok:
            out.append(FieldProblem("phone", f"{check.reason}."))
    if d.business_kind:
        from inspector.services.tallies import BUSINESS_KIND_LABELS_VI

        if d.business_kind not in BUSINESS_KIND_LABELS_VI:
            out.append(FieldProblem("business_kind",
                                    f"Loại hình kinh doanh không hợp lệ: {d.business_kind}."))
    if d.commune_code and commune_by_code(d.commune_code) is None:
        out.append(FieldProblem("commune_code", f"Mã xã, phường {d.commune_code} không có trong "
                                                "danh mục đơn vị hành chính từ "
                                                f"{format_date(REFORM_DAY)}."))
    if not d.commune_name and warnings:
        out.append(FieldProblem("commune_name", "Chưa nhập xã, phường (địa chỉ trong biên bản).",
                                blocking=False))
    if not d.province_name and warnings:
        out.append(FieldProblem("province_name", "Chưa nhập tỉnh, thành phố.", blocking=False))
    if lengths:
        out += length_problems(Establishment, d.__dict__, FIELD_LABELS_VI)
    return out


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _id_problem(d: EstablishmentInput) -> FieldProblem | None:
    number = d.owner_id_number or ""
    if number.isdigit() and len(number) == 9:
        check = check_legacy_id(number)
    elif _PASSPORT.fullmatch(number):
        return None
    else:
        check = check_personal_id(number, d.owner_birth_date, _sex(d.owner_sex),
                                  today=clock.today())
    return None if check.ok else FieldProblem("owner_id_number", f"{check.reason}.")


def validate_licence(data: LicenceInput) -> list[FieldProblem]:
    """Problems of one licence row: kind and number required, dates in order."""
    out = []
    if not data.kind.strip():
        out.append(FieldProblem("kind", "Hãy nhập loại giấy phép, giấy chứng nhận."))
    if not data.number.strip():
        out.append(FieldProblem("number", "Hãy nhập số giấy phép."))
    problem = date_problem("issued_on", "Ngày cấp", data.issued_on, clock.today())
    if problem:
        out.append(problem)
    if data.issued_on and data.valid_until and data.valid_until < data.issued_on:
        out.append(FieldProblem("valid_until", "Ngày hết hạn trước ngày cấp."))
    out += length_problems(Licence, {"kind": data.kind.strip(), "number": data.number.strip(),
                                     "issuer": data.issuer.strip()}, FIELD_LABELS_VI)
    return out


def _search_text(data: EstablishmentInput) -> str:
    parts = [data.name, data.owner_name or "", data.representative_name or "", data.address_line,
             data.commune_name, data.former_commune_name or "", data.owner_id_number or "",
             data.enterprise_code or "", data.household_registration_no or "", data.phone or ""]
    return search_key(" ".join(p for p in parts if p))


def _values(data: EstablishmentInput) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(data, name) for name in _INPUT_FIELDS}
    values["search_text"] = _search_text(data)
    values["name_sort"] = sort_text(data.name)
    return values


def _stale(what: str) -> ConflictError:
    return ConflictError(
        f"{what} đã được người khác sửa và lưu trước bạn; hãy mở lại để xem bản mới nhất. "
        "Thay đổi của bạn chưa được ghi.",
        f"the {what.lower()} was changed by someone else first; reload it (nothing was saved)")


# --- writing --------------------------------------------------------------------------------

def add_establishment(db: Database, actor: Actor, data: EstablishmentInput,
                      licences: Sequence[LicenceInput] = ()) -> uuid.UUID:
    """Create an establishment (and its licences) in one transaction."""
    actor.require(Permission.EDIT_FIELD_WORK)
    clean = clean_establishment(data)
    raise_if_blocking(validate_establishment(clean))
    for lic in licences:
        raise_if_blocking(validate_licence(lic))
    with UnitOfWork(db, actor) as uow:
        row = Establishment(**_values(clean))
        uow.session.add(row)
        uow.session.flush()
        for lic in licences:
            uow.session.add(_licence_row(row.id, lic))
        uow.session.flush()
        uow.commit()
        return row.id


def establishment_rows(items: Iterable[EstablishmentInput], now: datetime,
                       today: date) -> Iterator[tuple[dict[str, Any], PendingEntry]]:
    """Validated rows for the bulk insert, each with its audit entry (imports, demo data).

    Raises:
        FormInvalid: at the first item with a blocking problem; nothing is inserted by the
            callers, whose transaction rolls back.
    """
    for data in items:
        clean = clean_establishment(data)
        # Lengths are checked per batch by the callers (check_rows), before anything is written.
        raise_if_blocking(_validate_clean(clean, today, warnings=False, lengths=False))
        values: dict[str, Any] = _values(clean)
        new_id = uuid.uuid4()
        values.update(id=new_id, created_at=now, updated_at=now, version=1)
        yield values, PendingEntry(
            "establishments", str(new_id), "create",
            {k: v for k, v in values.items()
             if v is not None and v != "" and k not in _NOT_AUDITED})


def bulk_add_establishments(
    db: Database, actor: Actor, items: Iterable[EstablishmentInput], batch: int = 10_000
) -> int:
    """Create many establishments in one transaction through Core inserts (imports, demo data).

    Validated like single adds and audited one entry per row, so the trail stays complete.
    """
    actor.require(Permission.EDIT_FIELD_WORK)
    count = 0
    with UnitOfWork(db, actor) as uow:
        conn = uow.session.connection()
        chunk: list[dict[str, Any]] = []
        audit: list[PendingEntry] = []

        def flush() -> None:
            if chunk:
                check_rows(Establishment, chunk)  # the columns' own bounds, as a single add
                insert_rows(conn, Establishment, chunk)
                append_entries(conn, actor, [bulk_entry("establishments", audit)])
                chunk.clear()
                audit.clear()

        for values, entry in establishment_rows(items, utcnow(), clock.today()):
            chunk.append(values)
            audit.append(entry)
            count += 1
            if len(chunk) >= batch:
                flush()
        flush()
        uow.commit()
    return count


def update_establishment(db: Database, actor: Actor, establishment_id: uuid.UUID,
                         data: EstablishmentInput, expected_version: int) -> EstablishmentDetail:
    """Save the edit form; refused if someone saved the establishment since it was opened."""
    actor.require(Permission.EDIT_FIELD_WORK)
    clean = clean_establishment(data)
    raise_if_blocking(validate_establishment(clean))
    with UnitOfWork(db, actor) as uow:
        row = _get(uow.session, establishment_id)
        if row.version != expected_version:
            raise _stale("Cơ sở")
        for name, value in _values(clean).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        uow.session.flush()
        detail = _detail(uow.session, row)
        uow.commit()
        return detail


def _licence_row(establishment_id: uuid.UUID, data: LicenceInput) -> Licence:
    return Licence(establishment_id=establishment_id, kind=nfc(data.kind.strip()),
                   number=data.number.strip(), issuer=nfc(data.issuer.strip()),
                   issued_on=data.issued_on, valid_until=data.valid_until)


def _licence_info(lic: Licence) -> LicenceRow:
    return LicenceRow(lic.id, lic.establishment_id, lic.kind, lic.number, lic.issuer,
                      lic.issued_on, lic.valid_until, lic.version)


def _licence_clash(session: Session, establishment_id: uuid.UUID, data: LicenceInput,
                   exclude: uuid.UUID | None = None) -> None:
    stmt = select(Licence.id).where(Licence.establishment_id == establishment_id,
                                    Licence.kind == nfc(data.kind.strip()),
                                    Licence.number == data.number.strip())
    if exclude is not None:
        stmt = stmt.where(Licence.id != exclude)
    if session.scalar(stmt) is not None:
        raise ConflictError(
            f"Cơ sở đã có {data.kind.strip()} số {data.number.strip()}.",
            f"the establishment already has {data.kind} number {data.number}")


def add_licence(db: Database, actor: Actor, establishment_id: uuid.UUID,
                data: LicenceInput) -> LicenceRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_licence(data))
    with UnitOfWork(db, actor) as uow:
        _get(uow.session, establishment_id)
        _licence_clash(uow.session, establishment_id, data)
        row = _licence_row(establishment_id, data)
        uow.session.add(row)
        uow.session.flush()
        info = _licence_info(row)
        uow.commit()
        return info


def update_licence(db: Database, actor: Actor, licence_id: uuid.UUID, data: LicenceInput,
                   expected_version: int) -> LicenceRow:
    actor.require(Permission.EDIT_FIELD_WORK)
    raise_if_blocking(validate_licence(data))
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(Licence, licence_id)
        if row is None:
            raise NotFound("Không tìm thấy giấy phép.", f"no licence {licence_id}")
        if row.version != expected_version:
            raise _stale("Giấy phép")
        _licence_clash(uow.session, row.establishment_id, data, exclude=row.id)
        new = _licence_row(row.establishment_id, data)
        for name in ("kind", "number", "issuer", "issued_on", "valid_until"):
            if getattr(row, name) != getattr(new, name):
                setattr(row, name, getattr(new, name))
        uow.session.flush()
        info = _licence_info(row)
        uow.commit()
        return info


def remove_licence(db: Database, actor: Actor, licence_id: uuid.UUID,
                   expected_version: int) -> None:
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(Licence, licence_id)
        if row is None:
            raise NotFound("Không tìm thấy giấy phép.", f"no licence {licence_id}")
        if row.version != expected_version:
            raise _stale("Giấy phép")
        uow.session.delete(row)
        uow.session.flush()
        uow.commit()


def list_licences(db: Database, actor: Actor, establishment_id: uuid.UUID) -> list[LicenceRow]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return [_licence_info(lic) for lic in uow.session.scalars(
            select(Licence).where(Licence.establishment_id == establishment_id)
            .order_by(Licence.issued_on, Licence.kind))]


# --- duplicates -----------------------------------------------------------------------------

def find_duplicates(db: Database, actor: Actor, data: EstablishmentInput,
                    exclude_id: uuid.UUID | None = None,
                    limit: int = 10) -> list[DuplicateCandidate]:
    """Establishments that are probably this one: the same personal ID or tax code, or a very
    similar name at the same address. Shown before saving; the user decides."""
    actor.require(Permission.VIEW)
    d = clean_establishment(data)
    found: dict[uuid.UUID, DuplicateCandidate] = {}
    cols = (Establishment.id, Establishment.name, Establishment.sector,
            Establishment.owner_name, Establishment.address_line, Establishment.commune_name,
            Establishment.province_name)

    def note(row: Any, reason: str) -> None:
        if row.id != exclude_id and row.id not in found:
            found[row.id] = DuplicateCandidate(
                row.id, row.name, row.sector, row.owner_name,
                full_address(row.address_line, row.commune_name, None, row.province_name), reason)

    with UnitOfWork(db, actor) as uow:
        s = uow.session
        if d.owner_id_number:
            for row in s.execute(select(*cols).where(
                    Establishment.owner_id_number == d.owner_id_number).limit(limit)):
                note(row, f"Cùng số định danh cá nhân {d.owner_id_number}.")
        if d.enterprise_code:
            for row in s.execute(select(*cols).where(
                    Establishment.enterprise_code == d.enterprise_code).limit(limit)):
                note(row, f"Cùng mã số doanh nghiệp/mã số thuế {d.enterprise_code}.")
        address = search_key(d.address_line)
        name = search_key(d.name)
        if name and address and (d.commune_code or d.commune_name):
            where = (Establishment.commune_code == d.commune_code if d.commune_code
                     else Establishment.commune_name == d.commune_name)
            for row in s.execute(select(*cols).where(where)):
                if search_key(row.address_line) != address:
                    continue
                ratio = difflib.SequenceMatcher(None, name, search_key(row.name)).ratio()
                if ratio >= 0.85:
                    note(row, f"Tên gần giống ({ratio:.0%}) và cùng địa chỉ.")
    return list(found.values())[:limit]


# --- reading --------------------------------------------------------------------------------

def _get(session: Session, establishment_id: uuid.UUID) -> Establishment:
    row = session.get(Establishment, establishment_id)
    if row is None:
        raise NotFound("Không tìm thấy cơ sở.", f"no establishment {establishment_id}")
    return row


def _detail(session: Session, e: Establishment) -> EstablishmentDetail:
    licences = tuple(_licence_info(lic) for lic in session.scalars(
        select(Licence).where(Licence.establishment_id == e.id)
        .order_by(Licence.issued_on, Licence.kind)))
    return EstablishmentDetail(**{name: getattr(e, name) for name in _INPUT_FIELDS}, id=e.id,
                               version=e.version, created_at=e.created_at,
                               updated_at=e.updated_at, licences=licences)


def establishment_detail(db: Database, actor: Actor,
                         establishment_id: uuid.UUID) -> EstablishmentDetail:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return _detail(uow.session, _get(uow.session, establishment_id))


def get_establishment(db: Database, actor: Actor, establishment_id: uuid.UUID) -> EstablishmentRow:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        rows = _rows(uow.session, [_get(uow.session, establishment_id)], clock.today())
        return rows[0]


def establishment_history(db: Database, actor: Actor,
                          establishment_id: uuid.UUID) -> EstablishmentHistory:
    """Every visit (with its inspection) and every violation of one establishment."""
    from inspector.services.law import law_data

    actor.require(Permission.VIEW)
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        _get(s, establishment_id)
        per_visit = (select(Case.visit_id.label("visit_id"), func.count(Violation.id).label("n"),
                            func.coalesce(func.sum(Violation.amount), 0).label("fines"))
                     .join(Violation, Violation.case_id == Case.id)
                     .where(Case.establishment_id == establishment_id)
                     .group_by(Case.visit_id).subquery())
        visits = tuple(
            VisitHistoryRow(v.id, v.visit_date, i.id, i.title, i.mode, i.kind, i.decision_number,
                            v.outcome, n or 0, fines or 0)
            for v, i, n, fines in s.execute(
                select(Visit, Inspection, per_visit.c.n, per_visit.c.fines)
                .join(Inspection, Inspection.id == Visit.inspection_id)
                .outerjoin(per_visit, per_visit.c.visit_id == Visit.id)
                .where(Visit.establishment_id == establishment_id)
                .order_by(Visit.visit_date.desc())))
        violations = []
        for v, status, visit_id, opened in s.execute(
                select(Violation, Case.status, Case.visit_id, Case.opened_on)
                .join(Case, Case.id == Violation.case_id)
                .where(Case.establishment_id == establishment_id)):
            description = (catalog.provision(v.provision_key).description
                           if catalog.has_provision(v.provision_key) else "")
            on = (v.discovered_on if v.ongoing else v.ended_on) or opened
            violations.append(ViolationHistoryRow(v.id, v.case_id, visit_id, on, v.provision_key,
                                                  description, v.amount, v.warning, status))
        violations.sort(key=lambda r: r.on, reverse=True)
        return EstablishmentHistory(establishment_id, visits, tuple(violations))


# --- the list -------------------------------------------------------------------------------

def _like_words(text: str | None) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    for word in search_key(text or "").split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(Establishment.search_text.like(f"%{escaped}%", escape="\\"))
    return out


def _filtered(text: str | None, sector: str | None, commune_code: str | None = None,
              licence_status: str | None = None, open_violations: bool | None = None,
              on: date | None = None) -> Select[Any]:
    """The establishments matching every word of ``text`` and every filter given."""
    stmt = select(Establishment)
    if sector and sector not in SECTORS:  # a typo must not read as "no establishment"
        raise ValidationError(f"Lĩnh vực không hợp lệ: {sector}.",
                              f"unknown sector {sector!r} (one of {', '.join(SECTORS)})",
                              field="sector")
    if sector:
        # ``sector || ''`` keeps SQLite off the one-column sector index (a fifth of the table
        # to look up row by row) and on the covering list index, where the sector is too:
        # 100,000 rows, page + count 33 → 14 ms (bench/fieldwork.py).
        stmt = stmt.where(Establishment.sector.concat("") == sector)
    if commune_code:
        stmt = stmt.where(Establishment.commune_code == commune_code)
    for condition in _like_words(text):
        stmt = stmt.where(condition)
    if licence_status:
        day = on or clock.today()
        any_licence = exists().where(Licence.establishment_id == Establishment.id)
        valid = exists().where(Licence.establishment_id == Establishment.id,
                               or_(Licence.valid_until.is_(None), Licence.valid_until >= day))
        if licence_status == "valid":
            stmt = stmt.where(valid)
        elif licence_status == "expired":
            stmt = stmt.where(any_licence, not_(valid))
        elif licence_status == "none":
            stmt = stmt.where(not_(any_licence))
        else:
            raise ValidationError(f"Tình trạng giấy phép không hợp lệ: {licence_status}.",
                                  f"unknown licence status {licence_status!r}",
                                  field="licence_status")
    if open_violations is not None:
        has_open = exists().where(
            Case.establishment_id == Establishment.id, Case.status.in_(OPEN_CASE_STATUSES),
            exists().where(Violation.case_id == Case.id))
        stmt = stmt.where(has_open if open_violations else not_(has_open))
    return stmt


def _order(db: Database) -> tuple[Any, ...]:
    # name_sort is a binary-collation key; PostgreSQL must compare it byte by byte too.
    key = Establishment.name_sort
    if db.engine.dialect.name == "postgresql":
        return (key.collate("C"), Establishment.id)
    return (key, Establishment.id)


def _rows(session: Session, found: Sequence[Establishment], on: date) -> list[EstablishmentRow]:
    """List rows with the licence status and open cases of just these establishments."""
    ids = [e.id for e in found]
    status: dict[uuid.UUID, str] = {}
    opened: dict[uuid.UUID, int] = {}
    if ids:
        for est_id, valid_until in session.execute(
                select(Licence.establishment_id, Licence.valid_until)
                .where(Licence.establishment_id.in_(ids))):
            if valid_until is None or valid_until >= on:
                status[est_id] = "valid"
            else:
                status.setdefault(est_id, "expired")
        opened = dict(session.execute(  # type: ignore[arg-type]
            select(Case.establishment_id, func.count(func.distinct(Case.id)))
            .join(Violation, Violation.case_id == Case.id)
            .where(Case.establishment_id.in_(ids), Case.status.in_(OPEN_CASE_STATUSES))
            .group_by(Case.establishment_id)).all())
    return [EstablishmentRow(e.id, e.sector, e.name, e.owner_kind, e.owner_name, e.address_line,
                             e.commune_name, e.province_name, e.phone, e.version,
                             e.owner_id_number, e.enterprise_code, status.get(e.id, "none"),
                             opened.get(e.id, 0), representative_name=e.representative_name)
            for e in found]


def search_establishments(
    db: Database, actor: Actor, text: str | None = None, sector: str | None = None,
    offset: int = 0, limit: int = 200, *, commune_code: str | None = None,
    licence_status: str | None = None, open_violations: bool | None = None,
    on: date | None = None,
) -> list[EstablishmentRow]:
    """A page of establishments matching every word of ``text`` without regard to accents
    (``nguyen van`` finds ``Nguyễn Văn``, ``d`` finds ``đ``), in Vietnamese name order.

    Filters: ``sector``; ``commune_code`` (a post-2025 unit); ``licence_status`` ``valid``,
    ``expired`` or ``none`` on ``on`` (default today); ``open_violations`` True/False.
    """
    actor.require(Permission.VIEW)
    day = on or clock.today()
    with UnitOfWork(db, actor) as uow:
        stmt = _filtered(text, sector, commune_code, licence_status, open_violations, day)
        found = list(uow.session.scalars(stmt.order_by(*_order(db)).offset(offset).limit(limit)))
        return _rows(uow.session, found, day)


def count_establishments(db: Database, actor: Actor, text: str | None = None,
                         sector: str | None = None, *, commune_code: str | None = None,
                         licence_status: str | None = None, open_violations: bool | None = None,
                         on: date | None = None) -> int:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return _count(uow.session, _filtered(text, sector, commune_code, licence_status,
                                             open_violations, on))


def _count(session: Session, stmt: Select[Any]) -> int:
    sub = stmt.with_only_columns(Establishment.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def establishment_page(
    db: Database, actor: Actor, text: str | None = None, sector: str | None = None,
    offset: int = 0, limit: int = 200, *, commune_code: str | None = None,
    licence_status: str | None = None, open_violations: bool | None = None,
    on: date | None = None,
) -> EstablishmentPage:
    """A page and the total in one transaction (what each keystroke of the search needs)."""
    actor.require(Permission.VIEW)
    day = on or clock.today()
    with UnitOfWork(db, actor) as uow:
        stmt = _filtered(text, sector, commune_code, licence_status, open_violations, day)
        found = list(uow.session.scalars(stmt.order_by(*_order(db)).offset(offset).limit(limit)))
        return EstablishmentPage(tuple(_rows(uow.session, found, day)),
                                 _count(uow.session, stmt))


def sector_label(sector: str) -> str:
    return SECTOR_LABELS_VI.get(sector, sector)

