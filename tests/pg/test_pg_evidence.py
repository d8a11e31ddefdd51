"""Evidence on the department server: the photo one workstation attaches is kept in the
database, so another workstation (its own data folder, nothing on its disk) sees and opens the
same bytes; a damaged cache is fetched again; removing the last use removes the bytes; the
server's ``db check`` verifies every content against its hash; a laptop's bundle brings its
photos into the server's database, not onto the importing workstation's disk alone.

Runs when ``INSPECTOR_TEST_PG`` names a database on the server (``scripts/test``)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from inspector.services.attachments import (
    add_attachment,
    attachment_file,
    evidence_of_case,
    list_attachments,
    remove_attachment,
    stored_path,
)
from inspector.services.bundles_export import export_laptop, prepare_package
from inspector.services.bundles_import import import_bundle
from inspector.services.maintenance import check_database
from inspector.services.setup import prepare_database
from inspector.services.violation_records import issue_record
from inspector.store.engine import Database, open_database
from inspector.store.models import Attachment, AttachmentContent
from tests.conftest import make_actor
from tests.factories import record_details
from tests.pg import URL, fresh_database_url
from tests.services.bundles_world import PNG, field_visit, make_world

pytestmark = pytest.mark.skipif(not URL, reason="INSPECTOR_TEST_PG is not set")

DAY = date(2026, 11, 25)


@pytest.fixture()
def server_url() -> str:
    url = fresh_database_url("_evidence")
    prepare_database(url).dispose()
    return url


def _workstation(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("INSPECTOR_HOME", str(home))


@pytest.fixture()
def world_on_server(tmp_path: Path, template_db: Path, server_url: str,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, Database]]:
    world = make_world(tmp_path, template_db, register_url=server_url)
    _workstation(tmp_path / "desk-a", monkeypatch)
    db = open_database(server_url)
    yield world, db
    db.dispose()


def _photo(tmp_path: Path, tag: bytes) -> Path:
    path = tmp_path / f"anh-{uuid.uuid4().hex[:6]}.png"
    path.write_bytes(PNG + tag)
    return path


def _checks(db: Database) -> dict[str, str]:
    return {r.name: ("ok" if r.ok else r.detail)
            for r in check_database(db, make_actor("admin")).results}


def test_a_photo_attached_on_one_workstation_opens_on_another(
        world_on_server: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world, db = world_on_server
    inspector = make_actor("inspector")
    case = field_visit(db, inspector, world.inspection_id, world.establishment_ids[0], DAY)
    source = _photo(tmp_path, b"desk-a")
    row = add_attachment(db, inspector, "case", case, source, "Sách bày bán")
    with db.sessions() as s:
        kept = s.scalar(select(AttachmentContent.content)
                        .where(AttachmentContent.sha256 == row.sha256))
    assert kept == source.read_bytes()

    _workstation(tmp_path / "desk-b", monkeypatch)  # another desk: its data folder is empty
    assert not stored_path(row.sha256).exists()
    seen = evidence_of_case(db, make_actor("chief"), case_id=case)
    assert [r.sha256 for r in seen] == [row.sha256]
    assert seen[0].path.read_bytes() == source.read_bytes()
    assert str(tmp_path / "desk-b") in str(seen[0].path)

    seen[0].path.write_bytes(b"\x89PNG damaged")  # a damaged copy on desk B is fetched again
    opened = attachment_file(db, make_actor("chief"), row.id)
    assert hashlib.sha256(opened.read_bytes()).hexdigest() == row.sha256
    assert _checks(db)["evidence"] == "ok"


def test_the_same_photo_twice_is_kept_once_and_removed_with_its_last_use(
        world_on_server: tuple, tmp_path: Path) -> None:
    world, db = world_on_server
    inspector = make_actor("inspector")
    case = field_visit(db, inspector, world.inspection_id, world.establishment_ids[0], DAY)
    source = _photo(tmp_path, b"twice")
    first = add_attachment(db, inspector, "case", case, source)
    other = field_visit(db, inspector, world.inspection_id, world.establishment_ids[1], DAY)
    second = add_attachment(db, inspector, "case", other, source)
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentContent)) == 1
    remove_attachment(db, inspector, first.id, first.version)
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentContent)) == 1
    remove_attachment(db, inspector, second.id, second.version)
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentContent)) == 0
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0


def test_db_check_finds_evidence_edited_or_removed_on_the_server(
        world_on_server: tuple, tmp_path: Path) -> None:
    world, db = world_on_server
    inspector = make_actor("inspector")
    case = field_visit(db, inspector, world.inspection_id, world.establishment_ids[0], DAY)
    row = add_attachment(db, inspector, "case", case, _photo(tmp_path, b"check"))
    with db.engine.begin() as conn:  # what someone with the server's URL can do
        conn.execute(text("UPDATE attachment_contents SET content = :c WHERE sha256 = :s"),
                     {"c": PNG + b"other", "s": row.sha256})
    assert "does not match its hash" in _checks(db)["evidence"]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM attachment_contents"))
    assert "has no content on the server" in _checks(db)["evidence"]


def test_a_laptops_bundle_brings_its_photos_into_the_servers_database(
        world_on_server: tuple, tmp_path: Path, template_db: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    world, db = world_on_server
    db.dispose()
    laptop = world.laptop("may-A", template_db)
    package = tmp_path / "package.zip"
    with world.register.active() as reg:
        prepare_package(reg, world.register.actor, laptop.name, package, [world.inspection_id])
    out = tmp_path / "from-may-A.zip"
    photo = _photo(tmp_path, b"laptop")
    with laptop.active() as lap:
        import_bundle(lap, laptop.actor, package)
        case = field_visit(lap, laptop.actor, world.inspection_id, world.establishment_ids[0],
                           DAY)
        issue_record(lap, laptop.actor, case, DAY, details=record_details(DAY))
        add_attachment(lap, laptop.actor, "case", case, photo, "Ảnh hiện trường")
        export_laptop(lap, laptop.actor, out)
    with world.register.active() as reg:  # the clerk's desk imports it
        import_bundle(reg, world.register.actor, out)
    _workstation(tmp_path / "chief-desk", monkeypatch)  # the chief's desk, nothing on its disk
    server = open_database(world.register.url)
    try:
        rows = list_attachments(server, make_actor("chief"), "case", case)
        assert [r.path.read_bytes() for r in rows] == [photo.read_bytes()]
        assert _checks(server)["evidence"] == "ok"
    finally:
        server.dispose()
    assert str(tmp_path / "chief-desk") in str(rows[0].path)


def test_evidence_attached_before_the_server_kept_it_is_uploaded_by_its_workstation(
        world_on_server: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server upgraded to schema 19 holds attachment rows whose bytes are only on the disk
    of the workstation that attached them: db check names the gap; that workstation uploads
    them (db upload-evidence); another one, without the file, says it cannot."""
    from inspector.services.attachments import upload_missing

    world, db = world_on_server
    inspector = make_actor("inspector")
    case = field_visit(db, inspector, world.inspection_id, world.establishment_ids[0], DAY)
    row = add_attachment(db, inspector, "case", case, _photo(tmp_path, b"old"))
    with db.engine.begin() as conn:  # as before migration 0019
        conn.execute(text("DELETE FROM attachment_contents"))
    assert "upload-evidence" in _checks(db)["evidence"]
    home_a = os.environ["INSPECTOR_HOME"]  # desk A, which attached the photo
    assert stored_path(row.sha256).is_file()
    _workstation(tmp_path / "desk-b", monkeypatch)
    assert upload_missing(db, make_actor("admin")) == (0, 1)
    monkeypatch.setenv("INSPECTOR_HOME", home_a)
    assert upload_missing(db, make_actor("admin")) == (1, 0)
    assert _checks(db)["evidence"] == "ok"


def test_the_settings_page_uploads_the_evidence_left_on_this_workstation(
        world_on_server: tuple, tmp_path: Path, qtbot: QtBot) -> None:
    """Cài đặt › Sao lưu và khôi phục máy chủ: the administrator's button does the upload."""
    from PySide6.QtCore import Qt

    from inspector.ui.pages.settings import SettingsPage

    world, db = world_on_server
    inspector = make_actor("inspector")
    case = field_visit(db, inspector, world.inspection_id, world.establishment_ids[0], DAY)
    add_attachment(db, inspector, "case", case, _photo(tmp_path, b"gui"))
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM attachment_contents"))
    page = SettingsPage(db, make_actor("admin"))
    qtbot.addWidget(page)
    qtbot.mouseClick(page.server_backup_panel.upload_button, Qt.MouseButton.LeftButton)
    assert page.server_backup_panel.result.text() == "Đã tải lên máy chủ 1 tệp."
    assert _checks(db)["evidence"] == "ok"
