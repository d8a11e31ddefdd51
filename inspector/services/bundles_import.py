"""Importing a bundle: all or nothing, idempotent, conflict-aware, and keeping the rules.

Every record is classified against what this database holds and what it last agreed with the
sending device (:class:`inspector.store.sync.SyncRecord`): *added* (new here), *updated* (the
sender changed it and this side did not), *unchanged* (same content, or only this side changed
it), or a *conflict* (both sides changed it since they last met). A conflict is never resolved
silently: the import is refused until each conflicting field is given ``theirs`` or ``ours``
(``resolutions``); the choice is written into the audit entry of the record.

The whole import is one transaction. A dry run does all of it, then rolls back (and writes no
file), so the preview shows exactly what the import would do. Files are copied into the
attachment store before the commit and removed again if the transaction fails.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector.domain.fines import AppliedSanction, ChargedViolation, check_violation
from inspector.domain.law import Catalog, LawError
from inspector.domain.roles import Permission
from inspector.domain.text import sort_text
from inspector.services import attachments as att
from inspector.services import bundles_numbers
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.audit import PendingEntry, append_entries
from inspector.services.bundles_export import (
    load_states,
    mark_acknowledged,
    read_rows,
    register_name,
    save_states,
    self_name,
    set_self,
)
from inspector.services.bundles_format import (
    KIND_LABELS_VI,
    LAPTOP,
    LAPTOP_KINDS,
    MODELS,
    REF_MODELS,
    REGISTER_KINDS,
    BundleError,
    Incoming,
    digest,
    fields_of,
    from_json,
    read_bundle,
    reference_version,
    table_of,
)
from inspector.services.errors import ConflictError
from inspector.services.establishments import EstablishmentInput, _search_text
from inspector.services.law import law_data
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import User
from inspector.store.sync import NumberBlock, SyncBundle, SyncDevice

#: The case states a laptop may set; anything after them is the register's (a decision).
LAPTOP_CASE_STATUSES = ("draft", "recorded", "explanation", "transferred", "reminded")
_RECORD_STATUSES = ("draft", "issued")
_CHOICES = ("theirs", "ours")


@dataclass
class Conflict:
    kind: str
    id: str
    label: str
    fields: list[str]
    ours: dict[str, Any]
    theirs: dict[str, Any]
    resolution: dict[str, str] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return all(f in self.resolution for f in self.fields)

    def to_json(self) -> dict[str, Any]:
        out = {"record": f"{self.kind}/{self.id}", "kind": self.kind, "id": self.id,
               "label": self.label, "fields": self.fields, "ours": self.ours,
               "theirs": self.theirs}
        if self.resolution:
            out["resolution"] = self.resolution
        return out


@dataclass
class ImportSummary:
    bundle_id: uuid.UUID
    kind: str
    source_device: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    already_imported: datetime | None = None
    dry_run: bool = False

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.resolved]

    def to_json(self) -> dict[str, Any]:
        """The contract of ``bundle import --json``: exactly these four keys."""
        return {"added": dict(self.added), "updated": dict(self.updated),
                "unchanged": dict(self.unchanged),
                "conflicts": [c.to_json() for c in self.conflicts]}


class UnresolvedConflicts(ConflictError):
    """Records changed on both sides: nothing written until each field is given a side."""

    def __init__(self, summary: ImportSummary) -> None:
        n = len(summary.unresolved)
        first = summary.unresolved[0]
        super().__init__(
            f"{n} bản ghi đã được sửa ở cả hai nơi (đầu tiên: {first.label}, trường "
            f"{', '.join(first.fields)}); hãy chọn giữ bản nào cho từng trường. Chưa ghi gì.",
            f"{n} record(s) changed on both sides (first: {first.kind}/{first.id}, fields "
            f"{', '.join(first.fields)}); resolve with --resolve ID=theirs|ours (nothing written)")
        self.summary = summary


def parse_resolutions(values: list[str]) -> dict[str, str]:
    """``ID=theirs``, ``ID.field=ours`` (the CLI's ``--resolve``) as a mapping."""
    out: dict[str, str] = {}
    for text in values:
        key, sep, choice = text.partition("=")
        if not sep or choice.strip() not in _CHOICES or not key.strip():
            raise BundleError(f"Lựa chọn không hợp lệ: {text!r} (ID=theirs|ours).",
                              f"bad resolution {text!r}: use RECORD_ID[.FIELD]=theirs|ours")
        out[key.strip()] = choice.strip()
    return out


def _label(kind: str, data: dict[str, Any]) -> str:
    for name in ("name", "title", "login", "number_text", "provision_key", "original_name",
                 "kind"):
        value = data.get(name)
        if isinstance(value, str) and value:
            return f"{KIND_LABELS_VI[kind]} “{value}”"
    return f"{KIND_LABELS_VI[kind]} {data.get('id', '')[:8]}"


def _refuse(kind: str, record_id: str, vi: str, en: str) -> BundleError:
    return BundleError(f"Gói dữ liệu bị từ chối: {KIND_LABELS_VI[kind].lower()} {record_id[:8]}…: "
                       f"{vi}", f"bundle refused: {kind} {record_id}: {en}")


# --- the plan -------------------------------------------------------------------------------

@dataclass
class _Item:
    kind: str
    id: str
    action: str  # add, update, unchanged, conflict
    incoming: dict[str, Any]
    final: dict[str, Any]
    ours: dict[str, Any] | None = None
    conflict: Conflict | None = None
    d_in: str = ""
    d_final: str = ""

    def digests(self) -> tuple[str, str]:
        """The incoming and the final digest (computed once)."""
        if not self.d_in:
            self.d_in = digest(self.incoming)
        if not self.d_final:
            self.d_final = self.d_in if self.final is self.incoming else digest(self.final)
        return self.d_in, self.d_final

    @property
    def writes(self) -> bool:
        return self.action in ("add", "update") or (
            self.action == "conflict" and self.final != self.ours)


def _local_rows(conn: Connection, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    table = table_of(kind)
    out: dict[str, dict[str, Any]] = {}
    keys = [uuid.UUID(i) for i in ids]
    for start in range(0, len(keys), 500):
        for row in read_rows(conn, kind, table.c.id.in_(keys[start:start + 500])):
            out[row["id"]] = row
    return out


def _plan(conn: Connection, bundle: Incoming, resolutions: dict[str, str]) -> list[_Item]:
    source = bundle.manifest["source_device"]
    states = load_states(conn, source)
    items: list[_Item] = []
    for kind in MODELS:
        records = bundle.records.get(kind, [])
        seen: set[str] = set()
        for rec in records:
            if rec["id"] != rec["data"]["id"]:
                raise _refuse(kind, rec["id"], "mã bản ghi không khớp nội dung",
                              "the id differs from the record's own id")
            if rec["id"] in seen:
                raise _refuse(kind, rec["id"], "xuất hiện hai lần trong gói", "appears twice")
            seen.add(rec["id"])
        local = _local_rows(conn, kind, [r["id"] for r in records])
        for rec in records:
            items.append(_classify(kind, rec, local.get(rec["id"]),
                                   states.get((kind, uuid.UUID(rec["id"]))), resolutions))
    return items


def _classify(kind: str, rec: dict[str, Any], ours: dict[str, Any] | None,
              state: tuple[str, str] | None, resolutions: dict[str, str]) -> _Item:
    theirs = rec["data"]
    rid = rec["id"]
    if ours is None:
        return _Item(kind, rid, "add", theirs, theirs, None)
    d_in, d_local = digest(theirs), digest(ours)
    if d_in == d_local:
        return _Item(kind, rid, "unchanged", theirs, ours, ours, None, d_in, d_local)
    if state is not None:
        local_changed = d_local != state[1]
        remote_changed = d_in != state[0]
    else:  # never exchanged with this device: trust its base only if it is ours exactly
        local_changed = d_local != rec["base"]
        remote_changed = True
    if not remote_changed:
        return _Item(kind, rid, "unchanged", theirs, ours, ours, None, d_in, d_local)
    if not local_changed:
        return _Item(kind, rid, "update", theirs, theirs, ours, None, d_in, d_in)
    names = [n for n in fields_of(kind) if ours.get(n) != theirs.get(n)]
    conflict = Conflict(kind, rid, _label(kind, ours), names,
                        {n: ours.get(n) for n in names}, {n: theirs.get(n) for n in names})
    for name in names:
        choice = resolutions.get(f"{rid}.{name}") or resolutions.get(rid)
        if choice:
            conflict.resolution[name] = choice
    final = dict(ours)
    for name, choice in conflict.resolution.items():
        if choice == "theirs":
            final[name] = theirs[name]
    return _Item(kind, rid, "conflict", theirs, final, ours, conflict)


# --- the rules ------------------------------------------------------------------------------

def _check_identity(s: Session, bundle: Incoming) -> None:
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
            raise _refuse(kind, rid, f"ngày {name} ở tương lai ({value})",
                          f"{name} {value} is in the future")


def _check_rules(s: Session, bundle: Incoming, items: list[_Item], catalog: Catalog | None,
                 states: dict[tuple[str, uuid.UUID], tuple[str, str]]) -> None:
    """The legal and ownership rules on what would be written (laptop bundles)."""
    today = date.today()
    conn = s.connection()
    written = [i for i in items if i.writes]
    cases = {i.id: i.final for i in items if i.kind == "cases"}
    for item in written:
        d, rid = item.final, item.id
        if item.kind == "users":
            local = conn.execute(select(User.role, User.login).where(
                User.id == uuid.UUID(rid))).first()
            if local is None or ("users", uuid.UUID(rid)) not in states:
                raise _refuse("users", rid, "máy trạm không được tạo tài khoản",
                              "a laptop cannot create accounts")
            if d["role"] != local.role or d["login"] != local.login:
                raise _refuse("users", rid, f"máy trạm không được đổi vai trò thành {d['role']!r}",
                              f"a laptop cannot claim the role {d['role']!r} (given "
                              f"{local.role!r})")
        elif item.kind == "cases":
            if d["status"] not in LAPTOP_CASE_STATUSES:
                raise _refuse("cases", rid, f"trạng thái “{d['status']}” chỉ Sở ghi được (quyết "
                              "định xử phạt)", f"status {d['status']!r} belongs to the register "
                              "(a decision)")
            _today_or_before("cases", rid, d, ("opened_on", "transferred_on"), today)
        elif item.kind == "visits":
            _today_or_before("visits", rid, d, ("visit_date",), today)
        elif item.kind == "violations":
            _today_or_before("violations", rid, d, ("ended_on", "discovered_on"), today)
            if d["ended_on"] and d["discovered_on"] and d["ended_on"] > d["discovered_on"]:
                raise _refuse("violations", rid, "ngày chấm dứt hành vi sau ngày phát hiện",
                              "ended_on is after discovered_on")
            _check_fine(s, catalog, rid, d, cases)
        elif item.kind == "violation_records":
            if d["status"] not in _RECORD_STATUSES:
                raise _refuse("violation_records", rid, f"trạng thái {d['status']!r} không hợp lệ",
                              f"status {d['status']!r} is not allowed")
            _today_or_before("violation_records", rid, d, ("made_on",), today)
            if d["made_on"] and date.fromisoformat(d["made_on"]).year != d["year"]:
                raise _refuse("violation_records", rid, "năm của số biên bản khác năm lập",
                              "the year differs from the year it was made")
            if d["pdf_sha256"] and d["pdf_sha256"] not in bundle.files:
                raise _refuse("violation_records", rid, "thiếu tệp PDF của biên bản",
                              "its PDF is missing from the bundle")
        elif item.kind == "attachments":
            _check_attachment(bundle, rid, d)
        if item.kind == "visits" and item.action == "add":
            _check_visit_day(conn, rid, d)


def _check_attachment(bundle: Incoming, rid: str, d: dict[str, Any]) -> None:
    """The file is in the bundle (or already here) and is what the record says it is."""
    sha = d["sha256"]
    if sha in bundle.files:
        info = bundle.files[sha]
        with bundle.zip.open(info) as member:
            head = member.read(16)
        size = info.file_size
    elif att.stored_path(sha).is_file():
        with att.stored_path(sha).open("rb") as handle:
            head = handle.read(16)
        size = att.stored_path(sha).stat().st_size
    else:
        raise _refuse("attachments", rid, "thiếu tệp đính kèm trong gói",
                      "its file is missing from the bundle")
    if att.detect_type(head) != d["mime_type"] or size != d["size_bytes"]:
        raise _refuse("attachments", rid, "tệp không đúng loại hoặc kích thước đã ghi",
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
        raise _refuse("visits", rid, f"sổ đã có lượt kiểm tra cơ sở này ngày {d['visit_date']} "
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
        raise _refuse("violations", rid, exc.reason, f"refused by the law check: {exc.reason}") \
            from None
    except (TypeError, ValueError) as exc:  # the domain's own refusals of impossible values
        raise _refuse("violations", rid, str(exc), f"refused by the law check: {exc}") from None


def _check_references(conn: Connection, bundle: Incoming, items: list[_Item]) -> None:
    """Every record points to a parent that is here or in the bundle (one clear line)."""
    present: dict[str, set[str]] = {k: set() for k in MODELS}
    for item in items:
        present[item.kind].add(item.id)
    wanted: dict[str, set[str]] = {}
    links: list[tuple[_Item, str, str, str]] = []
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
    found = {k: set(_local_rows(conn, k, sorted(v))) for k, v in wanted.items()}
    for item, name, target, value in links:
        if value not in found.get(target, set()):
            raise _refuse(item.kind, item.id, f"trỏ tới {KIND_LABELS_VI[target].lower()} {value[:8]}"
                          "… không có ở đây và không có trong gói",
                          f"{name} points to {target} {value} that is neither here nor in the "
                          "bundle")


# --- writing --------------------------------------------------------------------------------

def _values(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    columns = fields_of(kind)
    out = {name: from_json(data[name], columns[name]) for name in columns}
    if kind == "establishments":
        est = EstablishmentInput(**{n: out[n] for n in EstablishmentInput.__dataclass_fields__})
        out["search_text"] = _search_text(est)
        out["name_sort"] = sort_text(out["name"])
    return out


def _write(s: Session, actor: Actor, bundle: Incoming, items: list[_Item],
           agency_id: uuid.UUID | None, files_written: list[str]) -> None:
    conn = s.connection()
    m = bundle.manifest
    source, bid = m["source_device"], bundle.bundle_id
    now = utcnow()
    entries: list[PendingEntry] = []
    provenance = {"bundle": str(bid), "source_device": source,
                  "source_audit_anchor": m["audit_anchor"]}
    for kind in MODELS:
        table = table_of(kind)
        adds, updates = [], []
        for item in items:
            if item.kind != kind:
                continue
            if item.action == "add":
                adds.append(item)
            elif item.writes:
                updates.append(item)
        rows = []
        for item in adds:
            values = _values(kind, item.final)
            values.update(updated_at=now, version=1)
            if kind == "violation_records":
                values.update(agency_id=agency_id, pdf=_pdf(bundle, item.final))
            rows.append(values)
            entries.append(PendingEntry(kind, item.id, "import_create",
                                        {**provenance, "values": item.final}))
        if rows:
            conn.execute(insert(table), rows)
        for item in updates:
            values = _values(kind, item.final)
            values.pop("id")
            if kind == "violation_records":
                values.update(pdf=_pdf(bundle, item.final))
            values.update(updated_at=now, version=table.c.version + 1)
            conn.execute(update(table).where(table.c.id == uuid.UUID(item.id)).values(**values))
            before = item.ours or {}
            changes = {n: {"old": before.get(n), "new": v} for n, v in item.final.items()
                       if before.get(n) != v}
            extra = {"resolution": item.conflict.resolution} if item.conflict else {}
            entries.append(PendingEntry(kind, item.id, "import_update",
                                        {**provenance, "changes": changes, **extra}))
        if bundle.kind == LAPTOP and kind == "violation_records":
            assert agency_id is not None
            for item in adds + updates:
                d = item.final
                if d["number"] is not None:
                    bundles_numbers.claim_record_number(s, agency_id, source, d["year"],
                                                        d["number"], uuid.UUID(item.id))
    for item in items:
        if item.action == "conflict" and not item.writes:
            entries.append(PendingEntry(item.kind, item.id, "import_keep",
                                        {**provenance, "resolution": item.conflict.resolution
                                         if item.conflict else {}}))
    append_entries(conn, actor, entries)
    states = []
    known = load_states(conn, source)
    for i in items:
        d_in, d_final = i.digests()
        if known.get((i.kind, uuid.UUID(i.id))) == (d_in, d_final):
            continue  # agreed already; its provenance stays the bundle it first came in
        states.append({"entity": i.kind, "record_id": uuid.UUID(i.id), "peer_digest": d_in,
                       "local_digest": d_final, "source_device": source, "bundle_id": bid})
    save_states(conn, source, states)
    if bundle.files and not _dry(s):
        for sha in bundle.files:
            if _store_file(bundle, sha):
                files_written.append(sha)
        _sync_files(files_written)


def _pdf(bundle: Incoming, data: dict[str, Any]) -> bytes | None:
    sha = data.get("pdf_sha256")
    return bundle.read_file(sha) if sha and sha in bundle.files else None


def _dry(s: Session) -> bool:
    return bool(s.info.get("bundle_dry_run"))


def _store_file(bundle: Incoming, sha: str) -> bool:
    """Copy a file into the store under its hash (the only path ever used); True if new."""
    final = att.stored_path(sha)
    if final.is_file() and hashlib.sha256(final.read_bytes()).hexdigest() == sha:
        return False
    data = bundle.read_file(sha)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if not hasattr(os, "sync"):
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp_name, final)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return True


def _sync_files(shas: list[str]) -> None:
    """The copied files reach the disk before the transaction commits: one ``sync`` for all of
    them where the system has it (500 separate fsyncs took 5 s), else each was fsynced."""
    if shas and hasattr(os, "sync"):
        os.sync()


def _register_side(s: Session, bundle: Incoming) -> None:
    """Laptop side of a register package: its name, its register, its blocks, the acks, the law."""
    m = bundle.manifest
    conn = s.connection()
    set_self(s, m["target_device"], m["source_device"])
    have = {(b.kind, b.year, b.first_number) for b in s.scalars(select(NumberBlock))}
    for b in m["number_blocks"]:
        if (b["kind"], b["year"], b["first"]) not in have:
            s.add(NumberBlock(device=m["target_device"], kind=b["kind"], year=b["year"],
                              first_number=b["first"], last_number=b["last"]))
    s.flush()
    if bundle.reference is not None and reference_version(conn) != m["reference_version"]:
        _replace_reference(s, bundle)


def _replace_reference(s: Session, bundle: Incoming) -> None:
    conn = s.connection()
    now = utcnow()
    counts = {}
    assert bundle.reference is not None
    for model in REF_MODELS:
        table = table_of(model)
        names = {c.name: c for c in table.columns
                 if c.name not in ("id", "created_at", "updated_at", "version")}
        rows = []
        for raw in bundle.reference.get(model.__tablename__, []):
            if set(raw) != set(names):
                raise BundleError("Danh mục pháp luật trong gói không đúng cấu trúc.",
                                  f"bundle refused: a {model.__tablename__} row has the wrong "
                                  "fields")
            try:
                values = {n: from_json(v, names[n]) for n, v in raw.items()}
            except (TypeError, ValueError) as exc:
                raise BundleError("Danh mục pháp luật trong gói không hợp lệ.",
                                  f"bundle refused: bad {model.__tablename__} row ({exc})") \
                    from None
            rows.append({**values, "id": uuid.uuid4(), "created_at": now, "updated_at": now,
                         "version": 1})
        conn.execute(delete(table))
        if rows:
            conn.execute(insert(table), rows)
        counts[model.__tablename__] = len(rows)
    if reference_version(conn) != bundle.manifest["reference_version"]:
        raise BundleError("Danh mục pháp luật trong gói không khớp phiên bản ghi trong bản kê.",
                          "bundle refused: the reference data does not match its version")
    append_entries(conn, s.info.get("actor"), [PendingEntry(
        "reference", bundle.manifest["reference_version"][7:47], "reference_replace",
        {"bundle": str(bundle.bundle_id), "counts": counts})])


# --- the use case ---------------------------------------------------------------------------

def import_bundle(db: Database, actor: Actor, path: os.PathLike[str] | str, *,
                  dry_run: bool = False,
                  resolutions: dict[str, str] | None = None) -> ImportSummary:
    """Import a bundle (or, with ``dry_run``, say what importing it would do)."""
    actor.require(Permission.VIEW)
    bundle = read_bundle(path)  # type: ignore[arg-type]
    try:
        return _import(db, actor, bundle, dry_run, resolutions or {})
    finally:
        bundle.close()


def _import(db: Database, actor: Actor, bundle: Incoming, dry_run: bool,
            resolutions: dict[str, str]) -> ImportSummary:
    m = bundle.manifest
    actor.require(Permission.EXPORT_TALLIES if bundle.kind == LAPTOP
                  else Permission.EDIT_FIELD_WORK)
    summary = ImportSummary(bundle.bundle_id, bundle.kind, m["source_device"], dry_run=dry_run)
    catalog = law_data(db).catalog if bundle.kind == LAPTOP else None
    agency = get_agency(db, actor)
    if bundle.kind == LAPTOP and agency.id is None:
        raise BundleError("Chưa khai báo cơ quan; hãy vào Cài đặt trước.",
                          "the agency is not configured yet")
    files_written: list[str] = []
    try:
        with UnitOfWork(db, actor) as uow:
            s = uow.session
            s.info["bundle_dry_run"] = dry_run
            conn = s.connection()
            done = s.scalar(select(SyncBundle.processed_at).where(
                SyncBundle.bundle_id == bundle.bundle_id, SyncBundle.direction == "in"))
            if done is not None:
                summary.already_imported = done
                summary.unchanged.update({k: v for k, v in m["counts"].items() if v})
                return summary
            _check_identity(s, bundle)
            if bundle.kind != LAPTOP:  # what the register has taken is agreed before comparing
                mark_acknowledged(conn, m["source_device"], bundle.acknowledged)
            items = _plan(conn, bundle, resolutions)
            for item in items:
                if item.action == "conflict":
                    assert item.conflict is not None
                    summary.conflicts.append(item.conflict)
                    if not item.conflict.resolved:
                        continue  # listed once, under conflicts
                    if not item.writes:
                        summary.unchanged[item.kind] += 1
                    else:
                        summary.updated[item.kind] += 1
                elif item.action == "add":
                    summary.added[item.kind] += 1
                elif item.action == "update":
                    summary.updated[item.kind] += 1
                else:
                    summary.unchanged[item.kind] += 1
            unknown = set(resolutions) - {c.id for c in summary.conflicts} - {
                f"{c.id}.{f}" for c in summary.conflicts for f in c.fields}
            if unknown:
                key = sorted(unknown)[0]
                raise BundleError(f"“{key}” không phải bản ghi xung đột trong gói này.",
                                  f"--resolve {key}: not a conflict in this bundle")
            if summary.unresolved and not dry_run:
                raise UnresolvedConflicts(summary)
            # A dry run previews unresolved conflicts as kept: nothing of theirs is checked.
            writable = [i for i in items if i.action != "conflict" or i.conflict is None
                        or i.conflict.resolved]
            _check_references(conn, bundle, writable)
            if bundle.kind == LAPTOP:
                _check_rules(s, bundle, writable, catalog,
                             load_states(conn, m["source_device"]))
            else:
                _register_side(s, bundle)
            _write(s, actor, bundle, writable, agency.id, files_written)
            s.add(SyncBundle(bundle_id=bundle.bundle_id, direction="in", kind=bundle.kind,
                             source_device=m["source_device"], target_device=m["target_device"],
                             created_at=datetime.fromisoformat(m["created_at"]),
                             user_login=actor.login, manifest_sha256=bundle.manifest_sha256,
                             summary=summary.to_json()))
            s.flush()
            if not dry_run:
                uow.commit()
    except IntegrityError as exc:
        _remove(files_written)
        raise BundleError("Gói dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì.",
                          f"bundle refused: it breaks a database constraint ({exc.orig})") \
            from None
    except ConflictError as exc:
        _remove(files_written)
        if isinstance(exc.__cause__, IntegrityError):
            raise BundleError("Gói dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì.",
                              f"bundle refused: it breaks a database constraint "
                              f"({exc.__cause__.orig})") from None
        raise
    except BaseException:
        _remove(files_written)
        raise
    return summary


def _remove(shas: list[str]) -> None:
    for sha in shas:
        att.stored_path(sha).unlink(missing_ok=True)
