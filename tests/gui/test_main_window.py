"""The main window driven like a user: log in, open each area, use the settings."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.users import add_user
from inspector.store.engine import Database
from inspector.ui.login import FirstAdminDialog, LoginDialog
from inspector.ui.main_window import PAGES, MainWindow, page_index
from inspector.ui.pages.catalog import CatalogPage
from inspector.ui.pages.establishments import EstablishmentsPage
from inspector.ui.pages.settings import SettingsPage
from inspector.ui.support import VIETNAMESE_SAMPLE, ErrorDialog, register_fonts
from tests.gui.conftest import RecordingDialogs, type_text


def test_bundled_font_has_every_vietnamese_letter(qapp: object) -> None:
    """The registered UI font draws every Vietnamese letter (no empty boxes)."""
    families = register_fonts()
    assert "Liberation Sans" in families and "Liberation Serif" in families
    from PySide6.QtGui import QFont

    metrics = QFontMetrics(QFont("Liberation Sans"))
    text = VIETNAMESE_SAMPLE + VIETNAMESE_SAMPLE.upper()
    missing = [ch for ch in text if not metrics.inFontUcs4(ord(ch))]
    assert missing == []
    assert QFontDatabase.families()


def test_first_run_creates_admin_by_keyboard(qtbot: QtBot, db: Database) -> None:
    """On first run the administrator is created by typing and pressing Enter."""
    dialog = FirstAdminDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.full_name, "Nông Văn Quản")
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "quantri")
    qtbot.keyClicks(dialog.password, "mat-khau-1")
    qtbot.keyClicks(dialog.repeat, "mat-khau-2")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "không giống" in dialog.message.text()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "mat-khau-1")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.login == "quantri"


def test_login_refuses_wrong_password_then_accepts(qtbot: QtBot, db: Database,
                                                  admin: Actor) -> None:
    """A wrong password shows the message next to the fields; the right one logs in."""
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login, "admin")
    qtbot.keyClicks(dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None and "Sai tên đăng nhập" in dialog.message.text()
    qtbot.keyClicks(dialog.password, "mat-khau-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.role == "admin"


def test_each_area_opens(qtbot: QtBot, db: Database, admin: Actor,
                         recorded_dialogs: RecordingDialogs) -> None:
    """Every navigation entry opens its page without an error; the status bar names user and db."""
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.show()
    titles = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        page = window.stack.currentWidget()
        assert type(page).__name__ == PAGES[row].class_name
        titles.append(page.findChild(QLabel, "pageTitle").text())
    assert len(titles) == 7 and all(titles)
    assert recorded_dialogs.shown == []
    status = window.statusBar().findChild(QLabel, "statusUser").text()
    assert "admin" in status and "Quản trị" in status
    assert str(db.path) in window.statusBar().findChild(QLabel, "statusDb").text()


def test_establishment_search_ignores_accents(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Typing 'nguyen van' finds 'Nguyễn Văn' and 'd' finds 'đ' in the list."""
    for name, owner in [("Đại lý Internet Đức Anh", "Nguyễn Văn Đức"),
                        ("Nhà sách Hoa Mai", "Hoàng Thị Mai")]:
        add_establishment(db, admin, EstablishmentInput(
            sector="internet", name=name, owner_kind="individual", owner_name=owner))
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(page_index(EstablishmentsPage))
    page = window.page(EstablishmentsPage)
    assert isinstance(page, EstablishmentsPage)
    view = page.findChild(QTableView, "establishments")
    assert view.model().rowCount() == 2
    qtbot.keyClicks(page.findChild(QLineEdit, "search"), "nguyen van duc")
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=2000)
    assert view.model().index(0, 0).data() == "Đại lý Internet Đức Anh"


def test_catalog_page_lists_provisions_with_status(qtbot: QtBot, db: Database,
                                                   admin: Actor) -> None:
    """Danh mục lists instruments and provisions; 'phat hanh' finds 'phát hành'."""
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(page_index(CatalogPage))
    page = window.page(CatalogPage)
    assert page.findChild(QTableView, "instruments").model().rowCount() >= 8
    provisions = page.findChild(QTableView, "provisions").model()
    total = provisions.rowCount()
    assert total > 10
    qtbot.keyClicks(page.findChild(QLineEdit, "search"), "phat hanh")
    assert 0 < provisions.rowCount() < total
    assert "Nguồn" in page.detail.toPlainText()


