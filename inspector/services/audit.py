"""The append-only, hash-chained audit trail.

Every create, update and delete flushed by a service session is written to ``audit_log`` in the
same transaction, with who, when, from which device and the changed fields (old and new). Each
entry's hash covers its content and the previous entry's hash; ``audit_head`` keeps the last
sequence and hash. Updating the head first takes the write lock (SQLite) or the row lock
(PostgreSQL), so two writers cannot fork the chain. ``verify_chain`` finds rows edited, removed
or inserted behind the app's back.

The chain is keyed: from ``key_from`` on, each hash is an HMAC with a secret per chain kept in
the installation's secrets folder (``paths.secrets_dir()``), not in the database, so an editor
of the file cannot recompute the chain. The chain's identity is its first entry's hash (entry 1
is hashed without a key). After every committing transaction the last sequence and hash are
written outside the database too (the anchor, per database location) and into every backup, so
entries cut from the end or a wiped trail are seen even when the head is edited to match.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from inspector import paths
from inspector.services.actor import Actor, device_name
from inspector.store.base import Entity, utcnow
from inspector.store.bulk import insert_rows
from inspector.store.models import AuditEntry, AuditHead

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_SKIP = {"created_at", "updated_at", "version", "password_hash", "search_text", "name_sort", "pdf"}
_SECRET = {"password_hash"}
# Recorded as a digest, not as the value: a secret, or bytes too large for the trail.
_DIGESTED = {"password_hash", "pdf"}


def digest_of(value: Any) -> str:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


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
    action: str, changes: str, prev_hash: str, key: bytes | None = None,
) -> str:
    """SHA-256 (HMAC-SHA-256 with ``key``) over the entry's fields joined by U+001F, which
    JSON text never contains raw."""
    body = "\x1f".join((str(seq), at.isoformat(), user_login, device, entity, entity_id, action,
                         changes, prev_hash)).encode("utf-8")
    if key is not None:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


# --- the key and the anchor, outside the database -------------------------------------------

@dataclass(frozen=True)
class ChainKey:
    chain_id: str
    key: bytes
    key_from: int


_KEYS: dict[str, ChainKey] = {}


def _write_private(target: Path, data: dict[str, Any], durable: bool = True) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _key_file(chain_id: str) -> Path:
    return paths.secrets_dir() / "keys" / f"{chain_id}.json"


def load_key(chain_id: str | None) -> ChainKey | None:
    if chain_id is None:
        return None
    cached = _KEYS.get(chain_id)
    if cached is not None:
        return cached
    try:
        raw = json.loads(_key_file(chain_id).read_text(encoding="utf-8"))
        found = ChainKey(chain_id, bytes.fromhex(raw["key"]), int(raw["key_from"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    _KEYS[chain_id] = found
    return found


def _create_key(chain_id: str, key_from: int) -> ChainKey:
    made = ChainKey(chain_id, secrets.token_bytes(32), key_from)
    _write_private(_key_file(chain_id), {"key": made.key.hex(), "key_from": key_from})
    _KEYS[chain_id] = made
    return made


def adopt_key(data: Mapping[str, Any]) -> None:
    """Install a chain's key brought by a backup, unless this computer has it already."""
    chain_id = str(data["chain_id"])
    if load_key(chain_id) is None:
        _write_private(_key_file(chain_id), {"key": data["key"], "key_from": data["key_from"]})


def chain_id_of(conn: Connection) -> str | None:
    first = conn.execute(select(AuditEntry.hash).where(AuditEntry.seq == 1)).scalar()
    return first[:32] if first else None


def location_of(conn: Connection) -> str:
    url = conn.engine.url
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database or "").resolve())
    return url.render_as_string(hide_password=True)


def _anchor_file(location: str) -> Path:
    name = hashlib.sha256(location.encode("utf-8")).hexdigest()[:32]
    return paths.secrets_dir() / "anchors" / f"{name}.json"


