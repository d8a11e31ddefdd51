"""Evidence in the visit form: photos and PDFs checked when picked, thumbnails made off the GUI
thread, refusals with their reason, files copied under their hash once the visit is saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.attachments import MAX_BYTES, list_attachments, stored_path
from inspector.store.engine import Database
from inspector.ui.visit.evidence_panel import THUMB
from tests.gui.conftest import RecordingDialogs
from tests.gui.test_visit_form import Place, ctrl, focused, make_place, open_form, press, typed


@pytest.fixture
def place(db: Database, operator: Actor) -> Place:
    return make_place(db, operator)


def _files(tmp_path: Path) -> dict[str, Path]:
    photo = tmp_path / "biển hiệu.png"
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(photo))
    scan = tmp_path / "giấy phép.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    text = tmp_path / "ghi chép.txt"
    text.write_text("không phải ảnh", encoding="utf-8")
    huge = tmp_path / "ảnh lớn.jpg"
    with huge.open("wb") as handle:  # a sparse file: large on paper, nothing on disk
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(MAX_BYTES + 1024 * 1024)
    broken = tmp_path / "hỏng.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    return {"photo": photo, "scan": scan, "text": text, "huge": huge, "broken": broken,
            "missing": tmp_path / "đã xóa.png"}


@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")
def test_photos_checked_thumbnailed_and_attached_on_save(
        qtbot: QtBot, db: Database, operator: Actor, place: Place, tmp_path: Path) -> None:
    """Ctrl+O adds a photo (thumbnail) and a PDF (PDF icon); a text file, a file over the
    limit, a damaged photo and a missing file are refused each with its reason; after saving,
    the photo belongs to the violation, the PDF to the visit, both stored under their hash."""
    files = _files(tmp_path)
    form = open_form(qtbot, db, operator, place, place.internet)
    ctrl(qtbot, Qt.Key.Key_N)
    typed("treo bien")
    press(qtbot, Qt.Key.Key_Return)
    typed("Không treo biển")
    form.violations.violation_editor.amount.edit.setFocus()
    typed("1.750.000")
    panel = form.evidence
    panel.chooser = lambda _parent: [str(p) for p in files.values()]
    ctrl(qtbot, Qt.Key.Key_O)
    assert form.tabs.currentIndex() == 3
    qtbot.waitUntil(lambda: panel.busy == 0, timeout=5000)
    assert [e["name"] for e in panel.entries] == ["biển hiệu.png", "giấy phép.pdf"]
    refusals = panel.refusals.text()
    assert "“ghi chép.txt” không phải ảnh (JPEG, PNG) hay tài liệu PDF" in refusals
    assert "“ảnh lớn.jpg” quá lớn (21,0 MB); chỉ nhận tệp đến 20,0 MB" in refusals
    assert "“hỏng.jpg” bị hỏng" in refusals
    assert "“đã xóa.png”: không tìm thấy tệp" in refusals
    photo_icon = panel.list.item(0).icon()
    assert not photo_icon.isNull()
    size = photo_icon.availableSizes()[0]
    assert max(size.width(), size.height()) <= THUMB  # a thumbnail, never the full photo
    assert not panel.list.item(1).icon().isNull()
    assert form.tabs.tabText(3) == "&4. Ảnh, tài liệu (2)"
    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    panel.caption.setFocus()
    typed("Mặt tiền, không có biển")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.target
    press(qtbot, Qt.Key.Key_Down)
    assert panel.entries[0]["violation"] == form.violations.entries[0]["uid"]
    panel.list.setFocus()
    panel.list.setCurrentRow(1)
    press(qtbot, Qt.Key.Key_Delete)
    assert len(panel.entries) == 1
    ctrl(qtbot, Qt.Key.Key_Z)
    assert [e["name"] for e in panel.entries] == ["biển hiệu.png", "giấy phép.pdf"]
    form.refresh_now()
    assert form.save_button.isEnabled(), form.save_reason.text()
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        ctrl(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    result = saved.args[0]
    on_visit = list_attachments(db, operator, "visit", result.visit_id)
    on_violation = list_attachments(db, operator, "violation", result.violation_ids[0])
    assert [a.original_name for a in on_visit] == ["giấy phép.pdf"]
    assert [(a.original_name, a.caption, a.mime_type) for a in on_violation] == [
        ("biển hiệu.png", "Mặt tiền, không có biển", "image/png")]
    assert stored_path(on_violation[0].sha256).read_bytes() == files["photo"].read_bytes()


def test_a_file_gone_since_it_was_picked_blocks_the_save(
        qtbot: QtBot, db: Database, operator: Actor, place: Place, tmp_path: Path) -> None:
    """A photo deleted after it was picked is named, with what to do, before anything is
    saved."""
    files = _files(tmp_path)
    form = open_form(qtbot, db, operator, place, place.internet)
    form.checklist.rows["signboard"].buttons["yes"].setChecked(True)
    form.evidence.add_files([files["photo"]])
    qtbot.waitUntil(lambda: form.evidence.busy == 0, timeout=5000)
    files["photo"].unlink()
    form.refresh_now()
    assert not form.save_button.isEnabled()
    assert "Không còn tệp “biển hiệu.png”" in form.save_reason.text()
    assert "Tệp 1" in form.save_reason.text()


def test_a_photo_attached_by_mistake_is_removed_until_the_case_is_decided(
        qtbot: QtBot, db: Database, admin: Actor, tmp_path: Path,
        recorded_dialogs: RecordingDialogs) -> None:
    """The evidence window: "Gỡ tệp đã chọn…" removes a photo of an open case after a
    confirmation; once the case is decided the service refuses, and the window says why
    (the evidence a decision stands on stays)."""
    from inspector.services import decisions, violation_records
    from inspector.services.attachments import add_attachment
    from inspector.services.users import add_user, authenticate
    from inspector.ui.evidence_view import EvidenceWindow
    from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

    configure_agency(db, admin)
    case_id = make_case(db, admin, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    for name in ("nham.png", "mat-tien.png"):
        photo = tmp_path / name
        photo.write_bytes(_PNG + name.encode())
        add_attachment(db, admin, "case", case_id, photo, name.removesuffix(".png"))
    window = EvidenceWindow(db, admin, "Đại lý Internet", case_id=case_id)
    qtbot.addWidget(window)
    assert window.remove_button.isVisibleTo(window)
    assert [window.list.item(i).text() for i in range(window.list.count())] == [
        "nham", "mat-tien"]
    window.list.setCurrentRow(0)
    qtbot.mouseClick(window.remove_button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.shown[-1][0] == "confirm"
    assert [window.list.item(i).text() for i in range(window.list.count())] == ["mat-tien"]

    violation_records.issue_record(db, admin, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    add_user(db, admin, "giamdoc", "Hoàng Văn Giám", "chief", "mat-khau-1")
    decisions.issue_decision(db, authenticate(db, "giamdoc", "mat-khau-1"), case_id,
                             date(2026, 9, 10))
    window = EvidenceWindow(db, admin, "Đại lý Internet", case_id=case_id)
    qtbot.addWidget(window)
    assert not window.remove(0)
    kind, text = recorded_dialogs.shown[-1]
    assert kind in ("warning", "error") and "đã ra quyết định" in text, text
    assert window.list.count() == 1


_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82")
