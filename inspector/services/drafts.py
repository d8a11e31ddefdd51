"""Drafts: a form being filled is saved every few seconds, so nothing typed is lost.

One draft per user, form and record (``record_key`` "" for a new record, the record's id when
editing one); saving again replaces it. A draft is the user's scratch copy, not a record: it
is written with one Core upsert (a few milliseconds, with the SQLite write-ahead log synced at
commit, so a power cut keeps it) and is deliberately left out of the audit trail — auditing
every autosave would flood the trail with keystrokes, and the record saved from the draft is
audited as usual. The payload is the form's values as JSON (dates as ISO strings).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.services.limits import check_rows
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import Draft

MAX_PAYLOAD_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class DraftInfo:
    """A draft as the start page lists it (without the payload)."""

    form: str
    record_key: str
    title: str
    saved_at: datetime


@dataclass(frozen=True)
class DraftData:
    form: str
    record_key: str
    title: str
    saved_at: datetime
    payload: dict[str, Any]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _check_names(form: str, record_key: str) -> None:
    if not form or len(form) > 40:
        raise ValidationError("Tên biểu mẫu không hợp lệ.", f"bad form name {form!r}", field="form")
    if len(record_key) > 80:
        raise ValidationError("Mã bản ghi quá dài.", "record key too long", field="record_key")


def _sqlite_sync(conn: Connection, level: str) -> None:
    # In WAL mode with synchronous=NORMAL a commit is durable only at the next checkpoint; a
    # draft must survive a power cut, so its transaction syncs the log at commit (FULL). The
    # pragma cannot change inside a transaction: it goes to the driver connection directly.
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite" and raw is not None:
        raw.execute(f"PRAGMA synchronous = {level}")


def save_draft(db: Database, actor: Actor, form: str, payload: dict[str, Any],
               record_key: str = "", title: str = "") -> DraftInfo:
    """Save (or replace) the draft of ``form`` for this user; cheap enough to call on every
    field change that matters and on a timer every few seconds."""
    actor.require(Permission.VIEW)
    _check_names(form, record_key)
    try:
        text = json.dumps(payload, ensure_ascii=False, default=_jsonable)
    except (TypeError, ValueError) as exc:
        raise ValidationError("Không lưu được bản nháp: dữ liệu biểu mẫu không chuyển được "
                              "sang JSON.", f"the draft payload is not JSON: {exc}") from exc
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise ValidationError("Bản nháp quá lớn (trên 2 MB).", "the draft is larger than 2 MB")
    data = json.loads(text)
    now = utcnow()
    values = {"user_login": actor.login, "form": form, "record_key": record_key,
              "title": title[:250], "payload": data, "saved_at": now, "updated_at": now}
    check_rows(Draft, [values])
    with db.engine.connect() as conn:
        _sqlite_sync(conn, "FULL")
        try:
            with conn.begin():
                dialect = conn.dialect.name
                if dialect in ("sqlite", "postgresql"):
                    insert_fn = sqlite.insert if dialect == "sqlite" else postgresql.insert
                    stmt = insert_fn(Draft).values(id=uuid.uuid4(), created_at=now, version=1,
                                                   **values)
                    conn.execute(stmt.on_conflict_do_update(
                        index_elements=["user_login", "form", "record_key"],
                        set_={"title": stmt.excluded.title, "payload": stmt.excluded.payload,
                              "saved_at": stmt.excluded.saved_at,
                              "updated_at": stmt.excluded.updated_at,
                              "version": Draft.version + 1}))
                else:  # pragma: no cover - other databases
                    done = conn.execute(update(Draft).where(
                        Draft.user_login == actor.login, Draft.form == form,
                        Draft.record_key == record_key).values(**values))
                    if not done.rowcount:
                        conn.execute(insert(Draft).values(
                            id=uuid.uuid4(), created_at=now, version=1, **values))
        finally:
            _sqlite_sync(conn, "NORMAL")
    return DraftInfo(form, record_key, title[:250], now)


def load_draft(db: Database, actor: Actor, form: str, record_key: str = "") -> DraftData | None:
    """The user's draft of this form and record, if any (offered back when the form opens)."""
    actor.require(Permission.VIEW)
    with db.engine.connect() as conn:
        row = conn.execute(select(Draft.title, Draft.saved_at, Draft.payload).where(
            Draft.user_login == actor.login, Draft.form == form,
            Draft.record_key == record_key)).first()
    if row is None:
        return None
    return DraftData(form, record_key, row.title, row.saved_at, dict(row.payload or {}))


def list_drafts(db: Database, actor: Actor, form: str | None = None) -> list[DraftInfo]:
    """This user's drafts, newest first (the start page offers them back)."""
    actor.require(Permission.VIEW)
    stmt = (select(Draft.form, Draft.record_key, Draft.title, Draft.saved_at)
            .where(Draft.user_login == actor.login).order_by(Draft.saved_at.desc()))
    if form is not None:
        stmt = stmt.where(Draft.form == form)
    with db.engine.connect() as conn:
        return [DraftInfo(r.form, r.record_key, r.title, r.saved_at) for r in conn.execute(stmt)]


def discard_draft(db: Database, actor: Actor, form: str, record_key: str = "") -> bool:
    """Forget a draft (after the record is saved, or when the user declines it)."""
    actor.require(Permission.VIEW)
    with db.engine.begin() as conn:
        result = conn.execute(delete(Draft).where(
            Draft.user_login == actor.login, Draft.form == form, Draft.record_key == record_key))
    return bool(result.rowcount)