def read_anchor(location: str) -> dict[str, Any] | None:
    try:
        data = json.loads(_anchor_file(location).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_anchor(location: str, chain_id: str | None, seq: int, digest: str,
                 restore_seq: int = 0) -> None:
    """``restore_seq``: the last restore entry of the trail when this anchor was written, so
    that a later restore (not an earlier one) can explain an anchor the trail has left behind."""
    _write_private(_anchor_file(location), {"location": location, "chain_id": chain_id,
                                            "last_seq": seq, "last_hash": digest,
                                            "restore_seq": restore_seq}, durable=False)


RESTORED_PROBLEM = "the database was restored from a backup"
RESTORE_ID = "restore"  # entity_id of the entry a restore appends (indexed: found at once)
RESTORE_ACTION = "restore"
ANCHOR_RESET_ACTION = "anchor_reset"


def _last_entry(conn: Connection, entity_id: str, action: str) -> tuple[int, dict[str, Any]] | None:
    """The trail's last entry of ``action`` about ``entity_id`` (indexed): its sequence and
    what it records (an empty record when its changes are not a JSON object)."""
    row = conn.execute(select(AuditEntry.seq, AuditEntry.changes)
                       .where(AuditEntry.entity_id == entity_id, AuditEntry.action == action)
                       .order_by(AuditEntry.seq.desc()).limit(1)).first()
    if row is None:
        return None
    try:
        data = json.loads(row[1])
    except ValueError:
        data = {}
    return row[0], data if isinstance(data, dict) else {}


def latest_restore(conn: Connection) -> tuple[int, dict[str, Any]] | None:
    """The trail's last restore entry: its sequence and what it records."""
    return _last_entry(conn, RESTORE_ID, RESTORE_ACTION)


def restore_explains(conn: Connection, anchor: Mapping[str, Any] | None) -> tuple[int, dict[str, Any]] | None:
    """The restore that explains why the trail no longer reaches this anchor: one made after
    the anchor was written (the anchor names an earlier restore, or none) that went back to an
    entry before the anchor's. None when no restore explains it."""
    if not anchor:
        return None
    found = latest_restore(conn)
    if found is None:
        return None
    seq, data = found
    known = int(anchor.get("restore_seq") or 0)
    restored = data.get("restored_seq")
    if seq > known and isinstance(restored, int) and restored < int(anchor.get("last_seq") or 0):
        return found
    return None


def anchor_for_backup(db: Any) -> dict[str, Any]:
    """What a backup carries so that another computer can verify and anchor its chain."""
    with db.engine.connect() as conn:
        chain = chain_id_of(conn)
        head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash)
                            .where(AuditHead.id == 1)).first()
    key = load_key(chain)
    return {"chain_id": chain, "last_seq": head[0] if head else 0,
            "last_hash": head[1] if head else GENESIS,
            "key": key.key.hex() if key else None, "key_from": key.key_from if key else None}


def adopt_anchor(anchor: Mapping[str, Any], location: str | None = None) -> None:
    """After a restore: the key of the backup's chain and, for ``location``, its anchor."""
    if anchor.get("chain_id") and anchor.get("key"):
        adopt_key(anchor)
    if location is not None:
        write_anchor(location, anchor.get("chain_id"), int(anchor.get("last_seq") or 0),
                     str(anchor.get("last_hash") or GENESIS), int(anchor.get("restore_seq") or 0))


@event.listens_for(Session, "before_commit")
def _anchor_before_commit(session: Session) -> None:
    # The pending anchor of this transaction's connection moves to the session; it is written
    # only once the commit has returned, so a crash in between leaves the anchor behind the
    # database (a lower bound, still checked), never ahead of it.
    for conn in _session_connections(session):
        pending = conn.info.pop("audit_pending", None)
        if pending is not None:
            session.info["audit_pending"] = pending


def _session_connections(session: Session) -> list[Connection]:
    transaction = session.get_transaction()
    if transaction is None:
        return []
    return [conn for conn, *_ in transaction._connections.values()]


@event.listens_for(Session, "after_commit")
def _anchor_after_commit(session: Session) -> None:
    pending = session.info.pop("audit_pending", None)
    if pending is not None:
        try:
            write_anchor(*pending)
        except OSError:  # the anchor is a second witness; a full disk must not stop the work
            log.warning("cannot write the audit anchor for %s", pending[0])


