"""Evidence: photos and scanned documents attached to a visit, a violation or a case.

Files are copied into ``<data dir>/attachments/<sha256[:2]>/<sha256>``: the content hash is the
name, so the same photo attached twice is stored once and a stored file can be verified. Only
JPEG, PNG and PDF are accepted — recognised by their first bytes, never by the file name — up to
:data:`MAX_BYTES`. The copy is written to a temporary file and renamed into place, so a crash
never leaves half a file under a valid name. Thumbnails are the GUI's business.

On a department server (any database that is not a local SQLite file) the bytes are also kept in
the database (``attachment_contents``), in the transaction that records the attachment, so every
workstation sees the evidence another one attached; the data folder is then this workstation's
cache, filled from the database when a file is listed or opened.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import Session

from inspector import paths
from inspector.domain.roles import Permission
from inspector.domain.states import case_state_label, field_work_removable
from inspector.domain.text import nfc
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import (
    ATTACHMENT_OWNERS,
    Attachment,
    AttachmentContent,
    Case,
    Establishment,
    Inspection,
    SeizedItem,
    Violation,
    Visit,
)

MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024
_OWNERS = {"visit": Visit, "violation": Violation, "case": Case, "seized_item": SeizedItem,
           "establishment": Establishment, "inspection": Inspection}
assert set(_OWNERS) == set(ATTACHMENT_OWNERS)
TYPE_LABELS_VI = {"image/jpeg": "Ảnh JPEG", "image/png": "Ảnh PNG",
                  "application/pdf": "Tài liệu PDF"}


@dataclass(frozen=True)
class AttachmentRow:
    id: uuid.UUID
    owner_type: str
    owner_id: uuid.UUID
    sha256: str
    mime_type: str
    size_bytes: int
    original_name: str
    caption: str
    created_at: datetime
    version: int
    path: Path

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


def detect_type(head: bytes) -> str | None:
    """The type from the file's first bytes: JPEG, PNG or PDF; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def storage_dir() -> Path:
    return paths.data_dir() / "attachments"


def stored_path(sha256: str) -> Path:
    return storage_dir() / sha256[:2] / sha256


def keeps_contents(bind: Database | Connection | Session) -> bool:
    """Whether this database keeps the evidence bytes itself: a server does, a SQLite file not."""
    if isinstance(bind, Database):
        return not bind.is_sqlite
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    return engine.dialect.name != "sqlite"


def _session_conn(bind: Connection | Session) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def has_content(bind: Connection | Session, sha256: str) -> bool:
    conn = _session_conn(bind)
    return conn.scalar(select(func.count()).select_from(AttachmentContent)
                       .where(AttachmentContent.sha256 == sha256)) == 1


def save_content(bind: Connection | Session, sha256: str, data: bytes) -> bool:
    """Keep ``data`` in the database under its hash unless it is there; True if written.

    Two workstations attaching the same photo at once both try: the second insert does nothing
    (``ON CONFLICT DO NOTHING``), so neither fails."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"content does not match {sha256}")
    conn = _session_conn(bind)
    values = {"sha256": sha256, "size_bytes": len(data), "content": data,
              "created_at": utcnow()}
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        done = conn.execute(pg_insert(AttachmentContent).values(**values)
                            .on_conflict_do_nothing(index_elements=["sha256"]))
        return bool(done.rowcount)
    if has_content(conn, sha256):
        return False
    conn.execute(insert(AttachmentContent).values(**values))
    return True


def _cached(sha256: str) -> Path | None:
    """The file in this computer's store if it is whole (its hash checked)."""
    path = stored_path(sha256)
    try:
        with path.open("rb") as handle:
            digest = hashlib.sha256()
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return path if digest.hexdigest() == sha256 else None


def _write_cache(sha256: str, data: bytes) -> Path:
    final = stored_path(sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp_name, final)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return final


def fetch_missing(bind: Connection | Session, shas: set[str] | list[str]) -> None:
    """Bring into this computer's store the server's files it lacks (or holds damaged)."""
    wanted = [sha for sha in dict.fromkeys(shas) if not stored_path(sha).is_file()
              or stored_path(sha).stat().st_size == 0]
    if not wanted or not keeps_contents(bind):
        return
    conn = _session_conn(bind)
    for start in range(0, len(wanted), 100):
        for sha, data in conn.execute(select(AttachmentContent.sha256, AttachmentContent.content)
                                      .where(AttachmentContent.sha256.in_(
                                          wanted[start:start + 100]))):
            if hashlib.sha256(data).hexdigest() == sha:
                _write_cache(sha, data)


def local_file(bind: Connection | Session, sha256: str) -> Path | None:
    """The evidence file on this computer, from the server's database when not cached yet;
    None when neither holds it whole."""
    path = _cached(sha256)
    if path is not None or not keeps_contents(bind):
        return path
    data = _session_conn(bind).scalar(select(AttachmentContent.content)
                                      .where(AttachmentContent.sha256 == sha256))
    if data is None or hashlib.sha256(data).hexdigest() != sha256:
        return None
    return _write_cache(sha256, data)


