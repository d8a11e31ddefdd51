"""The agency's own settings: names for the document header, place name, Treasury account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields

from sqlalchemy import select

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import AgencySettings


@dataclass(frozen=True)
class AgencyInfo:
    superior_agency: str = ""
    agency_name: str = ""
    agency_short: str = ""
    place_name: str = ""
    province_code: str = ""
    treasury_account: str = ""
    treasury_name: str = ""
    record_suffix: str = "BB-VPHC"
    decision_suffix: str = "QĐ-XPHC"
    id: uuid.UUID | None = None
    version: int = 0

    @property
    def configured(self) -> bool:
        return bool(self.agency_name and self.place_name)


_EDITABLE = [f.name for f in fields(AgencyInfo) if f.name not in ("id", "version")]


def get_agency(db: Database, actor: Actor) -> AgencyInfo:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.scalar(select(AgencySettings).order_by(AgencySettings.created_at))
        if row is None:
            return AgencyInfo()
        return AgencyInfo(**{k: getattr(row, k) for k in _EDITABLE}, id=row.id, version=row.version)


def save_agency(db: Database, actor: Actor, info: AgencyInfo) -> AgencyInfo:
    """Create or update the settings; ``info.version`` must match the stored row (optimistic lock)."""
    actor.require(Permission.MANAGE_SETTINGS)
    if not info.agency_name.strip():
        raise ValidationError("Hãy nhập tên cơ quan ban hành.", "agency name is empty",
                              field="agency_name")
    if not info.place_name.strip():
        raise ValidationError("Hãy nhập địa danh ghi ở dòng ngày tháng.", "place name is empty",
                              field="place_name")
    with UnitOfWork(db, actor) as uow:
        row = uow.session.scalar(select(AgencySettings).order_by(AgencySettings.created_at))
        if row is None:
            row = AgencySettings()
            uow.session.add(row)
        elif row.version != info.version:
            raise ConflictError(
                "Cài đặt đã được người khác sửa; hãy mở lại trang Cài đặt.",
                "the settings were changed by someone else; reload them",
            )
        for key in _EDITABLE:
            value = getattr(info, key)
            setattr(row, key, value.strip() if isinstance(value, str) else value)
        uow.session.flush()
        uow.commit()
        return AgencyInfo(**{k: getattr(row, k) for k in _EDITABLE}, id=row.id, version=row.version)
