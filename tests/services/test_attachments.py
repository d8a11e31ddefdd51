"""Evidence files: stored by content hash, size-limited, type-checked, unreadable refused."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest

from inspector.services import attachments
from inspector.services.actor import Actor
from inspector.services.attachments import (
    add_attachment,
    attachment_file,
    list_attachments,
    remove_attachment,
    stored_path,
)
from inspector.services.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.inspections import InspectionInput, VisitInput, add_inspection, add_visit
from inspector.store.engine import Database
from tests.conftest import make_actor

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"1 0 obj\n<<>>\nendobj\n" * 5 + b"%%EOF\n"


@pytest.fixture
def visit(db: Database, operator: Actor) -> uuid.UUID:
    est = add_establishment(db, operator, EstablishmentInput(
        sector="game", name="Điểm trò chơi Tuấn", owner_kind="individual",
        owner_name="Lục Văn Tuấn", commune_code="01273"))
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "unscheduled", "Kiểm tra", date(2024, 5, 1), None, "1/QĐ", date(2024, 4, 28)))
    return add_visit(db, operator, VisitInput(inspection, est, date(2024, 5, 2)))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_photo_scan_and_pdf_are_stored_by_hash(db: Database, operator: Actor, visit: uuid.UUID,
                                              tmp_path: Path) -> None:
    """JPEG, PNG and PDF are recognised by their first bytes and copied under their SHA-256."""
    rows = [add_attachment(db, operator, "visit", visit, write(tmp_path, n, d), caption=n)
            for n, d in (("anh.jpg", JPEG), ("quet.png", PNG), ("bien-ban.pdf", PDF))]
    assert [r.mime_type for r in rows] == ["image/jpeg", "image/png", "application/pdf"]
    for row in rows:
        assert row.path == stored_path(row.sha256) and row.path.read_bytes()
        assert row.path.parent.name == row.sha256[:2]
    assert [r.original_name for r in list_attachments(db, operator, "visit", visit)] == [
        "anh.jpg", "quet.png", "bien-ban.pdf"]


def test_same_file_twice_is_stored_once(db: Database, operator: Actor, visit: uuid.UUID,
                                        tmp_path: Path) -> None:
    """Attaching the same photo again returns the existing attachment; one stored copy."""
    first = add_attachment(db, operator, "visit", visit, write(tmp_path, "a.jpg", JPEG))
    again = add_attachment(db, operator, "visit", visit, write(tmp_path, "b.jpg", JPEG))
    assert again.id == first.id and len(list_attachments(db, operator, "visit", visit)) == 1
    assert len(list(first.path.parent.iterdir())) == 1


def test_too_large_file_is_refused_before_reading(db: Database, operator: Actor,
                                                  visit: uuid.UUID, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the limit (20 MB; lowered here) the file is refused with its size."""
    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    with pytest.raises(ValidationError) as err:
        add_attachment(db, operator, "visit", visit, write(tmp_path, "lon.jpg", JPEG))
    assert "quá lớn" in err.value.vi and err.value.field == "file"
    assert list_attachments(db, operator, "visit", visit) == []


def test_wrong_type_is_refused_whatever_its_name(db: Database, operator: Actor,
                                                 visit: uuid.UUID, tmp_path: Path) -> None:
    """A text file named .jpg, an executable, an empty file: refused with a message."""
    for name, data in (("anh.jpg", b"hello, this is text"), ("x.pdf", b"MZ\x90\x00"),
                       ("rong.png", b"")):
        with pytest.raises(ValidationError) as err:
            add_attachment(db, operator, "visit", visit, write(tmp_path, name, data))
        assert name in err.value.vi
    assert not list(attachments.storage_dir().glob(".incoming-*"))


def test_unreadable_files_are_refused(db: Database, operator: Actor, visit: uuid.UUID,
                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing file, a folder, and a file the system will not let us read."""
    with pytest.raises(ValidationError) as missing:
        add_attachment(db, operator, "visit", visit, tmp_path / "khong-co.jpg")
    assert "Không tìm thấy" in missing.value.vi
    with pytest.raises(ValidationError) as folder:
        add_attachment(db, operator, "visit", visit, tmp_path)
    assert "thư mục" in folder.value.vi
    locked = write(tmp_path, "khoa.jpg", JPEG)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ValidationError) as unreadable:
        add_attachment(db, operator, "visit", visit, locked)
    assert "Không đọc được" in unreadable.value.vi


def test_owner_must_exist_and_clerk_cannot_attach(db: Database, operator: Actor,
                                                  visit: uuid.UUID, tmp_path: Path) -> None:
    """Evidence belongs to an existing record; attaching is field work."""
    photo = write(tmp_path, "a.jpg", JPEG)
    with pytest.raises(NotFound):
        add_attachment(db, operator, "violation", uuid.uuid4(), photo)
    with pytest.raises(ValidationError):
        add_attachment(db, operator, "nothing", visit, photo)
    with pytest.raises(PermissionDenied):
        add_attachment(db, make_actor("clerk"), "visit", visit, photo)


def test_tampered_copy_is_reported_and_removal_deletes_unused_files(
        db: Database, operator: Actor, visit: uuid.UUID, tmp_path: Path) -> None:
    """Reading checks the hash; removing the last use deletes the stored file."""
    own = PDF + uuid.uuid4().bytes  # content no other test stores
    row = add_attachment(db, operator, "visit", visit, write(tmp_path, "a.pdf", own))
    assert attachment_file(db, operator, row.id) == row.path
    original = row.path.read_bytes()
    row.path.write_bytes(original + b"x")
    with pytest.raises(ConflictError):
        attachment_file(db, operator, row.id)
    row.path.write_bytes(original)
    with pytest.raises(ConflictError):
        remove_attachment(db, operator, row.id, row.version + 1)
    remove_attachment(db, operator, row.id, row.version)
    assert not row.path.exists()