def upload_missing(db: Database, actor: Actor) -> tuple[int, int]:
    """On a server: put into the database the evidence this workstation holds that the server
    lacks (files attached before the server kept them, schema 19). Returns (uploaded, still
    missing here); one transaction."""
    actor.require(Permission.MAINTAIN_DATABASE)
    if not keeps_contents(db):
        raise ValidationError("Cơ sở dữ liệu là tệp trên máy này; tệp đính kèm đã nằm cạnh nó.",
                              "a local SQLite database keeps its evidence beside it already")
    uploaded = missing = 0
    with UnitOfWork(db, actor) as uow:
        conn = uow.session.connection()
        wanted = list(conn.scalars(select(Attachment.sha256).distinct().where(
            ~Attachment.sha256.in_(select(AttachmentContent.sha256)))))
        for sha in wanted:
            path = _cached(sha)
            if path is None:
                missing += 1
                continue
            uploaded += save_content(conn, sha, path.read_bytes())
        uow.commit()
    return uploaded, missing


def verify_contents(conn: Connection) -> list[str]:
    """On a server: every attachment has its bytes in the database, and the bytes match the
    hash that names them (computed by the server, ``sha256()``)."""
    problems = [f"attachment {sha} has no content on the server (from the workstation that "
                "attached it: inspector db upload-evidence)" for (sha,) in conn.execute(
        select(Attachment.sha256).distinct().where(~Attachment.sha256.in_(
            select(AttachmentContent.sha256))).limit(20))]
    if conn.dialect.name == "postgresql":
        digest = func.encode(func.sha256(AttachmentContent.content), "hex")
        problems += [f"content {sha} does not match its hash (edited on the server)"
                     for (sha,) in conn.execute(select(AttachmentContent.sha256)
                                                .where(digest != AttachmentContent.sha256)
                                                .limit(20))]
    return problems


def _refuse(vi: str, en: str) -> ValidationError:
    return ValidationError(vi, en, field="file")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _copy_in(source: Path) -> tuple[str, str, int]:
    """Check and copy ``source`` into the store; returns (sha256, type, size)."""
    name = source.name
    try:
        if source.is_dir():
            raise _refuse(f"“{name}” là một thư mục, không phải tệp.", f"{source} is a directory")
        size = source.stat().st_size
    except FileNotFoundError:
        raise _refuse(f"Không tìm thấy tệp “{name}”.", f"no such file: {source}") from None
    except OSError as exc:
        raise _refuse(f"Không đọc được tệp “{name}” ({exc.strerror}).",
                      f"cannot read {source}: {exc.strerror}") from exc
    if size == 0:
        raise _refuse(f"Tệp “{name}” rỗng.", f"{source} is empty")
    if size > MAX_BYTES:
        raise _refuse(f"Tệp “{name}” quá lớn ({_mb(size)} MB); chỉ nhận tệp đến "
                      f"{_mb(MAX_BYTES)} MB.", f"{source} is too large ({size} bytes, limit "
                      f"{MAX_BYTES})")
    target_dir = storage_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    mime: str | None = None
    handle, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=".incoming-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                if mime is None:
                    mime = detect_type(chunk[:16])
                    if mime is None:
                        raise _refuse(
                            f"Tệp “{name}” không phải ảnh (JPEG, PNG) hay tài liệu PDF.",
                            f"{source} is not a JPEG, PNG or PDF file")
                written += len(chunk)
                if written > MAX_BYTES:
                    raise _refuse(f"Tệp “{name}” quá lớn; chỉ nhận tệp đến {_mb(MAX_BYTES)} MB.",
                                  f"{source} is too large")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if mime is None:
            raise _refuse(f"Tệp “{name}” rỗng.", f"{source} is empty")
        sha = digest.hexdigest()
        final = stored_path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and final.stat().st_size == written:
            tmp.unlink()
        else:
            os.replace(tmp, final)
        return sha, mime, written
    except OSError as exc:
        raise _refuse(f"Không đọc được tệp “{name}” ({exc.strerror or exc}).",
                      f"cannot read {source}: {exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.owner_type, a.owner_id, a.sha256, a.mime_type, a.size_bytes,
                         a.original_name, a.caption, a.created_at, a.version,
                         stored_path(a.sha256))


def add_attachment(db: Database, actor: Actor, owner_type: str, owner_id: uuid.UUID,
                   source: Path, caption: str = "") -> AttachmentRow:
    """Attach a photo or scan to a record. The same file attached again to the same record
    returns the existing attachment."""
    actor.require(Permission.EDIT_FIELD_WORK)
    model = _OWNERS.get(owner_type)
    if model is None:
        raise ValidationError(f"Không đính kèm được vào loại hồ sơ {owner_type!r}.",
                              f"unknown owner type {owner_type!r}", field="owner_type")
    with UnitOfWork(db, actor) as uow:
        if uow.session.get(model, owner_id) is None:
            raise NotFound("Không tìm thấy hồ sơ để đính kèm.", f"no {owner_type} {owner_id}")
    sha, mime, size = _copy_in(Path(source))
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        existing = s.scalar(select(Attachment).where(
            Attachment.owner_type == owner_type, Attachment.owner_id == owner_id,
            Attachment.sha256 == sha))
        if existing is not None:
            return _row(existing)
        if keeps_contents(s):
            save_content(s, sha, stored_path(sha).read_bytes())
        row = Attachment(owner_type=owner_type, owner_id=owner_id, sha256=sha, mime_type=mime,
                         size_bytes=size, original_name=nfc(Path(source).name)[:250],
                         caption=nfc(caption.strip()))
        s.add(row)
        s.flush()
        info = _row(row)
        uow.commit()
        return info


