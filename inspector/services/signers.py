"""Who signs decisions, and the title a decision prints on its date.

The agency configures its signers (the head and any deputy with the delegation decision); the
title printed follows the decision date through the dated caps of the catalog: "Chánh Thanh tra
Sở Thông tin và Truyền thông" for decisions up to 30/6/2025, "Giám đốc Sở …" from 01/7/2025.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from inspector.domain.law import LawError
from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.errors import NotFound, ValidationError
from inspector.services.law import department_of, law_data
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Signer


@dataclass(frozen=True)
class SignerInput:
    full_name: str
    title_code: str
    is_deputy: bool = False
    delegation_number: str | None = None
    delegation_date: date | None = None
    delegation_summary: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class SignerInfo:
    id: uuid.UUID
    full_name: str
    title_code: str
    is_deputy: bool
    delegation_number: str | None
    delegation_date: date | None
    delegation_summary: str | None
    valid_from: date | None
    valid_until: date | None

    def active_on(self, on: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= on)
                and (self.valid_until is None or on <= self.valid_until))


def _info(s: Signer) -> SignerInfo:
    return SignerInfo(s.id, s.full_name, s.title_code, s.is_deputy, s.delegation_number,
                      s.delegation_date, s.delegation_summary, s.valid_from, s.valid_until)


def agency_part(agency_name: str) -> str:
    """"Khoa học và Công nghệ" from "Sở Khoa học và Công nghệ" (how the caps name departments)."""
    return department_of(agency_name)


def head_title(db: Database, title_code: str, on: date, agency_name: str = "") -> str:
    """The title as printed on a decision dated ``on`` (from the catalog's dated caps).

    When two departments share a title code (Giám đốc Sở KH&CN / Sở VHTTDL), the agency's own
    department is preferred.
    """
    catalog = law_data(db).catalog
    caps = catalog.caps_for(title_code)
    own = [c for c in caps if c.agency == agency_part(agency_name)]
    departments = sorted({c.agency for c in caps if c.agency and c.valid_on(on)})
    if title_code in HEAD_TITLE_CODES and agency_name.strip() and not own and departments:
        # The title belongs to other departments on that day: a header naming this agency
        # over another department's title would contradict itself (an agency renamed or
        # merged, 01/3/2025 in Cao Bằng, whose settings still carry the old name).
        names = " hoặc ".join(f"Sở {d}" for d in departments)
        raise ValidationError(
            f"Ngày {on:%d/%m/%Y} chức danh {caps[0].display_title().split(' Sở ')[0]} thuộc "
            f"{names}, không thuộc {agency_name.strip()} đang ghi là cơ quan ban hành. Hãy "
            "cập nhật tên cơ quan trong Cài đặt › Cơ quan.",
            f"on {on} the title {title_code} belongs to {departments}, not to the configured "
            f"agency {agency_name!r}", field="title_code")
    caps = tuple(own) or caps
    if not caps:
        raise ValidationError(f"Không có chức danh {title_code} trong danh mục thẩm quyền.",
                              f"unknown title code {title_code}", field="title_code")
    valid = [c for c in caps if c.valid_on(on)]
    if not valid:
        ended = max((c.valid_until for c in caps if c.valid_until), default=None)
        hint = f" (chức danh chấm dứt từ sau ngày {ended:%d/%m/%Y})" if ended else ""
        raise ValidationError(
            f"Chức danh {caps[0].display_title()} không có thẩm quyền vào ngày {on:%d/%m/%Y}{hint}.",
            f"title {title_code} has no powers on {on}", field="title_code")
    return valid[0].display_title()


#: The titles a department's decisions are signed under (its head; a deputy signs "KT.").
#: Which of them applies on a date, and from when to when, is the dated caps' business.
HEAD_TITLE_CODES = ("chief_inspector_department", "director_department")


def signing_titles(db: Database) -> dict[str, str]:
    """Each head title with the period the dated caps give it, for the Cài đặt page:
    "Chánh Thanh tra Sở (đến 30/06/2025)", "Giám đốc Sở (từ 01/07/2025)" (issue 9 §5: the
    dates are read from ``signer_caps.json``, not written in the GUI)."""
    catalog = law_data(db).catalog
    out: dict[str, str] = {}
    for code in HEAD_TITLE_CODES:
        caps = catalog.caps_for(code)
        if not caps:
            continue
        core = caps[-1].display_title().split(" Sở ")[0] + " Sở"
        ends = [c.valid_until for c in caps]
        if None in ends:
            start = min(c.valid_from for c in caps)
            out[code] = f"{core} (từ {start:%d/%m/%Y})"
        else:
            out[code] = f"{core} (đến {max(e for e in ends if e):%d/%m/%Y})"
    return out


def deputy_title(head: str) -> str:
    """"Phó Giám đốc" under "Giám đốc Sở …", "Phó Chánh Thanh tra" under "Chánh Thanh tra Sở …"."""
    core = head.split(" Sở ")[0].strip()
    return f"Phó {core[0].lower()}{core[1:]}" if core else "Cấp phó"


def add_signer(db: Database, actor: Actor, data: SignerInput) -> SignerInfo:
    actor.require(Permission.MANAGE_SETTINGS)
    agency = get_agency(db, actor)
    if agency.id is None:
        raise ValidationError("Hãy nhập thông tin cơ quan trước khi thêm người ký.",
                              "configure the agency first")
    if not data.full_name.strip():
        raise ValidationError("Hãy nhập họ tên người ký.", "the signer's name is empty",
                              field="full_name")
    try:
        if not law_data(db).catalog.caps_for(data.title_code):
            raise LawError("unknown", "unknown_title")
    except LawError:
        raise ValidationError(f"Chức danh không có trong danh mục: {data.title_code}.",
                              f"unknown title code {data.title_code}", field="title_code") from None
    if data.is_deputy and not (data.delegation_number and data.delegation_date):
        raise ValidationError(
            "Cấp phó ký thay phải có quyết định giao quyền (số và ngày) để ghi vào phần căn cứ.",
            "a deputy needs the delegation decision's number and date", field="delegation_number")
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        raise ValidationError("Ngày kết thúc trước ngày bắt đầu.", "valid_until before valid_from",
                              field="valid_until")
    with UnitOfWork(db, actor) as uow:
        row = Signer(agency_id=agency.id, full_name=data.full_name.strip(),
                     title_code=data.title_code, is_deputy=data.is_deputy,
                     delegation_number=data.delegation_number, delegation_date=data.delegation_date,
                     delegation_summary=data.delegation_summary, valid_from=data.valid_from,
                     valid_until=data.valid_until)
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return _info(row)


def list_signers(db: Database, actor: Actor) -> list[SignerInfo]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        rows = uow.session.scalars(select(Signer).order_by(Signer.valid_from, Signer.full_name))
        return [_info(s) for s in rows]


def get_signer(db: Database, actor: Actor, signer_id: uuid.UUID) -> SignerInfo:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(Signer, signer_id)
        if row is None:
            raise NotFound("Không tìm thấy người ký.", f"no signer {signer_id}")
        return _info(row)


def default_signer(db: Database, actor: Actor, on: date) -> SignerInfo | None:
    """The signer of a decision dated ``on``: among the signers configured for that date, one
    whose title holds sanctioning power on that date (the Chief Inspector up to 30/6/2025,
    the Director from 01/7/2025), the head before a deputy; None when nobody qualifies —
    never merely the first active signer."""
    catalog = law_data(db).catalog
    valid = [s for s in list_signers(db, actor) if s.active_on(on)
             and any(c.valid_on(on) for c in catalog.caps_for(s.title_code))]
    heads = [s for s in valid if not s.is_deputy]
    chosen = heads or valid
    return chosen[0] if chosen else None
