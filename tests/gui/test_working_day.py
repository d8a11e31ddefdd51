"""Issue 11, "The day, as a test": a working day in the GUI, from an empty database file on.

Only widgets are driven (keyboard, mouse); no service is called once the file exists. Modal
dialogs go through ``support.dialogs.run_modal``, which this test answers with the step that
fills the dialog the app opened. Dates are typed: the visit on 20/11/2026, everything after it
in legal order up to today (02/12/2026): the record, the chief's decision (27/11), its PDF saved
and printed to a file, delivery (28/11) and payment (01/12), the 2026 tally with its Excel export,
the database check. Screenshots go to docs/screenshots/day-NN-….png.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from inspector.ui import support
from inspector.ui.login import FirstAdminDialog, LoginDialog
from inspector.ui.main_window import MainWindow, page_index
from inspector.ui.record_dialog import RecordDialog
from inspector.ui.session import Session
from tests.gui.conftest import RecordingDialogs, type_text

#: Where the day's screenshots go: docs/screenshots when INSPECTOR_SCREENSHOTS=1 (how README's
#: pictures are made), else a temporary folder, so a test run leaves the checkout unchanged.
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.qt_log_ignore("does not support raise", "Corrupt JPEG data")
def test_a_working_day_from_an_empty_file_to_the_yearly_export(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        recorded_dialogs: RecordingDialogs) -> None:
    modal = Modal(monkeypatch)
    shots = Shots()

    # 1. First run: an empty file; the administrator account is created in the first-run dialog.
    session = Session(str(tmp_path / "so-khcn.sqlite"))
    session.start()
    qtbot.waitUntil(lambda: isinstance(session.dialog, FirstAdminDialog), timeout=30_000)
    first = session.dialog
    assert isinstance(first, FirstAdminDialog)
    type_text(first.full_name, "Nông Văn Quản")
    qtbot.keyClicks(first.password, "mat-khau-quan-tri")
    qtbot.keyClicks(first.repeat, "mat-khau-quan-tri")
    shots.take(first, "first-run")
    qtbot.keyClick(first.repeat, Qt.Key.Key_Return)
    window = wait_window(qtbot, session)
    assert window.actor.role == "admin"

    # 2. Cài đặt: the agency details, the Director who signs, an inspector and a chief.
    settings = go_to(qtbot, window, "SettingsPage")
    for key, value in (("superior_agency", "UBND tỉnh Cao Bằng"),
                       ("agency_name", "Sở Khoa học và Công nghệ"), ("agency_short", "SKHCN"),
                       ("place_name", "Cao Bằng"),
                       ("treasury_name", "Kho bạc Nhà nước tỉnh Cao Bằng"),
                       ("treasury_account", "3949.0.1054321")):
        retype(settings.fields[key], value)
    click(qtbot, settings, "saveAgency")
    assert window.statusBar().currentMessage() == "Đã lưu thông tin cơ quan."

    def fill_signer(dialog: Any) -> int:
        type_text(dialog.full_name, "Hoàng Văn Giám")
        dialog.title_code.setCurrentIndex(dialog.title_code.findData("director_department"))
        qtbot.keyClicks(dialog.valid_from, "01/07/2025")
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(fill_signer)
    click(qtbot, settings, "addSigner")
    assert settings.signers_view.model().rowCount() == 1

    for login, name, role, password in (
            ("kiemtra", "Lương Đức Hạnh", "inspector", "mat-khau-kiem-tra"),
            ("giamdoc", "Hoàng Văn Giám", "chief", "mat-khau-giam-doc")):
        modal.expect(account_filler(qtbot, login, name, role, password))
        click(qtbot, settings, "addUser")
    assert settings.findChild(QTableView, "users").model().rowCount() == 3
    shots.take(window, "settings")

    # 3. The administrator logs out; the inspector logs in.
    window = switch_user(qtbot, session, window, "kiemtra", "mat-khau-kiem-tra")
    assert window.actor.role == "inspector"

    # 4. Cơ sở: an Internet café in the registry, with its licence typed before the first save.
    registry = go_to(qtbot, window, "EstablishmentsPage")

    def fill_establishment(form: Any) -> int:
        f = form.form
        f.set_value("sector", "internet")
        type_into(f.fields["name"].widget, "Đại lý Internet Đức Anh")
        f.set_value("owner_kind", "household")
        type_into(f.fields["owner_name"].widget, "Lương Văn Đức")
        f.set_value("owner_sex", "M")
        type_into(f.fields["owner_birth_date"].widget, "01/07/1990")
        type_into(f.fields["owner_occupation"].widget, "Kinh doanh")
        type_into(f.fields["owner_id_number"].widget, "004090000456")
        type_into(f.fields["address_line"].widget, "Số 8 đường Hoàng Đình Giong")
        box = f.fields["commune_code"].widget
        box.setCurrentIndex(box.findData("01273"))
        form.tabs.setCurrentIndex(1)
        lf = form.licence_form
        type_into(lf.fields["kind"].widget, "Giấy chứng nhận đủ điều kiện hoạt động điểm Internet")
        type_into(lf.fields["number"].widget, "15/GCN-SKHCN")
        type_into(lf.fields["issued_on"].widget, "10/03/2026")
        qtbot.mouseClick(form.add_licence_button, Qt.MouseButton.LeftButton)
        assert form.licences.rowCount() == 1, form.licence_note.text()
        shots.take(form, "establishment-licence")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.saved_id is not None, form.status.text()
        return 1

    modal.expect(fill_establishment)
    click(qtbot, registry, "add")
    assert registry.model.rowCount() == 1

    # 5. Thanh tra, kiểm tra: the year's plan, then an inspection under it with a team of two.
    inspections = go_to(qtbot, window, "InspectionsPage")
    inspections.year.setValue(2026)

    def fill_plan(form: Any) -> int:
        type_into(form.form.fields["title"].widget, "Kế hoạch thanh tra, kiểm tra năm 2026")
        click(qtbot, form, "save")
        return int(form.saved is not None)

    modal.expect(fill_plan)
    click(qtbot, inspections, "addPlan")
    assert inspections.plan.currentText().startswith("Kế hoạch thanh tra, kiểm tra năm 2026")

    def fill_inspection(form: Any) -> int:
        f = form.form
        f.set_value("mode", "kiem_tra")
        f.set_value("kind", "scheduled")
        f.set_value("plan_id", inspections.plan.currentData())
        type_into(f.fields["title"].widget, "Kiểm tra điểm cung cấp dịch vụ Internet công cộng")
        f.set_value("sector", "internet")
        type_into(f.fields["decision_number"].widget, "35/QĐ-SKHCN")
        type_into(f.fields["decision_date"].widget, "16/11/2026")
        type_into(f.fields["start_date"].widget, "18/11/2026")
        type_into(f.fields["end_date"].widget, "30/11/2026")
        for name, role in (("Nông Thị Kiểm", "head"), ("Hoàng Văn Tra", "member")):
            click(qtbot, form, "addMember")
            row = form.members.rowCount() - 1
            edit_cell(qtbot, form.members, row, 0, name)
            edit_cell(qtbot, form.members, row, 2, "Sở Khoa học và Công nghệ")
            box = form.members.cellWidget(row, 1)
            box.setCurrentIndex(box.findData(role))
        shots.take(form, "inspection-team")
        click(qtbot, form, "save")
        assert form.saved_id is not None, form.message.text()
        return 1

    modal.expect(fill_inspection)
    click(qtbot, inspections, "add")
    assert inspections.model.rowCount() == 1

    # 6. The visit on 20/11/2026: the signboard item fails and becomes a violation with the
    #    fine proposed; a photo of the shopfront is attached; saved. Saving offers the record.
    photo = tmp_path / "mặt tiền.png"
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(photo))
    select_row(qtbot, inspections.view)

    def do_visit(form: Any) -> int:
        qtbot.waitExposed(form)
        form.activateWindow()  # the keys of the day go where the focus is
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
        type_into(form.establishment_search, "duc anh")
        form.search_establishments()
        qtbot.keyClick(form.establishment_search, Qt.Key.Key_Return)
        assert form.establishment is not None and not form.picker.isVisible()
        type_into(form.visit_date.edit, "20/11/2026")
        row = form.checklist.rows["signboard"]
        row.buttons["no"].setFocus()
        qtbot.keyClick(row.buttons["no"], Qt.Key.Key_Space)
        type_into(row.note, "Không treo biển “Đại lý Internet” tại cửa ra vào")
        assert row.answer() == "no" and row.record.isEnabled()
        row.record.setFocus()
        qtbot.keyClick(row.record, Qt.Key.Key_Space)
        editor = form.violations.violation_editor
        assert QApplication.focusWidget() is editor.choice_list
        qtbot.keyClick(editor.choice_list, Qt.Key.Key_Return)  # the first proposal
        entry = editor.entry()
        assert len(form.violations.entries) == 1
        assert entry["checklist_item"] == "signboard", entry
        assert entry["provision_key"].endswith(":36.2.a"), entry
        type_into(editor.amount.edit, "1.750.000")  # the default of the bracket shown
        assert len(form.violations.entries) == 1
        form.refresh_now()
        assert form.total_label.text() == "Tổng tiền phạt: 1.750.000 đồng", form.total_label.text()
        form.evidence.chooser = lambda _parent: [str(photo)]
        form.tabs.setCurrentIndex(3)
        qtbot.mouseClick(form.evidence.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: form.evidence.busy == 0, timeout=5000)
        assert [e["name"] for e in form.evidence.entries] == ["mặt tiền.png"]
        form.refresh_now()
        shots.take(form, "visit-evidence")
        form.tabs.setCurrentIndex(1)
        shots.take(form, "visit-violation")
        assert form.save_button.isEnabled(), form.save_reason.text()
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
        return 1

    modal.expect(do_visit)
    click(qtbot, inspections, "visit")
    assert window.statusBar().currentMessage() == (
        "Đã lưu biên bản làm việc tại Đại lý Internet Đức Anh.")
    assert any("Lập biên bản vi phạm hành chính ngay" in t for _k, t in recorded_dialogs.shown)

    # 7. The violation record, opened by the offer: time and place, the makers from the team,
    #    a witness, the statements; issued with its number.
    record = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, RecordDialog) and w.isVisible())
    qtbot.addWidget(record)
    assert record.day.text() == "20/11/2026"
    assert [m[0] for m in record.makers.rows()] == ["Nông Thị Kiểm", "Hoàng Văn Tra"]
    assert record.place.text().startswith("Đại lý Internet Đức Anh")
    type_into(record.made_time, "10:30")
    type_into(record.closed_time, "11:15")
    fill_row(qtbot, record, "witnesses", ["Đinh Văn Chứng", "Làm ruộng",
                                          "Tổ 4, phường Thục Phán, tỉnh Cao Bằng"])
    type_into(record.violator_statement, "Tôi xin nhận lỗi, sẽ treo biển ngay")
    type_into(record.witness_statement, "Cơ sở không có biển hiệu khi đoàn đến")
    qtbot.keyClick(record.violator_statement, Qt.Key.Key_F5)
    qtbot.wait(300)
    shots.take(record, "record-preview")
    assert record.issue_button.isEnabled(), record.why.text()
    recorded_dialogs.shown.clear()
    click(qtbot, record, "issue")
    assert recorded_dialogs.shown[0][0] == "confirm"
    assert record.issued is not None and record.issued.number_text == "01/BB-VPHC"
    qtbot.wait(300)
    shots.take(record, "record-issued")
    record.close()

    # 8. The inspector logs out; the chief (the Director, who signs) logs in.
    window = switch_user(qtbot, session, window, "giamdoc", "mat-khau-giam-doc")
    assert window.actor.role == "chief"

    # 9. Quyết định xử phạt: the case waits for a decision; the review shows its checks; the
    #    decision is issued on a date in legal order, after the record and after any
    #    right-to-explain deadline the review names.
    register = go_to(qtbot, window, "DecisionsPage")
    register.tabs.setCurrentIndex(1)
    assert register.awaiting.rowCount() == 1
    assert register.awaiting.row_at(0).violator == "Lương Văn Đức"
    assert register.tabs.tabText(1) == "Vụ việc chờ ra quyết định (1)"
    select_row(qtbot, register.awaiting_view)

    def do_issue(dialog: Any) -> int:
        type_date(qtbot, dialog.on_date, "27/11/2026")
        checks = [dialog.checks.item(i).text() for i in range(dialog.checks.count())]
        assert checks and all(c.startswith("✔") for c in checks), checks
        assert any(c.startswith("✔ hạn ra quyết định: 01/12/2026") for c in checks), checks
        assert not any("giải trình" in c for c in checks), checks  # no explanation runs here
        assert "1.750.000 đồng" in dialog.summary.text(), dialog.summary.text()
        assert "Hoàng Văn Giám" in dialog.summary.text(), dialog.summary.text()
        assert dialog.preview.page_count >= 1
        qtbot.wait(300)  # the preview renders its pages in the background
        shots.take(dialog, "decision-review")
        recorded_dialogs.shown.clear()
        click(qtbot, dialog, "issue")
        assert recorded_dialogs.shown[0][0] == "confirm"
        assert dialog.issued is not None, recorded_dialogs.shown
        return 1

    modal.expect(do_issue)
    click(qtbot, register, "review")
    assert register.awaiting.rowCount() == 0
    register.tabs.setCurrentIndex(0)
    assert register.model.rowCount() == 1
    decision = register.model.row_at(0)
    assert decision.number_text.startswith("01/QĐ-XPHC"), decision.number_text
    assert decision.issued_on.isoformat() == "2026-11-27"
    assert decision.total_amount == 1_750_000

    # 10. The issued decision in the preview; "Lưu PDF…" and "In…" with "In ra tệp (PDF)" both
    #     write the document's own bytes, read back here.
    preview = register.preview
    assert preview.page_count >= 1 and preview.data.startswith(b"%PDF")
    qtbot.wait(300)
    shots.take(window, "decision-issued")
    saved = tmp_path / "quyet-dinh-01.pdf"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(saved))
    click(qtbot, preview, "savePdf")
    printed = tmp_path / "in-ra-tep.pdf"

    def print_to_file(dialog: Any) -> int:
        from PySide6.QtPrintSupport import QPrinter

        printer = dialog.printer()  # the dialog's "In ra tệp (PDF)" choice, with its file name
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return 1

    modal.expect(print_to_file)
    with qtbot.waitSignal(preview.printed, timeout=10_000):
        click(qtbot, preview, "printPdf")
    for path in (saved, printed):
        text = pdf_text(path)
        assert path.read_bytes() == preview.data
        assert "QUYẾT ĐỊNH" in text and "Lương Văn Đức" in text, text[:400]
        assert "1.750.000 đồng" in text, text[:400]

    # 11. Delivery on 28/11/2026, then the whole fine paid on 01/12/2026 at the treasury.
    def deliver(dialog: Any) -> int:
        type_date(qtbot, dialog.day, "28/11/2026")
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(deliver)
    click(qtbot, register, "deliver")
    decision = register.model.row_at(0)
    assert decision.delivered_on is not None and decision.delivered_on.isoformat() == "2026-11-28"
    assert decision.status == "delivered", decision.status

    def pay(dialog: Any) -> int:
        type_date(qtbot, dialog.day, "01/12/2026")
        assert dialog.fine_line.text() == ("phải nộp 1.750.000 đồng; đã nộp 0 đồng; "
                                           "còn 1.750.000 đồng"), dialog.fine_line.text()
        assert dialog.charge_line.text() == "không có"
        assert dialog.amount.text() == "1.750.000"
        type_into(dialog.receipt, "0012345")
        shots.take(dialog, "payment")
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(pay)
    click(qtbot, register, "pay")
    decision = register.model.row_at(0)
    assert decision.status == "paid", decision.status
    assert decision.fine_paid == 1_750_000 and decision.owed == 0
    shots.take(window, "decision-paid")

    # 12. Thống kê for 2026: one check, one establishment with a violation, one decision, the
    #     fine imposed and collected; exported to Excel and read back.
    tallies = go_to(qtbot, window, "TalliesPage")
    tallies.year.setValue(2026)
    qtbot.waitUntil(lambda: tallies.tally is not None and not tallies.busy()
                    and tallies.tally.period.start.year == 2026, timeout=30_000)
    cards = {k: c.value.text() for k, c in tallies.card_items.items()}
    assert cards == {"inspections": "0", "checks": "1", "establishments_inspected": "1",
                     "establishments_with_violations": "1", "decisions": "1",
                     "fines_imposed": "1.750.000", "fines_collected": "1.750.000"}, cards
    shots.take(window, "tallies")
    workbook_path = tmp_path / "thong-ke-2026.xlsx"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(workbook_path))
    recorded_dialogs.shown.clear()
    click(qtbot, tallies, "export_xlsx")
    qtbot.waitUntil(lambda: tallies.last_export is not None, timeout=30_000)
    assert tallies.last_export == workbook_path
    assert recorded_dialogs.shown[-1][0] == "info", recorded_dialogs.shown
    from openpyxl import load_workbook

    cells = [c for sheet in load_workbook(workbook_path).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert 1_750_000 in cells or "1.750.000" in cells, cells[:60]

    # 13. Cài đặt: the database check at the end of the day, every line ✔.
    settings = go_to(qtbot, window, "SettingsPage")
    click(qtbot, settings, "checkDb")
    verdict, *lines = settings.check_label.text().split("\n")
    assert verdict == "Cơ sở dữ liệu toàn vẹn.", settings.check_label.text()
    assert lines and all(line.startswith("✔ ") for line in lines), lines
    shots.take(window, "database-check")

    modal.done()
    window.close()
    session.dispose()


# --- helpers -----------------------------------------------------------------------------------

class Modal:
    """Answers ``run_modal`` with the next expected step, which drives the opened dialog."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.steps: list[Callable[[Any], int]] = []
        monkeypatch.setattr(support.dialogs, "run_modal", self.run)

    def expect(self, step: Callable[[Any], int]) -> None:
        self.steps.append(step)

    def run(self, dialog: Any) -> int:
        assert self.steps, f"unexpected dialog {type(dialog).__name__}"
        dialog.show()
        try:
            return self.steps.pop(0)(dialog)
        finally:
            dialog.hide()

    def done(self) -> None:
        assert not self.steps, "a dialog the day expected never opened"


