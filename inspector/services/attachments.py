"""Evidence: photos and scanned documents attached to a visit, a violation or a case.

Files are copied into ``<data dir>/attachments/<sha256[:2]>/<sha256>``: the content hash is the
name, so the same photo attached twice is stored once and a stored file can be verified. Only
JPEG, PNG and PDF are accepted — recognised by their first bytes, never by the file name — up to
:data:`MAX_BYTES`. The copy is written to a temporary file and renamed into place, so a crash
never leaves half a file under a valid name. Thumbnails are the GUI's business.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from inspector import paths
from inspector.domain.roles import Permission
from inspector.domain.text import nfc
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    ATTACHMENT_OWNERS,
    Attachment,
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
        return [_row(a) for a in uow.session.scalars(
            select(Attachment).where(Attachment.owner_type == owner_type,
                                     Attachment.owner_id == owner_id)
            .order_by(Attachment.created_at, Attachment.id))]


def attachment_file(db: Database, actor: Actor, attachment_id: uuid.UUID) -> Path:
    """The stored file, checked against its hash (a damaged copy is reported, not shown)."""
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(Attachment, attachment_id)
        if row is None:
            raise NotFound("Không tìm thấy tệp đính kèm.", f"no attachment {attachment_id}")
        sha = row.sha256
    path = stored_path(sha)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise NotFound("Tệp đính kèm không còn trong thư mục dữ liệu của máy này.",
                       f"the attachment file is missing: {path}") from exc
    if digest.hexdigest() != sha:
        raise ConflictError("Tệp đính kèm trong thư mục dữ liệu đã bị thay đổi hoặc hỏng.",
                            f"the attachment file does not match its hash: {path}")
    return path


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
        sha = row.sha256
        s.delete(row)
        s.flush()
        others = s.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.sha256 == sha)) or 0
        uow.commit()
    if not others:
        stored_path(sha).unlink(missing_ok=True)


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
        return [_row(a) for a in s.scalars(
            select(Attachment).where(Attachment.owner_id.in_(owners))
            .order_by(Attachment.created_at, Attachment.id))]