def list_attachments(db: Database, actor: Actor, owner_type: str,
                     owner_id: uuid.UUID) -> list[AttachmentRow]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        rows = list(uow.session.scalars(
            select(Attachment).where(Attachment.owner_type == owner_type,
                                     Attachment.owner_id == owner_id)
            .order_by(Attachment.created_at, Attachment.id)))
        fetch_missing(uow.session, [a.sha256 for a in rows])
        return [_row(a) for a in rows]


def attachment_file(db: Database, actor: Actor, attachment_id: uuid.UUID) -> Path:
    """The stored file, checked against its hash (a damaged copy is reported, not shown)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(Attachment, attachment_id)
        if row is None:
            raise NotFound("Không tìm thấy tệp đính kèm.", f"no attachment {attachment_id}")
        sha = row.sha256
        found = local_file(uow.session, sha)
    path = stored_path(sha)
    if found is not None:
        return found
    if not path.is_file():
        raise NotFound("Tệp đính kèm không còn trong thư mục dữ liệu của máy này.",
                       f"the attachment file is missing: {path}")
    raise ConflictError("Tệp đính kèm trong thư mục dữ liệu đã bị thay đổi hoặc hỏng.",
                        f"the attachment file does not match its hash: {path}")


def remove_attachment(db: Database, actor: Actor, attachment_id: uuid.UUID,
                      expected_version: int) -> None:
    """Detach a file; the stored copy is deleted when no other record uses it."""
    actor.require(Permission.EDIT_FIELD_WORK)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound("Không tìm thấy tệp đính kèm.", f"no attachment {attachment_id}")
        if row.version != expected_version:
            raise ConflictError("Tệp đính kèm đã được người khác sửa; hãy mở lại.",
                                "the attachment was changed by someone else; reload it")
        case_id = case_of_owner(s, row.owner_type, row.owner_id)
        case = s.get(Case, case_id) if case_id is not None else None
        if case is not None and not field_work_removable(case.status):
            raise ConflictError(
                f"Vụ việc {case_state_label(case.status)}: không gỡ được tài liệu, ảnh mà hồ "
                "sơ dựa vào.",
                f"the case is {case.status}: its evidence cannot be removed")
        sha = row.sha256
        s.delete(row)
        s.flush()
        others = s.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.sha256 == sha)) or 0
        if not others and keeps_contents(s):
            s.execute(delete(AttachmentContent)
                      .where(AttachmentContent.sha256 == sha))
        uow.commit()
    if not others:
        stored_path(sha).unlink(missing_ok=True)


def case_of_owner(bind: Connection | Session, owner_type: str,
                  owner_id: uuid.UUID) -> uuid.UUID | None:
    """The case an attachment's owner belongs to: the case itself, or the case of its violation
    or seized item; None for a visit, an establishment or an inspection."""
    conn = _session_conn(bind)
    if owner_type == "case":
        return owner_id
    if owner_type == "violation":
        return conn.scalar(select(Violation.case_id).where(Violation.id == owner_id))
    if owner_type == "seized_item":
        return conn.scalar(select(SeizedItem.case_id).where(SeizedItem.id == owner_id))
    return None


def evidence_of_case(db: Database, actor: Actor, *, case_id: uuid.UUID | None = None,
                     visit_id: uuid.UUID | None = None) -> list[AttachmentRow]:
    """The files saved with a visit or a case, seen again later: those of the visit, the case,
    its violations and seized items (a case brings its visit's, a visit its case's)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        cases = []
        if case_id is not None:
            case = s.get(Case, case_id)
            if case is None:
                raise NotFound("Không tìm thấy vụ việc.", f"no case {case_id}")
            cases.append(case)
            visit_id = visit_id or case.visit_id
        if visit_id is not None:
            cases += [c for c in s.scalars(select(Case).where(Case.visit_id == visit_id))
                      if c not in cases]
        owners: list[uuid.UUID] = [c.id for c in cases]
        if visit_id is not None:
            owners.append(visit_id)
        if cases:
            ids = [c.id for c in cases]
            owners += list(s.scalars(select(Violation.id).where(Violation.case_id.in_(ids))))
            owners += list(s.scalars(select(SeizedItem.id).where(SeizedItem.case_id.in_(ids))))
        if not owners:
            return []
        found = list(s.scalars(select(Attachment).where(Attachment.owner_id.in_(owners))
                               .order_by(Attachment.created_at, Attachment.id)))
        fetch_missing(s, [a.sha256 for a in found])
        return [_row(a) for a in found]
