"""Making bundles: a laptop's field work for the register, and the register's package for a laptop.

Laptop → register (:func:`export_laptop`): every record of the field-work kinds whose content
differs from what the laptop and the register last agreed on (a new record, or one changed
since the register acknowledged it), each with the digest the laptop believes the register has
(``base``), and the files they use. The laptop's sync state is not moved by an export — only by
the register's acknowledgement in its next package — so a bundle lost on the way loses nothing.

Register → laptop (:func:`prepare_package`): the chosen inspections with their plans and teams,
the establishments of their sectors (and those already visited) with their licences, the users
of the teams (password hashes as stored, roles as given), the reference data, a block of
violation-record numbers for the device and the acknowledgement of everything the register has
taken from that device.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, tuple_
from sqlalchemy.orm import Session

from inspector import __version__
from inspector.domain.roles import Permission
from inspector.services import attachments as att
from inspector.services import bundles_numbers, clock
from inspector.services.actor import Actor, device_name
from inspector.services.agency import get_agency
from inspector.services.bundles_format import (
    DELETABLE_KINDS,
    LAPTOP,
    LAPTOP_KINDS,
    REF_MODELS,
    REGISTER,
    BundleError,
    digest,
    fields_of,
    reference_version,
    row_json,
    table_of,
)
from inspector.services.bundles_zip import (
    Outgoing,
    write_bundle,
)
from inspector.services.errors import NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import (
    AuditHead,
    Establishment,
    Inspection,
    InspectionMember,
    Licence,
    User,
    ViolationRecord,
    Visit,
)
from inspector.store.sync import NumberBlock, SyncBundle, SyncDevice, SyncRecord


@dataclass(frozen=True)
class BundleMade:
    path: Path
    bundle_id: uuid.UUID
    counts: dict[str, int]
    files: int
    number_blocks: list[dict[str, Any]]


# --- shared bookkeeping ---------------------------------------------------------------------

def self_name(session: Session, create: bool = True) -> str:
    """This database's device name (the host and account until a register names it)."""
    name = session.scalar(select(SyncDevice.name).where(SyncDevice.is_self.is_(True)))
    if name is None and create:
        name = device_name()[:120]
        session.add(SyncDevice(name=name, is_self=True, is_register=False, note=""))
        session.flush()
    return name or ""


def register_name(session: Session) -> str | None:
    return session.scalar(select(SyncDevice.name).where(SyncDevice.is_register.is_(True)))


def load_states(conn: Connection, peer: str) -> dict[tuple[str, uuid.UUID], tuple[str, str]]:
    """(entity, id) → (peer digest, local digest) for every record exchanged with ``peer``."""
    return {(e, i): (p, lo) for e, i, p, lo in conn.execute(
        select(SyncRecord.entity, SyncRecord.record_id, SyncRecord.peer_digest,
               SyncRecord.local_digest).where(SyncRecord.peer == peer))}