@event.listens_for(Session, "after_rollback")
def _anchor_after_rollback(session: Session) -> None:
    session.info.pop("audit_pending", None)


@event.listens_for(Engine, "rollback")
def _anchor_on_rollback(conn: Connection) -> None:
    conn.info.pop("audit_pending", None)


KEY_ENTRY = "audit_key"  # the entry that says "from here on the chain is keyed" (servers)


def key_fingerprint(key: bytes) -> str:
    """Names a key without revealing it: two workstations compare keys by this."""
    return hmac.new(key, b"inspector audit chain key", hashlib.sha256).hexdigest()[:16]


def key_marker(conn: Connection, chain: str | None) -> dict[str, Any] | None:
    """On a server, the chain's record that it is keyed from ``key_from`` on with the key of
    ``fingerprint`` (``services.audit_keys``), or None while it is not keyed."""
    if chain is None:
        return None
    found = _last_entry(conn, chain, KEY_ENTRY)
    return {"seq": found[0], **found[1]} if found is not None else None


def _key_for_append(conn: Connection, next_seq: int) -> ChainKey | None:
    """The key for entries from ``next_seq`` on: made on first use for a local file (the
    chain's first entry stays unkeyed: it names the chain). A server's key is made by an
    administrator (``services.audit_keys``) and installed on every workstation; once the
    server's chain is keyed, a workstation without the key writes nothing (an unkeyed entry
    would read as tampering everywhere else)."""
    if next_seq == 1:
        return None
    chain = chain_id_of(conn)
    if chain is None:
        return None
    key = load_key(chain)
    if key is None and conn.engine.url.get_backend_name() == "sqlite":
        key = _create_key(chain, next_seq)
    elif key is None and key_marker(conn, chain) is not None:
        from inspector.services.errors import AuditKeyMissing

        raise AuditKeyMissing()
    return key


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
    key = _key_for_append(conn, seq + 1)
    for item in items:
        seq += 1
        changes = canonical(item.changes)
        use = key.key if key is not None and seq >= key.key_from else None
        digest = entry_hash(seq, at, login, device, item.entity, item.entity_id, item.action,
                            changes, prev, use)
        rows.append(
            {"seq": seq, "at": at, "user_login": login, "device": device, "entity": item.entity,
             "entity_id": item.entity_id, "action": item.action, "changes": changes,
             "prev_hash": prev, "hash": digest}
        )
        prev = digest
    insert_rows(conn, AuditEntry, rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))
    chain = chain_id_of(conn) if key is None else key.chain_id
    restored = latest_restore(conn)
    conn.info["audit_pending"] = (location_of(conn), chain, seq, prev,
                                  restored[0] if restored else 0)
    return len(rows)


