"""The violation record in the GUI, driven by keyboard and mouse: from a saved visit with a
violation, make the record (time, place, makers from the team, a witness, statements), preview,
issue; the case then waits for the chief's decision; reprint gives the stored PDF."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.cases import RecordedVisit
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.pages.decisions import DecisionsPage
from inspector.ui.pages.inspections import InspectionsPage
from inspector.ui.record_dialog import RecordDialog
from inspector.ui.visit_form import VisitForm
from tests.conftest import make_actor
from tests.documents.pdfread import text
from tests.gui.conftest import RecordingDialogs, type_text
from tests.services.test_violation_records import visit_with_violation

INSPECTOR = make_actor("inspector", "kiem.tra")
CHIEF = make_actor("chief", "chanh.tt")
SHOTS = Path(os.environ.get("INSPECTOR_SHOTS", "/tmp"))


def click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isVisible() and button.isEnabled(), (name, button.toolTip())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_row(qtbot: QtBot, view: QTableView, row: int = 0) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def record_windows() -> list[RecordDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, RecordDialog) and w.isVisible()]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_into(qtbot: QtBot, widget: QWidget, value: str) -> None:
    widget.setFocus()
    type_text(widget, value)


def fill_cell(qtbot: QtBot, dialog: RecordDialog, table_name: str, values: list[str]) -> None:
    """Add a row with the mouse, type each cell and Tab to the next, Enter on the last."""
    click(qtbot, dialog, f"{table_name}Add")
    table = getattr(dialog, table_name)
    row = table.rowCount() - 1
    for column, value in enumerate(values):
        editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
        assert len(editors) == 1 and table.currentColumn() == column
        type_text(editors[0], value)
        last = column == len(values) - 1
        qtbot.keyClick(editors[0], Qt.Key.Key_Return if last else Qt.Key.Key_Tab)
        qtbot.wait(10)  # the closed editor is deleted later
    assert [table.cell(row, c) for c in range(len(values))] == values


@pytest.fixture
def visit_case(db: Database, operator: Actor) -> uuid.UUID:
    return visit_with_violation(db, operator)


def open_from_inspections(qtbot: QtBot, db: Database) -> RecordDialog:
    page = InspectionsPage(db, INSPECTOR)
    qtbot.addWidget(page)
    page.show()
    page.year.setValue(2026)
    page.refresh()
    select_row(qtbot, page.visits_view)
    click(qtbot, page, "violationRecord")
    windows = record_windows()
    assert len(windows) == 1
    dialog = windows[0]
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    return dialog


def test_record_made_from_the_visit_previewed_issued_reprinted(
        qtbot: QtBot, db: Database, visit_case: uuid.UUID,
        recorded_dialogs: RecordingDialogs) -> None:
    dialog = open_from_inspections(qtbot, db)
    # prefilled from the visit: the day, the place with its address, the team, the decision
    assert dialog.day.text() == "20/11/2026"
    assert dialog.place.text().startswith("Đại lý Internet Đức Anh, Số 8 đường Hoàng Đình")
    assert dialog.makers.rows() == [
        ("Nông Thị Kiểm", "Trưởng đoàn kiểm tra", "Sở Khoa học và Công nghệ"),
        ("Hoàng Văn Tra", "Thành viên Đoàn kiểm tra", "Sở Khoa học và Công nghệ")]
    assert dialog.grounds.toPlainText() == "Quyết định kiểm tra số 35/QĐ-SKHCN ngày 05/11/2026"
    assert "Không (Điều 61" in dialog.explanation.text()
    # nothing invented: the times are typed; until then the issue button says why it waits
    assert not dialog.issue_button.isEnabled()
    assert "Hãy nhập giờ và ngày lập biên bản" in dialog.why.text()
    message = dialog.fields["made_at"].message
    assert message.isVisible() and "Hãy nhập giờ" in message.text()
    assert focused() is dialog.made_time
    type_text(dialog.made_time, "23:30")
    assert not message.isVisible()
    qtbot.keyClick(dialog.made_time, Qt.Key.Key_Tab)
    assert focused() is dialog.closed_time
    type_text(dialog.closed_time, "23h10")
    assert "Giờ lập xong phải sau" in dialog.fields["closed_at"].message.text()
    dialog.closed_time.clear()
    type_text(dialog.closed_time, "23:55")
    fill_cell(qtbot, dialog, "witnesses", ["Đinh Văn Chứng", "Làm ruộng",
                                           "Tổ 4, phường Thục Phán, tỉnh Cao Bằng"])
    type_into(qtbot, dialog.violator_statement, "Tôi xin nhận lỗi, sẽ đóng cửa đúng giờ")
    type_into(qtbot, dialog.witness_statement, "Cơ sở còn mở cửa lúc 23 giờ 15 phút")
    assert dialog.issue_button.isEnabled(), dialog.why.text()
    # preview (F5): a numbered-later draft with what was typed
    qtbot.keyClick(dialog.violator_statement, Qt.Key.Key_F5)
    draft = text(dialog.preview.data)
    assert "DỰ THẢO" in draft and "hồi 23 giờ 30 phút, ngày 20/11/2026" in draft
    assert "Đinh Văn Chứng" in draft and "Tôi xin nhận lỗi" in draft
    qtbot.wait(300)  # the PDF view paints its pages after loading
    dialog.grab().save(str(SHOTS / "record_dialog.png"))
    # issue: deliberate, with a confirmation
    recorded_dialogs.shown.clear()
    click(qtbot, dialog, "issue")
    assert recorded_dialogs.shown[0][0] == "confirm"
    assert "Lập biên bản ngày 20/11/2026 đối với Lương Văn Đức" in recorded_dialogs.shown[0][1]
    assert dialog.issued is not None and dialog.issued.number_text == "01/BB-VPHC"
    assert "01/BB-VPHC" in dialog.why.text() and not dialog.made_time.isEnabled()
    qtbot.wait(300)
    dialog.grab().save(str(SHOTS / "record_dialog_issued.png"))
    stored = violation_records.record_pdf(db, CHIEF, visit_case)
    assert dialog.preview.data == stored
    issued = text(stored)
    assert "DỰ THẢO" not in issued and "Số: 01/BB-VPHC" in issued
    assert "NGƯỜI LẬP BIÊN BẢN" in issued and "Nông Thị Kiểm" in issued
    # the chief sees the case waiting for a decision, with its deadline
    page = DecisionsPage(db, CHIEF)
    qtbot.addWidget(page)
    page.refresh()
    assert [c.case_id for c in page.awaiting.rows] == [visit_case]
    assert page.awaiting.rows[0].deadline is not None
    assert page.tabs.tabText(1) == "Vụ việc chờ ra quyết định (1)"
    assert decisions.cases_awaiting_decision(db, CHIEF)[0].record_number == 1
    # reprint from the register: the stored bytes, not a new rendering
    page.year.setValue(2026)
    page.tabs.setCurrentIndex(2)
    page.show()
    select_row(qtbot, page.records_view)
    dialog.close()
    click(qtbot, page, "openRecord")
    again = record_windows()[0]
    qtbot.addWidget(again)
    assert again.reprint_button.isVisible() and not again.issue_button.isVisible()
    click(qtbot, again, "reprint")
    assert hashlib.sha256(again.preview.data).hexdigest() == hashlib.sha256(stored).hexdigest()


def test_inspector_sees_cases_waiting_for_a_record(qtbot: QtBot, db: Database,
                                                   visit_case: uuid.UUID) -> None:
    """The decisions page opens on the inspector's to-do; the record is made from the case."""
    page = DecisionsPage(db, INSPECTOR)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.tabs.currentWidget() is page.awaiting_record_tab
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Vụ việc chờ lập biên bản (1)"
    row = page.awaiting_record.rows[0]
    assert row.case_id == visit_case and row.limitation_due is not None
    select_row(qtbot, page.awaiting_record_view)
    click(qtbot, page, "makeRecord")
    dialog = record_windows()[0]
    qtbot.addWidget(dialog)
    assert dialog.case_id == visit_case
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.made_time, timeout=2000)
    # keep what was typed as a draft: the list says so, the form comes back with it
    type_text(dialog.made_time, "23:30")
    qtbot.keyClick(dialog.made_time, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Đã lưu nháp" in dialog.why.text()
    dialog.close()
    page.refresh()
    assert page.awaiting_record.rows[0].draft
    reopened = RecordDialog(db, INSPECTOR, visit_case)
    qtbot.addWidget(reopened)
    assert reopened.made_time.text() == "23:30"


def test_chief_cannot_make_the_record(qtbot: QtBot, db: Database, visit_case: uuid.UUID) -> None:
    """A role without field work sees why the issue button is disabled."""
    clerk = make_actor("clerk", "van.thu")
    dialog = RecordDialog(db, clerk, visit_case)
    qtbot.addWidget(dialog)
    assert not dialog.issue_button.isEnabled()
    assert "Chỉ thanh tra viên" in dialog.why.text()


def test_saving_a_visit_with_violations_offers_the_record(
        qtbot: QtBot, db: Database, visit_case: uuid.UUID, monkeypatch: pytest.MonkeyPatch,
        recorded_dialogs: RecordingDialogs) -> None:
    """When the visit form closes after saving a violation, it offers to make the record now;
    accepting opens the record window of that case."""
    page = InspectionsPage(db, INSPECTOR)
    qtbot.addWidget(page)
    page.show()
    page.year.setValue(2026)
    page.refresh()
    select_row(qtbot, page.view)

    def saved_visit(form: VisitForm) -> int:
        """The visit form, saved: what record_visit returned, then the form closes."""
        form.recorded = RecordedVisit(uuid.uuid4(), visit_case, (), (), 0)
        form.accept()
        return 1

    monkeypatch.setattr(support.dialogs, "run_modal", saved_visit)
    recorded_dialogs.shown.clear()
    click(qtbot, page, "visit")
    assert recorded_dialogs.shown and "Lập biên bản vi phạm hành chính ngay" in \
        recorded_dialogs.shown[-1][1]
    windows = record_windows()
    assert [w.case_id for w in windows] == [visit_case]
    for w in windows:
        qtbot.addWidget(w)
