"""The audit history of a record, in words a user reads: Vietnamese field names and values.

An establishment's history is its own entries; a case's history gathers the case, its
violations, seized items, violation records, decisions and their payments, and its files, each
entry saying which of them it is about. Technical columns (ids, hashes, copies of other
records kept for counting) are left out; a value is shown as the user typed or reads it
(``15.500.000 đồng``, ``02/12/2026``, "Có"), never ``None``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from inspector.domain.money import format_vnd
from inspector.domain.relief import FOLLOW_UP_LABELS_VI
from inspector.domain.roles import Permission
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.services.actor import Actor
from inspector.services.audit import HistoryItem, history
from inspector.services.cases import (
    CASE_STATUS_LABELS_VI,
    DISPOSAL_LABELS_VI,
    SEIZED_KIND_LABELS_VI,
    SUBJECT_LABELS_VI,
)
from inspector.services.decisions import DECISION_STATUS_LABELS_VI
from inspector.services.establishments import FIELD_LABELS_VI as ESTABLISHMENT_FIELDS
from inspector.services.establishments import OWNER_KIND_LABELS_VI
from inspector.services.inspections import OUTCOME_LABELS_VI
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    Attachment,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    ViolationRecord,
)

ACTION_LABELS_VI = {"create": "Tạo mới", "update": "Sửa", "delete": "Xóa"}
ENTITY_LABELS_VI = {
    "establishments": "Cơ sở", "licences": "Giấy phép", "visits": "Làm việc tại cơ sở",
    "cases": "Vụ việc", "violations": "Hành vi vi phạm", "seized_items": "Tang vật, phương tiện",
    "violation_records": "Biên bản vi phạm hành chính",
    "sanction_decisions": "Quyết định xử phạt", "payments": "Nộp phạt",
    "attachments": "Tài liệu, ảnh",
}
FIELD_LABELS_VI: dict[str, str] = {
    **ESTABLISHMENT_FIELDS,
    "notes": "Ghi chú", "business_kind": "Loại hình kinh doanh",
    "kind": "Loại", "number": "Số", "issuer": "Cơ quan cấp", "issued_on": "Ngày cấp",
    "valid_until": "Có giá trị đến",
    "visit_date": "Ngày làm việc", "outcome": "Kết quả", "checklist": "Nội dung kiểm tra",
    "subject_kind": "Đối tượng", "violator": "Người/tổ chức vi phạm", "status": "Trạng thái",
    "opened_on": "Ngày lập vụ việc", "complex_case": "Vụ việc phức tạp",
    "explanation": "Có yêu cầu giải trình", "transferred_to": "Chuyển cho",
    "transferred_on": "Ngày chuyển",
    "provision_key": "Điều khoản vi phạm", "ongoing": "Vi phạm đang thực hiện",
    "ended_on": "Ngày kết thúc vi phạm", "discovered_on": "Ngày phát hiện",
    "facts": "Hành vi", "mitigating": "Tình tiết giảm nhẹ", "aggravating": "Tình tiết tăng nặng",
    "amount": "Số tiền", "amount_reason": "Lý do mức phạt", "warning": "Cảnh cáo",
    "copies": "Số bản", "titles": "Tên ấn phẩm, hàng hóa",
    "additional_sanctions": "Hình thức xử phạt bổ sung",
    "remedial_measures": "Biện pháp khắc phục hậu quả",
    "description": "Mô tả", "quantity": "Số lượng", "unit": "Đơn vị tính", "value": "Giá trị",
    "condition": "Tình trạng", "kept_at": "Nơi giữ", "disposal": "Xử lý",
    "disposal_date": "Ngày xử lý",
    "year": "Năm", "number_text": "Số, ký hiệu", "made_on": "Ngày lập",
    "form": "Mẫu", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
    "total_amount": "Tổng số tiền phạt", "delivered_on": "Ngày giao quyết định",
    "due_date": "Hạn nộp phạt", "amendment_kind": "Loại quyết định",
    "deferred_until": "Hoãn thi hành đến", "instalments": "Nộp phạt nhiều lần",
    "paid_on": "Ngày nộp", "receipt_number": "Số biên lai",
    "original_name": "Tên tệp", "caption": "Chú thích", "mime_type": "Kiểu tệp",
    "size_bytes": "Dung lượng",
}
# Columns no user typed: keys, hashes, stored documents, counting copies of other records.
HIDDEN_FIELDS = {
    "id", "version", "created_at", "updated_at", "name_sort", "search_text", "pdf",
    "pdf_sha256", "snapshot", "sha256", "agency_id", "owner_type", "owner_id", "amends_id",
    "commune_code", "password_hash",
}
MONEY_FIELDS = {"amount", "total_amount", "value"}
CODE_LABELS: dict[str, dict[str, str]] = {
    "sector": SECTOR_LABELS_VI, "owner_kind": OWNER_KIND_LABELS_VI,
    "owner_sex": {"M": "Nam", "F": "Nữ"}, "outcome": OUTCOME_LABELS_VI,
    "subject_kind": SUBJECT_LABELS_VI, "disposal": DISPOSAL_LABELS_VI,
    "amendment_kind": {"amend": "Sửa đổi, bổ sung", "correct": "Đính chính", "annul": "Hủy bỏ",
                       **FOLLOW_UP_LABELS_VI},
}
STATUS_LABELS: dict[str, dict[str, str]] = {
    "cases": CASE_STATUS_LABELS_VI, "sanction_decisions": DECISION_STATUS_LABELS_VI,
    "violation_records": {"draft": "Dự thảo", "issued": "Đã lập"},
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EMPTY = "(trống)"


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry as the History view shows it."""

    at: Any
    user_login: str
    device: str
    record: str  # which record: "Vụ việc", "Hành vi vi phạm", …
    action: str  # "Tạo mới", "Sửa", "Xóa"
    changes: str  # "Số điện thoại: (trống) → 0912 345 678; …"


