"""The rules an import keeps before it writes: who may send what, and the law.

A laptop cannot send decisions, payments, plans or inspections, create accounts or change a
role, set a case to a state after its record, use a record number outside its block (checked
when the number is entered, :mod:`inspector.services.bundles_numbers`), date anything in the
future, or charge a fine the domain's bracket check refuses
(:func:`inspector.domain.fines.check_violation`, never a copy). Every record's parent is here or
in the bundle. Each refusal is one line naming the record.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from inspector.domain.fines import AppliedSanction, ChargedViolation, check_violation
from inspector.domain.law import Catalog, LawError
from inspector.domain.states import field_work_removable, record_content_editable
from inspector.services import attachments as att
from inspector.services import clock
from inspector.services.bundles_export import (
    read_rows,
    register_name,
    self_name,
)
from inspector.services.bundles_format import (
    KIND_LABELS_VI,
    LAPTOP,
    LAPTOP_KINDS,
    MODELS,
    REGISTER_KINDS,
    BundleError,
    fields_of,
    reference_version,
    table_of,
)
from inspector.services.bundles_plan import Planned, PlannedDeletion, local_rows, refuse
from inspector.services.bundles_zip import Incoming
from inspector.store.models import User
from inspector.store.sync import SyncDevice

#: The case states a laptop may set; anything after them is the register's (a decision).
LAPTOP_CASE_STATUSES = ("draft", "recorded", "explanation", "transferred", "reminded")
_RECORD_STATUSES = ("draft", "issued")


def check_identity(s: Session, bundle: Incoming) -> None:
    m = bundle.manifest
    kinds = set(bundle.records)
    if bundle.kind == LAPTOP:
        me = self_name(s, create=False)
        if not me or m["target_device"] != me:
            raise BundleError(
                f"Gói dữ liệu gửi cho “{m['target_device']}”, không phải cho sổ này.",
                f"bundle refused: it is addressed to {m['target_device']!r}, not to this register")
        known = s.scalar(select(SyncDevice.id).where(SyncDevice.name == m["source_device"],
                                                     SyncDevice.is_self.is_(False)))
        if known is None:
            raise BundleError(
                f"Máy “{m['source_device']}” chưa được Sở chuẩn bị gói dữ liệu nào; không nhận.",
                f"bundle refused: the register never prepared a package for "
                f"{m['source_device']!r}")
        extra = kinds - set(LAPTOP_KINDS)
        if extra:
            raise BundleError(
                f"Máy trạm không được gửi “{KIND_LABELS_VI[sorted(extra)[0]]}”.",
                f"bundle refused: a laptop cannot send {sorted(extra)[0]}")
        if m["number_blocks"] or bundle.acknowledged or bundle.reference is not None:
            raise BundleError("Máy trạm không được cấp dải số, xác nhận hay danh mục pháp luật.",
                              "bundle refused: a laptop cannot send number blocks, "
                              "acknowledgements or reference data")
        ours = reference_version(s.connection())
        if m["reference_version"] != ours:
            raise BundleError(
                "Danh mục pháp luật trên máy trạm khác của Sở; hãy nhận gói dữ liệu mới của Sở "
                "trên máy trạm trước, rồi xuất lại.",
                f"bundle refused: the laptop's reference data ({m['reference_version'][:19]}…) "
                f"differs from the register's ({ours[:19]}…); take the register's package "
                "first, then export again")
    else:
        extra = kinds - set(REGISTER_KINDS)
        if extra:
            raise BundleError(f"Gói của Sở không được mang “{KIND_LABELS_VI[sorted(extra)[0]]}”.",
                              f"bundle refused: a register package cannot carry "
                              f"{sorted(extra)[0]}")
        laptops = s.scalar(select(SyncDevice.name).where(SyncDevice.is_self.is_(False),
                                                         SyncDevice.is_register.is_(False)))
        if laptops is not None:
            raise BundleError("Cơ sở dữ liệu này là sổ của Sở (đã chuẩn bị gói cho máy trạm); "
                              "không nhận gói của Sở khác.",
                              "bundle refused: this database is a register (it prepares "
                              "packages for laptops); it does not take a register package")
        if not m["target_device"]:
            raise BundleError("Gói của Sở không ghi máy nhận.",
                              "bundle refused: the register package names no device")
        register = register_name(s)
        if register is not None and register != m["source_device"]:
            raise BundleError(f"Gói dữ liệu của “{m['source_device']}”, không phải của Sở mà máy "
                              f"này nhận (“{register}”).",
                              f"bundle refused: it comes from {m['source_device']!r}, not from "
                              f"this laptop's register {register!r}")
        me = self_name(s, create=False)
        if register is not None and me and me != m["target_device"]:
            raise BundleError(f"Gói dữ liệu dành cho máy “{m['target_device']}”, không phải máy "
                              f"này (“{me}”).",
                              f"bundle refused: it is for {m['target_device']!r}, not {me!r}")
        for b in m["number_blocks"]:
            if b["last"] < b["first"]:
                raise BundleError("Dải số biên bản không hợp lệ.",
                                  "bundle refused: a number block ends before it starts")


def _today_or_before(kind: str, rid: str, data: dict[str, Any], names: tuple[str, ...],
                     today: date) -> None:
    for name in names:
        value = data.get(name)
        if value and date.fromisoformat(value) > today:
            raise refuse(kind, rid, f"ngày {name} ở tương lai ({value})",
                          f"{name} {value} is in the future")


def check_rules(s: Session, bundle: Incoming, items: list[Planned], catalog: Catalog | None,
                 states: dict[tuple[str, uuid.UUID], tuple[str, str]]) -> None:
    """The legal and ownership rules on what would be written (laptop bundles)."""
    today = clock.today()
    conn = s.connection()
    written = [i for i in items if i.writes]
    cases = {i.id: i.final for i in items if i.kind == "cases"}
    for item in written:
        d, rid = item.final, item.id
        if item.kind == "users":
            local = conn.execute(select(User.role, User.login).where(
                User.id == uuid.UUID(rid))).first()
            if local is None or ("users", uuid.UUID(rid)) not in states:
                raise refuse("users", rid, "máy trạm không được tạo tài khoản",
                              "a laptop cannot create accounts")
            if d["role"] != local.role or d["login"] != local.login:
                raise refuse("users", rid, f"máy trạm không được đổi vai trò thành {d['role']!r}",
                              f"a laptop cannot claim the role {d['role']!r} (given "
                              f"{local.role!r})")
        elif item.kind == "cases":
            if d["status"] not in LAPTOP_CASE_STATUSES:
                raise refuse("cases", rid, f"trạng thái “{d['status']}” chỉ Sở ghi được (quyết "
                              "định xử phạt)", f"status {d['status']!r} belongs to the register "
                              "(a decision)")
            _today_or_before("cases", rid, d, ("opened_on", "transferred_on"), today)
        elif item.kind == "visits":
            _today_or_before("visits", rid, d, ("visit_date",), today)
        elif item.kind == "violations":
            _today_or_before("violations", rid, d, ("ended_on", "discovered_on"), today)
            if d["ended_on"] and d["discovered_on"] and d["ended_on"] > d["discovered_on"]:
                raise refuse("violations", rid, "ngày chấm dứt hành vi sau ngày phát hiện",
                              "ended_on is after discovered_on")
            _check_fine(s, catalog, rid, d, cases)
        elif item.kind == "violation_records":
            if d["status"] not in _RECORD_STATUSES:
                raise refuse("violation_records", rid, f"trạng thái {d['status']!r} không hợp lệ",
                              f"status {d['status']!r} is not allowed")
            _today_or_before("violation_records", rid, d, ("made_on",), today)
            if d["made_on"] and date.fromisoformat(d["made_on"]).year != d["year"]:
                raise refuse("violation_records", rid, "năm của số biên bản khác năm lập",
                              "the year differs from the year it was made")
            if d["pdf_sha256"] and d["pdf_sha256"] not in bundle.files:
                raise refuse("violation_records", rid, "thiếu tệp PDF của biên bản",
                              "its PDF is missing from the bundle")
        elif item.kind == "attachments":
            _check_attachment(conn, bundle, rid, d)
        if item.kind == "visits" and item.action == "add":
            _check_visit_day(conn, rid, d)


def _check_attachment(conn: Connection, bundle: Incoming, rid: str, d: dict[str, Any]) -> None:
    """The file is in the bundle (or already here) and is what the record says it is."""
    sha = d["sha256"]
    if sha in bundle.files:
        info = bundle.files[sha]
        with bundle.zip.open(info) as member:
            head = member.read(16)
        size = info.file_size
    elif (here := att.local_file(conn, sha)) is not None:
        with here.open("rb") as handle:
            head = handle.read(16)
        size = here.stat().st_size
    else:
        raise refuse("attachments", rid, "thiếu tệp đính kèm trong gói",
                      "its file is missing from the bundle")
    if att.detect_type(head) != d["mime_type"] or size != d["size_bytes"]:
        raise refuse("attachments", rid, "tệp không đúng loại hoặc kích thước đã ghi",
                      "its file differs from the recorded type or size")


def _check_visit_day(conn: Connection, rid: str, d: dict[str, Any]) -> None:
    """One visit of an establishment a day in one inspection: a second device's is refused
    by name, not by a constraint error."""
    c = table_of("visits").c
    other = conn.execute(select(c.id).where(
        c.inspection_id == uuid.UUID(d["inspection_id"]),
        c.establishment_id == uuid.UUID(d["establishment_id"]),
        c.visit_date == date.fromisoformat(d["visit_date"]), c.id != uuid.UUID(rid))).first()
    if other is not None:
        raise refuse("visits", rid, f"sổ đã có lượt kiểm tra cơ sở này ngày {d['visit_date']} "
                      "trong cuộc này (lập trên máy khác); hãy gộp trên một máy rồi xuất lại",
                      f"the register already has a visit of this establishment on "
                      f"{d['visit_date']} in this inspection ({other[0]}), made on another device")


def _check_fine(s: Session, catalog: Catalog | None, rid: str, d: dict[str, Any],
                cases: dict[str, dict[str, Any]]) -> None:
    """The domain's bracket check (inspector.domain.fines.check_violation), never a copy."""
    assert catalog is not None
    case = cases.get(d["case_id"])
    if case is None:
        row = read_rows(s.connection(), "cases", table_of("cases").c.id
                        == uuid.UUID(d["case_id"]))
        case = row[0] if row else None
    if case is None:
        return  # the missing parent is reported by the reference check
    when = d["discovered_on"] if d["ongoing"] else (d["ended_on"] or d["discovered_on"])
    charged = ChargedViolation(
        d["provision_key"], amount=None if d["warning"] else d["amount"], copies=d["copies"],
        additional=tuple(AppliedSanction(str(a.get("kind")), a.get("months"))
                         for a in d["additional_sanctions"] if isinstance(a, dict)),
        remedial=tuple(str(m.get("code")) for m in d["remedial_measures"]
                       if isinstance(m, dict) and m.get("code")))
    try:
        check_violation(catalog, charged, case["subject_kind"], date.fromisoformat(when))
    except LawError as exc:
        raise refuse("violations", rid, exc.reason, f"refused by the law check: {exc.reason}") \
            from None
    except (TypeError, ValueError) as exc:  # the domain's own refusals of impossible values
        raise refuse("violations", rid, str(exc), f"refused by the law check: {exc}") from None