def _changes_of(obj: Entity, action: str) -> dict[str, Any]:
    """Create and delete record the values (``{field: value}``); update records
    ``{field: {"old": …, "new": …}}``. Secrets and PDFs are recorded as digests (``db check``
    compares them with the row), bookkeeping columns left out. A column left empty takes its
    default at INSERT: the default is what is recorded."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP and key not in _DIGESTED:
            continue
        if action == "update":
            hist = state.attrs[key].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if key in _DIGESTED:
                    out[key] = {"old": "***", "new": digest_of(new) if new else None}
                elif old != new:
                    out[key] = {"old": old, "new": new}
        else:
            if key == "pdf" and "pdf" in state.unloaded:
                continue  # a deferred PDF not loaded: deleting does not need it
            value = getattr(obj, key)
            if value is None and action == "create":
                default = attr.columns[0].default
                if default is not None and default.is_scalar:
                    value = default.arg
            if value is not None and value != "" and value != b"":
                out[key] = digest_of(value) if key in _DIGESTED else value
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


def verify_chain(conn: Connection, limit_problems: int = 20,
                 anchor: Mapping[str, Any] | None = None) -> ChainReport:
    """Recompute every hash in sequence order (keyed where the chain is keyed) and compare
    with the head and with the anchor kept outside the database (``anchor`` overrides the one
    recorded for this database's location: a backup's)."""
    problems: list[str] = []
    chain = chain_id_of(conn)
    key = load_key(chain)
    if key is None and anchor and anchor.get("key") and anchor.get("chain_id") == chain:
        key = ChainKey(str(chain), bytes.fromhex(str(anchor["key"])), int(anchor["key_from"]))
    if anchor is None:
        anchor = read_anchor(location_of(conn))
    anchor_seq = int(anchor.get("last_seq") or 0) if anchor else 0
    anchor_hash = anchor.get("last_hash") if anchor else None
    anchor_seen = anchor_seq == 0
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
        use = key.key if key is not None and seq >= key.key_from else None
        recomputed = entry_hash(seq, at, login, device, entity, entity_id, action, changes,
                                prev_hash, use)
        if recomputed != digest:
            problems.append(f"entry {seq}: content does not match its hash (edited)")
        if seq == anchor_seq:
            anchor_seen = True
            if digest != anchor_hash:
                problems.append(f"entry {seq} differs from the anchor kept outside the database"
                                " (the trail was rewritten)")
        prev = digest
    head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).first()
    head_seq, head_hash = (head[0], head[1]) if head else (0, GENESIS)
    if head_seq != expected_seq or head_hash != prev:
        problems.append(
            f"the chain ends at entry {expected_seq} but the head records entry {head_seq}"
            " (entries removed from the end, or the head edited)"
        )
    if not anchor_seen:
        problems.append(
            f"the anchor kept outside the database records entry {anchor_seq}, the trail ends at"
            f" entry {expected_seq} (entries removed, or the trail emptied)")
    anchor_problems = [p for p in problems if "anchor kept outside" in p]
    if anchor_problems and (explained := restore_explains(conn, anchor)) is not None:
        problems = [p for p in problems if p not in anchor_problems]
        problems.append(
            f"{RESTORED_PROBLEM} (entry {explained[0]}, back to entry "
            f"{explained[1].get('restored_seq')}): this workstation's anchor records entry "
            f"{anchor_seq} of the trail before the restore; an administrator resets it "
            "(inspector db anchor-reset)")
    if anchor and anchor.get("chain_id") and chain is not None and anchor["chain_id"] != chain:
        problems.append("the trail's first entry is not the one the anchor names (rewritten)")
    if (chain is not None and key is None and count > 1 and anchor and anchor.get("chain_id")
            and conn.engine.url.get_backend_name() == "sqlite"):
        problems.append("the audit key of this database is not on this computer, the chain "
                        "cannot be verified (restore the backup with 'inspector db restore' "
                        "to bring its key)")
    if conn.engine.url.get_backend_name() != "sqlite":
        problems += _server_key_problems(conn, chain, key)
    return ChainReport(ok=not problems, entries=count, problems=problems)


def _server_key_problems(conn: Connection, chain: str | None, key: ChainKey | None) -> list[str]:
    marker = key_marker(conn, chain)
    if marker is None:
        if key is not None:
            return ["this workstation holds the server's audit key but the trail's record of "
                    "the key is gone (removed from the server)"]
        return []
    if key is None:
        return ["the server's audit trail is keyed and its key is not installed on this "
                "workstation: the chain cannot be verified (install it: inspector db audit-key "
                "install FILE)"]
    problems = []
    if marker.get("fingerprint") != key_fingerprint(key.key):
        problems.append("the audit key installed on this workstation is not the server's")
    if marker.get("key_from") != key.key_from or marker["seq"] != key.key_from:
        problems.append("the trail's record of the audit key does not match the installed key "
                        "(edited on the server)")
    return problems


def reset_anchor(conn: Connection) -> None:
    """Anchor this location at the database's current head (after a verified restore)."""
    head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash)
                        .where(AuditHead.id == 1)).first()
    restored = latest_restore(conn)
    write_anchor(location_of(conn), chain_id_of(conn), head[0] if head else 0,
                 head[1] if head else GENESIS, restored[0] if restored else 0)


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