def save_states(conn: Connection, peer: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace sync states (rows: entity, record_id, peer_digest, local_digest,
    source_device, bundle_id)."""
    if not rows:
        return
    table = table_of(SyncRecord)
    keys = [(r["entity"], r["record_id"]) for r in rows]
    for start in range(0, len(keys), 400):
        conn.execute(delete(table).where(
            table.c.peer == peer,
            tuple_(table.c.entity, table.c.record_id).in_(keys[start:start + 400])))
    now = utcnow()
    conn.execute(insert(table), [{"peer": peer, "at": now, "source_device": None,
                                  "bundle_id": None, **r} for r in rows])


def read_rows(conn: Connection, kind: str, where: Any = None) -> list[dict[str, Any]]:
    """The carried columns of a kind's rows, as JSON values."""
    table = table_of(kind)
    names = list(fields_of(kind))
    stmt = select(*(table.c[n] for n in names))
    if where is not None:
        stmt = stmt.where(where)
    return [row_json(kind, tuple(row)) for row in conn.execute(stmt)]


def _reference(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for model in REF_MODELS:
        table = table_of(model)
        names = [c.name for c in table.columns
                 if c.name not in ("id", "created_at", "updated_at", "version")]
        out[model.__tablename__] = [
            {n: (v.isoformat() if isinstance(v, date) else v) for n, v in row.items()}
            for row in conn.execute(select(*(table.c[n] for n in names))).mappings()]
    return out


def _audit_anchor(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash)).first()
    return {"seq": row[0], "hash": row[1]} if row else None


def _record_bundle(session: Session, actor: Actor, out: Outgoing, manifest: dict[str, Any],
                   direction: str = "out") -> None:
    import hashlib
    import json

    session.add(SyncBundle(
        bundle_id=out.bundle_id, direction=direction, kind=out.kind,
        source_device=out.source_device, target_device=out.target_device,
        created_at=out.created_at, user_login=actor.login,
        manifest_sha256=hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest(),
        summary={"counts": manifest["counts"]}))


# --- laptop → register ----------------------------------------------------------------------

def export_laptop(db: Database, actor: Actor, target: Path) -> BundleMade:
    """The laptop's new and changed field work, for the register."""
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        conn = s.connection()
        register = register_name(s)
        if register is None:
            raise ValidationError(
                "Máy này chưa nhận gói dữ liệu nào của Sở; hãy nhận gói của Sở trước khi xuất.",
                "this laptop has not received a package from the register yet; import one first")
        me = self_name(s)
        states = load_states(conn, register)
        out = Outgoing(LAPTOP, me, register, reference_version(conn), __version__)
        present: dict[str, set[uuid.UUID]] = {}
        for kind in LAPTOP_KINDS:
            items = []
            for data in read_rows(conn, kind):
                key = (kind, uuid.UUID(data["id"]))
                present.setdefault(kind, set()).add(key[1])
                state = states.get(key)
                if state is None and kind == "users":
                    continue  # accounts made on this laptop stay here; only the register's go
                if state is not None and state[1] == digest(data):
                    continue
                items.append({"id": data["id"], "base": state[0] if state else None,
                              "data": data})
            out.records[kind] = items
        out.deletions = [{"kind": kind, "id": str(rid), "base": base}
                         for kind, rid, base in removed_here(conn, register, states, present)]
        _add_files(conn, out)
        out.audit_anchor = _audit_anchor(conn)
        manifest = write_bundle(out, target)
        _record_bundle(s, actor, out, manifest)
        uow.commit()
    return BundleMade(target, out.bundle_id, {k: len(v) for k, v in out.records.items() if v},
                      len(out.files), [])


def _add_files(conn: Connection, out: Outgoing) -> None:
    for item in out.records.get("attachments", []):
        sha = item["data"]["sha256"]
        path = att.local_file(conn, sha)
        if path is None:
            raise BundleError(
                f"Tệp đính kèm “{item['data']['original_name']}” không còn trong thư mục dữ liệu "
                "của máy; không tạo gói.",
                f"attachment file {sha} is missing from the data folder; no bundle made")
        out.files[sha] = path
    ids = [uuid.UUID(i["id"]) for i in out.records.get("violation_records", [])]
    for start in range(0, len(ids), 400):
        for sha, pdf in conn.execute(select(ViolationRecord.pdf_sha256, ViolationRecord.pdf).where(
                ViolationRecord.id.in_(ids[start:start + 400]), ViolationRecord.pdf.isnot(None))):
            if sha and pdf is not None:
                out.files[sha] = bytes(pdf)


# --- register → laptop ----------------------------------------------------------------------

def _selected_inspections(conn: Connection, ids: Iterable[uuid.UUID]) -> list[dict[str, Any]]:
    wanted = list(ids)
    if wanted:
        rows = read_rows(conn, "inspections", table_of(Inspection).c.id.in_(wanted))
        missing = {str(i) for i in wanted} - {r["id"] for r in rows}
        if missing:
            raise NotFound(f"Không tìm thấy cuộc thanh tra, kiểm tra {sorted(missing)[0]}.",
                           f"no inspection {sorted(missing)[0]}")
        return rows
    today = clock.today()
    c = table_of(Inspection).c
    return read_rows(conn, "inspections", or_(c.end_date.is_(None), c.end_date >= today))


def prepare_package(db: Database, actor: Actor, device: str, target: Path,
                    inspection_ids: Sequence[uuid.UUID] = (),
                    block_size: int = bundles_numbers.DEFAULT_BLOCK) -> BundleMade:
    """The register's package for ``device``; reserves its block of record numbers."""
    actor.require(Permission.EXPORT_TALLIES)
    device = device.strip()
    if not device or len(device) > 120:
        raise ValidationError("Hãy nhập tên máy (tối đa 120 ký tự).",
                              "give the device a name (at most 120 characters)", field="device")
    agency = get_agency(db, actor)
    if agency.id is None:
        raise ValidationError("Chưa khai báo cơ quan; hãy vào Cài đặt trước.",
                              "the agency is not configured yet")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        conn = s.connection()
        me = self_name(s)
        if device == me:
            raise ValidationError("Tên máy nhận trùng tên máy của Sở.",
                                  "the device name is the register's own name", field="device")
        if s.scalar(select(SyncDevice.id).where(SyncDevice.name == device)) is None:
            s.add(SyncDevice(name=device, is_self=False, is_register=False, note=""))
        out = Outgoing(REGISTER, me, device, reference_version(conn), __version__)
        inspections = _selected_inspections(conn, inspection_ids)
        ids = [uuid.UUID(r["id"]) for r in inspections]
        plan_ids = {uuid.UUID(r["plan_id"]) for r in inspections if r["plan_id"]}
        members = read_rows(conn, "inspection_members",
                            table_of(InspectionMember).c.inspection_id.in_(ids))
        user_ids = {uuid.UUID(m["user_id"]) for m in members if m["user_id"]}
        sectors = {r["sector"] for r in inspections}
        e = table_of(Establishment).c
        visited = select(Visit.establishment_id).where(Visit.inspection_id.in_(ids))
        scope: Any = e.id.in_(visited)
        if None in sectors and inspections:
            scope = e.id.isnot(None)
        elif sectors:
            scope = or_(scope, e.sector.in_(sorted(x for x in sectors if x)))
        establishments = read_rows(conn, "establishments", scope)
        est_ids = [uuid.UUID(r["id"]) for r in establishments]
        licences: list[dict[str, Any]] = []
        for start in range(0, len(est_ids), 400):
            licences += read_rows(conn, "licences", table_of(Licence).c.establishment_id.in_(
                est_ids[start:start + 400]))
        chosen = {
            "users": read_rows(conn, "users", table_of(User).c.id.in_(user_ids)),
            "establishments": establishments, "licences": licences,
            "inspection_plans": read_rows(conn, "inspection_plans",
                                          table_of("inspection_plans").c.id.in_(plan_ids)),
            "inspections": inspections, "inspection_members": members,
        }
        _add_corrections(conn, device, chosen)
        states: list[dict[str, Any]] = []
        for kind, rows in chosen.items():
            out.records[kind] = [{"id": r["id"], "base": None, "data": r} for r in rows]
            for r in rows:
                d = digest(r)
                states.append({"entity": kind, "record_id": uuid.UUID(r["id"]),
                               "peer_digest": d, "local_digest": d})
        year = clock.today().year
        if bundles_numbers.open_block(s, device, year) is None:
            bundles_numbers.reserve_block(s, agency.id, device, year, block_size)
        out.number_blocks = [
            {"kind": b.kind, "year": b.year, "first": b.first_number, "last": b.last_number}
            for b in s.scalars(select(NumberBlock).where(NumberBlock.device == device)
                               .order_by(NumberBlock.year, NumberBlock.first_number))]
        out.acknowledged = [
            {"kind": k, "id": str(i), "digest": d} for k, i, d in conn.execute(
                select(SyncRecord.entity, SyncRecord.record_id, SyncRecord.peer_digest).where(
                    SyncRecord.peer == device, SyncRecord.source_device == device))]
        out.reference = _reference(conn)
        out.audit_anchor = _audit_anchor(conn)
        # Records sent are what both sides now hold; a change on either side shows from here.
        sent = {(st["entity"], st["record_id"]) for st in states}
        existing = load_states(conn, device)
        save_states(conn, device, [st for st in states
                                   if existing.get((st["entity"], st["record_id"]))
                                   != (st["peer_digest"], st["local_digest"])])
        assert len(sent) == len(states)
        manifest = write_bundle(out, target)
        _record_bundle(s, actor, out, manifest)
        try:
            uow.commit()
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return BundleMade(target, out.bundle_id, {k: len(v) for k, v in out.records.items() if v},
                      0, out.number_blocks)


def _add_corrections(conn: Connection, device: str,
                     chosen: dict[str, list[dict[str, Any]]]) -> None:
    """The register's version of the records the device sent that the register keeps
    differently (a conflict kept "ours" or mixed): the laptop takes them, instead of keeping a
    version the register does not have."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for kind, rid in conn.execute(select(SyncRecord.entity, SyncRecord.record_id).where(
            SyncRecord.peer == device, SyncRecord.source_device == device,
            SyncRecord.local_digest != SyncRecord.peer_digest)):
        wanted.setdefault(kind, set()).add(rid)
    for kind, ids in wanted.items():
        have = {r["id"] for r in chosen.get(kind, [])}
        missing = sorted(i for i in ids if str(i) not in have)
        for start in range(0, len(missing), 400):
            chosen.setdefault(kind, []).extend(read_rows(
                conn, kind, table_of(kind).c.id.in_(missing[start:start + 400])))


def mark_acknowledged(conn: Connection, register: str, acks: Sequence[dict[str, str]]) -> int:
    """Laptop side: the register has taken these versions; they need not be sent again."""
    rows: list[dict[str, Any]] = [
        {"entity": a["kind"], "record_id": uuid.UUID(a["id"]), "peer_digest": a["digest"],
         "local_digest": a["digest"]} for a in acks if a["kind"] in LAPTOP_KINDS]
    existing = load_states(conn, register)
    rows = [r for r in rows if existing.get((r["entity"], r["record_id"]))
            != (r["peer_digest"], r["local_digest"])]
    save_states(conn, register, rows)
    return len(rows)


#: The sync state of a removal both sides agree on (the record is gone on both).
DELETED_DIGEST = "0" * 64


def removed_here(conn: Connection, register: str,
                 states: dict[tuple[str, uuid.UUID], tuple[str, str]],
                 present: dict[str, set[uuid.UUID]] | None = None,
                 ) -> list[tuple[str, uuid.UUID, str]]:
    """The removals this laptop has to hand in: records of the removable kinds that were
    exchanged with the register, or removed here through the services (the audit trail's
    delete entries: the register may hold them even before it has acknowledged them), that no
    longer exist here — less those whose removal the register has already taken. Each with the
    version the register was last known to hold (``base``)."""
    from inspector.store.models import AuditEntry

    candidates = {key for key in states if key[0] in DELETABLE_KINDS}
    for entity, entity_id in conn.execute(select(AuditEntry.entity, AuditEntry.entity_id).where(
            AuditEntry.action == "delete", AuditEntry.entity.in_(DELETABLE_KINDS))):
        try:
            candidates.add((entity, uuid.UUID(entity_id)))
        except ValueError:
            continue
    out = []
    for kind, rid in sorted(candidates, key=lambda k: (k[0], str(k[1]))):
        state = states.get((kind, rid))
        if state == (DELETED_DIGEST, DELETED_DIGEST):
            continue
        if present is not None:
            if rid in present.get(kind, set()):
                continue
        else:
            table = table_of(kind)
            if conn.scalar(select(table.c.id).where(table.c.id == rid)) is not None:
                continue
        out.append((kind, rid, state[0] if state else DELETED_DIGEST))
    return out


def forget_deleted(conn: Connection, register: str, acks: Sequence[dict[str, str]],
                   carried: set[tuple[str, uuid.UUID]]) -> int:
    """Laptop side: a removal the register has taken (it neither acknowledges nor sends the
    record any more) is agreed, so it is not handed in again."""
    acked = {(a["kind"], uuid.UUID(a["id"])) for a in acks}
    agreed = [{"entity": kind, "record_id": rid, "peer_digest": DELETED_DIGEST,
               "local_digest": DELETED_DIGEST}
              for kind, rid, _base in removed_here(conn, register, load_states(conn, register))
              if (kind, rid) not in acked and (kind, rid) not in carried]
    save_states(conn, register, agreed)
    return len(agreed)


def set_self(session: Session, name: str, register: str) -> None:
    """Laptop side: take the name the register gave this device, and remember the register."""
    me = session.scalar(select(SyncDevice).where(SyncDevice.is_self.is_(True)))
    if me is None:
        session.add(SyncDevice(name=name, is_self=True, is_register=False, note=""))
    elif me.name != name:
        me.name = name
    if session.scalar(select(SyncDevice.id).where(SyncDevice.name == register)) is None:
        session.add(SyncDevice(name=register, is_self=False, is_register=True, note=""))
    session.flush()
