"""Issue 11 item 14: every save on a page confirms, once, in the status bar.

The register's delivery, payment, deferral, correction and the decision itself,
the inspection edited, the catalog's end dates and days off: each is driven through its real
dialog (typed, then its OK button) and the main window's status bar must say what was saved,
exactly once per save; a refused save says nothing there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView
from pytestqt.qtbot import QtBot

from inspector.services import decisions, payments
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.main_window import MainWindow, page_index
from tests.factories import configure_agency, recorded_case
from tests.gui.conftest import RecordingDialogs, type_text


def typed(widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


def press_ok(dialog: QDialog) -> int:
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return int(dialog.result() == QDialog.DialogCode.Accepted)


class Said:
    """The page's confirmations as the main window receives them."""

    def __init__(self, window: MainWindow, page: Any) -> None:
        self.window = window
        self.messages: list[str] = []
        page.status_message.connect(self.messages.append)

    def once(self, act: Callable[[], None]) -> str:
        self.messages.clear()
        act()
        assert len(self.messages) == 1, self.messages
        assert self.window.statusBar().currentMessage() == self.messages[0]
        return self.messages[0]


@pytest.fixture
def chief_window(qtbot: QtBot, db: Database, operator: Actor) -> MainWindow:
    configure_agency(db, operator)
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    chief = authenticate(db, "chanh", "mat-khau-1")
    for opened in (date(2026, 9, 7), date(2026, 9, 8)):
        recorded_case(db, operator, opened)
    first = decisions.cases_awaiting_decision(db, chief)[0].case_id
    decisions.issue_decision(db, chief, first, date(2026, 9, 10))
    window = MainWindow(db, chief)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    return window