def test_settings_save_agency_and_add_user(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """An administrator fills the agency block by keyboard and saves it; it comes back."""
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(page_index(SettingsPage))
    page = window.page(SettingsPage)
    assert isinstance(page, SettingsPage)
    page.findChild(QPushButton, "saveAgency").click()
    assert "tên cơ quan" in page.agency_message.text()
    type_text(page.fields["agency_name"], "Sở Thông tin và Truyền thông")
    type_text(page.fields["place_name"], "Cao Bằng")
    page.findChild(QPushButton, "saveAgency").click()
    assert page.agency_message.text() == ""  # the refusal went; the status bar confirms
    assert window.statusBar().currentMessage() == "Đã lưu thông tin cơ quan."
    page.refresh()
    assert page.fields["place_name"].text() == "Cao Bằng"
    add_user(db, admin, "lan", "Hoàng Thị Lan", "clerk", "mat-khau-1")
    page.refresh()
    assert page.findChild(QTableView, "users").model().rowCount() == 2


def test_clerk_does_not_see_account_management(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """The GUI hides what a role cannot do: a clerk sees no accounts box and cannot edit."""
    from inspector.services.users import authenticate

    add_user(db, admin, "lan", "Hoàng Thị Lan", "clerk", "mat-khau-1")
    clerk = authenticate(db, "lan", "mat-khau-1")
    window = MainWindow(db, clerk)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(page_index(SettingsPage))
    page = window.page(SettingsPage)
    assert isinstance(page, SettingsPage)
    assert page.users_box.isHidden()
    assert page.fields["agency_name"].isReadOnly()
    assert page.findChild(QPushButton, "saveAgency").isHidden()


def test_error_dialog_has_details_section(qtbot: QtBot) -> None:
    """The unexpected-error dialog hides the traceback behind a 'Chi tiết' button."""
    dialog = ErrorDialog(None, "Lỗi", "Đã xảy ra lỗi", "Traceback: boom")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.toggle.text() == "Chi tiết"
    assert not dialog.details.isVisible()
    dialog.toggle.click()
    assert dialog.details.isVisible() and "boom" in dialog.details.toPlainText()


def test_first_run_sends_admin_to_agency_settings(qtbot: QtBot, db: Database,
                                                 admin: Actor) -> None:
    """With no agency configured, the administrator lands on Cài đặt with a prompt."""
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    assert isinstance(window.stack.currentWidget(), SettingsPage)
    assert "thông tin cơ quan" in window.statusBar().currentMessage()


def test_signer_dialog_requires_delegation_for_deputy(qtbot: QtBot, db: Database,
                                                      admin: Actor) -> None:
    """A deputy without the delegation decision is refused next to the form; a head is added."""
    from inspector.services.agency import AgencyInfo, save_agency

    save_agency(db, admin, AgencyInfo(agency_name="Sở Khoa học và Công nghệ", place_name="Cao Bằng"))
    page = SettingsPage(db, admin)
    qtbot.addWidget(page)
    dialog = page.signer_dialog()
    qtbot.addWidget(dialog)
    type_text(dialog.full_name, "Đàm Thị Phó")
    dialog.title_code.setCurrentIndex(1)
    dialog.deputy.setChecked(True)
    dialog.buttons.accepted.emit()
    assert "giao quyền" in dialog.message.text()
    type_text(dialog.delegation_number, "05/QĐ-GQXP")
    qtbot.keyClicks(dialog.delegation_date, "31/02/2026")
    dialog.buttons.accepted.emit()
    assert "không hợp lệ" in dialog.message.text()
    dialog.delegation_date.clear()
    qtbot.keyClicks(dialog.delegation_date, "06/07/2026")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh()
    assert page.signers.rowCount() == 1


def test_settings_page_scrolls_on_a_laptop_screen(qtbot: QtBot, db: Database,
                                                  admin: Actor) -> None:
    """Cài đặt is taller than a 768-pixel screen: in a window that size its title stays and
    its body scrolls down to the last group (it used to be cut off, out of reach)."""
    from PySide6.QtWidgets import QGroupBox, QScrollArea

    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    page = window.stack.currentWidget()
    assert isinstance(page, SettingsPage)
    qtbot.waitExposed(window)
    scroll = page.findChild(QScrollArea, "settingsScroll")
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the body is taller than what is shown
    last = [g for g in scroll.widget().findChildren(QGroupBox) if g.isVisible()][-1]
    scroll.ensureWidgetVisible(last)
    assert bar.value() > 0
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        window.grab().save("/tmp/shots/settings-scrolled.png")
