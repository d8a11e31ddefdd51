"""The append-only, hash-chained audit trail.

Every create, update and delete flushed by a service session is written to ``audit_log`` in the
same transaction, with who, when, from which device and the changed fields (old and new). Each
entry's hash covers its content and the previous entry's hash; ``audit_head`` keeps the last
sequence and hash. Updating the head first takes the write lock (SQLite) or the row lock
(PostgreSQL), so two writers cannot fork the chain. ``verify_chain`` finds rows edited, removed
or inserted behind the app's back.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from inspector.services.actor import Actor, device_name
from inspector.store.base import Entity, utcnow
from inspector.store.bulk import insert_rows
from inspector.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64
_SKIP = {"created_at", "updated_at", "version", "password_hash", "search_text", "name_sort", "pdf"}
_SECRET = {"password_hash"}


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot record {type(value).__name__} in the audit trail")


def canonical(payload: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, diacritics kept (the hash depends on it)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_default)


@dataclass(frozen=True)
class PendingEntry:
    entity: str
    entity_id: str
    action: str
    changes: dict[str, Any]


def entry_hash(
    seq: int, at: datetime, user_login: str, device: str, entity: str, entity_id: str,
    action: str, changes: str, prev_hash: str,
) -> str:
    """SHA-256 over the entry's fields joined by U+001F, which JSON text never contains raw."""
    body = "\x1f".join((str(seq), at.isoformat(), user_login, device, entity, entity_id, action,
                         changes, prev_hash))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


BULK_CREATE = "bulk_create"


def bulk_entry(entity: str, items: list[PendingEntry]) -> PendingEntry:
    """One audit entry for a batch of created rows (imports, demo data): each row's id and
    values are kept, so the trail is as complete as one entry per row, at a fraction of the
    cost; ``history`` finds a row's creation inside it."""
    rows = [{"id": item.entity_id, **item.changes} for item in items]
    first = items[0].entity_id if items else ""
    return PendingEntry(entity, f"bulk:{first}", BULK_CREATE, {"count": len(rows), "rows": rows})


def append_entries(conn: Connection, actor: Actor | None, entries: Iterable[PendingEntry]) -> int:
    """Append entries to the chain inside the caller's transaction; returns how many."""
    items = list(entries)
    if not items:
        return 0
    login = actor.login if actor else "system"
    device = (actor.device if actor and actor.device else device_name())
    # Take the lock before reading the head: no other writer can interleave.
    locked = conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq))
    if locked.rowcount == 0:
        conn.execute(insert(AuditHead).values(id=1, last_seq=0, last_hash=GENESIS))
    seq, prev = conn.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one()
    at = utcnow()
    rows = []
    for item in items:
        seq += 1
        changes = canonical(item.changes)
        digest = entry_hash(seq, at, login, device, item.entity, item.entity_id, item.action,
                            changes, prev)
        rows.append(
            {"seq": seq, "at": at, "user_login": login, "device": device, "entity": item.entity,
             "entity_id": item.entity_id, "action": item.action, "changes": changes,
             "prev_hash": prev, "hash": digest}
        )
        prev = digest
    insert_rows(conn, AuditEntry, rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))
    return len(rows)


def _changes_of(obj: Entity, action: str) -> dict[str, Any]:
    """Create and delete record the values (``{field: value}``); update records
    ``{field: {"old": …, "new": …}}``. Secrets are masked, bookkeeping columns left out."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP and key not in _SECRET:
            continue
        if action == "update":
            hist = state.attrs[key].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if key in _SECRET:
                    out[key] = {"old": "***", "new": "***"}
                elif old != new:
                    out[key] = {"old": old, "new": new}
        else:
            value = getattr(obj, key)
            if value is not None and value != "":
                out[key] = "***" if key in _SECRET else value
    return out


def _collect(session: Session) -> Iterator[PendingEntry]:
    for obj in list(session.new):
        if isinstance(obj, Entity):
            if getattr(obj, "id", None) is None:  # the column default runs only at INSERT
                obj.id = uuid.uuid4()
            yield PendingEntry(obj.__tablename__, str(obj.id), "create", _changes_of(obj, "create"))
    for obj in list(session.dirty):
        if isinstance(obj, Entity) and session.is_modified(obj, include_collections=False):
            changes = _changes_of(obj, "update")
            if changes:
                yield PendingEntry(obj.__tablename__, str(obj.id), "update", changes)
    for obj in list(session.deleted):
        if isinstance(obj, Entity):
            yield PendingEntry(obj.__tablename__, str(obj.id), "delete", _changes_of(obj, "delete"))


@event.listens_for(Session, "before_flush")
def _audit_before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    entries = list(_collect(session))
    if entries:
        append_entries(session.connection(), session.info.get("actor"), entries)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    problems: list[str]


def verify_chain(conn: Connection, limit_problems: int = 20) -> ChainReport:
    """Recompute every hash in sequence order and compare with the head."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 0
    count = 0
    result = conn.execution_options(yield_per=5000).execute(
        select(
            AuditEntry.seq, AuditEntry.at, AuditEntry.user_login, AuditEntry.device,
            AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action, AuditEntry.changes,
            AuditEntry.prev_hash, AuditEntry.hash,
        ).order_by(AuditEntry.seq)
    )
    for seq, at, login, device, entity, entity_id, action, changes, prev_hash, digest in result:
        count += 1
        expected_seq += 1
        if len(problems) >= limit_problems:
            continue
        if seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (next entry is {seq})")
            expected_seq = seq
        if prev_hash != prev:
            problems.append(f"entry {seq}: previous-hash link broken")
        recomputed = entry_hash(seq, at, login, device, entity, entity_id, action, changes,
                                prev_hash)
        if recomputed != digest:
            problems.append(f"entry {seq}: content does not match its hash (edited)")
        prev = digest
    head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).first()
    head_seq, head_hash = (head[0], head[1]) if head else (0, GENESIS)
    if head_seq != expected_seq or head_hash != prev:
        problems.append(
            f"the chain ends at entry {expected_seq} but the head records entry {head_seq}"
            " (entries removed from the end, or the head edited)"
        )
    return ChainReport(ok=not problems, entries=count, problems=problems)


@dataclass(frozen=True)
class HistoryItem:
    seq: int
    at: datetime
    user_login: str
    device: str
    action: str
    changes: dict[str, Any]


def history(conn: Connection, entity_id: uuid.UUID | str) -> list[HistoryItem]:
    """Every entry about one record, including its creation inside a bulk entry."""
    key = str(entity_id)
    columns = (AuditEntry.seq, AuditEntry.at, AuditEntry.user_login, AuditEntry.device,
               AuditEntry.action, AuditEntry.changes)
    items = [HistoryItem(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in conn.execute(
        select(*columns).where(AuditEntry.entity_id == key))]
    for r in conn.execute(select(*columns).where(AuditEntry.action == BULK_CREATE,
                                                 AuditEntry.changes.contains(f'"id":"{key}"'))):
        for row in json.loads(r[5]).get("rows", []):
            if row.get("id") == key:
                values = {k: v for k, v in row.items() if k != "id"}
                items.append(HistoryItem(r[0], r[1], r[2], r[3], "create", values))
    return sorted(items, key=lambda i: i.seq)