def _select_first(qtbot: QtBot, view: QTableView) -> None:
    rect = view.visualRect(view.model().index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_register_saves_confirm_once(qtbot: QtBot, db: Database, chief_window: MainWindow,
                                     monkeypatch: pytest.MonkeyPatch,
                                     recorded_dialogs: RecordingDialogs) -> None:
    window = chief_window
    window.navigation.setCurrentRow(page_index("DecisionsPage"))
    page: Any = window.pages[page_index("DecisionsPage")]
    page.year.setValue(2026)
    said = Said(window, page)
    drive: list[Callable[[Any], int]] = []
    monkeypatch.setattr(support.dialogs, "run_modal", lambda dialog: drive.pop(0)(dialog))

    def issue(dialog: Any) -> int:
        typed(dialog.on_date, "12/09/2026")
        dialog.issue_button.click()
        return int(dialog.issued is not None)

    page.tabs.setCurrentIndex(1)
    _select_first(qtbot, page.awaiting_view)
    drive.append(issue)
    assert said.once(page.review_button.click) == (
        "Đã ban hành quyết định 02/QĐ-XPHC (Lương Văn Đức).")
    page.tabs.setCurrentIndex(0)
    page.search.setText("01/")
    assert page.selected().number == 1

    def deliver(dialog: Any) -> int:
        typed(dialog.day, "11/09/2026")
        return press_ok(dialog)

    drive.append(deliver)
    assert said.once(page.deliver_button.click) == (
        "Đã ghi ngày giao quyết định 01/QĐ-XPHC: 11/09/2026.")

    def pay(dialog: Any) -> int:
        typed(dialog.day, "15/09/2026")
        typed(dialog.amount, "500.000")
        typed(dialog.receipt, "BL-0001")
        return press_ok(dialog)

    drive.append(pay)
    assert said.once(page.pay_button.click) == (
        "Đã ghi nộp 500.000 đồng ngày 15/09/2026 cho quyết định 01/QĐ-XPHC.")
    assert payments.position(db, window.actor, 1, 2026, date(2026, 9, 15)).fine_paid == 500_000

    def refused(dialog: Any) -> int:
        typed(dialog.amount, "năm trăm")
        assert press_ok(dialog) == 0 and dialog.message.text()
        return 0

    drive.append(refused)
    said.messages.clear()
    page.pay_button.click()
    assert said.messages == []  # nothing saved, nothing said

    def defer(dialog: Any) -> int:
        typed(dialog.on, "16/09/2026")
        typed(dialog.request_on, "14/09/2026")
        typed(dialog.confirmed_by, "Ủy ban nhân dân phường Thục Phán")
        typed(dialog.reason, "Hoàn cảnh khó khăn")
        typed(dialog.until, "15/12/2026")
        accepted = press_ok(dialog)
        assert accepted, dialog.message.text()
        return accepted

    page.search.setText("02/")
    payments.record_delivery(db, window.actor, 2, 2026, date(2026, 9, 13))
    page.refresh()
    drive.append(defer)
    assert said.once(page.defer_button.click) == (
        "Đã hoãn thi hành quyết định 02/QĐ-XPHC đến ngày 15/12/2026. "
        "Đã ban hành quyết định số 03/QĐ-HQĐPT.")

    def correct(dialog: Any) -> int:
        dialog.kind.setCurrentIndex(1)
        typed(dialog.day, "17/09/2026")
        typed(dialog.reason, "Sai chính tả tên đường")
        dialog.changes.setPlainText("Sửa “Hoang Dieu” thành “Hoàng Diệu”")
        return press_ok(dialog)

    page.search.setText("01/")
    drive.append(correct)
    text = said.once(page.amend_button.click)
    # One yearly series for every decision (docs/money-rules.md): 01, 02, the deferral 03.
    assert text.startswith("Đã ban hành quyết định 04/") and "đính chính quyết định 01/QĐ" in text


def test_inspection_edit_and_catalog_saves_confirm_once(
        qtbot: QtBot, db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.services import inspections as insp

    configure_agency(db, admin)
    insp.add_inspection(db, admin, insp.InspectionInput(
        mode="kiem_tra", kind="unscheduled", title="Kiểm tra đột xuất điểm Internet",
        start_date=date(2026, 9, 14), members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.show()
    drive: list[Callable[[Any], int]] = []
    monkeypatch.setattr(support.dialogs, "run_modal", lambda dialog: drive.pop(0)(dialog))
    window.navigation.setCurrentRow(page_index("InspectionsPage"))
    page: Any = window.pages[page_index("InspectionsPage")]
    page.year.setValue(2026)
    said = Said(window, page)
    page.view.selectRow(0)

    def rename(form: Any) -> int:
        typed(form.form.fields["title"].widget, "Kiểm tra đột xuất đại lý Internet")
        return int(form.save())

    drive.append(rename)
    assert said.once(page.open_selected) == (
        'Đã lưu cuộc thanh tra, kiểm tra "Kiểm tra đột xuất đại lý Internet".')

    window.navigation.setCurrentRow(page_index("CatalogPage"))
    catalog: Any = window.pages[page_index("CatalogPage")]
    said = Said(window, catalog)

    def holiday(dialog: Any) -> int:
        typed(dialog.day, "07/10/2026")
        typed(dialog.name, "Nghỉ đột xuất")
        return press_ok(dialog)

    drive.append(holiday)
    assert said.once(catalog.add_holiday) == "Đã thêm ngày nghỉ 07/10/2026: Nghỉ đột xuất."
    catalog.search.setText("119/2020 29.1.a")
    catalog.view.selectRow(0)
    key = catalog.provisions.rows[0].key

    def end(dialog: Any) -> int:
        typed(dialog.last_day, "31/12/2025")
        return press_ok(dialog)

    drive.append(end)
    assert said.once(catalog.end_provision) == (
        f"Đã ghi: Quy định {key} áp dụng đến hết ngày 31/12/2025.")


@pytest.mark.qt_log_ignore("does not support raise")
def test_a_draft_resumed_from_today_confirms_its_save_once(
        qtbot: QtBot, db: Database, admin: Actor) -> None:
    """An establishment draft reopened from Hôm nay, saved: one confirmation, and the draft
    leaves the list; asking for the draft twice first does not make it confirm twice."""
    from inspector.services import drafts

    drafts.save_draft(db, admin, "establishment",
                      {"fields": {"name": "Nhà sách Hoa Mai", "sector": "distribution",
                                  "owner_kind": "organization"},
                       "notes": "", "version": 0}, "new", "Nhà sách Hoa Mai")
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(page_index("TodayPage"))
    page: Any = window.pages[page_index("TodayPage")]
    page.refresh()
    said = Said(window, page)
    form = page.resume(0)
    assert page.resume(0) is form  # brought forward, not made (and connected) again
    qtbot.addWidget(form)
    assert said.once(form.save) == 'Đã lưu cơ sở "Nhà sách Hoa Mai".'
    assert page.drafts.rowCount() == 0