def check_references(conn: Connection, bundle: Incoming, items: list[Planned]) -> None:
    """Every record points to a parent that is here or in the bundle (one clear line)."""
    present: dict[str, set[str]] = {k: set() for k in MODELS}
    for item in items:
        present[item.kind].add(item.id)
    wanted: dict[str, set[str]] = {}
    links: list[tuple[Planned, str, str, str]] = []
    for item in items:
        table = table_of(item.kind)
        carried = fields_of(item.kind)
        for fk in table.foreign_keys:
            name, target = fk.parent.name, fk.column.table.name
            if name not in carried or target not in MODELS:
                continue
            value = item.final.get(name)
            if value and value not in present[target]:
                wanted.setdefault(target, set()).add(value)
                links.append((item, name, target, value))
        if item.kind == "attachments":
            owner = {"seized_item": "seized_items", "visit": "visits", "violation": "violations",
                     "case": "cases", "establishment": "establishments",
                     "inspection": "inspections"}[item.final["owner_type"]]
            value = item.final["owner_id"]
            if value not in present[owner]:
                wanted.setdefault(owner, set()).add(value)
                links.append((item, "owner_id", owner, value))
    found = {k: set(local_rows(conn, k, sorted(v))) for k, v in wanted.items()}
    for item, name, target, value in links:
        if value not in found.get(target, set()):
            raise refuse(item.kind, item.id, f"trỏ tới {KIND_LABELS_VI[target].lower()} {value[:8]}"
                          "… không có ở đây và không có trong gói",
                          f"{name} points to {target} {value} that is neither here nor in the "
                          "bundle")




