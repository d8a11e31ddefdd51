"""Establishments (cơ sở): create one, create many through the bulk path, search, page."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import func, select

from inspector.domain.roles import Permission
from inspector.domain.text import search_key, sort_text
from inspector.services.actor import Actor
from inspector.services.audit import PendingEntry, append_entries
from inspector.services.errors import NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.bulk import insert_rows
from inspector.store.engine import Database
from inspector.store.models import OWNER_KINDS, SECTORS, Establishment

SECTOR_LABELS_VI = {
    "internet": "Điểm truy nhập Internet công cộng",
    "game": "Điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    "ict_goods": "Kinh doanh hàng hóa CNTT-TT (hợp quy)",
    "printing": "Cơ sở in",
    "distribution": "Cơ sở phát hành xuất bản phẩm",
    "telecom": "Dịch vụ viễn thông, Internet",
    "publishing": "Xuất bản",
}
OWNER_KIND_LABELS_VI = {
    "individual": "Cá nhân",
    "household": "Hộ kinh doanh",
    "organization": "Tổ chức",
}


@dataclass(frozen=True)
class EstablishmentInput:
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
    address_line: str = ""
    commune_code: str | None = None
    commune_name: str = ""
    former_district: str | None = None
    province_name: str = ""
    phone: str | None = None
    notes: str = ""


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
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.address_line, self.commune_name, self.province_name) if p)


def _validate(data: EstablishmentInput) -> None:
    if data.sector not in SECTORS:
        raise ValidationError(f"Lĩnh vực không hợp lệ: {data.sector}.",
                              f"unknown sector {data.sector!r}", field="sector")
    if data.owner_kind not in OWNER_KINDS:
        raise ValidationError(f"Loại chủ thể không hợp lệ: {data.owner_kind}.",
                              f"unknown owner kind {data.owner_kind!r}", field="owner_kind")
    if not data.name.strip():
        raise ValidationError("Hãy nhập tên cơ sở.", "the name is empty", field="name")
    if data.owner_kind in ("individual", "household") and not (data.owner_name or "").strip():
        raise ValidationError("Hãy nhập họ tên chủ cơ sở.", "the owner's name is empty",
                              field="owner_name")


def _search_text(data: EstablishmentInput) -> str:
    parts = [data.name, data.owner_name or "", data.address_line, data.commune_name,
             data.owner_id_number or "", data.enterprise_code or "", data.phone or ""]
    return search_key(" ".join(p for p in parts if p))


_INPUT_FIELDS = tuple(f.name for f in fields(EstablishmentInput))
_NOT_AUDITED = frozenset({"id", "created_at", "updated_at", "version", "search_text", "name_sort"})


def _values(data: EstablishmentInput) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in _INPUT_FIELDS:
        v = getattr(data, name)
        values[name] = v.strip() if isinstance(v, str) else v
    values["search_text"] = _search_text(data)
    values["name_sort"] = sort_text(values["name"])  # type: ignore[arg-type]
    return values


def add_establishment(db: Database, actor: Actor, data: EstablishmentInput) -> uuid.UUID:
    actor.require(Permission.EDIT_FIELD_WORK)
    _validate(data)
    with UnitOfWork(db, actor) as uow:
        row = Establishment(**_values(data))
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        return row.id


def bulk_add_establishments(
    db: Database, actor: Actor, items: Iterable[EstablishmentInput], batch: int = 10_000
) -> int:
    """Create many establishments in one transaction through Core inserts (imports, demo data).

    Validated like single adds and audited one entry per row, so the trail stays complete.
    """
    actor.require(Permission.EDIT_FIELD_WORK)
    count = 0
    now = utcnow()
    with UnitOfWork(db, actor) as uow:
        conn = uow.session.connection()
        chunk: list[dict[str, object]] = []
        audit: list[PendingEntry] = []

        def flush() -> None:
            if chunk:
                insert_rows(conn, Establishment, chunk)
                append_entries(conn, actor, audit)
                chunk.clear()
                audit.clear()

        for data in items:
            _validate(data)
            values = _values(data)
            new_id = uuid.uuid4()
            values.update(id=new_id, created_at=now, updated_at=now, version=1)
            chunk.append(values)
            audit.append(PendingEntry(
                "establishments", str(new_id), "create",
                {k: v for k, v in values.items() if v is not None and v != "" and k not in _NOT_AUDITED},
            ))
            count += 1
            if len(chunk) >= batch:
                flush()
        flush()
        uow.commit()
    return count


def _row(e: Establishment) -> EstablishmentRow:
    return EstablishmentRow(e.id, e.sector, e.name, e.owner_kind, e.owner_name, e.address_line,
                            e.commune_name, e.province_name, e.phone, e.version)


def _filtered(query_text: str | None, sector: str | None):  # type: ignore[no-untyped-def]
    stmt = select(Establishment)
    if sector:
        stmt = stmt.where(Establishment.sector == sector)
    key = search_key(query_text or "")
    for word in key.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Establishment.search_text.like(f"%{escaped}%", escape="\\"))
    return stmt


def search_establishments(
    db: Database, actor: Actor, text: str | None = None, sector: str | None = None,
    offset: int = 0, limit: int = 200,
) -> list[EstablishmentRow]:
    """A page of establishments matching every word of ``text`` without regard to accents."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        stmt = _filtered(text, sector).order_by(Establishment.name_sort, Establishment.id)
        rows = uow.session.scalars(stmt.offset(offset).limit(limit))
        return [_row(e) for e in rows]


def count_establishments(db: Database, actor: Actor, text: str | None = None,
                         sector: str | None = None) -> int:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        sub = _filtered(text, sector).with_only_columns(Establishment.id).subquery()
        return uow.session.scalar(select(func.count()).select_from(sub)) or 0


def get_establishment(db: Database, actor: Actor, establishment_id: uuid.UUID) -> EstablishmentRow:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        e = uow.session.get(Establishment, establishment_id)
        if e is None:
            raise NotFound("Không tìm thấy cơ sở.", f"no establishment {establishment_id}")
        return _row(e)