class Shots:
    """docs/screenshots/day-NN-name.png, numbered in the order of the day."""

    def __init__(self) -> None:
        import os
        import tempfile

        self.folder = (SHOTS if os.environ.get("INSPECTOR_SCREENSHOTS") == "1"
                       else Path(tempfile.mkdtemp(prefix="inspector-day-")))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.number = 0

    def take(self, widget: QWidget, name: str) -> Path:
        self.number += 1
        QApplication.processEvents()
        path = self.folder / f"day-{self.number:02d}-{name}.png"
        assert widget.grab().save(str(path))
        return path


def wait_window(qtbot: QtBot, session: Session) -> MainWindow:
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(),
                    timeout=10_000)
    assert session.window is not None
    session.window.resize(1280, 800)
    return session.window


def switch_user(qtbot: QtBot, session: Session, window: MainWindow, login: str,
                password: str) -> MainWindow:
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    dialog = session.dialog
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return wait_window(qtbot, session)


def go_to(qtbot: QtBot, window: MainWindow, page: str) -> Any:
    index = page_index(page)
    item = window.navigation.item(index)
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.navigation.currentRow() == index
    return window.pages[index]


def click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isEnabled(), (name, button.toolTip())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok(qtbot: QtBot, dialog: Any) -> None:
    """The dialog's accepting button (Lưu, Ban hành…), clicked."""
    buttons = getattr(dialog, "buttons", None)
    if buttons is None:
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = dialog.findChild(QDialogButtonBox)
    accept = next(b for b in buttons.buttons()
                  if buttons.buttonRole(b) == buttons.ButtonRole.AcceptRole)
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)