def _case_of(conn: Connection, kind: str, row: dict[str, Any]) -> uuid.UUID | None:
    """The case a removable record belongs to (directly, or through its owner for a file)."""
    if kind in ("violations", "seized_items"):
        return uuid.UUID(row["case_id"]) if row.get("case_id") else None
    if kind == "attachments":
        return att.case_of_owner(conn, row["owner_type"], uuid.UUID(row["owner_id"]))
    return None


def check_deletions(conn: Connection, deletions: list[PlannedDeletion]) -> None:
    """A removal the register applies must not touch a case the register has moved on, by the
    rules of a removal made here: a violation or seized item once the violation record states
    it (``states.record_content_editable``), a photo or scan once a decision or a transfer
    stands on it (``states.field_work_removable``)."""
    from inspector.store.models import Case

    for item in deletions:
        if not item.deletes or item.ours is None:
            continue
        case_id = _case_of(conn, item.kind, item.ours)
        if case_id is None:
            continue
        status = conn.scalar(select(Case.status).where(Case.id == case_id))
        if status is None:
            continue
        recorded = field_work_removable(status) and not record_content_editable(status)
        if item.kind in ("violations", "seized_items") and recorded:
            raise refuse(item.kind, item.id, "vụ việc đã lập biên bản vi phạm ở Sở; không xóa "
                          "được hành vi, tang vật mà biên bản đã ghi",
                          f"its case is {status!r} at the register: the violation record states "
                          "it")
        if not field_work_removable(status):
            raise refuse(item.kind, item.id, "vụ việc đã có quyết định ở Sở; không xóa được "
                          "bản ghi mà quyết định dựa vào",
                          f"its case is {status!r} at the register: a record a decision stands "
                          "on is not removed")