def _shown(key: str) -> bool:
    return key in FIELD_LABELS_VI and key not in HIDDEN_FIELDS and not key.endswith("_id")


def value_vi(entity: str, key: str, value: Any) -> str:
    """A stored value as the user reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if key in MONEY_FIELDS and isinstance(value, int):
        return format_vnd(value)
    if key == "status":
        return STATUS_LABELS.get(entity, {}).get(str(value), str(value))
    if key == "kind" and entity == "seized_items":
        return SEIZED_KIND_LABELS_VI.get(str(value), str(value))
    if key in CODE_LABELS:
        return CODE_LABELS[key].get(str(value), str(value))
    if isinstance(value, str):
        m = _ISO_DATE.match(value)
        return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else value
    if isinstance(value, int):
        return str(value) if key in ("year", "number") else f"{value:,}".replace(",", ".")
    if isinstance(value, dict):
        name = value.get("name") or value.get("full_name")
        return str(name) if name else f"{len(value)} mục"
    if isinstance(value, list):
        return f"{len(value)} mục"
    return str(value)


def describe(entity: str, item: HistoryItem) -> str:
    """The entry's changes, field by field, in Vietnamese."""
    parts = []
    for key, change in item.changes.items():
        if not _shown(key):
            continue
        label = FIELD_LABELS_VI[key]
        if item.action == "update" and isinstance(change, dict) and set(change) <= {"old", "new"}:
            parts.append(f"{label}: {value_vi(entity, key, change.get('old'))} → "
                         f"{value_vi(entity, key, change.get('new'))}")
        elif change not in (None, "", [], {}, False) or item.action != "create":
            parts.append(f"{label}: {value_vi(entity, key, change)}")
    return "; ".join(parts)


def _entries(conn: Any, entity: str, record_id: Any, record: str) -> list[tuple[int, HistoryEntry]]:
    return [(h.seq, HistoryEntry(h.at, h.user_login, h.device, record,
                                 ACTION_LABELS_VI.get(h.action, h.action), describe(entity, h)))
            for h in history(conn, record_id)]


def record_history(db: Database, actor: Actor, record_id: uuid.UUID) -> list[HistoryItem]:
    """One record's raw audit entries (the stored keys and values), oldest first."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return history(uow.session.connection(), record_id)


def record_entries(db: Database, actor: Actor, record_id: uuid.UUID,
                   entity: str = "establishments") -> list[HistoryEntry]:
    """One record's entries (an establishment, a licence…) in words, oldest first."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        rows = _entries(uow.session.connection(), entity, record_id,
                        ENTITY_LABELS_VI.get(entity, ""))
    return [e for _, e in sorted(rows, key=lambda r: r[0])]


def case_history(db: Database, actor: Actor, case_id: uuid.UUID) -> list[HistoryEntry]:
    """Everything recorded about a case: the case, its violations, seized items, violation
    records, decisions, payments and files, oldest first."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        conn = s.connection()
        records: list[tuple[str, Any, str]] = [("cases", case_id, ENTITY_LABELS_VI["cases"])]
        for v in s.scalars(select(Violation).where(Violation.case_id == case_id)):
            records.append(("violations", v.id, f"Hành vi vi phạm ({v.provision_key})"))
        for x in s.scalars(select(SeizedItem).where(SeizedItem.case_id == case_id)):
            records.append(("seized_items", x.id, f"Tang vật, phương tiện ({x.description or x.unit})"))
        for r in s.scalars(select(ViolationRecord).where(ViolationRecord.case_id == case_id)):
            records.append(("violation_records", r.id, "Biên bản vi phạm hành chính"
                            + (f" số {r.number_text}" if r.number_text else "")))
        decision_ids = []
        for d in s.scalars(select(SanctionDecision).where(SanctionDecision.case_id == case_id)):
            decision_ids.append(d.id)
            records.append(("sanction_decisions", d.id, "Quyết định xử phạt"
                            + (f" số {d.number_text}" if d.number_text else "")))
        if decision_ids:
            for p in s.scalars(select(Payment).where(Payment.decision_id.in_(decision_ids))):
                records.append(("payments", p.id, "Nộp phạt"))
        owners = [case_id, *(i for _, i, _ in records[1:])]
        for a in s.scalars(select(Attachment).where(Attachment.owner_id.in_(owners))):
            records.append(("attachments", a.id, f"Tài liệu, ảnh ({a.original_name})"))
        rows = [row for entity, rid, label in records for row in _entries(conn, entity, rid, label)]
    return [e for _, e in sorted(rows, key=lambda r: r[0])]