def accepted(dialog: Any) -> int:
    from PySide6.QtWidgets import QDialog

    message = getattr(dialog, "message", None)
    assert dialog.result() == QDialog.DialogCode.Accepted, message.text() if message else ""
    return 1


def retype(edit: QLineEdit, value: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(edit, value)


def type_into(edit: QWidget, value: str) -> None:
    """Click into the field, select what is there, type over it."""
    edit.setFocus()
    if hasattr(edit, "selectAll"):
        edit.selectAll()
    type_text(edit, value)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def type_date(qtbot: QtBot, edit: Any, value: str) -> None:
    """The shared date field, as in every form: what is there selected, dd/mm/yyyy typed."""
    type_into(edit, value)
    assert edit.text() == value and edit.value() is not None, edit.text()


def edit_cell(qtbot: QtBot, table: Any, row: int, column: int, value: str) -> None:
    """Click a cell, F2 to edit it, type, Enter."""
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, editors
    type_text(editors[0], value)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.wait(10)
    assert table.item(row, column).text() == value


def select_row(qtbot: QtBot, view: QTableView, row: int = 0) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def fill_row(qtbot: QtBot, dialog: Any, table_name: str, values: list[str]) -> None:
    """A people table of the record: add a row with the mouse, type each cell, Tab, Enter."""
    click(qtbot, dialog, f"{table_name}Add")
    table = getattr(dialog, table_name)
    row = table.rowCount() - 1
    for column, value in enumerate(values):
        editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
        assert len(editors) == 1
        type_text(editors[0], value)
        last = column == len(values) - 1
        qtbot.keyClick(editors[0], Qt.Key.Key_Return if last else Qt.Key.Key_Tab)
        qtbot.wait(10)
    assert [table.cell(row, c) for c in range(len(values))] == values


def account_filler(qtbot: QtBot, login: str, name: str, role: str,
                   password: str) -> Callable[[Any], int]:
    def fill(dialog: Any) -> int:
        qtbot.keyClicks(dialog.login, login)
        type_text(dialog.full_name, name)
        dialog.role.setCurrentIndex(dialog.role.findData(role))
        qtbot.keyClicks(dialog.password, password)
        ok(qtbot, dialog)
        return accepted(dialog)
    return fill
